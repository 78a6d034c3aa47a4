"""Ingestion of the real Telegram Desktop exports in ../shared/fixtures/telegram, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from ingest_helpers import count
from sqlalchemy.orm import selectinload

from tragac.sources.telegram_json import ingest_path
from tragac.store import Store
from tragac.store.models import ExportFile, MembershipEvent, Message, Source

EXCEEDS = "(File exceeds maximum size. Change data exporting settings to download.)"


def _messages(store: Store) -> dict[int, Message]:
    with store.session() as s:
        rows = s.scalars(sa.select(Message).options(selectinload(Message.author)))
        return {m.platform_message_id: m for m in rows}


def test_migrated_supergroup_keeps_negative_ids(store: Store, telegram_fixtures: Path) -> None:
    r = ingest_path(store, telegram_fixtures / "legacy-2021-migrated-supergroup.json")
    assert r.to_dict() == {
        "sources": 1,
        "messages_added": 4,
        "messages_updated": 0,
        "messages_unchanged": 0,
        "messages_retimed": 0,
        "messages_merged": 0,
        "service_messages": 3,
        "media": 0,
        "media_files_present": 0,
        "skipped": 0,
        "errors": [],
        "warnings": [],
    }
    msgs = _messages(store)
    assert sorted(msgs) == [-999678450, -999678449, -999675685, 1]
    assert msgs[-999678449].text == "asdsf" and msgs[-999678449].kind == "message"
    with store.session() as s:
        src = s.scalars(sa.select(Source)).one()
        assert (src.platform_id, src.kind, src.title, src.left) == ("9888888888", "public_supergroup", "test", False)
        events = {e.action: e for e in s.scalars(sa.select(MembershipEvent))}
        assert set(events) == {"create_group", "migrate_to_supergroup", "migrate_from_group"}
        create = events["create_group"]
        assert (create.event, create.actor_name, create.members, create.member_count) == (
            "create",
            "Ben",
            ["Ben", "BenBot"],
            0,
        )
        assert create.actor_id == "user9999999999"  # legacy integer actor_id
        assert events["migrate_from_group"].event == "migrate"
        assert events["migrate_from_group"].details == {"title": "test"}
        author = msgs[-999678449].author
        assert author is not None and author.platform_id == "user9999999999"
        # The same id acts as "Ben" and, after the migration, as "test": the latest name is shown, all are kept.
        assert (author.display_name, author.names_seen) == ("test", ["Ben", "test"])
        # Old export: no date_unixtime, so the local date is read in the (default) UTC zone.
        assert msgs[-999678450].date == datetime(2021, 3, 18, 15, 20, 24, tzinfo=UTC)
        assert msgs[-999678450].date_raw == "2021-03-18T15:20:24"
        assert s.scalars(sa.select(ExportFile)).one().timezone == "UTC"


def test_saved_messages_fields(store: Store, telegram_fixtures: Path) -> None:
    r = ingest_path(store, telegram_fixtures / "legacy-2021-saved-messages.json")
    assert (r.sources, r.messages_added, r.service_messages, r.media, r.media_files_present, r.skipped) == (
        1,
        21,
        1,
        6,
        0,
        0,
    )
    assert r.dates_from_local_time == 21
    msgs = _messages(store)
    assert len(msgs) == 21

    fmt = msgs[173430]
    assert fmt.text == (
        "bold italic strikethrough underline @person http://google.com monospace http://mystery.knightlab.com/"
    )
    assert fmt.entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 5, "length": 6},
        {"type": "strikethrough", "offset": 12, "length": 13},
        {"type": "underline", "offset": 26, "length": 9},
        {"type": "mention", "offset": 36, "length": 7},
        {"type": "text_link", "offset": 44, "length": 17, "href": "http://google.com/"},
        {"type": "code", "offset": 62, "length": 9},
        {"type": "link", "offset": 72, "length": 29},
    ]
    assert fmt.text[44:61] == "http://google.com"
    # A trailing "" part and a mention inside plain runs.
    assert msgs[225569].text.startswith("Check out «Cat     @farsisticker» sticker set: ")

    fwd = msgs[176390]
    assert (fwd.forwarded_from, fwd.saved_from) == ("Other Person", "Other Person")
    assert msgs[323662].forwarded_from == "ForwardedFrom Person" and msgs[323662].saved_from == "SavedFrom Person"

    pin = msgs[4]
    assert (pin.kind, pin.action, pin.author_name) == ("service", "pin_message", "test")
    with store.session() as s:
        ev = s.scalars(sa.select(MembershipEvent)).one()
        assert (ev.event, ev.action, ev.details, ev.member_count) == ("pin", "pin_message", {"message_id": 3}, 0)

    poll = msgs[5].extra["poll"]
    assert poll["question"] == "Poll question" and poll["total_voters"] == 1
    assert [a["text"] for a in poll["answers"]] == ["option 1", "option 2"] and poll["answers"][0]["chosen"] is True
    assert msgs[6].extra["poll"]["question"] == "quiz poll"
    assert msgs[7].reply_to_message_id == 6
    assert msgs[226106].via_bot == "@gif"

    big = msgs[318170]
    assert big.media_type == "video_file"
    assert big.media_info == {
        "placeholder": EXCEEDS,
        "present": False,
        "mime_type": "video/mp4",
        "width": 416,
        "height": 736,
        "duration": 204,
        "thumbnail_placeholder": EXCEEDS,
    }
    photo = msgs[173429]
    assert photo.media_type == "photo"
    assert photo.media_info == {
        "path": "photos/photo_1@01-08-2020_22-01-49.jpg",
        "present": False,
        "width": 904,
        "height": 1280,
    }
    assert msgs[278329].media_type == "sticker" and msgs[278329].media_info["sticker_emoji"] == "🤭"
    assert msgs[217584].media_type == "voice_message" and msgs[217584].media_info["duration"] == 9
    # Legacy integer from_id: read as a user.
    assert msgs[5].author is not None and msgs[5].author.platform_id == "user10036995664"
    assert msgs[173429].author is not None and msgs[173429].author.platform_id == "user9999999999"
    with store.session() as s:
        src = s.scalars(sa.select(Source)).one()
        assert (src.platform_id, src.kind, src.title) == ("9999999999", "saved_messages", None)


def test_reingest_adds_nothing(store: Store, telegram_fixtures: Path) -> None:
    for f in sorted(telegram_fixtures.glob("*.json")):
        ingest_path(store, f)
    before = {t: count(store, t) for t in ("message", "membership_event", "author", "source")}
    for f in sorted(telegram_fixtures.glob("*.json")):
        r = ingest_path(store, f)
        assert r.messages_added == 0 and r.messages_updated == 0 and r.messages_unchanged > 0
    assert (
        {t: count(store, t) for t in before}
        == before
        == {
            "message": 25,
            "membership_event": 4,
            "author": 2,
            "source": 2,
        }
    )


def test_timezone_for_exports_without_unixtime(sqlite_store: Store, telegram_fixtures: Path) -> None:
    r = ingest_path(sqlite_store, telegram_fixtures / "legacy-2021-saved-messages.json", timezone="Europe/Belgrade")
    assert r.timezone == "Europe/Belgrade"
    msgs = _messages(sqlite_store)
    # 2020-08-01T22:01:49 in Belgrade (CEST, +02:00) is 20:01:49 UTC; 2021-01-03 is winter time (+01:00).
    assert msgs[173429].date == datetime(2020, 8, 1, 20, 1, 49, tzinfo=UTC)
    assert msgs[278329].date == datetime(2021, 1, 3, 15, 5, 58, tzinfo=UTC)
    with sqlite_store.session() as s:
        assert s.scalars(sa.select(ExportFile)).one().timezone == "Europe/Belgrade"


def test_folder_path_is_accepted(sqlite_store: Store, telegram_fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "result.json").write_bytes(
        (telegram_fixtures / "legacy-2021-migrated-supergroup.json").read_bytes()
    )
    assert ingest_path(sqlite_store, tmp_path / "export").messages_added == 4


def test_forward_from_a_hidden_account_is_still_a_forward(sqlite_store: Store, tmp_path: Path) -> None:
    p = tmp_path / "f.json"
    p.write_text(
        '{"name": "G", "type": "private_group", "id": 3, "messages": [{"id": 1, "type": "message", '
        '"date_unixtime": "1767261600", "from": "A", "from_id": "user1", "forwarded_from": null, "text": "fwd"}]}'
    )
    ingest_path(sqlite_store, p)
    m = _messages(sqlite_store)[1]
    assert m.forwarded_from is None and m.extra == {"forwarded_from_hidden": True}
