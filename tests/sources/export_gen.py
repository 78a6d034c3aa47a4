"""A compact generator of Telegram Desktop JSON exports for tests and benchmarks.

It writes the same keys, order and quirks as Telegram Desktop (zone-less local ``date`` next to ``date_unixtime``,
text as a string or an entity list with ``text_entities``, placeholders, service messages, photos/ files) and
streams, so a benchmark can write millions of messages in constant memory. It is deliberately small: the realistic
demo corpus lives in ``tragac.demo``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import orjson

PLACEHOLDER = "(File not included. Change data exporting settings to download.)"
WORDS = [
    "zdravo",
    "ljudi",
    "šta",
    "ima",
    "novo",
    "danas",
    "sutra",
    "grupa",
    "slika",
    "video",
    "link",
    "ovde",
    "tamo",
    "svi",
    "ćao",
    "hvala",
    "molim",
]


@dataclass
class ChatSpec:
    id: int
    name: str
    type: str = "public_supergroup"
    messages: int = 100
    left: bool = False
    edits: dict[int, str] = field(default_factory=dict)  # message id -> replacement text (a "newer export")


def _local(ts: int, offset_h: int = 2) -> str:
    return (datetime.fromtimestamp(ts, UTC) + timedelta(hours=offset_h)).replace(tzinfo=None).isoformat()


def message(chat: ChatSpec, i: int, rnd: random.Random, *, start: int, photos: list[str], offset_h: int = 2) -> dict:
    """Message number ``i`` (1-based) of ``chat``: a deterministic mix of every kind the parser handles."""
    mid = i
    ts = start + i * 7
    user = 1000 + rnd.randrange(50)
    base: dict[str, Any] = {"id": mid}
    kind = i % 50
    if kind == 7:  # join by link
        base.update(
            type="service",
            date=_local(ts, offset_h),
            date_unixtime=str(ts),
            actor=f"User {user}",
            actor_id=f"user{user}",
            action="join_group_by_link",
            inviter="Admin",
            text="",
            text_entities=[],
        )
        return base
    if kind == 17:
        base.update(
            type="service",
            date=_local(ts, offset_h),
            date_unixtime=str(ts),
            actor="Admin",
            actor_id="user1",
            action="invite_members",
            members=[f"User {user}", None],
            text="",
            text_entities=[],
        )
        return base
    if kind == 27:
        base.update(
            type="service",
            date=_local(ts, offset_h),
            date_unixtime=str(ts),
            actor=f"User {user}",
            actor_id=f"user{user}",
            action="remove_members",
            members=[f"User {user}"],
            text="",
            text_entities=[],
        )
        return base
    base.update(
        type="message",
        date=_local(ts, offset_h),
        date_unixtime=str(ts),
        **{"from": f"User {user}"},
        from_id=f"user{user}",
    )
    words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(3, 14)))
    text: Any = chat.edits.get(mid, words)
    if mid in chat.edits:
        base.update(edited=_local(ts + 3600, offset_h), edited_unixtime=str(ts + 3600))
    if kind % 5 == 1 and i > 1:
        base["reply_to_message_id"] = mid - 1
    if kind % 9 == 2:
        base["forwarded_from"] = "Kanal Vesti"
    if kind % 10 == 3:
        text = [
            words + " ",
            {"type": "text_link", "text": "ovde", "href": "https://example.org/x"},
            " ",
            {"type": "bold", "text": "važno"},
        ]
    if kind % 8 == 4:
        if photos:
            base["photo"] = photos[(i // 8) % len(photos)]
        else:
            base["photo"] = PLACEHOLDER
        base.update(photo_file_size=12345, width=640, height=480)
    elif kind % 25 == 5:
        base.update(
            file=PLACEHOLDER,
            file_name="clip.mp4",
            file_size=99999,
            thumbnail=PLACEHOLDER,
            media_type="video_file",
            mime_type="video/mp4",
            duration_seconds=12,
            width=320,
            height=240,
        )
    if kind == 33:
        base["reactions"] = [{"type": "emoji", "count": 2, "emoji": "👍"}]
    base["text"] = text
    if isinstance(text, str):
        base["text_entities"] = [{"type": "plain", "text": text}] if text else []
    else:
        base["text_entities"] = [p if isinstance(p, dict) else {"type": "plain", "text": p} for p in text]
    return base


def _dump(obj: Any) -> bytes:
    return orjson.dumps(obj)


def write_chat(out: BinaryIO, chat: ChatSpec, *, seed: int, start: int, photos: list[str]) -> None:
    rnd = random.Random(seed * 7919 + chat.id)
    out.write(b'{"name":' + _dump(chat.name) + b',"type":' + _dump(chat.type) + b',"id":' + _dump(chat.id))
    out.write(b',"messages":[\n')
    for i in range(1, chat.messages + 1):
        if i > 1:
            out.write(b",\n")
        out.write(_dump(message(chat, i, rnd, start=start, photos=photos)))
    out.write(b"\n]}")


def write_export(
    path: Path,
    chats: list[ChatSpec],
    *,
    seed: int = 1,
    start: int = 1_780_000_000,
    photos: dict[str, bytes] | None = None,
    single: bool = False,
) -> Path:
    """Write ``path`` (a result.json) holding ``chats``; ``photos`` (relative path → bytes) are written beside it.

    ``single=True`` writes a single-chat export (one chat object at the top level).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for rel, data in (photos or {}).items():
        (path.parent / rel).parent.mkdir(parents=True, exist_ok=True)
        (path.parent / rel).write_bytes(data)
    names = sorted(photos or {})
    with path.open("wb") as out:
        if single:
            write_chat(out, chats[0], seed=seed, start=start, photos=names)
            return path
        out.write(
            b'{"about":"Here is the data you requested.","personal_information":{"user_id":1,'
            b'"first_name":"Admin","last_name":"","phone_number":"+381 60 0000000","username":"","bio":""},\n'
        )
        for section, left in (("chats", False), ("left_chats", True)):
            out.write(b'"' + section.encode() + b'":{"about":"chats","list":[\n')
            for n, chat in enumerate(c for c in chats if c.left == left):
                if n:
                    out.write(b",\n")
                write_chat(out, chat, seed=seed, start=start, photos=names)
            out.write(b"\n]}" + (b",\n" if section == "chats" else b"\n"))
        out.write(b"}")
    return path


def iter_sizes(path: Path) -> Iterator[int]:  # pragma: no cover - convenience for benchmarks
    yield path.stat().st_size
