"""`tragac demo generate` and the whole `tragac demo --no-serve` flow through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tragac.cli.main import app

runner = CliRunner()


def test_generate_command(tmp_path: Path) -> None:
    out = tmp_path / "export"
    res = runner.invoke(app, ["demo", "generate", str(out), "--scale", "0.01", "--days", "5", "--seed", "3", "--json"])
    assert res.exit_code == 0, res.output
    info = json.loads(res.stdout)
    truth = json.loads((out / "truth.json").read_bytes())
    assert info["totals"] == truth["totals"] and info["busiest_day"] == truth["busiest_day"]
    assert (out / "result.json").is_file() and info["days"] == 5
    res = runner.invoke(app, ["demo", "generate", str(out), "--scale", "0.01", "--days", "5", "--seed", "3"])
    assert res.exit_code == 0 and "wrote" in res.stdout  # a demo corpus may be regenerated in place

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    res = runner.invoke(app, ["demo", "generate", str(taken), "--scale", "0.01"])
    assert res.exit_code == 2 and "not empty" in res.output
    assert (taken / "notes.txt").read_text() == "mine"
    res = runner.invoke(app, ["demo", "generate", str(tmp_path / "x"), "--days", "1"])
    assert res.exit_code == 2


def test_demo_no_serve_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "home"
    args = ["demo", "--no-serve", "--scale", "0.05", "--home", str(home), "--json"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    first = json.loads(res.stdout)
    truth = json.loads((home / "demo" / "export" / "truth.json").read_bytes())
    assert first["generated"] is True and first["served"] is False
    assert first["ingest"]["skipped"] == 0 and first["ingest"]["errors"] == []
    assert first["ingest"]["messages_added"] == truth["totals"]["messages"] + truth["totals"]["service_messages"]
    summary = first["summary"]
    assert summary["sources"] == len(truth["chats"])
    assert summary["messages"] == truth["totals"]["messages"]
    assert summary["service_messages"] == truth["totals"]["service_messages"]
    assert summary["joins"] == truth["totals"]["joins"] and summary["leaves"] == truth["totals"]["leaves"]
    assert summary["busiest_day"] == truth["busiest_day"]
    assert [s["messages"] for s in summary["per_source"]] == [c["messages"] for c in truth["chats"]]

    stats = json.loads(runner.invoke(app, ["stats", "--home", str(home), "--json"]).stdout)
    for src, chat in zip(stats["sources"], truth["chats"], strict=True):
        assert (src["title"], src["type"], src["authors"]) == (chat["title"], chat["type"], chat["authors"])
        assert (src["first"], src["last"]) == (chat["first"], chat["last"])
        active = [
            {k: r[k] for k in ("date", "messages", "joins", "leaves")}
            for r in src["per_day"]
            if r["messages"] or r["joins"] or r["leaves"]
        ]
        assert active == chat["per_day"]

    res = runner.invoke(app, args)  # same options: the corpus is reused and nothing is added twice
    assert res.exit_code == 0, res.output
    second = json.loads(res.stdout)
    assert second["generated"] is False
    assert second["ingest"]["messages_added"] == 0
    assert second["summary"] == summary

    res = runner.invoke(app, ["demo", "--no-serve", "--scale", "0.05", "--home", str(home)])
    assert res.exit_code == 0 and "busiest day" in res.stdout and "reused" in res.stdout
