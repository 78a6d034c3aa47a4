"""Turning one message object of a Telegram Desktop JSON export into a :class:`~tragac.sources.records.MessageRecord`.

Pure conversion: bounded copies of unknown payloads, dates in UTC, media files looked up under the export root.
A message that cannot be stored raises :class:`Malformed` (ingest skips and reports it)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from tragac.sources.records import EVENT_OF_ACTION, MediaFile, MembershipRecord, MessageRecord

MAX_TEXT = 1_000_000  # characters kept of a message text (Telegram allows 4,096)
MAX_VALUE_DEPTH = 32  # nesting kept in raw/extra JSON columns
MAX_VALUE_STRING = 65_536  # characters kept of a string in raw/extra JSON columns

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


class Malformed(Exception):
    """A message we cannot store; skipped and reported."""


def clean(value: Any, depth: int = 0) -> Any:
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
        return {str(k): clean(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v, depth + 1) for v in value]
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
                    ent[str(k)] = clean(v, 1)
            entities.append(ent)
        offset += len(t)
    return "".join(parts), entities


def as_int(value: Any) -> int | None:
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
        raise Malformed(f"{what} is not a Unix time: {str(value)[:40]!r}") from exc


def _local(value: Any, zone: tzinfo, what: str) -> datetime:
    if not isinstance(value, str):
        raise Malformed(f"{what} is not a string")
    try:
        dt = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Malformed(f"{what} is not an ISO date: {value[:40]!r}") from exc
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
    details = {k: clean(v, 1) for k, v in m.items() if k not in _SERVICE_CORE and k != "members"} or None
    return MembershipRecord(
        event=event,
        action=action,
        actor_id=actor_id,
        actor_name=actor,
        members=members,
        member_count=count,
        details=details,
    )


class Converter:
    """Converts messages of one export: ``root`` is the folder media paths are relative to, ``zone`` how zone-less
    dates are read. Counts what it did not understand into ``unknown`` and local-time dates."""

    def __init__(self, root: Path, zone: tzinfo, unknown: dict[str, int] | None = None) -> None:
        self.root = root
        self.root_resolved = root.resolve()
        self.zone = zone
        self.unknown = unknown if unknown is not None else {}
        self.dates_from_local_time = 0

    def _unknown(self, what: str) -> None:
        self.unknown[what] = self.unknown.get(what, 0) + 1

    def convert(self, m: Any) -> MessageRecord:
        if not isinstance(m, dict):
            raise Malformed(f"message is {type(m).__name__}, not an object")
        get = m.get
        mid = get("id")
        # ``__class__ is int`` also rejects bools (a subclass of int) in one test.
        if mid.__class__ is not int or not _MIN_ID <= mid < _MAX_ID:
            if mid is None:
                raise Malformed("message has no id")
            raise Malformed(f"message id is not an integer: {str(mid)[:40]!r}")
        kind = get("type", "message")
        if kind.__class__ is not str and not isinstance(kind, str):
            raise Malformed("message type is not a string")
        if kind not in KNOWN_TYPES:
            self._unknown(f"type:{kind[:64]}")

        date_raw = get("date")
        unixtime = get("date_unixtime", _ABSENT)
        if unixtime is not _ABSENT:
            date: datetime | None = _epoch(unixtime, "date_unixtime")
        elif date_raw is not None:
            date = _local(date_raw, self.zone, "date")
            self.dates_from_local_time += 1
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
                raise Malformed(str(exc)) from exc
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
                rec.reply_to_message_id = as_int(m["reply_to_message_id"])
            if "reply_to_peer_id" in optional:
                peer = m["reply_to_peer_id"]
                if isinstance(peer, str | int) and not isinstance(peer, bool):
                    rec.reply_to_peer_id = str(peer)[:64]
            if "photo" in optional or "file" in optional:
                self._media(m, rec)
            if not optional.isdisjoint(_EXTRA_SET):
                for key in _EXTRA_KEYS:
                    if key in optional:
                        extra[key] = clean(m[key], 1)
        if not keys <= _KNOWN_MESSAGE_KEYS:
            raw = {}
            for key in m:  # in file order, so the stored JSON is the same on every run
                if key not in _KNOWN_MESSAGE_KEYS:
                    self._unknown(f"key:{key[:64]}")
                    raw[key] = clean(m[key], 1)
            rec.raw_unknown = raw

    def _media(self, m: dict[str, Any], rec: MessageRecord) -> None:
        info: dict[str, Any] = {}
        if "photo" in m:
            media_type = "photo"
            ref = m.get("photo")
            size = as_int(m.get("photo_file_size"))
        else:
            media_type = _str(m.get("media_type")) or "file"
            ref = m.get("file")
            size = as_int(m.get("file_size"))
        mime = _str(m.get("mime_type"))
        width, height = as_int(m.get("width")), as_int(m.get("height"))
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
            ("thumbnail_size", as_int(m.get("thumbnail_file_size"))),
            ("self_destruct_seconds", as_int(m.get("self_destruct_period_seconds"))),
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
