"""Telegram Desktop HTML exports: real exports written by other people, a JSON/HTML pair of one generated chat,
idempotency, restart after a failure, bad pages."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from export_gen import ChatSpec, write_export
from html_gen import write_html_export
from ingest_helpers import count, snapshot

from tragac.config import Settings
from tragac.errors import InputError
from tragac.sources.base import source_for
from tragac.sources.telegram_html import ingest_html
from tragac.sources.telegram_html.convert import parse_date, synthetic_author_id
from tragac.sources.telegram_html.parser import PageInfo, parse_page
from tragac.sources.telegram_json import ingest_path
from tragac.sources.writer import StoreWriter
from tragac.store import Store, open_store
from tragac.store.models import Message

HTML = "telegram/html"


def _expected(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "expected.json").read_text()))


def _by_author(store: Store) -> Counter[str]:
    with store.engine.connect() as c:
        rows = c.execute(sa.text("SELECT author_name, kind FROM message"))
        return Counter("Deleted Account" if r[0] is None else r[0] for r in rows if r[1] == "message")


def _kinds(store: Store) -> Counter[str]:
    with store.engine.connect() as c:
        return Counter(r[0] for r in c.execute(sa.text("SELECT kind FROM message")))


@pytest.mark.parametrize("name", ["langchain-personal-2023", "tgnize-devschat-2017"])
def test_real_html_exports_match_the_independent_counts(store: Store, shared_fixtures: Path, name: str) -> None:
    folder = shared_fixtures / HTML / name
    exp = _expected(folder)
    r = ingest_html(store, folder)
    totals = exp["totals"]
    assert r.messages_added == totals["messages"] + totals["service_messages"]
    assert r.service_messages == totals["service_messages"]
    assert _kinds(store) == Counter(
        {"message": totals["messages"], "service": totals["service_messages"]}
        if totals["service_messages"]
        else {"message": totals["messages"]}
    )
    assert _by_author(store) == Counter(exp["authors_by_name"])
    # Day separators are not messages: every stored id is a positive message id.
    with store.engine.connect() as c:
        assert c.execute(sa.text("SELECT min(platform_message_id) FROM message")).scalar_one() >= 1
        with_reply = c.execute(sa.text("SELECT count(*) FROM message WHERE reply_to_message_id IS NOT NULL"))
        assert with_reply.scalar_one() == totals["replies"]
        fwd = c.execute(sa.text("SELECT count(*) FROM message WHERE forwarded_from IS NOT NULL")).scalar_one()
        assert fwd == totals["forwarded"]
        media = c.execute(sa.text("SELECT count(*) FROM message WHERE media_type IS NOT NULL")).scalar_one()
        assert media == totals["with_media"]


def test_langchain_export_dates_and_joined_sender(store: Store, shared_fixtures: Path) -> None:
    ingest_html(store, shared_fixtures / HTML / "langchain-personal-2023" / "messages.html")
    with store.engine.connect() as c:
        rows = c.execute(
            sa.select(Message.platform_message_id, Message.date, Message.author_name, Message.text).order_by(
                Message.platform_message_id
            )
        ).all()
    assert [r[2] for r in rows] == ["Jimmeny Marvelton", "Batman & Robin", "Jimmeny Marvelton", "Jimmeny Marvelton"]
    assert rows[-1][3] == "you will not trick me this time"
    first = rows[0][1]
    assert (first.year, first.month, first.day, first.hour, first.minute, first.second) == (2023, 8, 23, 21, 11, 23)


def test_devschat_details_deleted_accounts_service_events_and_missing_page(store: Store, shared_fixtures: Path) -> None:
    folder = shared_fixtures / HTML / "tgnize-devschat-2017"
    r = ingest_html(store, folder, timezone="UTC")
    # The second page links messages3.html, which the repository did not commit: said, not silently ignored.
    assert [e["where"] for e in r.errors] == ["messages3.html"]
    assert r.dates_from_local_time == 1986  # 2017 titles carry no UTC offset; service messages no title
    with store.engine.connect() as c:
        # 87 messages from "Deleted Account" belong to no author: it is many people, never one.
        deleted = c.execute(sa.text("SELECT count(*) FROM message WHERE kind='message' AND author_id IS NULL"))
        assert deleted.scalar_one() == 87
        names = {r[0] for r in c.execute(sa.text("SELECT display_name FROM author"))}
        assert "Deleted Account" not in names
        events = Counter(r[0] for r in c.execute(sa.text("SELECT event FROM membership_event")))
        fwd = c.execute(
            sa.select(Message.forwarded_from, Message.forward_date).where(Message.platform_message_id == 2232)
        ).one()
    # "X removed X" (8 of them, one a deleted account) is how Telegram writes that someone left.
    assert events == Counter({"leave": 8, "photo": 2, "invite": 1, "migrate": 1, "pin": 1, "title": 1})
    assert fwd[0] == "Sander Koenders" and (fwd[1].year, fwd[1].month, fwd[1].day) == (2017, 7, 12)


def test_reingest_is_idempotent(store: Store, shared_fixtures: Path) -> None:
    folder = shared_fixtures / HTML / "tgnize-devschat-2017"
    ingest_html(store, folder)
    before = snapshot(store)
    again = ingest_html(store, folder)
    assert again.messages_added == 0 and again.messages_updated == 0 and again.messages_unchanged == 2000
    assert snapshot(store) == before


def test_json_and_html_of_one_chat_store_the_same_messages(tmp_path: Path) -> None:
    chat = ChatSpec(2001, "Grupa", messages=2600)
    photos = {f"photos/photo_{i}.jpg": bytes([i]) * 500 for i in range(3)}
    json_export = write_export(tmp_path / "json" / "result.json", [chat], single=True, photos=photos)
    html_export = write_html_export(tmp_path / "html", chat, photos=photos)
    a = open_store(Settings(home=tmp_path / "a"))
    b = open_store(Settings(home=tmp_path / "b"))
    try:
        ingest_path(a, json_export)
        r = ingest_html(b, html_export)
        assert r.messages_added == 2600 and r.errors == []
        q = """SELECT m.platform_message_id, m.kind, m.date, m.author_name, m.text, m.reply_to_message_id,
               m.forwarded_from, m.media_type FROM message m ORDER BY m.platform_message_id"""
        ev = "SELECT e.event, e.actor_name, e.members, e.member_count FROM membership_event e ORDER BY e.message_id"
        with a.engine.connect() as ca, b.engine.connect() as cb:
            rows_a = [tuple(r) for r in ca.execute(sa.text(q))]
            rows_b = [tuple(r) for r in cb.execute(sa.text(q))]

            # JSON service messages have no text; HTML's is Telegram's sentence. Compare everything else.
            # HTML gives service messages no time (they take the previous message's): compare theirs without it.
            def same(r: tuple[Any, ...]) -> tuple[Any, ...]:
                return (r[0], r[1], r[3], *r[5:]) if r[1] == "service" else r[:4] + r[5:]

            assert [same(r) for r in rows_a] == [same(r) for r in rows_b]
            assert [r[4] for r in rows_a if r[1] == "message"] == [r[4] for r in rows_b if r[1] == "message"]
            assert [tuple(r) for r in ca.execute(sa.text(ev))] == [tuple(r) for r in cb.execute(sa.text(ev))]
            names_a = sorted(r[0] for r in ca.execute(sa.text("SELECT display_name FROM author")))
            names_b = sorted(r[0] for r in cb.execute(sa.text("SELECT display_name FROM author")))
            assert names_a == names_b
        assert count(a, "sighting") == count(b, "sighting") > 0
        assert count(a, "media") == count(b, "media") == 3
    finally:
        a.close()
        b.close()


def test_a_run_that_fails_midway_is_completed_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = ChatSpec(7, "Grupa", messages=3500)
    folder = write_html_export(tmp_path / "html", chat)
    clean = open_store(Settings(home=tmp_path / "clean"))
    broken = open_store(Settings(home=tmp_path / "broken"))
    try:
        ingest_html(clean, folder)
        real_write = StoreWriter.write
        calls = {"n": 0}

        def fail_on_third(self: StoreWriter, source_id: int, records: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt  # the process stops while the third page is in flight
            return real_write(self, source_id, records)

        monkeypatch.setattr(StoreWriter, "write", fail_on_third)
        with pytest.raises(KeyboardInterrupt):
            ingest_html(broken, folder)
        assert count(broken, "message") == 2000  # two pages committed, the third not at all
        monkeypatch.setattr(StoreWriter, "write", real_write)
        ingest_html(broken, folder)
        assert snapshot(broken) == snapshot(clean)
        assert count(broken, "export_file") == 1  # the unfinished run's row was reused
    finally:
        clean.close()
        broken.close()


def test_folder_and_page_dispatch_to_the_html_source(tmp_path: Path, shared_fixtures: Path) -> None:
    folder = shared_fixtures / HTML / "tgnize-devschat-2017"
    assert source_for(folder).name == "telegram-html"
    assert source_for(folder / "messages2.html").name == "telegram-html"
    json_dir = tmp_path / "j"
    write_export(json_dir / "result.json", [ChatSpec(1, "x", messages=3)], single=True)
    assert source_for(json_dir).name == "telegram-json"
    assert source_for(json_dir / "result.json").name == "telegram-json"


def test_a_page_that_is_not_utf8_is_refused_with_the_offset(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "messages.html"
    page.write_bytes('<!DOCTYPE html><div class="text bold">Група</div>'.encode("cp1251"))
    with pytest.raises(
        InputError,
        match=r"not UTF-8 \(first bad byte at 38; it looks like Windows-1251 \(Cyrillic\)\): use the original",
    ):
        ingest_html(store, tmp_path)


def test_page_numbering_gaps_are_reported(store: Store, tmp_path: Path, shared_fixtures: Path) -> None:
    src = shared_fixtures / HTML / "tgnize-devschat-2017"
    shutil.copy(src / "messages2.html", tmp_path / "messages2.html")
    r = ingest_html(store, tmp_path)
    assert [e["where"] for e in r.errors] == ["messages.html", "messages3.html"]
    assert r.messages_added == 1000


def test_date_title_formats() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    assert parse_date("23.08.2023 13:11:23 UTC-08:00", UTC) == (datetime(2023, 8, 23, 21, 11, 23, tzinfo=UTC), True)
    assert parse_date("23.08.2023 13:11:23 UTC+0200", UTC)[0] == datetime(2023, 8, 23, 11, 11, 23, tzinfo=UTC)
    local = parse_date("25.08.2017 02:51:02", ZoneInfo("Europe/Belgrade"))
    assert local == (datetime(2017, 8, 25, 0, 51, 2, tzinfo=UTC), False)


def test_parser_reads_via_bot_reactions_reply_in_another_chat_and_media_placeholders() -> None:
    page = """<div class="page_header"><div class="text bold">Chat</div></div><div class="history">
    <div class="message service" id="message-1"><div class="body details">1 June 2026</div></div>
    <div class="message default clearfix" id="message5"><div class="body">
     <div class="pull_right date details" title="01.06.2026 10:00:00 UTC+02:00">10:00</div>
     <div class="from_name">Ana Primer <span class="details">via @helperbot</span></div>
     <div class="reply_to details">In reply to <a href="https://t.me/c/1/2">this message</a> in another chat</div>
     <div class="media_wrap clearfix"><div class="media clearfix pull_left media_voice_message">
      <div class="body"><div class="title bold">Voice message</div>
      <div class="description">Not included, change data exporting settings to download.</div>
      <div class="status details">00:05</div></div></div></div>
     <div class="text">zdravo<br>svima &amp; <a href="https://example.org">link</a></div>
     <span class="reactions"><span class="reaction"><span class="emoji">👍</span><span class="count">3</span>
     </span></span>
    </div></div></div>"""
    info = PageInfo()
    [m] = list(parse_page(page, info))
    assert info.title == "Chat" and info.day_separators == 1
    assert (m.id, m.from_name, m.via_bot, m.reply_other_chat) == (5, "Ana Primer", "helperbot", True)
    assert m.text == "zdravo\nsvima & link" and m.links == [("link", "https://example.org")]
    assert m.media_type == "voice_message" and m.media_href is None and m.media_title == "Voice message"
    assert m.reactions == [("👍", 3)]


def test_synthetic_author_ids_are_stable_and_per_chat() -> None:
    assert synthetic_author_id("html:a", "Ana") == synthetic_author_id("html:a", "Ana")
    assert synthetic_author_id("html:a", "Ana") != synthetic_author_id("html:b", "Ana")


def test_the_reader_process_gives_the_rows_a_single_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages parsed ahead in a reader process (exports of four pages or more) store exactly what parsing in this
    process stores, and a bad page found by the reader is still refused with its one-line error."""
    from tragac.sources.telegram_html import ingest as html_ingest

    folder = write_html_export(tmp_path / "html", ChatSpec(8, "Grupa", messages=5200))
    piped = open_store(Settings(home=tmp_path / "piped"))
    inline = open_store(Settings(home=tmp_path / "inline"))
    try:
        ingest_html(piped, folder)
        monkeypatch.setattr(html_ingest, "_READER_FROM_PAGES", 10_000)  # more than the pages: no reader process
        ingest_html(inline, folder)
        assert count(piped, "message") == count(inline, "message") == 5200
        assert snapshot(piped) == snapshot(inline)
    finally:
        piped.close()
        inline.close()
    monkeypatch.undo()
    (folder / "messages4.html").write_bytes(b"<html>\xff\xfe</html>")
    bad = open_store(Settings(home=tmp_path / "bad"))
    try:
        with pytest.raises(InputError, match="not UTF-8"):
            ingest_html(bad, folder)
    finally:
        bad.close()
