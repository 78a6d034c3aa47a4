"""What the platform sources (Instagram, Facebook, X archive, generic CSV/JSONL) share: threads of records written
through :class:`~tragac.sources.writer.StoreWriter`, stable synthetic message ids, and strict UTF-8 reading.

A platform source reads its input into :class:`Thread`\\ s (a :class:`~tragac.sources.records.SourceRecord` and its
messages) and hands them to :func:`ingest_threads`, which records the export, writes each thread in batches (one
transaction each), drops repeated message ids within a thread (the first is kept, the count is reported), and
returns the :class:`~tragac.sources.base.IngestResult`. The same input twice adds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tragac.progress import Reporter
from tragac.sources.base import DuplicateIds, IngestResult, first_bad_utf8, not_utf8
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.writer import StoreWriter, WriteMode
from tragac.store.db import Store

BATCH_SIZE = 2000
MAX_ERRORS = 100
_INT63 = (1 << 63) - 1


@dataclass
class Thread:
    """One conversation (a DM thread, the comments on one account's posts, a CSV thread) and messages of it.

    A reader may yield the same conversation several times, each with a part of its messages (a CSV interleaves
    threads); they are one source. ``position`` is how many bytes of the input have been read once this part is
    written, for the progress bar (0 when unknown)."""

    platform: str
    source: SourceRecord
    messages: Iterable[MessageRecord]
    position: int = 0


@dataclass
class Problems:
    """Rows that could not be read (skipped, each with where and why) while a reader runs."""

    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def skip(self, where: str, why: str) -> None:
        self.skipped += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"where": where, "why": why})


def check_utf8(path: Path) -> None:
    """Refuse (streaming, constant memory), naming the first bad byte, a file that is not UTF-8."""
    offset = first_bad_utf8(path)
    if offset is not None:
        with path.open("rb") as fh:
            raise not_utf8(path, fh.read(1 << 16), offset)


def stable_id(*parts: object) -> int:
    """A positive 63-bit message id derived from ``parts``: for platforms whose downloads carry no message ids.

    The same parts give the same id in every run, so a re-ingest finds the rows it wrote."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") & _INT63 or 1


def message_id(value: str) -> int:
    """A platform message id as the store keeps it: a decimal id that fits 63 bits is itself, anything else
    (``"thread-42"``, a UUID) its :func:`stable_id`."""
    text = value.strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= _INT63:
        return int(text)
    return stable_id("id", text)


_LOW_BITS = 20  # a time-ordered id is (milliseconds << 20) | 20 bits of hash: 61 bits until the year 2109
_LOW_MASK = (1 << _LOW_BITS) - 1


def time_id(ms: int, *parts: object) -> int:
    """A positive 63-bit message id that sorts by time: ``ms`` (unix milliseconds) in the high bits, a hash of
    ``parts`` in the low ones. Pages that show a message "in context" order by message id, so ids made up for
    platforms without them keep the conversation's order. A time before 1970 falls back to :func:`stable_id`."""
    if ms < 0 or ms >> (63 - _LOW_BITS):
        return stable_id(ms, *parts)
    return (ms << _LOW_BITS) | (stable_id(*parts) & _LOW_MASK)


class Occurrences:
    """Ids for messages without one (:func:`time_id`), distinct within a thread: a repeat of the same parts (the
    same comment posted twice in one second) or a clash of the hash bits takes the next free id, in file order,
    so the same file gives the same ids in every run."""

    def __init__(self) -> None:
        self._used: set[int] = set()

    def id_for(self, ms: int, *parts: object) -> int:
        mid = time_id(ms, *parts)
        while mid in self._used:
            mid += 1
        self._used.add(mid)
        return mid


def from_unix(seconds: float | int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def ingest_threads(
    store: Store,
    threads: Iterator[Thread],
    *,
    path: Path,
    root: Path,
    size: int,
    timezone: str,
    reporter: Reporter,
    label: str,
    problems: Problems | None = None,
    details: dict[str, Any] | None = None,
    mode: WriteMode = "upsert",
    local_times: list[int] | None = None,
) -> IngestResult:
    """Write ``threads`` (read lazily, one at a time) into ``store``; see the module docstring.

    ``mode`` is the writer's (``"retime"`` for ``--retime``); ``local_times``, a one-item counter the reader
    increments for each time it read in ``timezone`` (it decides whether a re-ingest in another zone is refused)."""
    result = IngestResult(timezone=timezone, path=str(path), bytes=size)
    writers: dict[str, StoreWriter] = {}
    first = StoreWriter(store)
    result.export_id = first.begin_export(str(path), str(root), size, timezone)
    reporter.start(f"ingesting {label}", total=size or None)
    source_ids: dict[tuple[str, str], int] = {}
    seen: dict[int, tuple[str, DuplicateIds]] = {}
    for thread in threads:
        writer = writers.get(thread.platform)
        if writer is None:
            writer = writers[thread.platform] = StoreWriter(
                store, platform=thread.platform, export_id=result.export_id, mode=mode
            )
        key = (thread.platform, thread.source.platform_id)
        source_id = source_ids.get(key)
        if source_id is None:
            source_id = source_ids[key] = writer.source(thread.source)
            seen[source_id] = (thread.source.title or thread.source.platform_id, DuplicateIds())
            result.sources += 1
        ids = seen[source_id][1]
        batch: list[MessageRecord] = []
        for rec in thread.messages:
            if ids.first(rec.platform_message_id):  # a repeat is dropped: the first is kept, re-ingest is stable
                batch.append(rec)
            if len(batch) >= BATCH_SIZE:
                result._add(writer.write(source_id, batch))
                batch = []
        if batch:
            result._add(writer.write(source_id, batch))
        if thread.position:
            reporter.update(thread.position)
    if problems is not None:
        result.skipped += problems.skipped
        result.errors.extend(problems.errors)
    for where, ids in seen.values():
        ids.report(result, where)
    result.dates_from_local_time = local_times[0] if local_times else 0
    reporter.update(size)
    counts: dict[str, Any] = result.to_dict()
    counts.update(
        details or {},
        edits_recorded=result.edits_recorded,
        timezone=timezone,
        dates_from_local_time=result.dates_from_local_time,
    )
    first.finish_export(result.export_id, counts)
    return result
