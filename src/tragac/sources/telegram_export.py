"""Telegram Desktop JSON export ingestion (``result.json``), streamed with ijson.

:func:`ingest_path` reads a single-chat or a full-account export (``chats.list`` and ``left_chats.list``) in constant
memory, turns every message into a :class:`~tragac.sources.records.MessageRecord` and writes them in batches through
:class:`~tragac.sources.writer.StoreWriter`, each batch in one transaction. The format is the one Telegram Desktop's
``export_output_json.cpp`` writes; docs/telegram-export.md lists every field and where it goes.

Guarantees:

- idempotent: the same export twice adds nothing; a newer export of a chat adds its new messages and records edits;
- resumable: a run killed at any point and started again ends with exactly the rows of a clean run;
- malformed JSON stops the run with :class:`~tragac.errors.InputError` naming the file and byte offset; the batch in
  flight is not written. A single malformed message is skipped, counted and reported with its position;
- unknown keys, message types and service actions are kept (``Message.raw_unknown`` / the event's details) and
  counted, never fatal; nesting deeper than :data:`MAX_DEPTH` levels stops the run with an InputError instead of
  exhausting memory.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ijson
import orjson

from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter
from tragac.sources.records import EVENT_OF_ACTION, MediaFile, MembershipRecord, MessageRecord, SourceRecord
from tragac.sources.writer import BatchResult, StoreWriter
from tragac.store.db import Store

PLATFORM = "telegram"
BATCH_SIZE = 2000
MAX_DEPTH = 1000  # JSON nesting; real exports stay under 12
MAX_TEXT = 1_000_000  # characters kept of a message text (Telegram allows 4,096)
MAX_STRING_BYTES = 1 << 20  # a JSON string longer than this in the file is cut (the parser is quadratic beyond)
MAX_VALUE_DEPTH = 32  # nesting kept in raw/extra JSON columns
MAX_VALUE_STRING = 65_536  # characters kept of a string in raw/extra JSON columns
MAX_ERRORS = 100  # errors listed in the result; all are counted in "skipped"

PLACEHOLDERS = frozenset(
    {
        "(File not included. Change data exporting settings to download.)",
        "(File exceeds maximum size. Change data exporting settings to download.)",
        "(File unavailable, please try again later)",
    }
)

# Keys of a regular message that we map to columns or to media_info.
_COMMON_KEYS = frozenset({"id", "type", "date", "date_unixtime", "edited", "edited_unixtime", "text", "text_entities"})
_MESSAGE_KEYS = _COMMON_KEYS | {
    "from",
    "from_id",
    "author",
    "forwarded_from",
    "saved_from",
    "reply_to_message_id",
    "reply_to_peer_id",
    "via_bot",
    "photo",
    "photo_file_size",
    "width",
    "height",
    "media_spoiler",
    "self_destruct_period_seconds",
    "file",
    "file_name",
    "file_size",
    "thumbnail",
    "thumbnail_file_size",
    "media_type",
    "mime_type",
    "duration_seconds",
    "sticker_emoji",
    "performer",
    "title",
}
# Payloads that go to Message.extra verbatim.
_EXTRA_KEYS = (
    "poll",
    "contact_information",
    "contact_vcard",
    "location_information",
    "live_location_period_seconds",
    "place_name",
    "address",
    "todo_list",
    "invoice_information",
    "giveaway_information",
    "giveaway_results",
    "paid_stars_amount",
    "inline_bot_buttons",
    "reactions",
    "game_title",
    "game_description",
    "game_link",
)
_EXTRA_SET = frozenset(_EXTRA_KEYS)
_KNOWN_MESSAGE_KEYS = _MESSAGE_KEYS | _EXTRA_SET
# Keys most messages lack: looked at only when present.
_OPTIONAL_KEYS = _EXTRA_SET | {
    "author",
    "forwarded_from",
    "saved_from",
    "via_bot",
    "reply_to_message_id",
    "reply_to_peer_id",
    "photo",
    "file",
}
_SERVICE_CORE = frozenset({"actor", "actor_id", "action"}) | _COMMON_KEYS
KNOWN_TYPES = frozenset({"message", "service", "unsupported"})
KNOWN_ACTIONS = frozenset(
    [
        "create_group",
        "create_channel",
        "invite_members",
        "remove_members",
        "join_group_by_link",
        "join_group_by_request",
        "migrate_to_supergroup",
        "migrate_from_group",
        "pin_message",
        "edit_group_title",
        "edit_group_photo",
        "delete_group_photo",
        "clear_history",
        "game_score",
        "send_payment",
        "phone_call",
        "conference_call",
        "take_screenshot",
        "allow_sending_messages",
        "send_files",
        "bot_allowed",
        "joined_telegram",
        "set_messages_ttl",
        "group_call",
        "invite_to_group_call",
        "set_chat_theme",
        "set_chat_wallpaper",
        "set_same_chat_wallpaper",
        "requested_peer",
        "topic_created",
        "topic_edit",
        "boost_apply",
        "gift_premium",
        "gift_code_prize",
        "giveaway_launch",
        "giveaway_completed",
        "web_app_data_sent",
        "gift_stars",
        "prize_stars",
        "send_star_gift",
        "star_gift_unique",
        "paid_messages_refund",
        "paid_messages_price_change",
        "proximity_reached",
        "todo_completions",
        "todo_append_tasks",
        "suggested_post_approval",
        "suggested_post_success",
        "suggested_post_refund",
        "suggest_birthday",
        "score_in_game",
    ]
)
_VIDEO_TYPES = frozenset({"video_file", "animation", "video_message"})
_MIN_ID, _MAX_ID = -(2**63), 2**63
_ABSENT = object()
_fromtimestamp = datetime.fromtimestamp


# -- results -------------------------------------------------------------------------------------------------------


@dataclass
class IngestResult:
    """What one ingest did. :meth:`to_dict` is the ``--json`` output; the other fields are extra detail."""

    sources: int = 0
    messages_added: int = 0
    messages_updated: int = 0
    messages_unchanged: int = 0
    service_messages: int = 0
    media: int = 0
    media_files_present: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    edits_recorded: int = 0
    unknown: dict[str, int] = field(default_factory=dict)  # "key:NAME", "type:NAME", "action:NAME" -> count
    dates_from_local_time: int = 0  # messages without date_unixtime, read in ``timezone``
    timezone: str = "UTC"
    export_id: int | None = None
    path: str = ""
    bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "messages_added": self.messages_added,
            "messages_updated": self.messages_updated,
            "messages_unchanged": self.messages_unchanged,
            "service_messages": self.service_messages,
            "media": self.media,
            "media_files_present": self.media_files_present,
            "skipped": self.skipped,
            "errors": list(self.errors),
        }

    def _add(self, batch: BatchResult) -> None:
        self.messages_added += batch.added
        self.messages_updated += batch.updated
        self.messages_unchanged += batch.unchanged
        self.service_messages += batch.service
        self.media += batch.media
        self.media_files_present += batch.media_files_present
        self.edits_recorded += batch.edits_recorded


class _Malformed(Exception):
    """A message we cannot store; skipped and reported."""


# -- streaming reader ----------------------------------------------------------------------------------------------

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


@dataclass
class _Split:
    """A byte offset where a chat's ``"messages"`` key starts (with the chat's header), or the ``"left_chats"`` key."""

    offset: int
    header: _Chat | None


_KEY = re.compile(rb'"(messages|left_chats)"\s*:')
_HEADER = re.compile(
    rb'\{\s*(?:"name"\s*:\s*(null|"(?:[^"\\]|\\.)*")\s*,\s*)?"type"\s*:\s*"([^"\\]*)"\s*,\s*"id"\s*:\s*(-?\d+)\s*,\s*\Z'
)


def _chat_splits(path: Path) -> list[_Split] | None:
    """Where each chat's messages begin in a full-account export, with its name/type/id, by a byte scan.

    Returns None unless every ``"messages"`` key is preceded by a Telegram Desktop chat header (``{"name", "type",
    "id",``): then the caller falls back to the event-by-event parser.
    """
    splits: list[_Split] = []
    left_seen = False
    with path.open("rb") as f:
        prev = b""
        pos = 0
        last_hit = -1
        while block := f.read(1 << 22):
            data = prev + block
            base = pos - len(prev)
            for m in _KEY.finditer(data):
                at = base + m.start()
                if at <= last_hit:
                    continue
                last_hit = at
                if m.group(1) == b"left_chats":
                    if left_seen:
                        return None
                    left_seen = True
                    splits.append(_Split(at, None))
                    continue
                h = _HEADER.search(data, max(0, m.start() - 8192), m.start())
                if h is None:
                    return None
                try:
                    name = orjson.loads(h.group(1)) if h.group(1) else None
                except orjson.JSONDecodeError:
                    return None
                splits.append(
                    _Split(
                        at,
                        _Chat(left=left_seen, name=name, type=h.group(2).decode(errors="replace"), id=int(h.group(3))),
                    )
                )
            prev = data[-16384:]
            pos += len(block)
    return splits


class _Reader:
    """The file as ijson reads it: counts bytes, keeps the last chunk (for error offsets) and watches nesting depth.

    Depth is tracked on the raw bytes outside JSON strings, so a file nested deeper than :data:`MAX_DEPTH` is
    stopped before the parser builds its (quadratically growing) paths.
    """

    def __init__(self, f: IO[bytes], name: str, splits: list[_Split] | None = None) -> None:
        self.f = f
        self.name = name
        self.pos = 0
        self.last = b""
        self.last_start = 0
        self.depth = 0
        self.in_string = False
        self.escaped = False
        self.string_len = 0  # bytes of the string the last chunk ended in
        self.skipping = False  # dropping the rest of an over-long string
        self.splits = list(reversed(splits or []))
        self.on_split: Any = None

    def read(self, n: int = -1) -> bytes:
        rewrite = False
        while self.splits and self.splits[-1].offset <= self.pos:
            split = self.splits.pop()
            if split.header is None:
                rewrite = True  # the "left_chats" key: read as "chats" so one item prefix covers both lists
            elif self.on_split is not None:
                self.on_split(split)
        if self.splits and n > 0:
            n = max(1, min(n, self.splits[-1].offset - self.pos))
        while True:
            chunk = self.f.read(n)
            if rewrite and chunk.startswith(b'"left_chats"'):
                chunk = b'"chats"     ' + chunk[12:]
            if not chunk:
                return chunk
            self.last_start = self.pos
            self.pos += len(chunk)
            out = self._scan(chunk)
            if out:  # empty while skipping the rest of an over-long string; b"" would mean end of file
                self.last = out
                return out

    def _string_end(self, chunk: bytes) -> int:
        """Index just past the closing quote of the string we are in, or -1 (the escape state is kept)."""
        i = 0
        if self.escaped:
            i, self.escaped = 1, False
        while True:
            j = chunk.find(b'"', i)
            if j < 0:
                seg = chunk[i:]
                self.escaped = (len(seg) - len(seg.rstrip(b"\\"))) % 2 == 1
                return -1
            k = j
            while k > i and chunk[k - 1] == 92:
                k -= 1
            if (j - k) % 2:
                i = j + 1
                continue
            self.in_string = False
            return j + 1

    def _scan(self, chunk: bytes) -> bytes:
        """Track strings and depth over ``chunk``; return the bytes to hand to the parser."""
        if self.skipping:
            end = self._string_end(chunk)
            if end < 0:
                return b""
            self.skipping = False
            return b'"' + self._scan_outside(chunk[end:])
        if self.in_string:
            end = self._string_end(chunk)
            if end < 0:
                self.string_len += len(chunk)
                return self._cut(chunk) if self.string_len > MAX_STRING_BYTES else chunk
            return chunk[:end] + self._scan_outside(chunk[end:])
        return self._scan_outside(chunk)

    def _cut(self, chunk: bytes) -> bytes:
        """End an over-long string here (at a character and escape boundary) and skip the rest of it."""
        c = len(chunk)
        while c > 0 and (chunk[c - 1] & 0xC0) == 0x80:
            c -= 1
        if c > 0 and chunk[c - 1] >= 0xC0:
            c -= 1
        k = chunk.rfind(b"\\", max(0, c - 6), c)
        if k >= 0:
            c = k
            while c > 0 and chunk[c - 1] == 92:
                c -= 1
        self.skipping = True
        self.escaped = False
        self._string_end(chunk[c:])  # sets the escape state at the end of the chunk
        self.in_string = True
        return chunk[:c] + "…[truncated]".encode()

    def _scan_outside(self, chunk: bytes) -> bytes:
        """Scan ``chunk``, which starts outside any string."""
        if not chunk:
            return chunk
        if b'\\"' in chunk:  # escaped quotes: strip whole strings with a regular expression
            rest = _STRING.sub(b"", chunk)
            q = rest.find(b'"')
            if q >= 0:
                tail = rest[q + 1 :]
                self.in_string = True
                self.escaped = (len(tail) - len(tail.rstrip(b"\\"))) % 2 == 1
                self.string_len = len(tail)
                rest = rest[:q]
        else:  # every quote delimits a string: the even-numbered parts are outside strings
            parts = chunk.split(b'"')
            if len(parts) % 2 == 0:
                tail = parts[-1]
                self.in_string = True
                self.escaped = (len(tail) - len(tail.rstrip(b"\\"))) % 2 == 1
                self.string_len = len(tail)
            rest = b"".join(parts[0::2])
        brackets = rest.translate(None, _NOT_BRACKETS)
        opens = brackets.count(b"[") + brackets.count(b"{")
        if self.depth + opens <= MAX_DEPTH:
            self.depth += 2 * opens - len(brackets)
            return chunk
        for b in brackets:
            self.depth += 1 if b in (91, 123) else -1
            if self.depth > MAX_DEPTH:
                raise InputError(
                    f"{self.name}: JSON nested deeper than {MAX_DEPTH} levels near byte {self.pos}; "
                    "this is not a Telegram Desktop export"
                )
        return chunk


def _error_offset(message: str, reader: _Reader) -> int:
    """Byte offset of a yajl parse error, from the context yajl prints and the chunk it was parsing."""
    lines = message.split("\n")
    if "premature EOF" in message or len(lines) < 2:
        return reader.pos
    snippet = lines[1]
    chunk = reader.last.replace(b"\n", b" ").replace(b"\r", b" ")
    try:
        text = snippet.encode("utf-8")
    except UnicodeEncodeError:  # pragma: no cover - yajl output is bytes decoded as UTF-8
        return reader.pos
    # yajl's offset is just past the offending token; report the token's last byte.
    for pad in range(40, 10, -1):  # offset < 30: pad = 40 - offset
        o = 40 - pad
        if text == b" " * pad + chunk[0 : o + 30]:
            return reader.last_start + max(o - 1, 0)
    body = text[10:]
    if body:
        hits = [m.start() for m in re.finditer(re.escape(body), chunk)]
        if len(hits) >= 1:
            return reader.last_start + hits[-1] + 29
    return reader.pos


# -- field conversion ----------------------------------------------------------------------------------------------


def _clean(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy with bounded depth and string size (for raw/extra columns)."""
    if isinstance(value, str):
        return value if len(value) <= MAX_VALUE_STRING else value[:MAX_VALUE_STRING] + "…[truncated]"
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth >= MAX_VALUE_DEPTH:
        return "…[nested too deep]"
    if isinstance(value, dict):
        return {str(k): _clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, depth + 1) for v in value]
    return str(value)


def flatten_text(value: Any) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities from an export ``text`` (a string, or a list of strings and entity objects).

    Entities are ``{"type", "offset", "length", …}`` with offsets in code points of the plain text; plain runs are
    not listed. Raises ValueError for anything else.
    """
    if isinstance(value, str):
        return value, []
    if not isinstance(value, list):
        raise ValueError(f"text is {type(value).__name__}, not a string or list")
    parts: list[str] = []
    entities: list[dict[str, Any]] = []
    offset = 0
    for part in value:
        if isinstance(part, str):
            parts.append(part)
            offset += len(part)
            continue
        if not isinstance(part, dict):
            raise ValueError(f"text part is {type(part).__name__}")
        t = part.get("text", "")
        if not isinstance(t, str):
            raise ValueError("text part without a string text")
        kind = part.get("type", "unknown")
        parts.append(t)
        if kind != "plain":
            ent: dict[str, Any] = {"type": str(kind), "offset": offset, "length": len(t)}
            for k, v in part.items():
                if k not in ("type", "text"):
                    ent[str(k)] = _clean(v, 1)
            entities.append(ent)
        offset += len(t)
    return "".join(parts), entities


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return value
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _peer(value: Any) -> str | None:
    """A from_id/actor_id: ``"user123"`` as written, or the old integer form (a user id)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return f"user{value}"
    return None


def _epoch(value: Any, what: str) -> datetime:
    try:
        return _fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise _Malformed(f"{what} is not a Unix time: {str(value)[:40]!r}") from exc


def _local(value: Any, zone: tzinfo, what: str) -> datetime:
    if not isinstance(value, str):
        raise _Malformed(f"{what} is not a string")
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _Malformed(f"{what} is not an ISO date: {value[:40]!r}") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone)
    return dt.astimezone(UTC)


def media_kind(media_type: str | None, mime: str | None) -> str:
    """image | video | other, from the export's media type and MIME type."""
    if media_type == "photo":
        return "image"
    if media_type in _VIDEO_TYPES:
        return "video"
    if mime:
        if mime.startswith("image/"):
            return "image"
        if mime.startswith("video/"):
            return "video"
    if media_type == "sticker":
        return "image"
    return "other"


def _membership(action: str | None, actor_id: str | None, actor: str | None, m: dict[str, Any]) -> MembershipRecord:
    raw_members = m.get("members")
    members: list[str | None] = (
        [x if isinstance(x, str) else None for x in raw_members] if isinstance(raw_members, list) else []
    )
    event = EVENT_OF_ACTION.get(action or "", "other")
    count = 0
    if action == "invite_members":
        count = len(members)
    elif action in ("join_group_by_link", "join_group_by_request"):
        count = 1
    elif action == "remove_members":
        if actor is not None and members == [actor]:
            event, count = "leave", 1
        else:
            count = len(members)
    details = {k: _clean(v, 1) for k, v in m.items() if k not in _SERVICE_CORE and k != "members"} or None
    return MembershipRecord(
        event=event,
        action=action,
        actor_id=actor_id,
        actor_name=actor,
        members=members,
        member_count=count,
        details=details,
    )


@dataclass
class _Chat:
    left: bool = False
    name: str | None = None
    type: str | None = None
    id: Any = None
    raw: dict[str, Any] = field(default_factory=dict)
    index: int = 0  # messages seen
    source_id: int | None = None
    buffer: list[tuple[Any, int, int]] = field(default_factory=list)
    ended: bool = False

    def label(self) -> str:
        name = f" {self.name!r}" if self.name else ""
        return f"chat {self.id}{name}" if self.id is not None else f"chat{name or ' (no id yet)'}"


class _Ingest:
    def __init__(self, store: Store, path: Path, root: Path, zone: tzinfo, tz_name: str, reporter: Reporter) -> None:
        self.store = store
        self.path = path
        self.root = root
        self.root_resolved = root.resolve()
        self.zone = zone
        self.reporter = reporter
        self.result = IngestResult(timezone=tz_name, path=str(path))
        self.writer = StoreWriter(store, platform=PLATFORM)
        self.chat: _Chat | None = None
        self.pending: list[tuple[str, _Chat]] = []
        self.batch: list[MessageRecord] = []
        self.batch_source: int | None = None
        self.reader: _Reader | None = None

    # ---- unknowns, errors ----

    def _unknown(self, what: str) -> None:
        self.result.unknown[what] = self.result.unknown.get(what, 0) + 1

    def _skip(self, chat: _Chat, index: int, pos: int, why: str) -> None:
        self.result.skipped += 1
        if len(self.result.errors) < MAX_ERRORS:
            self.result.errors.append({"where": f"{chat.label()} message #{index} (near byte {pos})", "why": why})

    # ---- chats and batches ----

    def _start_chat(self, chat: _Chat) -> None:
        self.flush()
        self.chat = chat

    def _open_source(self, chat: _Chat) -> bool:
        cid = _int(chat.id)
        if cid is None:
            return False
        rec = SourceRecord(
            platform=PLATFORM,
            platform_id=str(cid),
            kind=chat.type or "unknown",
            title=chat.name,
            left=chat.left,
            raw={k: _clean(v, 1) for k, v in chat.raw.items()} or None,
        )
        chat.source_id = self.writer.source(rec)
        self.result.sources += 1
        return True

    def _end_chat(self, chat: _Chat) -> None:
        chat.ended = True
        if chat.source_id is None:
            if not self._open_source(chat):
                why = "chat has no integer id"
                if chat.buffer or chat.index == 0:
                    self.result.skipped += len(chat.buffer)
                    if len(self.result.errors) < MAX_ERRORS:
                        self.result.errors.append({"where": chat.label(), "why": why})
                chat.buffer.clear()
                return
            for obj, index, pos in chat.buffer:
                self._message(chat, obj, index, pos)
            chat.buffer.clear()
        self.flush()

    def flush(self) -> None:
        if self.batch and self.batch_source is not None:
            self.result._add(self.writer.write(self.batch_source, self.batch))
            if self.reader is not None:
                self.reporter.update(self.reader.pos)
        self.batch = []

    def _drain(self) -> None:
        pending, self.pending = self.pending, []
        for what, chat in pending:
            if what == "start":
                self._start_chat(chat)
            else:
                self._end_chat(chat)

    # ---- messages ----

    def on_message(self, obj: Any) -> None:
        if self.pending:
            self._drain()
        chat = self.chat
        if chat is None:  # pragma: no cover - the router always announces a chat first
            return
        chat.index += 1
        pos = self.reader.pos if self.reader is not None else 0
        if chat.source_id is None and not self._open_source(chat):
            chat.buffer.append((obj, chat.index, pos))
            return
        self._message(chat, obj, chat.index, pos)

    def _message(self, chat: _Chat, obj: Any, index: int, pos: int) -> None:
        try:
            rec = self.convert(obj)
        except _Malformed as exc:
            self._skip(chat, index, pos, str(exc))
            return
        if self.batch_source != chat.source_id:
            self.flush()
            self.batch_source = chat.source_id
        self.batch.append(rec)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def convert(self, m: Any) -> MessageRecord:
        if not isinstance(m, dict):
            raise _Malformed(f"message is {type(m).__name__}, not an object")
        get = m.get
        mid = get("id")
        # ``__class__ is int`` also rejects bools (a subclass of int) in one test.
        if mid.__class__ is not int or not _MIN_ID <= mid < _MAX_ID:
            if mid is None:
                raise _Malformed("message has no id")
            raise _Malformed(f"message id is not an integer: {str(mid)[:40]!r}")
        kind = get("type", "message")
        if kind.__class__ is not str and not isinstance(kind, str):
            raise _Malformed("message type is not a string")
        if kind not in KNOWN_TYPES:
            self._unknown(f"type:{kind[:64]}")

        date_raw = get("date")
        unixtime = get("date_unixtime", _ABSENT)
        if unixtime is not _ABSENT:
            date: datetime | None = _epoch(unixtime, "date_unixtime")
        elif date_raw is not None:
            date = _local(date_raw, self.zone, "date")
            self.result.dates_from_local_time += 1
        else:
            date = None
        if "edited" not in m and "edited_unixtime" not in m:  # most messages were never edited
            edited: datetime | None = None
        elif "edited_unixtime" in m:
            edited = _epoch(m["edited_unixtime"], "edited_unixtime")
        else:
            edited = _local(m["edited"], self.zone, "edited")

        raw_text = get("text", "")
        if raw_text == "" and isinstance(get("text_entities"), list) and m["text_entities"]:
            raw_text = m["text_entities"]
        if raw_text.__class__ is str:
            text: str = raw_text
            entities: list[dict[str, Any]] = []
        else:
            try:
                text, entities = flatten_text(raw_text)
            except ValueError as exc:
                raise _Malformed(str(exc)) from exc
        extra: dict[str, Any] = {}
        if len(text) > MAX_TEXT:
            extra["text_truncated_from"] = len(text)
            text = text[:MAX_TEXT]

        rec = MessageRecord(
            platform_message_id=mid,
            kind=kind,
            date=date,
            date_raw=date_raw[:40] if isinstance(date_raw, str) else None,
            text=text,
            entities=entities,
            edited_at=edited,
        )
        if kind == "service":
            self._service(m, rec, extra)
        else:
            self._regular(m, rec, extra)
        rec.extra = extra or None
        return rec.finish()

    def _service(self, m: dict[str, Any], rec: MessageRecord, extra: dict[str, Any]) -> None:
        action = m.get("action")
        if action is not None and not isinstance(action, str):
            action = str(action)
        if action is None and "information_text" in m:
            action = "custom"
        elif action is not None and action not in KNOWN_ACTIONS:
            self._unknown(f"action:{action[:64]}")
        actor = _str(m.get("actor"))
        actor_id = _peer(m.get("actor_id"))
        rec.action = action[:64] if action else None
        rec.author_id = actor_id
        rec.author_name = actor
        rec.membership = _membership(action, actor_id, actor, m)
        if rec.membership.details:
            extra.update(rec.membership.details)

    def _regular(self, m: dict[str, Any], rec: MessageRecord, extra: dict[str, Any]) -> None:
        # The hot path of a large ingest: absent keys keep the record's None defaults.
        v = m.get("from")
        rec.author_name = v if v.__class__ is str else None
        v = m.get("from_id")
        rec.author_id = v if v.__class__ is str else _peer(v)
        keys = m.keys()
        optional = keys & _OPTIONAL_KEYS
        if optional:
            if "author" in optional:
                rec.signature = _str(m["author"])
            if "forwarded_from" in optional:
                rec.forwarded_from = _str(m["forwarded_from"])
                if m["forwarded_from"] is None:  # forwarded from a deleted or hidden account
                    extra["forwarded_from_hidden"] = True
            if "saved_from" in optional:
                rec.saved_from = _str(m["saved_from"])
            if "via_bot" in optional:
                rec.via_bot = _str(m["via_bot"])
            if "reply_to_message_id" in optional:
                rec.reply_to_message_id = _int(m["reply_to_message_id"])
            if "reply_to_peer_id" in optional:
                peer = m["reply_to_peer_id"]
                if isinstance(peer, str | int) and not isinstance(peer, bool):
                    rec.reply_to_peer_id = str(peer)[:64]
            if "photo" in optional or "file" in optional:
                self._media(m, rec)
            if not optional.isdisjoint(_EXTRA_SET):
                for key in _EXTRA_KEYS:
                    if key in optional:
                        extra[key] = _clean(m[key], 1)
        if not keys <= _KNOWN_MESSAGE_KEYS:
            raw = {}
            for key in m:  # in file order, so the stored JSON is the same on every run
                if key not in _KNOWN_MESSAGE_KEYS:
                    self._unknown(f"key:{key[:64]}")
                    raw[key] = _clean(m[key], 1)
            rec.raw_unknown = raw

    def _media(self, m: dict[str, Any], rec: MessageRecord) -> None:
        info: dict[str, Any] = {}
        if "photo" in m:
            media_type = "photo"
            ref = m.get("photo")
            size = _int(m.get("photo_file_size"))
        else:
            media_type = _str(m.get("media_type")) or "file"
            ref = m.get("file")
            size = _int(m.get("file_size"))
        mime = _str(m.get("mime_type"))
        width, height = _int(m.get("width")), _int(m.get("height"))
        duration = _num(m.get("duration_seconds"))
        present = False
        if isinstance(ref, str):
            if ref in PLACEHOLDERS or (ref.startswith("(File ") and ref.endswith(")")):
                info["placeholder"] = ref
            else:
                info["path"] = ref
                full = self._local_file(ref)
                if full is not None:
                    present = True
                    rec.media_files.append(
                        MediaFile(
                            path=full,
                            rel_path=ref,
                            kind=media_kind(media_type, mime),
                            mime_type=mime,
                            width=width,
                            height=height,
                            duration=duration,
                        )
                    )
        info["present"] = present
        for key, value in (
            ("file_name", _str(m.get("file_name"))),
            ("size", size),
            ("mime_type", mime),
            ("width", width),
            ("height", height),
            ("duration", duration),
            ("sticker_emoji", _str(m.get("sticker_emoji"))),
            ("performer", _str(m.get("performer"))),
            ("title", _str(m.get("title"))),
            ("thumbnail_size", _int(m.get("thumbnail_file_size"))),
            ("self_destruct_seconds", _int(m.get("self_destruct_period_seconds"))),
        ):
            if value is not None:
                info[key] = value
        if m.get("media_spoiler") is True:
            info["spoiler"] = True
        thumb = m.get("thumbnail")
        if isinstance(thumb, str):
            if thumb in PLACEHOLDERS or thumb.startswith("(File "):
                info["thumbnail_placeholder"] = thumb
            else:
                info["thumbnail"] = thumb
                info["thumbnail_present"] = self._local_file(thumb) is not None
        rec.media_type = media_type[:32]
        rec.media_info = info

    def _local_file(self, rel: str) -> Path | None:
        """The file ``rel`` under the export root, if it exists and does not escape the root."""
        if not rel or rel.startswith(("/", "\\")) or ".." in Path(rel).parts or len(rel) > 4096:
            return None
        full = self.root / rel
        try:
            if not full.is_file():
                return None
            if full.is_symlink() and not full.resolve().is_relative_to(self.root_resolved):
                return None
        except (OSError, ValueError):
            return None
        return full

    # ---- the stream ----

    def run(self) -> IngestResult:
        size = self.path.stat().st_size
        self.result.bytes = size
        if size == 0:
            raise InputError(f"{self.path}: empty file, not a Telegram Desktop export")
        shape, single = self._peek()
        self.result.export_id = self.writer.begin_export(str(self.path), str(self.root), size, self.result.timezone)
        self.reporter.start(f"ingesting {self.path.name}", total=size)
        with self.path.open("rb") as f:
            reader = self.reader = _Reader(f, str(self.path))
            try:
                splits = _chat_splits(self.path) if shape == "full" else None
                if single is not None:
                    self.pending.append(("start", single))
                    for obj in ijson.items(reader, "messages.item", use_float=True):
                        self.on_message(obj)
                    self.pending.append(("end", single))
                elif splits is not None:
                    # Fast path: ijson's C builder yields the messages of both lists; chat boundaries come from
                    # the byte offsets found by the scan, announced as the reader reaches them.
                    reader = self.reader = _Reader(f, str(self.path), splits)
                    current: list[_Chat] = []

                    def on_split(split: _Split) -> None:
                        if current:
                            self.pending.append(("end", current.pop()))
                        assert split.header is not None
                        current.append(split.header)
                        self.pending.append(("start", split.header))

                    reader.on_split = on_split
                    for obj in ijson.items(reader, "chats.list.item.messages.item", use_float=True):
                        self.on_message(obj)
                    if current:
                        self.pending.append(("end", current.pop()))
                else:
                    events = self._route(ijson.parse(reader, use_float=True), shape == "single")
                    for obj in ijson.items(events, "messages.item"):
                        self.on_message(obj)
            except ijson.JSONError as exc:
                self.batch = []
                why = str(exc).split("\n", 1)[0].removeprefix("parse error: ")
                offset = _error_offset(str(exc), reader)
                raise InputError(f"{self.path}: malformed JSON at byte {offset}: {why}") from None
            self._drain()
            self.flush()
        self.reporter.update(size)
        self.writer.finish_export(self.result.export_id, self._counts())
        return self.result

    def _counts(self) -> dict[str, Any]:
        counts = self.result.to_dict()
        counts.update(
            unknown=self.result.unknown,
            edits_recorded=self.result.edits_recorded,
            dates_from_local_time=self.result.dates_from_local_time,
            timezone=self.result.timezone,
        )
        return counts

    def _peek(self) -> tuple[str, _Chat | None]:
        """("single", chat) for a single-chat export whose name/type/id precede its messages (the fast path),
        ("single", None) for another single-chat export, ("full", None) for a full-account export."""
        chat = _Chat()
        with self.path.open("rb") as f:
            reader = _Reader(f, str(self.path))
            try:
                events = ijson.parse(reader, use_float=True)
                first = next(events, None)
                if first is None:
                    raise InputError(f"{self.path}: empty file, not a Telegram Desktop export")
                if first[1] != "start_map":
                    raise InputError(f"{self.path}: not a Telegram Desktop export (the top level is not an object)")
                for prefix, event, value in events:
                    if prefix == "" and event == "map_key":
                        if value == "messages":
                            return "single", (chat if chat.id is not None else None)
                        if value in ("chats", "left_chats"):
                            return "full", None
                    elif prefix in ("name", "type", "id") and event in ("string", "number"):
                        setattr(chat, prefix, value)
                    elif prefix == "" and event == "end_map":
                        raise InputError(f"{self.path}: not a Telegram Desktop export (no messages or chats)")
            except ijson.JSONError as exc:
                why = str(exc).split("\n", 1)[0].removeprefix("parse error: ")
                raise InputError(
                    f"{self.path}: malformed JSON at byte {_error_offset(str(exc), reader)}: {why}"
                ) from None
        raise InputError(f"{self.path}: not a Telegram Desktop export (no messages or chats)")

    def _route(self, events: Iterator[tuple[str, str, Any]], single: bool) -> Iterator[tuple[str, str, Any]]:
        """Pass message events on as ``messages.item…`` and keep the chat-level ones to ourselves.

        ``single``: the top-level object is the chat (a single-chat export whose id follows its messages).
        """
        chats_msg, left_msg = "chats.list.item.messages.item", "left_chats.list.item.messages.item"
        chat: _Chat | None = None
        for prefix, event, value in events:
            if prefix.startswith(chats_msg):
                yield prefix[16:], event, value
            elif prefix.startswith(left_msg):
                yield prefix[21:], event, value
            elif prefix.startswith("messages.item"):
                yield prefix, event, value
            elif prefix in ("chats.list.item", "left_chats.list.item"):
                if event == "start_map":
                    chat = _Chat(left=prefix[0] == "l")
                    self.pending.append(("start", chat))
                elif event == "end_map" and chat is not None:
                    self.pending.append(("end", chat))
                    chat = None
            elif prefix == "" and single and event in ("start_map", "end_map"):
                if event == "start_map":
                    chat = _Chat()
                    self.pending.append(("start", chat))
                elif chat is not None:
                    self.pending.append(("end", chat))
                    chat = None
            elif event in ("string", "number", "boolean", "null") and chat is not None:
                key = prefix.rpartition(".")[2]
                parent = prefix[: -len(key) - 1] if "." in prefix else ""
                if parent in ("", "chats.list.item", "left_chats.list.item"):
                    if key in ("name", "type", "id"):
                        setattr(chat, key, value)
                    elif parent != "" or key not in ("about",):
                        chat.raw[key] = value


def _resolve(path: Path) -> tuple[Path, Path]:
    if path.is_dir():
        candidate = path / "result.json"
        if not candidate.is_file():
            raise InputError(f"{path}: no result.json in this folder (is it a Telegram Desktop JSON export?)")
        return candidate, path
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder")
    return path, path.parent


def ingest_path(
    store: Store, path: str | Path, *, timezone: str = "UTC", reporter: Reporter | None = None
) -> IngestResult:
    """Ingest a Telegram Desktop JSON export: ``path`` is ``result.json`` or the folder that holds it.

    ``timezone`` (an IANA name) is how the zone-less ``date`` is read when ``date_unixtime`` is missing (exports
    before mid-2022); it is recorded on the ``ExportFile`` row. Raises :class:`~tragac.errors.InputError` for input
    that cannot be read at all.
    """
    try:
        zone: tzinfo = UTC if timezone.upper() == "UTC" else ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {timezone!r} (use an IANA name such as Europe/Belgrade)") from None
    file, root = _resolve(Path(path).expanduser().absolute())
    return _Ingest(store, file, root, zone, timezone, reporter or NullReporter()).run()
