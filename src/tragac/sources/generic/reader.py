"""Read the generic CSV / JSONL format into threads of records (the columns are in :mod:`.columns`).

Both are read a row at a time (constant memory but for the message ids seen, which drop repeats). A row that cannot
be read (no id, a time that is not a time) is skipped and reported with its line; a file without the required
columns, or not UTF-8, is refused before anything is written.
"""

from __future__ import annotations

import csv
import io
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from tragac.errors import InputError
from tragac.sources.generic.columns import DEFAULT_PLATFORM, missing, resolve
from tragac.sources.generic.threads import BATCH_SIZE, Problems, Thread, check_utf8, message_id
from tragac.sources.records import MediaFile, MessageRecord, SourceRecord

CSV_SUFFIXES = (".csv", ".tsv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
MAX_HELD = 4 * BATCH_SIZE  # records held back over all threads: memory stays flat whatever the thread count
_MS_THRESHOLD = 10**11  # a number of seconds this large is year 5138: it is milliseconds


class BadRow(ValueError):
    """A row that cannot become a message; the message says why."""


@dataclass(frozen=True, slots=True)
class Row:
    """One generic row, validated (what :func:`to_record` turns into a message)."""

    platform: str
    thread: str
    message_id: str
    time: datetime
    text: str
    author: str | None = None
    author_name: str | None = None
    reply_to: str | None = None
    media_path: str | None = None
    thread_title: str | None = None
    media_type: str | None = None


def parse_time(value: Any, zone: tzinfo, local: list[int] | None = None) -> datetime:
    """Unix seconds (or milliseconds), or ISO 8601; a time without an offset is read in ``zone`` (and counted in
    ``local``, so a re-ingest in another zone can be refused)."""
    if isinstance(value, bool):
        raise BadRow("time is not a time")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            raise BadRow("no time")
        try:
            number = float(text)
        except ValueError:
            try:
                dt = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
            except ValueError:
                raise BadRow(f"time {text[:40]!r} is neither unix seconds nor ISO 8601") from None
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=zone)
                if local is not None:
                    local[0] += 1
            return dt.astimezone(UTC)
    if number != number or abs(number) > 1e15:  # NaN, or beyond any date
        raise BadRow(f"time {value!r} is out of range")
    seconds = number / 1000 if abs(number) >= _MS_THRESHOLD else number
    return datetime.fromtimestamp(seconds, UTC)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def to_row(raw: dict[str, Any], columns: dict[str, str], zone: tzinfo, local: list[int] | None = None) -> Row:
    """A :class:`Row` from one parsed line (a CSV dict or a JSON object)."""

    def get(column: str) -> str | None:
        name = columns.get(column)
        return _text(raw.get(name)) if name is not None else None

    thread, mid = get("thread"), get("message_id")
    if thread is None:
        raise BadRow("no thread")
    if mid is None:
        raise BadRow("no message id")
    name = columns["time"]
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadRow("no time")
    text_value = raw.get(columns["text"])
    return Row(
        platform=(get("platform") or DEFAULT_PLATFORM).lower()[:32],
        thread=thread,
        message_id=mid,
        time=parse_time(value, zone, local),
        text="" if text_value is None else str(text_value),
        author=get("author"),
        author_name=get("author_name"),
        reply_to=get("reply_to"),
        media_path=get("media_path"),
        thread_title=get("thread_title"),
        media_type=get("media_type"),
    )


def to_record(row: Row, root: Path) -> MessageRecord:
    """The message a row is; ``media_path`` is relative to the file's folder (or absolute)."""
    rec = MessageRecord(
        platform_message_id=message_id(row.message_id),
        kind="message",
        date=row.time,
        author_id=row.author,
        author_name=row.author_name or row.author,
        text=row.text,
        extra={"id": row.message_id},
    )
    if row.reply_to is not None:
        rec.reply_to_message_id = message_id(row.reply_to)
    if row.media_type is not None:  # media the file only names (4CAT's attachment_type): counted, not hashed
        rec.media_type = row.media_type.lower()[:32]
    if row.media_path is not None:
        mime = mimetypes.guess_type(row.media_path)[0]
        kind = (
            "image"
            if mime and mime.startswith("image/")
            else "video"
            if mime and mime.startswith("video/")
            else "other"
        )
        rec.media_type = rec.media_type or {"image": "photo", "video": "video_file"}.get(kind, "file")
        rec.media_info = {"path": row.media_path, "mime_type": mime}
        full = (root / row.media_path).resolve()
        if full.is_file():
            rec.media_files.append(MediaFile(path=full, rel_path=row.media_path, kind=kind, mime_type=mime))
    return rec.finish()


class GenericReader:
    """Reads one CSV or JSONL file into :class:`Thread` parts (see :class:`~.threads.Thread`)."""

    def __init__(self, path: Path, zone: tzinfo, problems: Problems) -> None:
        self.path = path
        self.zone = zone
        self.problems = problems
        self.jsonl = path.suffix.lower() in JSONL_SUFFIXES
        self.local_times = [0]  # times without an offset, read in the --timezone zone

    def check(self) -> None:
        """Refuse, before anything is written, a file that is not UTF-8 or lacks a required column."""
        check_utf8(self.path)
        if self.jsonl:
            return  # JSONL rows name their columns; each row is checked
        with self._open() as fh:
            header = next(csv.reader(fh, dialect=self._dialect()), None)
        if header is None:
            raise InputError(f"{self.path}: empty file, no header row")
        gone = missing(resolve(header))
        if gone:
            raise InputError(
                f"{self.path}: missing column(s) {', '.join(repr(c) for c in gone)} "
                f"(the header has: {', '.join(header[:12])}{' …' if len(header) > 12 else ''})"
            )

    def _open(self, raw: BinaryIO | None = None) -> io.TextIOWrapper:
        return io.TextIOWrapper(raw or self.path.open("rb"), encoding="utf-8-sig", newline="")

    def _dialect(self) -> type[csv.Dialect]:
        return csv.excel_tab if self.path.suffix.lower() == ".tsv" else csv.excel

    def _rows(self, fh: io.TextIOWrapper) -> Iterator[tuple[int, Row]]:
        if self.jsonl:
            yield from self._jsonl_rows(fh)
            return
        reader = csv.DictReader(fh, dialect=self._dialect())
        columns = resolve(list(reader.fieldnames or []))
        for raw in reader:
            try:
                yield reader.line_num, to_row(raw, columns, self.zone, self.local_times)
            except BadRow as exc:
                self.problems.skip(f"{self.path.name} line {reader.line_num}", str(exc))

    def _jsonl_rows(self, fh: io.TextIOWrapper) -> Iterator[tuple[int, Row]]:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{self.path.name} line {number}"
            try:
                raw = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                self.problems.skip(where, f"not JSON: {str(exc).split(':', 1)[0]}")
                continue
            if not isinstance(raw, dict):
                self.problems.skip(where, "not a JSON object")
                continue
            columns = resolve(list(raw))
            gone = missing(columns)
            if gone:
                self.problems.skip(where, f"missing {', '.join(repr(c) for c in gone)}")
                continue
            try:
                yield number, to_row(raw, columns, self.zone, self.local_times)
            except BadRow as exc:
                self.problems.skip(where, str(exc))

    def threads(self) -> Iterator[Thread]:
        """Thread parts of at most :data:`BATCH_SIZE` messages, in the order rows fill them; at most
        :data:`MAX_HELD` records are held at any time."""
        root = self.path.parent
        pending: dict[tuple[str, str], tuple[SourceRecord, list[MessageRecord]]] = {}
        held = 0  # records read but not yet handed on, over all threads
        raw = self.path.open("rb")
        with self._open(raw) as fh:
            for _, row in self._rows(fh):
                key = (row.platform, row.thread)
                entry = pending.get(key)
                if entry is None:
                    source = SourceRecord(
                        platform=row.platform,
                        platform_id=row.thread,
                        kind="thread",
                        title=row.thread_title or row.thread,
                        raw={"format": "generic-jsonl" if self.jsonl else "generic-csv"},
                    )
                    entry = pending[key] = (source, [])
                elif row.thread_title and entry[0].title != row.thread_title:
                    entry[0].title = row.thread_title
                entry[1].append(to_record(row, root))
                held += 1
                if len(entry[1]) >= BATCH_SIZE:
                    yield Thread(row.platform, entry[0], entry[1], position=raw.tell())
                    held -= len(entry[1])
                    pending[key] = (entry[0], [])
                elif held >= MAX_HELD:  # many interleaved threads: write them all rather than hold them
                    for (platform, _), (source, records) in pending.items():
                        if records:
                            yield Thread(platform, source, records, position=raw.tell())
                    pending = {k: (src, []) for k, (src, _) in pending.items()}
                    held = 0
            for (platform, _), (source, records) in pending.items():
                yield Thread(platform, source, records)
