"""Turn a parsed HTML message (:class:`~tragac.sources.telegram_html.parser.HtmlMessage`) into a
:class:`~tragac.sources.records.MessageRecord`, the same record the JSON export produces.

HTML has no user ids, so an author is keyed per chat by display name: :func:`synthetic_author_id` is a stable hash of
(chat key, name). "Deleted Account" is every deleted user at once, so it never becomes one author (no id, no name),
as in the JSON export where deleted users have no name.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from tragac.sources.records import MediaFile, MembershipRecord, MessageRecord
from tragac.sources.telegram_html.parser import HtmlMessage

DELETED_ACCOUNT = "Deleted Account"
SYNTHETIC_PREFIX = "html:"

# "23.08.2023 13:11:23 UTC-08:00" (2019+), "25.08.2017 02:51:02" (2017, the exporter's local time) and
# "23.08.2023 13:11:23 UTC+0200"-style offsets without a colon; seconds are optional in the oldest layout.
_DATE = re.compile(r"^\s*(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d)(?::(\d\d))?(?:\s*UTC\s*([+-])(\d\d?)(?::?(\d\d))?)?")

_IMAGE_EXT = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"})
_VIDEO_EXT = frozenset({".mp4", ".mov", ".webm", ".mkv", ".avi", ".m4v"})

# Service texts (Telegram Desktop writes them in English) → (membership event, the JSON export's action name).
_SERVICE = [
    (re.compile(r"^(?P<actor>.+?) invited (?P<members>.+)$"), "invite", "invite_members"),
    (re.compile(r"^(?P<actor>.+?) removed (?P<members>.+)$"), "remove", "remove_members"),
    (re.compile(r"^(?P<actor>.+?) joined (the )?group by link"), "join", "join_group_by_link"),
    (re.compile(r"^(?P<actor>.+?) joined (the )?group by request"), "join", "join_group_by_request"),
    (re.compile(r"^(?P<actor>.+?) created (the )?group"), "create", "create_group"),
    (re.compile(r"^(?P<actor>.+?) created (the )?channel"), "create", "create_channel"),
    (re.compile(r"^(?P<actor>.+?) converted (a|this) (basic )?group"), "migrate", "migrate_to_supergroup"),
    (re.compile(r"^(?P<actor>.+?) pinned "), "pin", "pin_message"),
    (re.compile(r"^(?P<actor>.+?) changed (the )?group title"), "title", "edit_group_title"),
    (re.compile(r"^(?P<actor>.+?) changed (the )?group photo"), "photo", "edit_group_photo"),
    (re.compile(r"^(?P<actor>.+?) removed (the )?group photo"), "photo", "delete_group_photo"),
]
_SERVICE_ORDER = [2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1]  # the specific "removed group photo" before "removed …"


class BadDate(ValueError):
    """A date title that is not in any layout we know."""


@functools.lru_cache(maxsize=64)
def _offset_zone(sign: str, hours: str, minutes: str | None) -> timezone:
    """A fixed zone for a title's offset: an export has one or two offsets, and a million titles need no million."""
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return timezone(offset if sign == "+" else -offset)


def parse_date(title: str, zone: tzinfo) -> tuple[datetime, bool]:
    """(UTC time, whether the title carried its UTC offset) of a ``date details`` title."""
    m = _DATE.match(title)
    if m is None:
        raise BadDate(f"date {title!r} is not DD.MM.YYYY HH:MM[:SS] [UTC±hh:mm]")
    d, mo, y, h, mi, s, sign, oh, om = m.groups()
    if sign is not None:
        tz: tzinfo = _offset_zone(sign, oh, om)
        local = True
    else:
        tz, local = zone, False
    value = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=tz)
    return value.astimezone(UTC), local


def synthetic_author_id(chat_key: str, name: str) -> str:
    """A stable author id for a display name within one chat (HTML exports carry no user ids)."""
    digest = hashlib.sha256(f"{chat_key}\x00{name}".encode()).hexdigest()[:20]
    return SYNTHETIC_PREFIX + digest


def _media_kind(href: str) -> str:
    ext = Path(href).suffix.lower()
    return "image" if ext in _IMAGE_EXT else "video" if ext in _VIDEO_EXT else "other"


def _membership(text: str) -> MembershipRecord | None:
    line = " ".join(text.split())
    for i in _SERVICE_ORDER:
        pattern, event, action = _SERVICE[i]
        m = pattern.match(line)
        if m is None:
            continue
        groups = m.groupdict()
        actor = groups.get("actor")
        names = re.split(r", | and ", groups["members"]) if groups.get("members") else []
        members: list[str | None] = [None if n == DELETED_ACCOUNT else n for n in names]
        if event == "remove" and names == [actor]:
            event = "leave"  # "X removed X" is how Telegram writes that someone left, as the JSON converter reads it
        count = len(members) if event in ("invite", "remove", "leave") else (1 if event == "join" else 0)
        return MembershipRecord(
            event=event,
            action=action,
            actor_name=None if actor == DELETED_ACCOUNT else actor,
            members=members,
            member_count=count,
        )
    return None


class Converter:
    """Converts the messages of one chat in page order; carries the sender of ``joined`` continuations."""

    def __init__(self, chat_key: str, root: Path, zone: tzinfo) -> None:
        self.chat_key = chat_key
        self.root = root
        self.zone = zone
        self.previous_sender: str | None = None
        self.dates_from_local_time = 0
        self.last_date: datetime | None = None
        self._authors: dict[str, str] = {}  # display name -> synthetic id (a hash per message would be wasted)

    def _author(self, name: str | None) -> tuple[str | None, str | None]:
        if name is None or name == DELETED_ACCOUNT or not name:
            return None, None
        pid = self._authors.get(name)
        if pid is None:
            if len(self._authors) > 100_000:  # a chat with more names than this: keep memory flat
                self._authors.clear()
            pid = self._authors[name] = synthetic_author_id(self.chat_key, name)
        return pid, name

    def convert(self, m: HtmlMessage, page_dir: Path) -> MessageRecord:
        """The record for ``m``; raises :class:`BadDate` for a date we cannot read."""
        date = None
        if m.date_title is not None:
            date, had_offset = parse_date(m.date_title, self.zone)
            if not had_offset:
                self.dates_from_local_time += 1
        if date is not None:
            self.last_date = date
        if m.service:
            actor = _membership(m.text)
            inferred = date is None and self.last_date is not None
            if inferred:
                # The HTML layout gives service messages no time: use the previous message's, and say so.
                date = self.last_date
            rec = MessageRecord(
                platform_message_id=m.id,
                kind="service",
                date=date,
                date_raw=m.date_title,
                text=m.text,
                action=actor.action if actor is not None else None,
                membership=actor,
                author_name=actor.actor_name if actor is not None else None,
            )
            if actor is not None and actor.actor_name is not None:
                rec.author_id = synthetic_author_id(self.chat_key, actor.actor_name)
            if inferred:
                rec.extra = {"date_inferred": "previous message"}
            return rec.finish()
        sender = self.previous_sender if m.joined and m.from_name is None else m.from_name
        self.previous_sender = sender
        author_id, author_name = self._author(sender)
        rec = MessageRecord(
            platform_message_id=m.id,
            kind="message",
            date=date,
            date_raw=m.date_title,
            author_id=author_id,
            author_name=author_name,
            signature=m.signature,
            text=m.text,
            reply_to_message_id=m.reply_to_id,
            forwarded_from=m.forwarded_from,
            via_bot=("@" + m.via_bot) if m.via_bot else None,
        )
        if m.links:
            rec.entities = _link_entities(m.text, m.links)
        if m.forward_date_title:
            with contextlib.suppress(BadDate):  # an unreadable forward date is not worth the message
                rec.forward_date = parse_date(m.forward_date_title, self.zone)[0]
        extra: dict[str, object] = {}
        if m.reply_other_chat:
            extra["reply_in_another_chat"] = True
        if m.reactions:
            extra["reactions"] = [{"emoji": e, "count": c} for e, c in m.reactions]
        if extra:
            rec.extra = extra
        if m.media_type is not None:
            rec.media_type = m.media_type
            info: dict[str, object] = {}
            for key in ("media_title", "media_status", "media_description"):
                value = getattr(m, key)
                if value:
                    info[key.removeprefix("media_")] = value
            if m.media_href:
                info["file"] = m.media_href
                path = (page_dir / m.media_href).resolve()
                if path.is_file():
                    try:
                        rel = path.relative_to(self.root).as_posix()
                    except ValueError:  # a link out of the export folder: record, never follow
                        rel = None
                    if rel is not None:
                        rec.media_files.append(MediaFile(path=path, rel_path=rel, kind=_media_kind(m.media_href)))
            else:
                info["not_included"] = True  # the exporter did not download it (the default for all but photos)
            rec.media_info = info
        return rec.finish()


def _link_entities(text: str, links: list[tuple[str, str]]) -> list[dict[str, object]]:
    """``text_link`` entities for the links of a message, located in order in its text."""
    out: list[dict[str, object]] = []
    pos = 0
    for shown, href in links:
        shown = shown.strip()
        if not shown:
            continue
        at = text.find(shown, pos)
        if at < 0:
            continue
        kind = "link" if shown == href or href == "http://" + shown or href == "https://" + shown else "text_link"
        ent: dict[str, object] = {"type": kind, "offset": at, "length": len(shown)}
        if kind == "text_link":
            ent["href"] = href
        out.append(ent)
        pos = at + len(shown)
    return out
