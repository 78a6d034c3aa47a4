"""An export and live collection of the same chat end as one set of rows: no duplicates, no false edits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from telethon.tl import types

from tragac.sources.telegram_json import ingest_path
from tragac.store import Store
from tragac.store.models import Author, MembershipEvent, Message, MessageEdit, Source

from . import fakes
from .conftest import make_live, run

EDITED = fakes.T0 + timedelta(hours=2)


def _at(mid: int) -> datetime:
    return fakes.T0 + timedelta(minutes=mid)


def _export_message(mid: int, **fields: Any) -> dict[str, Any]:
    local = _at(mid).astimezone(UTC).replace(tzinfo=None).isoformat()
    base: dict[str, Any] = {
        "id": mid,
        "type": "message",
        "date": local,
        "date_unixtime": str(int(_at(mid).timestamp())),
    }
    base.update(fields)
    return base


def write_export(folder: Path) -> Path:
    """A tiny Telegram Desktop single-chat export, as its JSON writer lays it out."""
    messages = [
        _export_message(1, **{"from": "Marko Test", "from_id": "user123", "text": "zdravo"}),
        _export_message(
            2,
            **{
                "from": "Ana",
                "from_id": "user124",
                "text": [
                    "vidi ",
                    {"type": "bold", "text": "ovo"},
                    " ",
                    {"type": "text_link", "text": "ovde", "href": "https://example.org/a"},
                ],
            },
        ),
        {
            **_export_message(3),
            "type": "service",
            "actor": "Marko Test",
            "actor_id": "user123",
            "action": "invite_members",
            "members": ["Ana"],
            "text": "",
        },
        _export_message(
            4, **{"from": "Marko Test", "from_id": "user123", "forwarded_from": "Izvorni kanal", "text": "prosleđeno"}
        ),
        _export_message(
            5,
            **{
                "from": "Ana",
                "from_id": "user124",
                "text": "posle izmene",
                "edited_unixtime": str(int(EDITED.timestamp())),
            },
        ),
        _export_message(
            6,
            **{
                "from": "Ana",
                "from_id": "user124",
                "photo": "(File not included. Change data exporting settings to download.)",
                "width": 96,
                "height": 72,
                "text": "",
            },
        ),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    chat = {"name": "Test grupa", "type": "public_supergroup", "id": fakes.CHANNEL, "messages": messages}
    path.write_text(json.dumps(chat, ensure_ascii=False, indent=1))
    return path


def live_history() -> list[Any]:
    """The same six messages as Telegram serves them, plus two newer ones."""
    return [
        fakes.text_message(1, "zdravo", sender=123),
        fakes.text_message(
            2,
            "vidi ovo ovde",
            sender=124,
            entities=[
                types.MessageEntityBold(offset=5, length=3),
                types.MessageEntityTextUrl(offset=9, length=4, url="https://example.org/a"),
            ],
        ),
        types.MessageService(
            id=3,
            peer_id=types.PeerChannel(fakes.CHANNEL),
            date=_at(3),
            from_id=types.PeerUser(123),
            action=types.MessageActionChatAddUser(users=[124]),
        ),
        fakes.text_message(
            4,
            "prosleđeno",
            sender=123,
            fwd_from=types.MessageFwdHeader(
                date=fakes.T0 - timedelta(days=3), from_id=types.PeerChannel(9), channel_post=77
            ),
            views=310,
        ),
        fakes.text_message(5, "posle izmene", sender=124, edit_date=EDITED),
        fakes.photo_message(6, 9001, 5000),
        fakes.text_message(7, "nova poruka", sender=123),
        fakes.text_message(8, "još jedna", sender=124),
    ]


def _counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            "sources": s.scalar(sa.select(sa.func.count(Source.id))) or 0,
            "messages": s.scalar(sa.select(sa.func.count(Message.id))) or 0,
            "edits": s.scalar(sa.select(sa.func.count(MessageEdit.id))) or 0,
            "events": s.scalar(sa.select(sa.func.count(MembershipEvent.id))) or 0,
            "authors": s.scalar(sa.select(sa.func.count(Author.id))) or 0,
        }


def test_export_then_live(store: Store, tmp_path: Path) -> None:
    ingest_path(store, write_export(tmp_path / "export"))
    live = make_live(store, download_media=False)
    with store.session() as s:
        assert s.scalar(sa.select(sa.func.count(Source.id))) == 1  # add_source found the export's source
    live.client.add(*live_history())
    out = run(live.collector.collect(live.cs_id))
    assert out.error is None
    assert live.client.history_calls()[0]["min_id"] == 6  # resumes after the export
    assert out.added == 2 and out.rescanned == 8 and out.updated == 0 and out.deleted == 0
    assert _counts(store) == {"sources": 1, "messages": 8, "edits": 0, "events": 1, "authors": 2}
    with store.session() as s:
        fwd = s.scalar(sa.select(Message).where(Message.platform_message_id == 4))
        assert fwd is not None and fwd.export_id is not None  # still the export's row
        # The re-scan added what the export could not hold, without touching its content.
        assert fwd.forwarded_from == "Izvorni kanal" and fwd.forwarded_from_id == "channel9"
        assert fwd.forward_message_id == 77 and fwd.views == 310


def test_live_then_export(store: Store, tmp_path: Path) -> None:
    live = make_live(store, download_media=False)
    live.client.add(*live_history())
    run(live.collector.collect(live.cs_id))
    assert _counts(store) == {"sources": 1, "messages": 8, "edits": 0, "events": 1, "authors": 2}
    result = ingest_path(store, write_export(tmp_path / "export"))
    assert result.messages_added == 0 and result.messages_updated == 0 and result.messages_unchanged == 6
    assert _counts(store) == {"sources": 1, "messages": 8, "edits": 0, "events": 1, "authors": 2}
    with store.session() as s:
        fwd = s.scalar(sa.select(Message).where(Message.platform_message_id == 4))
        assert fwd is not None
        # What only live collection knows survives the export.
        assert fwd.forwarded_from_id == "channel9" and fwd.forward_message_id == 77 and fwd.views == 310
        src = s.scalar(sa.select(Source))
        assert src is not None and src.platform_id == str(fakes.CHANNEL) and src.kind == "public_supergroup"
        authors = set(s.scalars(sa.select(Author.platform_id)))
    assert authors == {"user123", "user124"}
