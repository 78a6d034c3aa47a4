"""Platform-neutral records that every source adapter produces and :mod:`tragac.sources.writer` stores.

The Telegram Desktop export parser (:mod:`tragac.sources.telegram_json`) and the live Telethon collector both turn
what they read into these dataclasses, so edits, media and membership events go through one code path.

Conventions (the live collector must follow them too):

- ``SourceRecord.platform_id`` is the bare chat id as a string (``"9888888888"``), the export's ``id``; Telethon
  gives the same number as ``PeerChannel.channel_id`` / ``PeerChat.chat_id`` / ``PeerUser.user_id``.
- ``MessageRecord.platform_message_id`` is the message id as the platform writes it. Messages of a basic group that
  was migrated to a supergroup keep the export's −1,000,000,000 shift (they are negative), so ids stay unique in
  the supergroup and same-chat replies resolve.
- Times are timezone-aware UTC ``datetime``\\ s.
- Authors are ``"user123"``, ``"channel123"`` or ``"chat123"`` (the export's ``from_id``/``actor_id``); the old
  integer form of the export is read as a user.
- ``text`` is the plain text; ``entities`` are ``{"type", "offset", "length", …extra}`` with offsets and lengths in
  Unicode code points of ``text`` (Python string indices; Telethon's UTF-16 offsets must be converted), and the extra
  keys as the platform writes them (``href`` for text links, ``user_id`` for mention names, ``language`` for ``pre``,
  ``collapsed`` for block quotes, ``document_id`` for custom emoji). Plain runs are not listed.
- ``content_hash`` (computed by :func:`content_hash`) covers what an edit can change: text, entities, media type and
  the edit time. Reactions, poll votes and views are not part of it (they change without an edit).
- Membership: ``MembershipRecord.event`` is one of :data:`EVENTS`; ``member_count`` is the number of people the event
  adds (``join``/``invite``) or removes (``leave``/``remove``), and 0 for every other event.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

EVENTS = ("join", "leave", "invite", "remove", "create", "migrate", "pin", "title", "photo", "other")
JOIN_EVENTS = frozenset({"join", "invite"})
LEAVE_EVENTS = frozenset({"leave", "remove"})
# The export's service action → our membership event; shared by every source so their rows agree.
EVENT_OF_ACTION = {
    "create_group": "create",
    "create_channel": "create",
    "invite_members": "invite",
    "remove_members": "remove",
    "join_group_by_link": "join",
    "join_group_by_request": "join",
    "migrate_to_supergroup": "migrate",
    "migrate_from_group": "migrate",
    "pin_message": "pin",
    "edit_group_title": "title",
    "edit_group_photo": "photo",
    "delete_group_photo": "photo",
}


@dataclass(slots=True)
class SourceRecord:
    """A chat (group, supergroup, channel, personal chat) as a source adapter sees it."""

    platform: str
    platform_id: str
    kind: str
    title: str | None = None
    username: str | None = None
    link: str | None = None
    left: bool = False
    raw: dict[str, Any] | None = None


@dataclass(slots=True)
class MediaFile:
    """A media file that exists on disk, to be hashed and stored as ``Media`` + ``Sighting``.

    ``path`` is where to read it; ``rel_path`` is what the ``Sighting`` records (relative to the export's root, or
    the collector's download folder).
    """

    path: Path
    rel_path: str
    kind: str  # image | video | other
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None


@dataclass(slots=True)
class MembershipRecord:
    """A service event about the chat or its members (see :data:`EVENTS`)."""

    event: str
    action: str | None
    actor_id: str | None = None
    actor_name: str | None = None
    members: list[str | None] = field(default_factory=list)
    member_count: int = 0
    details: dict[str, Any] | None = None


@dataclass(slots=True)
class MessageRecord:
    """A message or service message of one source."""

    platform_message_id: int
    kind: str  # message | service | unsupported
    date: datetime | None
    date_raw: str | None = None
    author_id: str | None = None  # "user123" / "channel9" / "chat5"
    author_name: str | None = None  # shown name; None for deleted accounts
    signature: str | None = None
    text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    action: str | None = None
    reply_to_message_id: int | None = None
    reply_to_peer_id: str | None = None
    forwarded_from: str | None = None
    forwarded_from_id: str | None = None
    forward_date: datetime | None = None
    forward_message_id: int | None = None
    saved_from: str | None = None
    via_bot: str | None = None
    media_type: str | None = None
    media_info: dict[str, Any] | None = None
    media_files: list[MediaFile] = field(default_factory=list)
    extra: dict[str, Any] | None = None
    raw_unknown: dict[str, Any] | None = None
    grouped_id: int | None = None
    views: int | None = None
    edited_at: datetime | None = None
    membership: MembershipRecord | None = None
    content_hash: str = ""

    def finish(self) -> MessageRecord:
        """Compute ``content_hash`` (call once all fields are set)."""
        self.content_hash = content_hash(self.text, self.entities, self.media_type, self.edited_at)
        return self


def content_hash(text: str, entities: list[dict[str, Any]], media_type: str | None, edited_at: datetime | None) -> str:
    """SHA-256 over the editable content of a message (see the module docstring)."""
    stamp = int(edited_at.timestamp()) if edited_at is not None else None
    payload = orjson.dumps([text, entities, media_type, stamp], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(payload).hexdigest()


@dataclass(slots=True)
class SeenMedia:
    """A media file seen at a URL (website watch), hashed already: its bytes were dropped after hashing, so the
    hashes travel with the record and the hashing stage never needs the file. ``frames`` are vPDQ features
    ``(frame, timestamp, quality, pdq)``."""

    url: str
    seen_at: datetime
    sha256: str
    md5: str | None
    size: int | None
    kind: str  # image | video
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    pdq: str | None = None
    pdq_quality: int | None = None
    frames: list[tuple[int, float, int, str]] = field(default_factory=list)
    windows: list[dict[str, Any]] | None = None  # the robust fingerprint, when the hashing asked for it
    local_features: bytes | None = None
