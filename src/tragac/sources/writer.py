"""Write source records into the store: idempotent, batched, the same on SQLite and PostgreSQL.

Every source adapter (Telegram Desktop export ingestion, the live Telethon collector) produces
:mod:`tragac.sources.records` and hands them to a :class:`StoreWriter`::

    writer = StoreWriter(store)
    export_id = writer.begin_export(path, root, size, "UTC")   # optional: live collection has no export file
    source_id = writer.source(SourceRecord(platform="telegram", platform_id="42", kind="public_supergroup"))
    result = writer.write(source_id, records)   # records: MessageRecord(...).finish(); one transaction
    writer.finish_export(export_id, counts)

Public API:

- ``StoreWriter(store, *, platform="telegram", export_id=None)``: ``export_id`` (set by ``begin_export``) is written
  on every message and sighting as provenance; live collection leaves it None.
- ``StoreWriter.begin_export(path, root, size, timezone) -> int``: the ``ExportFile`` row of this run. An unfinished
  row for the same file and size (a run that was killed) is reused, so a restarted run leaves exactly the rows of a
  clean one.
- ``StoreWriter.finish_export(export_id, counts)``: stamps ``finished_at`` and the run's counts.
- ``StoreWriter.source(record) -> int``: upserts a ``Source`` on (platform, platform_id) in its own transaction.
- ``StoreWriter.write(source_id, records) -> BatchResult``: writes one batch in one transaction.
- ``StoreWriter.write_seen(source_id, items) -> list[int]``: media seen at URLs (website watch), already hashed:
  ``Media`` with its hashes and frames, and a ``Sighting`` with the URL.
- ``hash_file(path) -> (sha256, md5, size)``: streams a file through SHA-256 and MD5.

What ``write`` does, with a constant number of queries per batch (no per-row round trips):

- upserts authors (``Author`` on platform + platform id; names seen, first/last seen);
- upserts messages on (source, platform message id). A message whose ``content_hash`` is unchanged is left alone. A
  changed one is an edit: the replaced version is kept as a ``MessageEdit`` and the message updated. A version that
  is *older* than the stored one (an older export ingested after a newer one) only adds a ``MessageEdit``;
- adds a ``MembershipEvent`` for each new service message that carries one;
- hashes each media file that is present (SHA-256 and MD5, streamed), upserts ``Media`` on SHA-256 and adds a
  ``Sighting`` (message, source, time, export, path relative to the export root). Files a message already has a
  sighting for are not hashed again.

Modes (``StoreWriter(..., mode=...)``), for what one export format cannot say about another's rows:

- ``"upsert"`` (the default): as above;
- ``"retime"`` (``tragac ingest --retime``): the export was read again in another time zone; the stored messages'
  times (date, edit and forward times, their membership events) are rewritten in place, not recorded as edits;
- ``"replace"`` (a JSON export merged into a chat first read from HTML): a stored message is replaced by the richer
  record (real author id, exact time, entities) without an edit, unless its text differs (then it is an edit);
- ``"fill"`` (an HTML export merged into a chat first read from JSON): stored messages are kept as they are (JSON
  knows more), only messages the store lacks are added.

A batch either commits whole or not at all, so a process killed at any point loses at most the batch in flight, and
running the same input again completes it without duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tragac.sources.records import MediaFile, MessageRecord, SeenMedia, SourceRecord
from tragac.store.base import UTCDateTime, utcnow
from tragac.store.db import Store
from tragac.store.models import (
    Author,
    ExportFile,
    Media,
    MediaRobust,
    MembershipEvent,
    Message,
    MessageEdit,
    Sighting,
    Source,
    VideoFrame,
)

_message = cast(sa.Table, Message.__table__)
_author = cast(sa.Table, Author.__table__)
_edit = cast(sa.Table, MessageEdit.__table__)
_event = cast(sa.Table, MembershipEvent.__table__)
_media = cast(sa.Table, Media.__table__)
_sighting = cast(sa.Table, Sighting.__table__)
_source = cast(sa.Table, Source.__table__)
_export = cast(sa.Table, ExportFile.__table__)
_frame = cast(sa.Table, VideoFrame.__table__)
_robust = cast(sa.Table, MediaRobust.__table__)

_CHUNK = 1 << 20

WriteMode = Literal["upsert", "retime", "replace", "fill"]
_TIMES = ("date", "edited_at", "forward_date")
_STORE_KEYS = ("html_keys",)  # Source.raw keys the store writes (telegram_merge), not the export


def hash_file(path: Path) -> tuple[str, str, int]:
    """SHA-256 and MD5 (hex) and size of the file at ``path``, read in 1 MiB chunks."""
    sha, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            sha.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), md5.hexdigest(), size


@dataclass
class BatchResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    service: int = 0
    media: int = 0
    media_files_present: int = 0
    edits_recorded: int = 0
    retimed: int = 0  # mode "retime": messages whose times were rewritten
    merged: int = 0  # mode "replace": messages replaced by the other format's record

    def add(self, other: BatchResult) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _sqlite_datetime(v: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite DATETIME writes (naive UTC with microseconds), so both paths compare equal."""
    if v is None:
        return None
    if v.tzinfo is not UTC:
        if v.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        v = v.astimezone(UTC)
    if v.microsecond == 0:  # the usual case (whole seconds): the plain isoformat is a third cheaper
        return v.isoformat(" ")[:-6] + ".000000"
    return v.isoformat(sep=" ", timespec="microseconds")[:-6]  # drop "+00:00"


def _sqlite_json(v: Any) -> str:
    # SQLAlchemy's JSON type stores None as the JSON text 'null' (none_as_null=False); do the same.
    return orjson.dumps(v).decode()


def _sqlite_converter(column: sa.Column[Any]) -> Callable[[Any], Any] | None:
    t = column.type
    if isinstance(t, UTCDateTime):
        return _sqlite_datetime
    if isinstance(t, sa.JSON) or isinstance(getattr(t, "impl", None), sa.JSON):
        return _sqlite_json
    return None


_SQLITE_INSERTS: dict[tuple[str, tuple[str, ...]], tuple[str, list[Callable[[Any], Any] | None]]] = {}


def _insert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys). On SQLite the values are converted here and handed to the
    driver's executemany, which is several times faster than per-row bind processing; elsewhere a Core insert."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), rows)
        return
    cols = tuple(rows[0])
    key = (table.name, cols)
    cached = _SQLITE_INSERTS.get(key)
    if cached is None:
        names = ", ".join('"' + c + '"' for c in cols)
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(cols))})'
        cached = _SQLITE_INSERTS[key] = (sql, [_sqlite_converter(table.c[c]) for c in cols])
    sql, convs = cached
    pairs = list(zip(cols, convs, strict=True))
    params = [tuple(r[c] if f is None else f(r[c]) for c, f in pairs) for r in rows]
    conn.exec_driver_sql(sql, params)


# Columns copied from a MessageRecord into the message table, on insert and on an edit.
_MESSAGE_FIELDS = (
    "kind",
    "date",
    "date_raw",
    "author_name",
    "signature",
    "text",
    "entities",
    "action",
    "reply_to_message_id",
    "reply_to_peer_id",
    "forwarded_from",
    "forwarded_from_id",
    "forward_date",
    "forward_message_id",
    "saved_from",
    "via_bot",
    "media_type",
    "media_info",
    "extra",
    "raw_unknown",
    "grouped_id",
    "views",
    "edited_at",
    "content_hash",
)

_SQLITE_MESSAGE_COLUMNS = (
    "source_id",
    "platform_message_id",
    "author_id",
    "export_id",
    "ingested_at",
    "updated_at",
    *_MESSAGE_FIELDS,
)
_SQLITE_MESSAGE_INSERT = "INSERT INTO message ({}) VALUES ({})".format(
    ", ".join(_SQLITE_MESSAGE_COLUMNS), ", ".join("?" * len(_SQLITE_MESSAGE_COLUMNS))
)


def _in(column: Any, name: str) -> Any:
    return column.in_(sa.bindparam(name, expanding=True))


# Bulk-load tuning, set once per SQLite connection; durability is untouched (WAL with synchronous=NORMAL, set by the
# store, so a process killed mid-run recovers from the WAL on the next open). A 64 MiB page cache instead of the
# default 2 MiB keeps the message table's five indexes in memory instead of re-reading their pages from the OS for
# every batch: a third less wall time on a 200,000-message export, at a bounded cost in memory.
SQLITE_CACHE_KIB = 65_536
_SQLITE_EXISTING = (
    "SELECT platform_message_id, id, content_hash FROM message "
    "WHERE source_id = ? AND platform_message_id IN (SELECT value FROM json_each(?))"
)
_SQLITE_IDS = (
    "SELECT platform_message_id, id FROM message "
    "WHERE source_id = ? AND platform_message_id IN (SELECT value FROM json_each(?))"
)


def _tune_sqlite(conn: Connection) -> None:
    if conn.info.get("tragac_bulk_pragmas"):
        return
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    conn.info["tragac_bulk_pragmas"] = True


def _message_rows(conn: Connection, source_id: int, ids: list[int], with_hash: bool) -> list[Any]:
    """``(platform_message_id, id[, content_hash])`` of the messages of ``source_id`` among ``ids``.

    On SQLite the ids travel as one JSON array (``json_each``) instead of one bound parameter each, which spares
    compiling and binding thousands of parameters per batch."""
    if conn.dialect.name == "sqlite":
        sql = _SQLITE_EXISTING if with_hash else _SQLITE_IDS
        return list(conn.exec_driver_sql(sql, (source_id, orjson.dumps(ids).decode())))
    cols = [_message.c.platform_message_id, _message.c.id]
    if with_hash:
        cols.append(_message.c.content_hash)
    return list(
        conn.execute(
            sa.select(*cols).where(_message.c.source_id == source_id, _in(_message.c.platform_message_id, "ids")),
            {"ids": ids},
        )
    )


class StoreWriter:
    """Writes batches of records for one platform; see the module docstring."""

    def __init__(
        self, store: Store, *, platform: str = "telegram", export_id: int | None = None, mode: WriteMode = "upsert"
    ) -> None:
        self.store = store
        self.platform = platform
        self.export_id = export_id
        self.mode: WriteMode = mode
        # platform author id -> [row id, names_seen, first_seen, last_seen, display_name]; reset if a batch fails.
        self._authors: dict[str, list[Any]] = {}
        self._sources: dict[int, list[datetime | None]] = {}

    # -- exports and sources -------------------------------------------------------------------------------------

    def begin_export(self, path: str, root: str, size: int | None, timezone: str) -> int:
        with self.store.engine.begin() as conn:
            row = conn.execute(
                sa.select(_export.c.id)
                .where(_export.c.path == path, _export.c.size == size, _export.c.finished_at.is_(None))
                .order_by(_export.c.id.desc())
                .limit(1)
            ).first()
            if row is not None:
                conn.execute(_export.update().where(_export.c.id == row.id).values(timezone=timezone))
                self.export_id = int(row.id)
            else:
                self.export_id = int(
                    conn.execute(
                        _export.insert()
                        .values(path=path, root=root, size=size, timezone=timezone, started_at=utcnow())
                        .returning(_export.c.id)
                    ).scalar_one()
                )
        return self.export_id

    def finish_export(self, export_id: int, counts: dict[str, Any]) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(_export.update().where(_export.c.id == export_id).values(finished_at=utcnow(), counts=counts))

    def source(self, rec: SourceRecord) -> int:
        """Insert or update the source; returns its id."""
        with self.store.engine.begin() as conn:
            row = conn.execute(
                sa.select(_source.c.id, _source.c.first_seen, _source.c.last_seen, _source.c.raw).where(
                    _source.c.platform == rec.platform, _source.c.platform_id == rec.platform_id
                )
            ).first()
            raw = rec.raw
            kept = {k: v for k, v in (row.raw or {}).items() if k in _STORE_KEYS} if row is not None else {}
            if kept:  # what the store learnt about the chat (its other export format) outlives a re-ingest
                raw = {**(raw or {}), **kept}
            values = {"kind": rec.kind, "title": rec.title, "left": rec.left, "raw": raw}
            if rec.username is not None:
                values["username"] = rec.username
            if rec.link is not None:
                values["link"] = rec.link
            if row is None:
                sid = conn.execute(
                    _source.insert()
                    .values(platform=rec.platform, platform_id=rec.platform_id, created_at=utcnow(), **values)
                    .returning(_source.c.id)
                ).scalar_one()
                self._sources[int(sid)] = [None, None]
                return int(sid)
            conn.execute(_source.update().where(_source.c.id == row.id).values(**values))
            self._sources[int(row.id)] = [row.first_seen, row.last_seen]
            return int(row.id)

    # -- batches -------------------------------------------------------------------------------------------------

    def write(self, source_id: int, records: Sequence[MessageRecord]) -> BatchResult:
        """Write ``records`` of source ``source_id`` in one transaction."""
        result = BatchResult()
        if not records:
            return result
        try:
            with self.store.engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    _tune_sqlite(conn)
                for segment in _unique_segments(records):
                    self._write_segment(conn, source_id, segment, result)
        except BaseException:
            self._authors.clear()
            self._sources.pop(source_id, None)
            raise
        return result

    def _write_segment(
        self, conn: Connection, source_id: int, records: Sequence[MessageRecord], result: BatchResult
    ) -> None:
        now = utcnow()
        self._touch_source(conn, source_id, records)
        authors = self._upsert_authors(conn, records)

        ids = [r.platform_message_id for r in records]
        existing = {row[0]: row for row in _message_rows(conn, source_id, ids, with_hash=True)}

        new_recs: list[MessageRecord] = []
        changed: list[tuple[MessageRecord, int]] = []
        todo: Sequence[MessageRecord] = records
        if self.mode != "upsert" and existing:
            todo = self._other_mode(conn, records, existing, authors, result, now)
        for r in todo:
            if r.kind == "service":
                result.service += 1
            if r.media_type is not None:
                result.media += 1
            if r.media_files:
                result.media_files_present += 1
            old = existing.get(r.platform_message_id)
            if old is None:
                new_recs.append(r)
            elif old[2] != r.content_hash:
                changed.append((r, int(old[1])))
            else:
                result.unchanged += 1

        db_ids: dict[int, int] = {pid: int(row[1]) for pid, row in existing.items()}
        if new_recs:
            self._insert_messages(conn, source_id, new_recs, authors, now)
            result.added += len(new_recs)
            # Row ids are needed only to link membership events and sightings.
            new_ids = [r.platform_message_id for r in new_recs if r.membership is not None or r.media_files]
            if new_ids:
                for row in _message_rows(conn, source_id, new_ids, with_hash=False):
                    db_ids[row[0]] = int(row[1])
            events = [
                {
                    "source_id": source_id,
                    "message_id": db_ids[r.platform_message_id],
                    "date": r.date,
                    "event": m.event,
                    "action": m.action,
                    "actor_id": m.actor_id,
                    "actor_name": m.actor_name,
                    "members": m.members,
                    "member_count": m.member_count,
                    "details": m.details,
                }
                for r in records
                if (m := r.membership) is not None and r.platform_message_id not in existing
            ]
            if events:
                _insert(conn, _event, events)

        if changed:
            self._apply_edits(conn, changed, authors, result, now)

        self._write_media(conn, source_id, records, existing, db_ids)

    def _other_mode(
        self,
        conn: Connection,
        records: Sequence[MessageRecord],
        existing: dict[int, Any],
        authors: dict[str, int],
        result: BatchResult,
        now: datetime,
    ) -> list[MessageRecord]:
        """Handle the stored messages the way ``self.mode`` says; return the records left for the upsert path
        (new messages, and in ``replace`` mode the ones whose text changed: those are edits)."""
        ids = [int(row[1]) for row in existing.values()]
        stored = {
            int(row.id): row
            for row in conn.execute(
                sa.select(_message.c.id, _message.c.text, _message.c.author_id, *(_message.c[t] for t in _TIMES)).where(
                    _in(_message.c.id, "ids")
                ),
                {"ids": ids},
            )
        }
        rest: list[MessageRecord] = []
        updates: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for r in records:
            old = existing.get(r.platform_message_id)
            if old is None:
                rest.append(r)
                continue
            row = stored[int(old[1])]
            if r.kind == "service":
                result.service += 1
            if r.media_type is not None:
                result.media += 1
            if r.media_files:
                result.media_files_present += 1
            if self.mode == "fill":
                result.unchanged += 1
                continue
            if self.mode == "retime":
                if any(getattr(r, t) != getattr(row, t) for t in _TIMES) or old[2] != r.content_hash:
                    updates.append(
                        {"b_id": row.id, "content_hash": r.content_hash, **{t: getattr(r, t) for t in _TIMES}}
                    )
                    result.retimed += 1
                else:
                    result.unchanged += 1
                continue
            author = authors.get(r.author_id) if r.author_id else None
            if row.text != r.text and r.kind != "service":  # a real edit between the two exports
                rest.append(r)
            elif (
                old[2] != r.content_hash
                or author != row.author_id
                or any(getattr(r, t) != getattr(row, t) for t in _TIMES)
            ):
                full = {name: getattr(r, name) for name in _MESSAGE_FIELDS}
                full.update(b_id=row.id, author_id=author, export_id=self.export_id, updated_at=now)
                updates.append(full)
                result.merged += 1
                if (m := r.membership) is not None:  # the other format's event: real actor id, its exact time
                    events.append(
                        {
                            "b_id": row.id,
                            "date": r.date,
                            "event": m.event,
                            "action": m.action,
                            "actor_id": m.actor_id,
                            "actor_name": m.actor_name,
                            "members": m.members,
                            "member_count": m.member_count,
                            "details": m.details,
                        }
                    )
            else:
                result.unchanged += 1
        if updates:
            cols = [c for c in updates[0] if c != "b_id"]
            conn.execute(
                _message.update()
                .where(_message.c.id == sa.bindparam("b_id"))
                .values({c: sa.bindparam(c) for c in cols}),
                updates,
            )
            if self.mode == "retime":
                events = [{"b_id": u["b_id"], "date": u["date"]} for u in updates]
        if events:
            conn.execute(
                _event.update()
                .where(_event.c.message_id == sa.bindparam("b_id"))
                .values({c: sa.bindparam(c) for c in events[0] if c != "b_id"}),
                events,
            )
        return rest

    def _insert_messages(
        self,
        conn: Connection,
        source_id: int,
        recs: list[MessageRecord],
        authors: dict[str, int],
        now: datetime,
    ) -> None:
        export_id = self.export_id
        if conn.dialect.name != "sqlite":
            rows = []
            for r in recs:
                row = {name: getattr(r, name) for name in _MESSAGE_FIELDS}
                row.update(
                    source_id=source_id,
                    platform_message_id=r.platform_message_id,
                    author_id=authors.get(r.author_id) if r.author_id else None,
                    export_id=export_id,
                    ingested_at=now,
                    updated_at=now,
                    deleted_at=None,
                )
                rows.append(row)
            conn.execute(_message.insert(), rows)
            return
        # SQLite: build the driver's parameter tuples directly (the hot path of a large ingest).
        dt, js = _sqlite_datetime, _sqlite_json
        stamp = dt(now)
        params = [
            (
                source_id,
                r.platform_message_id,
                authors.get(r.author_id) if r.author_id else None,
                export_id,
                stamp,
                stamp,
                r.kind,
                dt(r.date),
                r.date_raw,
                r.author_name,
                r.signature,
                r.text,
                js(r.entities) if r.entities else "[]",
                r.action,
                r.reply_to_message_id,
                r.reply_to_peer_id,
                r.forwarded_from,
                r.forwarded_from_id,
                dt(r.forward_date),
                r.forward_message_id,
                r.saved_from,
                r.via_bot,
                r.media_type,
                "null" if r.media_info is None else js(r.media_info),
                "null" if r.extra is None else js(r.extra),
                "null" if r.raw_unknown is None else js(r.raw_unknown),
                r.grouped_id,
                r.views,
                dt(r.edited_at),
                r.content_hash,
            )
            for r in recs
        ]
        conn.exec_driver_sql(_SQLITE_MESSAGE_INSERT, params)

    def _touch_source(self, conn: Connection, source_id: int, records: Sequence[MessageRecord]) -> None:
        dates = [r.date for r in records if r.date is not None]
        if not dates:
            return
        lo, hi = min(dates), max(dates)
        span = self._sources.get(source_id)
        if span is None:
            row = conn.execute(
                sa.select(_source.c.first_seen, _source.c.last_seen).where(_source.c.id == source_id)
            ).one()
            span = self._sources[source_id] = [row.first_seen, row.last_seen]
        first, last = span
        values: dict[str, Any] = {}
        if first is None or lo < first:
            values["first_seen"] = span[0] = lo
        if last is None or hi > last:
            values["last_seen"] = span[1] = hi
        if values:
            conn.execute(_source.update().where(_source.c.id == source_id).values(**values))

    def _upsert_authors(self, conn: Connection, records: Sequence[MessageRecord]) -> dict[str, int]:
        """Author row ids for the batch's senders, inserting and updating as needed."""
        seen: dict[str, list[Any]] = {}  # pid -> [names in order, first date, last date, name at last date]
        for r in records:
            pid = r.author_id
            if pid is None:
                continue
            entry = seen.get(pid)
            if entry is None:
                entry = seen[pid] = [[], r.date, r.date, r.author_name]
            if r.author_name is not None and r.author_name not in entry[0]:
                entry[0].append(r.author_name)
            if r.date is not None:
                if entry[1] is None or r.date < entry[1]:
                    entry[1] = r.date
                if entry[2] is None or r.date >= entry[2]:
                    entry[2] = r.date
                    if r.author_name is not None:
                        entry[3] = r.author_name
        if not seen:
            return {}
        missing = [pid for pid in seen if pid not in self._authors]
        if missing:
            for row in conn.execute(
                sa.select(
                    _author.c.id,
                    _author.c.platform_id,
                    _author.c.names_seen,
                    _author.c.first_seen,
                    _author.c.last_seen,
                    _author.c.display_name,
                ).where(_author.c.platform == self.platform, _in(_author.c.platform_id, "ids")),
                {"ids": missing},
            ):
                self._authors[row.platform_id] = [
                    int(row.id),
                    list(row.names_seen or []),
                    row.first_seen,
                    row.last_seen,
                    row.display_name,
                ]
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for pid, (names, first, last, name_at_last) in seen.items():
            cached = self._authors.get(pid)
            if cached is None:
                inserts.append(
                    {
                        "platform": self.platform,
                        "platform_id": pid,
                        "display_name": name_at_last,
                        "names_seen": names,
                        "first_seen": first,
                        "last_seen": last,
                    }
                )
                continue
            dirty = False
            for n in names:
                if n not in cached[1]:
                    cached[1] = [*cached[1], n]
                    dirty = True
            if first is not None and (cached[2] is None or first < cached[2]):
                cached[2] = first
                dirty = True
            if last is not None and (cached[3] is None or last >= cached[3]):
                if last != cached[3] or (name_at_last is not None and name_at_last != cached[4]):
                    dirty = True
                cached[3] = last
                if name_at_last is not None:
                    cached[4] = name_at_last
            if dirty:
                updates.append(
                    {
                        "b_id": cached[0],
                        "names_seen": cached[1],
                        "first_seen": cached[2],
                        "last_seen": cached[3],
                        "display_name": cached[4],
                    }
                )
        if inserts:
            _insert(conn, _author, inserts)
            by_pid = {x["platform_id"]: x for x in inserts}
            for new in conn.execute(
                sa.select(_author.c.id, _author.c.platform_id).where(
                    _author.c.platform == self.platform, _in(_author.c.platform_id, "ids")
                ),
                {"ids": [i["platform_id"] for i in inserts]},
            ):
                src = by_pid[new.platform_id]
                self._authors[new.platform_id] = [
                    int(new.id),
                    list(src["names_seen"]),
                    src["first_seen"],
                    src["last_seen"],
                    src["display_name"],
                ]
        if updates:
            conn.execute(
                _author.update()
                .where(_author.c.id == sa.bindparam("b_id"))
                .values(
                    names_seen=sa.bindparam("names_seen"),
                    first_seen=sa.bindparam("first_seen"),
                    last_seen=sa.bindparam("last_seen"),
                    display_name=sa.bindparam("display_name"),
                ),
                updates,
            )
        return {pid: self._authors[pid][0] for pid in seen}

    def _apply_edits(
        self,
        conn: Connection,
        changed: list[tuple[MessageRecord, int]],
        authors: dict[str, int],
        result: BatchResult,
        now: datetime,
    ) -> None:
        ids = [mid for _, mid in changed]
        old_rows = {
            int(row.id): row
            for row in conn.execute(
                sa.select(
                    _message.c.id,
                    _message.c.text,
                    _message.c.entities,
                    _message.c.media_info,
                    _message.c.content_hash,
                    _message.c.edited_at,
                ).where(_in(_message.c.id, "ids")),
                {"ids": ids},
            )
        }
        history: set[tuple[int, str]] = {
            (int(row.message_id), row.content_hash)
            for row in conn.execute(
                sa.select(_edit.c.message_id, _edit.c.content_hash).where(_in(_edit.c.message_id, "ids")),
                {"ids": ids},
            )
        }
        edit_rows: list[dict[str, Any]] = []
        update_rows: list[dict[str, Any]] = []
        for r, mid in changed:
            old = old_rows[mid]
            older = old.edited_at is not None and (r.edited_at is None or r.edited_at < old.edited_at)
            if older:
                # An older version than the stored one: history only.
                if (mid, r.content_hash) not in history:
                    history.add((mid, r.content_hash))
                    edit_rows.append(
                        {
                            "message_id": mid,
                            "edited_at": r.edited_at,
                            "text": r.text,
                            "entities": r.entities,
                            "media_info": r.media_info,
                            "content_hash": r.content_hash,
                            "recorded_at": now,
                        }
                    )
                    result.updated += 1
                else:
                    result.unchanged += 1
                continue
            if (mid, old.content_hash) not in history:
                history.add((mid, old.content_hash))
                edit_rows.append(
                    {
                        "message_id": mid,
                        "edited_at": old.edited_at,
                        "text": old.text,
                        "entities": old.entities,
                        "media_info": old.media_info,
                        "content_hash": old.content_hash,
                        "recorded_at": now,
                    }
                )
            row = {name: getattr(r, name) for name in _MESSAGE_FIELDS}
            row["b_id"] = mid
            row["author_id"] = authors.get(r.author_id) if r.author_id else None
            row["export_id"] = self.export_id
            row["updated_at"] = now
            update_rows.append(row)
            result.updated += 1
        if edit_rows:
            _insert(conn, _edit, edit_rows)
            result.edits_recorded += len(edit_rows)
        if update_rows:
            cols = [*_MESSAGE_FIELDS, "author_id", "export_id", "updated_at"]
            conn.execute(
                _message.update()
                .where(_message.c.id == sa.bindparam("b_id"))
                .values({c: sa.bindparam(c) for c in cols}),
                update_rows,
            )

    def _write_media(
        self,
        conn: Connection,
        source_id: int,
        records: Sequence[MessageRecord],
        existing: dict[int, Any],
        db_ids: dict[int, int],
    ) -> None:
        with_files = [r for r in records if r.media_files]
        if not with_files:
            return
        known: set[tuple[int, str | None]] = set()
        old_ids = [db_ids[r.platform_message_id] for r in with_files if r.platform_message_id in existing]
        if old_ids:
            known = {
                (int(row.message_id), row.file_path)
                for row in conn.execute(
                    sa.select(_sighting.c.message_id, _sighting.c.file_path).where(_in(_sighting.c.message_id, "ids")),
                    {"ids": old_ids},
                )
            }
        todo: list[tuple[MessageRecord, MediaFile, str, str, int]] = []
        for r in with_files:
            mid = db_ids[r.platform_message_id]
            for f in r.media_files:
                if (mid, f.rel_path) in known:
                    continue
                try:
                    sha, md5, size = hash_file(f.path)
                except OSError:
                    continue
                todo.append((r, f, sha, md5, size))
        if not todo:
            return
        shas = sorted({t[2] for t in todo})
        media_ids = {
            row.sha256: int(row.id)
            for row in conn.execute(
                sa.select(_media.c.id, _media.c.sha256).where(_in(_media.c.sha256, "ids")), {"ids": shas}
            )
        }
        new_media: dict[str, dict[str, Any]] = {}
        for r, f, sha, md5, size in todo:
            if sha in media_ids:
                continue
            m = new_media.get(sha)
            if m is None:
                new_media[sha] = {
                    "sha256": sha,
                    "md5": md5,
                    "size": size,
                    "kind": f.kind,
                    "mime_type": f.mime_type,
                    "width": f.width,
                    "height": f.height,
                    "duration": f.duration,
                    "in_vault": False,
                    "first_seen": r.date,
                    "created_at": utcnow(),
                }
            elif r.date is not None and (m["first_seen"] is None or r.date < m["first_seen"]):
                m["first_seen"] = r.date
        if new_media:
            _insert(conn, _media, list(new_media.values()))
            for row in conn.execute(
                sa.select(_media.c.id, _media.c.sha256).where(_in(_media.c.sha256, "ids")),
                {"ids": list(new_media)},
            ):
                media_ids[row.sha256] = int(row.id)
        pairs: set[tuple[int, int]] = set()
        if old_ids:
            pairs = {
                (int(row.media_id), int(row.message_id))
                for row in conn.execute(
                    sa.select(_sighting.c.media_id, _sighting.c.message_id).where(_in(_sighting.c.message_id, "ids")),
                    {"ids": old_ids},
                )
            }
        sightings: list[dict[str, Any]] = []
        for r, f, sha, _md5, _size in todo:
            key = (media_ids[sha], db_ids[r.platform_message_id])
            if key in pairs:
                continue
            pairs.add(key)
            sightings.append(
                {
                    "media_id": key[0],
                    "message_id": key[1],
                    "source_id": source_id,
                    "url": None,
                    "seen_at": r.date,
                    "export_id": self.export_id,
                    "file_path": f.rel_path,
                }
            )
        if sightings:
            _insert(conn, _sighting, sightings)

    # -- media seen at URLs (website watch) ----------------------------------------------------------------------

    def write_seen(self, source_id: int, items: Sequence[SeenMedia]) -> list[int]:
        """Upsert hashed media seen at URLs of source ``source_id`` and one ``Sighting`` per (media, URL), in one
        transaction; a URL seen again only moves its sighting's ``seen_at``. Returns the media ids, in order.

        New media carry their hashes and ``hashed_at`` (the bytes are gone), so the ``match`` stage picks them up
        like any other newly hashed media."""
        if not items:
            return []
        now = utcnow()
        with self.store.engine.begin() as conn:
            shas = sorted({i.sha256 for i in items})
            ids = {
                row.sha256: int(row.id)
                for row in conn.execute(
                    sa.select(_media.c.id, _media.c.sha256).where(_in(_media.c.sha256, "ids")), {"ids": shas}
                )
            }
            fresh = {i.sha256: i for i in items if i.sha256 not in ids}
            if fresh:
                _insert(
                    conn,
                    _media,
                    [
                        {
                            "sha256": i.sha256,
                            "md5": i.md5,
                            "size": i.size,
                            "kind": i.kind,
                            "mime_type": i.mime_type,
                            "width": i.width,
                            "height": i.height,
                            "duration": i.duration,
                            "pdq": i.pdq,
                            "pdq_quality": i.pdq_quality,
                            "hashed_at": now,
                            "in_vault": False,
                            "first_seen": i.seen_at,
                            "created_at": now,
                        }
                        for i in fresh.values()
                    ],
                )
                for row in conn.execute(
                    sa.select(_media.c.id, _media.c.sha256).where(_in(_media.c.sha256, "ids")), {"ids": list(fresh)}
                ):
                    ids[row.sha256] = int(row.id)
                frames = [
                    {"media_id": ids[sha], "frame": f, "timestamp": t, "quality": q, "pdq": h}
                    for sha, i in fresh.items()
                    for f, t, q, h in i.frames
                ]
                _insert(conn, _frame, frames)
                robust = [
                    {"media_id": ids[sha], "windows": i.windows, "local_features": i.local_features, "computed_at": now}
                    for sha, i in fresh.items()
                    if i.windows is not None and i.local_features is not None
                ]
                _insert(conn, _robust, robust)
            media_ids = [ids[i.sha256] for i in items]
            seen = {
                (int(row.media_id), row.url): int(row.id)
                for row in conn.execute(
                    sa.select(_sighting.c.id, _sighting.c.media_id, _sighting.c.url).where(
                        _in(_sighting.c.media_id, "ids"), _sighting.c.message_id.is_(None)
                    ),
                    {"ids": sorted(set(media_ids))},
                )
            }
            new_rows: dict[tuple[int, str], dict[str, Any]] = {}
            for mid, i in zip(media_ids, items, strict=True):
                key = (mid, i.url)
                if key in seen:
                    conn.execute(_sighting.update().where(_sighting.c.id == seen[key]).values(seen_at=i.seen_at))
                elif key not in new_rows:
                    new_rows[key] = {
                        "media_id": mid,
                        "message_id": None,
                        "source_id": source_id,
                        "url": i.url,
                        "seen_at": i.seen_at,
                        "export_id": None,
                        "file_path": None,
                    }
            _insert(conn, _sighting, list(new_rows.values()))
            times = [i.seen_at for i in items]
            row = conn.execute(
                sa.select(_source.c.first_seen, _source.c.last_seen).where(_source.c.id == source_id)
            ).one()
            values: dict[str, Any] = {}
            if row.first_seen is None or min(times) < row.first_seen:
                values["first_seen"] = min(times)
            if row.last_seen is None or max(times) > row.last_seen:
                values["last_seen"] = max(times)
            if values:
                conn.execute(_source.update().where(_source.c.id == source_id).values(**values))
        return media_ids


def _unique_segments(records: Sequence[MessageRecord]) -> list[Sequence[MessageRecord]]:
    """Split a batch so that no segment holds the same message id twice (a repeated id is then an edit)."""
    seen: set[int] = set()
    segments: list[Sequence[MessageRecord]] = []
    start = 0
    for i, r in enumerate(records):
        if r.platform_message_id in seen:
            segments.append(records[start:i])
            start = i
            seen = set()
        seen.add(r.platform_message_id)
    segments.append(records[start:])
    return segments
