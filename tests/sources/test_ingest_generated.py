"""Ingestion of generated full-account exports: media, membership, idempotency, edits, both parse paths, the CLI."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from export_gen import ChatSpec, write_export
from ingest_helpers import count, snapshot

import tragac.sources.telegram_json.ingest as te
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store
from tragac.store.models import Media, MembershipEvent, Message, MessageEdit, Sighting, Source

PHOTOS = {
    "chats/chat_001/photos/photo_1@01-06-2026_10-00-00.jpg": b"\xff\xd8 one",
    "chats/chat_001/photos/photo_2@01-06-2026_10-00-01.jpg": b"\xff\xd8 two",
}


def chats(edits: dict[int, str] | None = None) -> list[ChatSpec]:
    return [
        ChatSpec(1001, "Grupa A", messages=300, edits=edits or {}),
        ChatSpec(1002, "Kanal B", type="public_channel", messages=120),
        ChatSpec(1003, "Stara grupa", type="private_supergroup", messages=60, left=True),
        ChatSpec(1004, "Prazna", type="private_group", messages=0),
    ]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "exp" / "result.json", chats(), photos=PHOTOS)


def test_full_account_export(store: Store, export: Path) -> None:
    r = ingest_path(store, export.parent)
    assert r.sources == 4 and r.skipped == 0 and r.errors == []
    assert r.messages_added == 480 and r.messages_updated == 0
    # Messages numbered 7, 17 and 27 modulo 50 are service messages: 18 of 300, 8 of 120, 4 of 60.
    assert r.service_messages == 18 + 8 + 4
    with store.session() as s:
        srcs = {x.platform_id: x for x in s.scalars(sa.select(Source))}
        assert {k: (v.title, v.kind, v.left) for k, v in srcs.items()} == {
            "1001": ("Grupa A", "public_supergroup", False),
            "1002": ("Kanal B", "public_channel", False),
            "1003": ("Stara grupa", "private_supergroup", True),
            "1004": ("Prazna", "private_group", False),
        }
        media = s.scalars(sa.select(Media)).all()
        assert sorted(m.sha256 for m in media) == sorted(hashlib.sha256(b).hexdigest() for b in PHOTOS.values())
        assert {m.md5 for m in media} == {hashlib.md5(b).hexdigest() for b in PHOTOS.values()}
        assert all(m.kind == "image" and m.width == 640 for m in media)
        paths = set(s.scalars(sa.select(Sighting.file_path)))
        assert paths == set(PHOTOS)
        n_sightings = count(store, "sighting")
        assert n_sightings == r.media_files_present > 0
        ev = {
            e.action: e
            for e in s.scalars(sa.select(MembershipEvent).where(MembershipEvent.source_id == srcs["1001"].id))
        }
        assert ev["join_group_by_link"].event == "join" and ev["join_group_by_link"].member_count == 1
        assert ev["invite_members"].event == "invite" and ev["invite_members"].member_count == 2
        assert ev["invite_members"].members[1] is None  # a deleted account
        # The generator's removals remove the actor: that is a leave.
        assert ev["remove_members"].event == "leave" and ev["remove_members"].member_count == 1
        m = s.scalars(
            sa.select(Message).where(Message.platform_message_id == 3, Message.source_id == srcs["1001"].id)
        ).one()
        assert {"type": "text_link", "href": "https://example.org/x"}.items() <= m.entities[0].items()


def test_second_ingest_adds_nothing(store: Store, export: Path) -> None:
    ingest_path(store, export)
    first = snapshot(store)
    r = ingest_path(store, export)
    assert (r.messages_added, r.messages_updated, r.messages_unchanged) == (0, 0, 480)
    assert snapshot(store) == first


def test_newer_export_records_edits(store: Store, tmp_path: Path) -> None:
    old = write_export(tmp_path / "old" / "result.json", chats())
    ingest_path(store, old)
    with store.session() as s:
        before = s.scalars(sa.select(Message.text).where(Message.platform_message_id == 10)).first()
    # The newer export of chat 1001 also has 5 more messages.
    newer = write_export(
        tmp_path / "new" / "result.json",
        [ChatSpec(1001, "Grupa A", messages=305, edits={10: "izmenjena poruka", 11: "još jedna izmena"}), *chats()[1:]],
    )
    r = ingest_path(store, newer)
    assert (r.messages_added, r.messages_updated) == (5, 2)
    assert r.messages_unchanged == 480 - 2
    with store.session() as s:
        msg = s.scalars(
            sa.select(Message).join(Source).where(Source.platform_id == "1001", Message.platform_message_id == 10)
        ).one()
        assert msg.text == "izmenjena poruka" and msg.edited_at is not None
        history = s.scalars(sa.select(MessageEdit).where(MessageEdit.message_id == msg.id)).all()
        assert [h.text for h in history] == [before]
        assert history[0].edited_at is None
    # Ingesting the old export again changes nothing: its versions are already in the history.
    r = ingest_path(store, old)
    assert r.messages_added == 0 and count(store, "message_edit") == 2
    with store.session() as s:
        assert (
            s.scalars(
                sa.select(Message.text)
                .where(Message.platform_message_id == 10)
                .join(Source)
                .where(Source.platform_id == "1001")
            ).one()
            == "izmenjena poruka"
        )
    # And the newer one again: nothing new either.
    r = ingest_path(store, newer)
    assert (r.messages_added, r.messages_updated) == (0, 0) and count(store, "message_edit") == 2


def test_fast_and_event_paths_agree(tmp_path: Path, export: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tragac.config import Settings
    from tragac.store import open_store

    fast = open_store(Settings(home=tmp_path / "fast"))
    ingest_path(fast, export)
    monkeypatch.setattr(te, "chat_splits", lambda path: None)
    slow = open_store(Settings(home=tmp_path / "slow"))
    r = ingest_path(slow, export)
    assert r.sources == 4
    assert snapshot(fast) == snapshot(slow)
    fast.close()
    slow.close()


def test_single_chat_export(sqlite_store: Store, tmp_path: Path) -> None:
    p = write_export(tmp_path / "s" / "result.json", [ChatSpec(77, "Jedna", messages=50)], single=True)
    r = ingest_path(sqlite_store, p)
    assert (r.sources, r.messages_added) == (1, 50)
    # A single-chat export whose id follows its messages goes through the event path and gives the same rows.
    doc = json.loads(p.read_text())
    odd = {"messages": doc["messages"], "name": doc["name"], "type": doc["type"], "id": doc["id"]}
    q = tmp_path / "odd.json"
    q.write_text(json.dumps(odd))
    r = ingest_path(sqlite_store, q)
    assert (r.sources, r.messages_added, r.messages_unchanged) == (1, 0, 50)


def test_unknown_keys_types_and_actions_are_kept(sqlite_store: Store, tmp_path: Path) -> None:
    doc = {
        "name": "N",
        "type": "private_supergroup",
        "id": 5,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date": "2026-01-01T10:00:00",
                "date_unixtime": "1767261600",
                "from": "A",
                "from_id": "user1",
                "text": "x",
                "rich_message": {"blocks": [1, 2]},
                "views": 3,
            },
            {"id": 2, "type": "hologram", "date_unixtime": "1767261601", "text": ""},
            {
                "id": 3,
                "type": "service",
                "date_unixtime": "1767261602",
                "actor": "A",
                "actor_id": "user1",
                "action": "teleport_members",
                "members": ["B"],
                "text": "",
            },
            {"id": 4, "type": "service", "date_unixtime": "1767261603", "information_text": "Custom thing", "text": ""},
            {"id": 5, "type": "unsupported"},
        ],
    }
    p = tmp_path / "u.json"
    p.write_text(json.dumps(doc))
    r = ingest_path(sqlite_store, p)
    assert r.messages_added == 5 and r.skipped == 0
    assert r.unknown == {"key:rich_message": 1, "key:views": 1, "type:hologram": 1, "action:teleport_members": 1}
    with sqlite_store.session() as s:
        m1 = s.scalars(sa.select(Message).where(Message.platform_message_id == 1)).one()
        assert m1.raw_unknown == {"rich_message": {"blocks": [1, 2]}, "views": 3}
        ev = {e.action: e for e in s.scalars(sa.select(MembershipEvent))}
        assert ev["teleport_members"].event == "other" and ev["teleport_members"].members == ["B"]
        assert ev["custom"].details == {"information_text": "Custom thing"}
        m5 = s.scalars(sa.select(Message).where(Message.platform_message_id == 5)).one()
        assert m5.kind == "unsupported" and m5.date is None


def test_media_file_outside_the_export_is_not_read(sqlite_store: Store, tmp_path: Path) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"outside")
    doc = {
        "name": "N",
        "type": "private_group",
        "id": 6,
        "messages": [
            {"id": 1, "type": "message", "date_unixtime": "1767261600", "photo": "../secret.jpg", "text": ""},
            {"id": 2, "type": "message", "date_unixtime": "1767261600", "photo": "/etc/hostname", "text": ""},
        ],
    }
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "result.json").write_text(json.dumps(doc))
    r = ingest_path(sqlite_store, tmp_path / "e")
    assert r.media == 2 and r.media_files_present == 0 and count(sqlite_store, "media") == 0


def test_cli_json(tmp_path: Path, export: Path) -> None:
    home = tmp_path / "home"
    cmd = [sys.executable, "-m", "tragac", "ingest", str(export), "--home", str(home), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)
    data = json.loads(out.stdout)
    assert list(data) == [
        "sources",
        "messages_added",
        "messages_updated",
        "messages_unchanged",
        "messages_retimed",
        "messages_merged",
        "service_messages",
        "media",
        "media_files_present",
        "skipped",
        "errors",
        "warnings",
    ]
    assert data["messages_added"] == 480 and data["sources"] == 4
    again = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout)
    assert again["messages_added"] == 0 and again["messages_unchanged"] == 480
    human = subprocess.run(cmd[:-1], capture_output=True, text=True, check=True, timeout=120).stdout
    assert "480 unchanged" in human


def test_cli_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "result.json"
    bad.write_bytes(b'{"name": "x", "type": "private_group", "id": 1, "messages": [{"id": 1,, }]}')
    cmd = [sys.executable, "-m", "tragac", "ingest", str(bad), "--home", str(tmp_path / "h"), "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stdout == ""
    line = out.stderr.strip()
    assert "\n" not in line, line
    assert str(bad) in line and "byte 70" in line
