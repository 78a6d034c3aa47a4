"""What every ingest source is, the result an ingest returns, and the registry ``tragac ingest`` dispatches through.

A source reads one kind of input (a Telegram Desktop JSON or HTML export, a platform's data download) into the store
through :class:`~tragac.sources.writer.StoreWriter`. Built-ins register in :mod:`tragac.sources.builtin` (one line
per source) and plugins through the same ``register_sources`` hook; plugins are asked first, so a plugin can claim a
file the built-in would also accept.

The bad-input rules every source shares live here, once: :func:`zone_for` (``--timezone``), :func:`read_text` and
:func:`not_utf8` (a file that is not UTF-8 names its first bad byte), :func:`sniff_format` (an HTML page given where
JSON is expected, or the reverse, is named), :class:`DuplicateIds` (a repeated message id within a chat: the first
is kept, the count is a warning) and :func:`check_timezone` (a re-ingest in another zone than before is refused
unless ``--retime``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tragac.errors import InputError
from tragac.plugins import PluginRegistry
from tragac.progress import Reporter
from tragac.sources.writer import BatchResult
from tragac.store.db import Store

MAX_LISTED = 100  # errors and warnings listed in a result; all are counted


@dataclass
class IngestResult:
    """What one ingest did. :meth:`to_dict` is the ``--json`` output; the other fields are extra detail."""

    sources: int = 0
    messages_added: int = 0
    messages_updated: int = 0
    messages_unchanged: int = 0
    messages_retimed: int = 0  # --retime: times rewritten in the new zone
    messages_merged: int = 0  # a JSON export merged into a chat read from HTML: rows replaced by the JSON record
    service_messages: int = 0
    media: int = 0
    media_files_present: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)  # stored, but the analyst should know (duplicates)
    unstored: list[str] = field(default_factory=list)  # chats that could not be stored at all: the command fails
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
            "messages_retimed": self.messages_retimed,
            "messages_merged": self.messages_merged,
            "service_messages": self.service_messages,
            "media": self.media,
            "media_files_present": self.media_files_present,
            "skipped": self.skipped,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }

    def warn(self, where: str, why: str) -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append({"where": where, "why": why})

    def error(self, where: str, why: str) -> None:
        if len(self.errors) < MAX_LISTED:
            self.errors.append({"where": where, "why": why})

    def _add(self, batch: BatchResult) -> None:
        self.messages_added += batch.added
        self.messages_updated += batch.updated
        self.messages_unchanged += batch.unchanged
        self.service_messages += batch.service
        self.media += batch.media
        self.media_files_present += batch.media_files_present
        self.edits_recorded += batch.edits_recorded
        self.messages_retimed += batch.retimed
        self.messages_merged += batch.merged


class Source(ABC):
    """An input Tragač can ingest: declares its name and help on the class; ``sniff`` must be cheap."""

    name: ClassVar[str]
    help: ClassVar[str] = ""
    options: ClassVar[frozenset[str]] = frozenset()  # extra ingest keywords: "retime", "same_as"

    @abstractmethod
    def sniff(self, path: Path) -> bool:
        """Whether ``path`` (a file or folder that exists) looks like this source's input."""

    @abstractmethod
    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        """Read ``path`` into ``store``; idempotent; raises InputError for input that cannot be read at all.

        A source that takes more (``tragac ingest --retime``, ``--same-as``) accepts them as extra keyword
        arguments with defaults and lists their names in :attr:`options`; the command refuses them for others."""


SOURCES: PluginRegistry[Source] = PluginRegistry("register_sources", key=lambda src: src.name)


class Collector(ABC):
    """A source that fetches from a live service instead of reading a path (live Telegram, the website watch): one
    pass over what it is configured to follow, written through the same store writer as every file source.

    ``tragac collect run --once --source NAME`` runs any registered collector; built-ins register in
    :mod:`tragac.sources.builtin`, plugins through the ``register_collectors`` hook."""

    name: ClassVar[str]
    help: ClassVar[str] = ""
    options: ClassVar[frozenset[str]] = frozenset()  # keywords collect_once takes: "account", "allow_loopback"

    @abstractmethod
    def collect_once(self, store: Store, *, reporter: Reporter, **options: Any) -> dict[str, Any]:
        """One pass; returns what ``--json`` prints. Raises TragacError for what stops the pass as a whole."""

    def summary(self, out: dict[str, Any]) -> list[str]:
        """Lines a person reads after a pass (the command prints them); by default the pass's counts."""
        return [", ".join(f"{k}: {v}" for k, v in out.items() if isinstance(v, int | float | str))]


COLLECTORS: PluginRegistry[Collector] = PluginRegistry("register_collectors", key=lambda c: c.name)


def collector_named(name: str) -> Collector:
    known = COLLECTORS.snapshot()
    try:
        return known[name]
    except KeyError:
        raise InputError(f"unknown collector {name!r}; choose one of: {', '.join(known)}") from None


def source_for(path: Path, name: str | None = None) -> Source:
    """The source named ``name``, or else the first (plugins before built-ins) whose ``sniff`` accepts ``path``."""
    known = SOURCES.snapshot()
    if name is not None:
        try:
            return known[name]
        except KeyError:
            raise InputError(f"unknown source {name!r}; choose one of: {', '.join(known)}") from None
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    builtin = set(SOURCES.builtin_names())
    for src in sorted(known.values(), key=lambda s: s.name in builtin):  # stable: plugins first
        if src.sniff(path):
            return src
    raise InputError(f"{path}: no source reads this; pass --source ({', '.join(known)})")


# -- bad input, one home -------------------------------------------------------------------------------------------


def zone_for(timezone: str) -> tzinfo:
    """The zone an IANA name names; an unknown one is an :class:`InputError`."""
    try:
        return UTC if timezone.upper() == "UTC" else ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {timezone!r} (use an IANA name such as Europe/Belgrade)") from None


def _guess_encoding(data: bytes) -> str | None:
    """A hint at what a non-UTF-8 file is (re-saved exports are usually UTF-16 or a Windows code page)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 20:
        return "UTF-16"
    sample = data[: 1 << 16]
    controls = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 13))
    if controls > len(sample) // 100:
        return None  # not text at all (a picture, an archive): no encoding to suggest
    high = [b for b in sample if b >= 0x80]
    if not high:
        return None
    if sum(1 for b in high if b >= 0xC0) / len(high) > 0.6:
        return "Windows-1251 (Cyrillic)"  # Cyrillic letters are 0xC0-0xFF; UTF-8 would need continuation bytes
    return "a Windows code page (such as Windows-1252)"


def not_utf8(path: Path | str, data: bytes, offset: int) -> InputError:
    """The one error for a file that is not UTF-8 (Telegram and the platforms write UTF-8; an editor re-saved it)."""
    hint = _guess_encoding(data)
    looks = f"; it looks like {hint}" if hint else ""
    return InputError(f"{path}: not UTF-8 (first bad byte at {offset}{looks}): use the original export")


def first_bad_utf8(path: Path) -> int | None:
    """Offset of the first byte that is not valid UTF-8 in ``path`` (read in blocks), or None."""
    carry = b""  # an incomplete character at the end of the previous block
    pos = 0  # file offset of ``carry``'s first byte
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            data = carry + block
            carry = b""
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
                    carry = data[exc.start :]
                else:
                    return pos + exc.start
            pos += len(data) - len(carry)
    return pos if carry else None


def read_text(path: Path) -> str:
    """A file's text; one that is not UTF-8 is refused with the offset of its first bad byte."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        raise not_utf8(path, data, exc.start + bom) from None


def sniff_format(head: bytes) -> str | None:
    """``"html"``, ``"json"`` or None from a file's first bytes (after a BOM and white space)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:15].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<div", b"<body", b"<head")):
        return "html"
    if start.startswith((b"{", b"[")):
        return "json"
    return None


class DuplicateIds:
    """Message ids already seen in one chat: a repeated id keeps the first message and is counted, so a re-ingest
    is stable (the writer would otherwise store the second as an edit of the first, every time).

    Ids are kept as bits in 512-byte blocks of 4,096 ids (Telegram's ids are dense within a chat), so a chat of a
    million messages costs about 150 KiB, not the tens of megabytes a set of ints would: memory stays flat however
    long the export."""

    __slots__ = ("_blocks", "count")

    def __init__(self) -> None:
        self._blocks: dict[int, bytearray] = {}
        self.count = 0

    def first(self, message_id: int) -> bool:
        """Whether ``message_id`` is new in this chat (and remember it)."""
        block = self._blocks.get(message_id >> 12)
        if block is None:
            block = self._blocks[message_id >> 12] = bytearray(512)
        low = message_id & 0xFFF
        bit = 1 << (low & 7)
        if block[low >> 3] & bit:
            self.count += 1
            return False
        block[low >> 3] |= bit
        return True

    def report(self, result: IngestResult, where: str) -> None:
        if self.count:
            result.warn(where, f"{self.count} duplicate message id(s); the first of each was kept")


def check_timezone(store: Store, path: str, timezone: str, *, retime: bool) -> str | None:
    """Refuse to re-ingest ``path`` in another zone than its earlier ingests, unless ``retime``.

    Returns the zone of the latest earlier ingest (None for a first ingest). Only exports that had local times need
    a zone, so a re-ingest of one whose every time carried its offset passes in any zone."""
    import sqlalchemy as sa

    from tragac.store.models import ExportFile

    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(ExportFile.timezone, ExportFile.counts)
            .where(ExportFile.path == path, ExportFile.finished_at.is_not(None))
            .order_by(ExportFile.id)
        ).all()
    if not rows:
        return None
    last_zone = str(rows[-1].timezone)  # after a --retime, the zone it was retimed in
    local = any(int((r.counts or {}).get("dates_from_local_time") or 0) > 0 for r in rows)
    if retime or not local or last_zone.upper() == timezone.upper():
        return last_zone
    raise InputError(
        f"{path} was ingested with --timezone {last_zone}, now {timezone}: its local times would disagree; "
        f"pass --retime to rewrite that export's times in {timezone}, or use --timezone {last_zone}"
    )
