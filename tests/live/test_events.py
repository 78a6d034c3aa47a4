"""Live update handlers: new, edited and deleted messages announced by Telegram."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from telethon import events
from telethon.tl import types

from tragac.store.models import CollectorSource, Message, MessageEdit

from . import fakes
from .conftest import Live, run


def _finish(live: Live, msg: types.Message) -> types.Message:
    msg._finish_init(live.client, live.client.entities, None)
    return msg


def test_handlers_store_new_edited_and_deleted(live: Live) -> None:
    live.collector.register_handlers()
    assert [type(e).__name__ for _, e in live.client.handlers] == ["NewMessage", "MessageEdited", "MessageDeleted"]

    run(live.collector.on_new_message(events.NewMessage.Event(_finish(live, fakes.text_message(40, "uživo")))))
    edited = fakes.text_message(40, "uživo, izmenjeno", edit_date=fakes.T0 + timedelta(hours=1))
    run(live.collector.on_edited_message(events.MessageEdited.Event(_finish(live, edited))))
    run(live.collector.on_deleted(events.MessageDeleted.Event([40], types.PeerChannel(fakes.CHANNEL))))

    with live.store.session() as s:
        msg = s.scalar(sa.select(Message).where(Message.platform_message_id == 40))
        edits = list(s.scalars(sa.select(MessageEdit.text)))
        resume = s.scalar(sa.select(CollectorSource.last_message_id))
    assert msg is not None and msg.text == "uživo, izmenjeno" and msg.deleted_at is not None
    assert edits == ["uživo"]
    assert resume == 0  # updates never move the resume point: a poll still fetches anything missed before


def test_updates_from_other_chats_are_ignored(live: Live) -> None:
    other = types.Message(id=1, peer_id=types.PeerChannel(5550001), date=fakes.T0, message="drugi chat")
    run(live.collector.on_new_message(events.NewMessage.Event(other)))
    run(live.collector.on_deleted(events.MessageDeleted.Event([1], None)))  # basic group: ambiguous, ignored
    with live.store.session() as s:
        assert s.scalar(sa.select(sa.func.count(Message.id))) == 0
