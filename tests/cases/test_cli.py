"""The commands: --help everywhere, --json shapes, one-line errors with exit status 2, exit 3 for a referral."""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.store import Store

from .helpers import case_with_matches

runner = CliRunner()


def _run(home: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(
        app, [*args, "--home", str(home)], env={"TRAGAC_USER": "mila", "TRAGAC_NOTIFIER_EMAIL": "mila@ngo.example"}
    )
    assert result.exit_code == code, result.output
    return result.output


@pytest.mark.parametrize(
    "cmd",
    [
        ["case"], ["case", "create"], ["case", "list"], ["case", "show"], ["case", "watch"], ["case", "import-hashes"],
        ["case", "close"], ["case", "withdraw"], ["evidence", "export"], ["evidence", "verify"], ["notice", "draft"],
        ["notice", "approve"], ["notice", "send"], ["notice", "status"], ["notice", "list"], ["notice", "stats"],
        ["notice", "renotice"], ["web-watch", "add"], ["web-watch", "list"], ["web-watch", "run"],
    ],
)  # fmt: skip
def test_help(cmd: list[str]) -> None:
    result = runner.invoke(app, [*cmd, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_case_and_notice_commands(sqlite_store: Store, tmp_path: Path) -> None:
    home = sqlite_store.settings.home
    case_with_matches(sqlite_store, "cli")
    _run(home, "case", "refresh")
    out = orjson.loads(_run(home, "case", "list", "--json"))
    assert out["cases"][0]["name"] == "cli" and out["cases"][0]["findings"] == 2
    _run(home, "case", "watch", "cli", "--name", "Fiktivna Osoba", "--phone", "+381 60 000 0000")
    shown = orjson.loads(_run(home, "case", "show", "cli", "--json"))
    assert shown["identities"] == 1 and "watched_identities" not in shown and len(shown["timeline"]) == 2
    assert "Fiktivna" not in _run(home, "case", "show", "cli")
    assert "Fiktivna" in _run(home, "case", "show", "cli", "--identities", "--json")

    drafted = orjson.loads(_run(home, "notice", "draft", "cli", "--lang", "sr", "--json"))
    nid = str(drafted["id"])
    assert drafted["state"] == "draft" and "dobroj veri" in drafted["body"]
    assert "approved" in _run(home, "notice", "send", nid, code=2)
    _run(home, "notice", "approve", nid, "--by", "Ana")
    sent = orjson.loads(_run(home, "notice", "send", nid, "--eml", str(tmp_path / "out"), "--json"))
    assert sent["via"] == "eml" and sent["sent"] is False and Path(sent["path"]).is_file()
    listed = orjson.loads(_run(home, "notice", "list", "--case", "cli", "--json"))
    assert [n["state"] for n in listed["notices"]] == ["outboxed"]  # written to the outbox is not sent
    assert orjson.loads(_run(home, "notice", "status", nid, "--sent-by-hand", "--json"))["send_count"] == 1
    status = orjson.loads(_run(home, "notice", "status", nid, "--removed", "--json"))
    assert status["state"] == "removed"
    stats = orjson.loads(_run(home, "notice", "stats", "--json"))
    assert stats["recipients"][0]["removed"] == 1
    listed = orjson.loads(_run(home, "notice", "list", "--case", "cli", "--json"))
    assert [n["state"] for n in listed["notices"]] == ["removed"]

    pkg = tmp_path / "cli.zip"
    exported = orjson.loads(_run(home, "evidence", "export", "cli", "-o", str(pkg), "--pdf", "--by", "mila", "--json"))
    assert exported["items"] == 2
    assert zipfile.ZipFile(pkg).read("summary.pdf").startswith(b"%PDF")
    verified = orjson.loads(_run(home, "evidence", "verify", str(pkg), "--json"))
    assert verified["ok"] is True and verified["problems"] == []


def test_errors_are_one_line(sqlite_store: Store, tmp_path: Path) -> None:
    home = sqlite_store.settings.home
    out = _run(home, "case", "show", "nope", code=2)
    assert "no case 'nope'" in out and "Traceback" not in out
    out = _run(home, "web-watch", "add", "http://169.254.169.254/", code=2)
    assert "link-local" in out
    out = _run(home, "web-watch", "add", "http://10.0.0.1/", code=2)
    assert "private" in out
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    assert "not a readable zip" in _run(home, "evidence", "verify", str(tmp_path / "x.zip"), code=2)
    assert "--yes" in _run(home, "case", "withdraw", "nope", code=2)


def test_possible_minor_case_gets_referral_exit_3(sqlite_store: Store) -> None:
    home = sqlite_store.settings.home
    case_with_matches(sqlite_store, "minor", possible_minor=True)
    _run(home, "case", "refresh")
    out = orjson.loads(_run(home, "notice", "draft", "minor", "--json", code=3))
    assert out["drafted"] is False and "report.cybertip.org" in out["referral"]
