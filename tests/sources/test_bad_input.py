"""Bad input as real exports by other people have it (issue 14): a file that is not UTF-8, an HTML page given as
JSON and the reverse, duplicate message ids, a chat without an id, and a re-ingest in another time zone (--retime).
Each goes through ``tragac ingest`` as a user types it, or the source's ingest function."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from export_gen import ChatSpec, write_export
from hypothesis import given
from hypothesis import strategies as st
from ingest_helpers import count, snapshot
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.errors import InputError
from tragac.sources.base import DuplicateIds, first_bad_utf8
from tragac.sources.telegram_html import ingest_html
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store

HTML = "telegram/html"


def _msg(i: int, text: str) -> dict[str, object]:
    return {"id": i, "type": "message", "date": "2020-03-01T10:00:00", "from": "Ана", "from_id": "user7", "text": text}


def _cli(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ingest", "--home", str(home), *args])
    return result.exit_code, result.output


def test_a_windows_1251_export_names_its_first_bad_byte(tmp_path: Path) -> None:
    chat = {"name": "Група", "type": "private_group", "id": 5, "messages": [_msg(1, "привіт")]}
    text = json.dumps(chat, ensure_ascii=False, indent=1)
    path = tmp_path / "result.json"
    path.write_bytes(text.encode("cp1251"))
    first = text.encode("cp1251").index("Група".encode("cp1251"))
    code, out = _cli(tmp_path / "home", str(path))
    assert code == 2
    assert out.strip() == (
        f"error: {path}: not UTF-8 (first bad byte at {first}; it looks like Windows-1251 (Cyrillic)): "
        "use the original export"
    )
    assert "malformed JSON" not in out and "\\x" not in out


def test_first_bad_utf8_across_block_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "f"
    body = ("ж" * ((1 << 21) + 1)).encode()  # a two-byte character straddles the 4 MiB read boundary
    path.write_bytes(body)
    assert first_bad_utf8(path) is None
    path.write_bytes(body + b"\xff")
    assert first_bad_utf8(path) == len(body)
    path.write_bytes(body[:-1])  # cut inside the last character
    assert first_bad_utf8(path) == len(body) - 2


def test_an_html_page_given_as_json_and_the_reverse_name_the_format(tmp_path: Path, shared_fixtures: Path) -> None:
    page = shared_fixtures / HTML / "langchain-personal-2023" / "messages.html"
    code, out = _cli(tmp_path / "h", str(page), "--source", "telegram-json")
    assert code == 2 and "this is an HTML page (a Telegram Desktop HTML export?), not JSON" in out
    export = write_export(tmp_path / "j" / "result.json", [ChatSpec(1, "x", messages=3)], single=True)
    code, out = _cli(tmp_path / "h", str(export), "--source", "telegram-html")
    assert code == 2 and "this is a JSON file (a Telegram Desktop JSON export?), not an HTML page" in out
    # Without --source each goes to its own reader.
    assert _cli(tmp_path / "h", str(page))[0] == 0
    assert _cli(tmp_path / "h", str(export))[0] == 0


def test_duplicate_ids_keep_the_first_warn_with_the_count_and_are_stable(store: Store, tmp_path: Path) -> None:
    msgs = [_msg(1, "prva"), _msg(2, "druga"), _msg(1, "kopija"), _msg(3, "treća"), _msg(2, "opet")]
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "G", "type": "private_group", "id": 9, "messages": msgs}))
    first = ingest_path(store, path)
    assert first.messages_added == 3 and first.messages_updated == 0 and first.edits_recorded == 0
    assert first.warnings == [{"where": "chat 9 'G'", "why": "2 duplicate message id(s); the first of each was kept"}]
    with store.engine.connect() as c:
        texts = [r[0] for r in c.execute(sa.text("SELECT text FROM message ORDER BY platform_message_id"))]
    assert texts == ["prva", "druga", "treća"]
    before = snapshot(store)
    again = ingest_path(store, path)
    assert again.messages_unchanged == 3 and again.messages_updated == 0 and again.edits_recorded == 0
    assert again.warnings == first.warnings
    assert snapshot(store) == before and count(store, "message_edit") == 0


def test_duplicate_ids_in_an_html_export_are_a_warning_too(store: Store, tmp_path: Path, shared_fixtures: Path) -> None:
    src = shared_fixtures / HTML / "tgnize-devschat-2017"
    shutil.copy(src / "messages.html", tmp_path / "messages.html")
    shutil.copy(src / "messages.html", tmp_path / "messages2.html")  # the same page twice: 1000 repeated ids
    r = ingest_html(store, tmp_path)
    assert (
        r.messages_added == 1000 and r.warnings[0]["why"] == "1000 duplicate message id(s); the first of each was kept"
    )
    again = ingest_html(store, tmp_path)
    assert again.messages_unchanged == 1000 and again.messages_updated == 0 and count(store, "message_edit") == 0


def test_a_chat_without_an_id_is_an_error_naming_it_and_a_failing_exit(tmp_path: Path) -> None:
    export = {
        "about": "",
        "chats": {
            "about": "",
            "list": [
                {"name": "Bez broja", "type": "private_group", "messages": [_msg(1, "a"), _msg(2, "b")]},
                {"name": "Sa brojem", "type": "private_group", "id": 77, "messages": [_msg(1, "c")]},
            ],
        },
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export))
    code, out = _cli(tmp_path / "home", str(path), "--json")
    assert code == 2
    assert "error: chat 'Bez broja': chat has no integer id, so its messages cannot be stored" in out
    body = json.loads(out[: out.index("error:")])
    assert body["sources"] == 1 and body["messages_added"] == 1  # the chat with an id is stored all the same


def _legacy(tmp_path: Path, shared_fixtures: Path) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    shutil.copy(shared_fixtures / "telegram" / "legacy-2021-saved-messages.json", folder / "result.json")
    return folder


def test_another_timezone_on_reingest_is_refused_until_retime(tmp_path: Path, shared_fixtures: Path) -> None:
    folder = _legacy(tmp_path, shared_fixtures)  # 2021 format: local times without an offset
    home = tmp_path / "home"
    code, out = _cli(home, str(folder), "--json")
    assert code == 0
    total = json.loads(out)["messages_added"]
    code, out = _cli(home, str(folder), "--timezone", "Europe/Belgrade")
    assert code == 2
    assert "was ingested with --timezone UTC, now Europe/Belgrade" in out and "pass --retime" in out
    from tragac.config import Settings
    from tragac.store import open_store

    store = open_store(Settings(home=home))
    q = sa.text("SELECT platform_message_id, date FROM message ORDER BY platform_message_id")
    try:
        with store.engine.connect() as c:
            utc = dict(c.execute(q).all())
    finally:
        store.close()
    code, out = _cli(home, str(folder), "--timezone", "Europe/Belgrade", "--retime", "--json")
    assert code == 0, out
    body = json.loads(out)
    assert body["messages_retimed"] == total and body["messages_added"] == 0 and body["messages_updated"] == 0
    store = open_store(Settings(home=home))
    try:
        with store.engine.connect() as c:
            belgrade = dict(c.execute(q).all())
        assert count(store, "message_edit") == 0  # a retime is not an edit
    finally:
        store.close()

    def as_dt(v: object) -> datetime:
        d = v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
        return d if d.tzinfo else d.replace(tzinfo=UTC)

    shifts = {as_dt(utc[k]) - as_dt(belgrade[k]) for k in utc if utc[k] is not None}
    assert {s.total_seconds() for s in shifts} <= {3600.0, 7200.0}  # CET / CEST
    # The retimed zone is now the reference: the same zone passes, UTC again needs --retime.
    assert _cli(home, str(folder), "--timezone", "Europe/Belgrade")[0] == 0
    assert _cli(home, str(folder))[0] == 2


def test_exports_with_unix_times_take_any_zone(store: Store, tmp_path: Path) -> None:
    export = write_export(tmp_path / "j" / "result.json", [ChatSpec(3, "x", messages=20)], single=True)
    ingest_path(store, export)
    again = ingest_path(store, export, timezone="Asia/Tokyo")  # every time carries date_unixtime
    assert again.messages_unchanged == 20
    with pytest.raises(InputError, match="unknown time zone 'Mars/Olympus'"):
        ingest_path(store, export, timezone="Mars/Olympus")


def test_an_html_export_with_local_times_is_retimed_too(store: Store, shared_fixtures: Path) -> None:
    folder = shared_fixtures / HTML / "tgnize-devschat-2017"  # 2017 layout: date titles without an offset
    first = ingest_html(store, folder)
    assert first.dates_from_local_time > 0
    q = sa.text("SELECT platform_message_id, date FROM message WHERE kind = 'message' ORDER BY platform_message_id")
    with store.engine.connect() as c:
        before = c.execute(q).first()
    with pytest.raises(InputError, match="pass --retime"):
        ingest_html(store, folder, timezone="Asia/Kolkata")
    r = ingest_html(store, folder, timezone="Asia/Kolkata", retime=True)
    # Every message but the two service messages that open the export (no time to take: nothing precedes them).
    assert r.messages_retimed == 1998 and r.messages_unchanged == 2 and r.edits_recorded == 0
    with store.engine.connect() as c:
        after = c.execute(q).first()
    assert before is not None and after is not None and before[0] == after[0]

    def as_dt(v: object) -> datetime:
        d = v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
        return d if d.tzinfo else d.replace(tzinfo=UTC)

    assert (as_dt(before[1]) - as_dt(after[1])).total_seconds() == 5.5 * 3600  # IST, no DST


@given(st.lists(st.one_of(st.integers(-(2**40), 2**40), st.integers(-5000, 5000)), max_size=300))
def test_duplicate_ids_agree_with_a_set(ids: list[int]) -> None:
    dup, seen = DuplicateIds(), set()
    for i in ids:
        assert dup.first(i) == (i not in seen)
        seen.add(i)
    assert dup.count == len(ids) - len(seen)
