"""A message in its context: neighbours in the chat, the reply chain, replies, flags and media."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.store import Store
from tragac.store.models.core import Media, Message, Sighting, Source
from tragac.store.models.matching import Bank, Match, SpreadMember
from tragac.store.models.signals import Flag
from tragac.web.text_marks import segments

NEIGHBOURS = 5
CHAIN_LIMIT = 10


@dataclass
class MediaView:
    media: Media
    matches: list[tuple[Match, Bank]]
    cluster_id: int | None


@dataclass
class MessageContext:
    message: Message
    source: Source
    segments: list[tuple[str, bool]]
    before: list[Message]
    after: list[Message]
    chain: list[Message]  # what this message replies to, nearest first
    replies: list[Message]
    flags: list[Flag]
    media: list[MediaView] = field(default_factory=list)


def _by_platform_id(s: Session, source_id: int, pid: int) -> Message | None:
    return s.scalar(select(Message).where(Message.source_id == source_id, Message.platform_message_id == pid))


def context(store: Store, message_id: int) -> MessageContext | None:
    with store.session() as s:
        m = s.get(Message, message_id)
        if m is None:
            return None
        src = s.get(Source, m.source_id)
        assert src is not None
        before = list(
            s.scalars(
                select(Message)
                .where(Message.source_id == m.source_id, Message.platform_message_id < m.platform_message_id)
                .order_by(Message.platform_message_id.desc())
                .limit(NEIGHBOURS)
            ).all()
        )[::-1]
        after = list(
            s.scalars(
                select(Message)
                .where(Message.source_id == m.source_id, Message.platform_message_id > m.platform_message_id)
                .order_by(Message.platform_message_id)
                .limit(NEIGHBOURS)
            ).all()
        )
        chain: list[Message] = []
        cur = m
        while cur.reply_to_message_id is not None and len(chain) < CHAIN_LIMIT:
            parent = _by_platform_id(s, m.source_id, cur.reply_to_message_id)
            if parent is None or parent.id in {c.id for c in chain}:
                break
            chain.append(parent)
            cur = parent
        replies = list(
            s.scalars(
                select(Message)
                .where(Message.source_id == m.source_id, Message.reply_to_message_id == m.platform_message_id)
                .order_by(Message.platform_message_id)
                .limit(20)
            ).all()
        )
        flags = list(s.scalars(select(Flag).where(Flag.message_id == m.id).order_by(Flag.severity, Flag.id)).all())
        spans = [span for f in flags for span in (f.spans or [])]
        media_rows = s.scalars(
            select(Media).join(Sighting, Sighting.media_id == Media.id).where(Sighting.message_id == m.id)
        ).all()
        media = [_media_view(s, md) for md in media_rows]
        return MessageContext(m, src, segments(m.text or "", spans), before, after, chain, replies, flags, media)


def _media_view(s: Session, md: Media) -> MediaView:
    matches = [
        (mt, bank)
        for mt, bank in s.execute(
            select(Match, Bank).join(Bank, Bank.id == Match.bank_id).where(Match.media_id == md.id)
        ).all()
    ]
    cluster_id = s.scalar(select(SpreadMember.cluster_id).where(SpreadMember.media_id == md.id))
    return MediaView(md, matches, cluster_id)


def as_dict(m: Message) -> dict[str, Any]:
    return {
        "id": m.id,
        "source_id": m.source_id,
        "platform_message_id": m.platform_message_id,
        "kind": m.kind,
        "date": m.date.isoformat() if m.date else None,
        "author_id": m.author_id,
        "author_name": m.author_name,
        "text": m.text,
        "reply_to_message_id": m.reply_to_message_id,
        "forwarded_from": m.forwarded_from,
        "media_type": m.media_type,
        "edited_at": m.edited_at.isoformat() if m.edited_at else None,
        "deleted_at": m.deleted_at.isoformat() if m.deleted_at else None,
    }
