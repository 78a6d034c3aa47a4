"""`tragac collect …` end to end with an offline client."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.sources.live import accounts
from tragac.sources.live import client as live_client
from tragac.store import open_store
from tragac.store.models import CollectorAccount

from . import fakes

runner = CliRunner()


def _invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_help_lists_the_commands() -> None:
    out = _invoke("collect", "--help")
    assert out.exit_code == 0
    for word in ("account", "sources", "run", "status"):
        assert word in out.output


def test_run_without_account_is_one_clear_line(tmp_path: Path) -> None:
    out = _invoke("collect", "run", "--once", "--home", str(tmp_path))
    assert out.exit_code == 2
    assert "no collector account configured" in out.output and "tragac collect account add" in out.output
    assert "Traceback" not in out.output


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, fakes.FakeClient]:
    home = tmp_path / "home"
    store = open_store(Settings(home=home))
    accounts.save_account(store, home, "research1", 12345, "0123abcdef", "1SECRET-SESSION-STRING", 999)
    store.close()
    client = fakes.FakeClient([fakes.channel(), fakes.user(123, "Marko"), fakes.user(124, "Ana")])
    client.add(*(fakes.text_message(i, f"poruka {i}") for i in range(1, 31)))
    client.full[fakes.CHANNEL] = 70_000
    monkeypatch.setattr(live_client, "make_client", lambda secrets: client)
    monkeypatch.setenv("TRAGAC_TELEGRAM_REQUEST_INTERVAL", "0")
    return home, client


def test_session_is_encrypted_at_rest(home: tuple[Path, fakes.FakeClient]) -> None:
    path, _ = home
    store = open_store(Settings(home=path))
    with store.session() as s:
        row = s.scalar(sa.select(CollectorAccount))
        assert row is not None
        assert "SECRET-SESSION" not in row.session_enc and "0123abcdef" not in row.api_hash_enc
    assert accounts.load_account(store, path).session == "1SECRET-SESSION-STRING"
    store.close()
    key_file = path / "keys" / "case-keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"SECRET-SESSION" not in (path / "tragac.db").read_bytes()
    listed = _invoke("collect", "account", "list", "--json", "--home", str(path))
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["name"] == "research1"
    assert "SECRET" not in listed.output


def test_sources_add_run_once_and_status(home: tuple[Path, fakes.FakeClient]) -> None:
    path, _ = home
    added = _invoke("collect", "sources", "add", "@test_grupa_fict", "--json", "--home", str(path))
    assert added.exit_code == 0, added.output
    row = json.loads(added.output)
    assert row["platform_id"] == str(fakes.CHANNEL) and row["kind"] == "public_supergroup"

    ran = _invoke("collect", "run", "--once", "--json", "--home", str(path))
    assert ran.exit_code == 0, ran.output
    outcome = json.loads(ran.output)["sources"][0]
    assert outcome["added"] == 30 and outcome["member_count"] == 70_000 and outcome["error"] is None

    st = _invoke("collect", "status", "--json", "--home", str(path))
    assert st.exit_code == 0
    (s,) = json.loads(st.output)
    assert s["last_message_id"] == 30 and s["messages"] == 30 and s["member_count"] == 70_000
    assert s["last_success_at"] and s["next_run_at"] and s["last_error"] is None

    listed = _invoke("collect", "sources", "list", "--home", str(path))
    assert listed.exit_code == 0 and "Test grupa" in listed.output


def test_sources_add_refuses_chats_the_account_is_not_in(home: tuple[Path, fakes.FakeClient]) -> None:
    path, client = home
    left = fakes.channel(cid=1777000002, title="Tuđa grupa", username="tudja_grupa_fict")
    left.left = True
    client.entities[-1001777000002] = left
    out = _invoke("collect", "sources", "add", "https://t.me/tudja_grupa_fict", "--home", str(path))
    assert out.exit_code == 2 and "not a member" in out.output and "never joins" in out.output
    out = _invoke("collect", "sources", "add", "@nepostojeca", "--home", str(path))
    assert out.exit_code == 2 and "cannot open" in out.output
    out = _invoke("collect", "sources", "add", "not a ref!", "--home", str(path))
    assert out.exit_code == 2 and "is not @name" in out.output


def test_account_add_stores_the_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def fake_login(api_id: int, api_hash: str, phone: Any, code: Any, password: Any) -> tuple[str, int]:
        assert phone() == "+381600000000" and code() == "12345"
        return "1NEW-SESSION", 4242

    monkeypatch.setattr(accounts, "interactive_login", fake_login)
    home = tmp_path / "h"
    out = runner.invoke(
        app,
        ["collect", "account", "add", "research2", "--api-id", "1", "--api-hash", "abc", "--home", str(home), "--json"],
        input="+381600000000\n12345\n",
    )
    assert out.exit_code == 0, out.output
    store = open_store(Settings(home=home))
    assert accounts.load_account(store, home, "research2").session == "1NEW-SESSION"
    store.close()
    bad = _invoke("collect", "account", "add", "bad name!", "--home", str(home))
    assert bad.exit_code == 2 and "account name" in bad.output
