"""The commands: scan-text (JSON lines in and out), signals run, signals detectors/hash-lexicon, eval text."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tragac.cli.main import app

runner = CliRunner()


def test_scan_text_contract(eval_watch: Path) -> None:
    lines = [
        {"id": 1, "text": "ko ima -18 materijal"},
        {"id": "b", "text": "dobar dan"},
        {"id": None, "text": "Jelena Marković"},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = runner.invoke(app, ["scan-text", "--watch", str(eval_watch)], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, "b", None]
    assert set(out[0]) == {"id", "flags"}
    assert set(out[0]["flags"][0]) == {"category", "subtype", "score", "spans", "rule", "why"}
    assert out[0]["flags"][0]["category"] == "csam_signal"
    assert out[1]["flags"] == []
    assert out[2]["flags"][0]["category"] == "identity"


def test_scan_text_bad_lines_are_reported_and_skipped() -> None:
    stdin = '{"id": 1, "text": "ubiću te"}\nnot json\n{"id": 3}\n[1]\n{"id": 5, "text": "ok"}\n'
    result = runner.invoke(app, ["scan-text"], input=stdin)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 5]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert "line 2" in errors[0] and "line 3" in errors[1] and "line 4" in errors[2]


def test_scan_text_in_a_fresh_process_reads_a_file_in_batches(data_dir: Path, tmp_path: Path) -> None:
    # the command as a user runs it (a real descriptor, so the batched reader): one answer per line, in order, equal
    # to the analyzer's per-message findings, repeats and a last line without a newline included
    from tragac.signals.analyzer import TextAnalyzer

    texts = [json.loads(line)["text"] for line in (data_dir / "text_eval_dev2.jsonl").read_text().splitlines()]
    texts = texts * 3
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)))
    with src.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "tragac", "scan-text", "--model"],
            stdin=stdin,
            capture_output=True,
            check=True,
            timeout=120,
        )
    out = [json.loads(line) for line in done.stdout.splitlines()]
    analyzer = TextAnalyzer(opt_in=["ngram_model"])
    assert [o["id"] for o in out] == list(range(len(texts)))
    assert [o["flags"] for o in out] == [[f.public() for f in analyzer.analyze(t)] for t in texts]


def test_ready_lines_batches_a_file_and_answers_a_trickling_pipe(tmp_path: Path) -> None:
    from tragac.cli.scan_text import ready_lines

    src = tmp_path / "f"
    src.write_bytes(b"".join(b"%d\n" % i for i in range(2500)) + b"last")
    with src.open("rb") as f:
        sizes = [len(b) for b in ready_lines(f, limit=1000)]
    assert sizes == [1000, 1000, 501]
    assert [len(b) for b in ready_lines(io.BytesIO(b"a\nb\nc"), limit=2)] == [2, 1]  # no descriptor
    # a pipe whose writer pauses: the first line is answered before the second is written
    r, w = os.pipe()
    with os.fdopen(r, "rb") as reader:
        batches = ready_lines(reader)
        os.write(w, b'{"id": 1}\n{"id"')
        assert next(batches) == [b'{"id": 1}\n']  # would block here if it waited for more
        os.write(w, b": 2}\n")
        os.close(w)
        assert list(batches) == [[b'{"id": 2}\n']]


def test_scan_text_with_hashed_private_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "private.yaml"
    plain.write_text(
        "name: p\nversion: '1'\nentries:\n  - {id: p.1, category: csam_signal, role: code, phrase: plava zvezdica}\n"
    )
    hashed = tmp_path / "private.json"
    monkeypatch.setenv("LEXKEY", "s3cret")
    made = runner.invoke(app, ["signals", "hash-lexicon", str(plain), str(hashed), "--key-env", "LEXKEY", "--json"])
    assert made.exit_code == 0, made.output
    assert "zvezdica" not in hashed.read_text()
    result = runner.invoke(
        app,
        ["scan-text", "--lexicon", str(hashed), "--key-env", "LEXKEY"],
        input='{"id": 1, "text": "PLAVA ZVEZDICA"}\n',
    )
    flags = json.loads(result.stdout)["flags"]
    assert flags[0]["rule"] == "p.1" and "zvezdica" not in json.dumps(flags).lower()
    missing = runner.invoke(app, ["scan-text", "--lexicon", str(hashed)], input="")
    assert missing.exit_code == 2 and "--key-env" in missing.stderr
    unset = runner.invoke(app, ["scan-text", "--key-env", "NOPE_NOT_SET"], input="")
    assert unset.exit_code == 2 and "NOPE_NOT_SET" in unset.stderr


def test_scan_text_uses_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "lexicons").mkdir(parents=True)
    (home / "lexicons" / "p.yaml").write_text(
        "name: p\nversion: '1'\nentries:\n  - {id: p.9, category: harassment, role: threat, phrase: tiho bre}\n"
    )
    (home / "watch.json").write_text(json.dumps({"identities": [{"name": "Mila Test", "id": "w1"}]}))
    stdin = '{"id": 1, "text": "TIHO BRE, Mila Test"}\n'
    result = runner.invoke(app, ["scan-text", "--home", str(home)], input=stdin)
    assert result.exit_code == 0, result.output
    assert {f["rule"] for f in json.loads(result.stdout)["flags"]} == {"harassment.threat", "identity.name"}


def test_eval_text_json(data_dir: Path, eval_watch: Path) -> None:
    result = runner.invoke(
        app, ["eval", "text", str(data_dir / "text_eval.jsonl"), "--watch", str(eval_watch), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["messages"] >= 400
    assert set(data["categories"]) == {"csam_signal", "identity", "doxxing", "ncii_solicitation", "harassment"}
    table = runner.invoke(app, ["eval", "text", str(data_dir / "text_eval.jsonl")])
    assert table.exit_code == 0 and "precision" in table.stdout


def test_eval_text_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x", "labels": []}\n{"oops"\n')
    result = runner.invoke(app, ["eval", "text", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl:2" in result.stderr
    assert runner.invoke(app, ["eval", "text", str(tmp_path / "none.jsonl")]).exit_code == 2


def test_signals_run_json(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = runner.invoke(app, ["signals", "run", "--home", str(home), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["messages"] == 0
    listed = runner.invoke(app, ["signals", "detectors", "--json"])
    assert next(d["name"] for d in json.loads(listed.stdout)["detectors"]) == "csam_signal"


@pytest.mark.parametrize("args", [["scan-text"], ["signals", "run"], ["signals", "hash-lexicon"], ["eval", "text"]])
def test_help(args: list[str]) -> None:
    assert runner.invoke(app, [*args, "--help"]).exit_code == 0
