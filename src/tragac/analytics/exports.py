"""Research exports: messages, flags, media, sightings and spread clusters as CSV, Parquet or JSON Lines.

Rows are streamed from the database (``yield_per``) and written in batches, so memory stays flat whatever the
table's size. By default exports are pseudonymised: authors appear as keyed-hash pseudonyms, names are dropped,
and free text (message text, a flag's explanation, string values in its evidence, URLs) passes through the same
redaction as the report. ``raw_ids`` restores author ids and names; text stays redacted in every export (a
researcher who needs raw text has the database itself).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Executable, exists, func, select
from sqlalchemy.orm import Session

from tragac.analytics.pseudonyms import Pseudonymizer
from tragac.analytics.redaction import Redactor, Span, flag_spans
from tragac.analytics.scope import Scope
from tragac.analytics.watched import masking_recognisers
from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter
from tragac.store import Store
from tragac.store import models as m

BATCH = 5000
FORMATS = ("csv", "parquet", "jsonl")

Row = dict[str, Any]
SPAN_CATEGORIES = ("doxxing", "identity")


@dataclass
class ExportContext:
    scope: Scope
    pseudonyms: Pseudonymizer
    redactor: Redactor
    raw_ids: bool
    titles: frozenset[str] = frozenset()  # monitored chats' titles: forwards from them are not personal data
    # What the doxxing and identity detectors found, per message: masked even where no recogniser would see it.
    flagged: dict[int, list[Span]] = field(default_factory=dict)

    def author(self, platform: str | None, platform_id: str | None) -> str | None:
        return platform_id if self.raw_ids else self.pseudonyms(platform, platform_id)

    def text(self, value: str | None, message_id: int | None = None) -> str | None:
        if value is None:
            return None
        return self.redactor.redact(value, self.flagged.get(message_id, ()) if message_id is not None else ())

    def clean(self, value: Any) -> Any:
        """Redact every string inside a JSON value (flag evidence may quote what it matched)."""
        if isinstance(value, str):
            return self.redactor.redact(value)
        if isinstance(value, list):
            return [self.clean(v) for v in value]
        if isinstance(value, dict):
            return {k: self.clean(v) for k, v in value.items()}
        return value


class Table:
    """One exportable table: its columns (with Arrow types for Parquet) and a streaming row source."""

    name: ClassVar[str]
    help: ClassVar[str]
    columns: ClassVar[list[tuple[str, pa.DataType]]]

    def query(self, ctx: ExportContext) -> Executable:
        raise NotImplementedError

    def row(self, r: Any, ctx: ExportContext) -> Row:
        raise NotImplementedError

    def rows(self, session: Session, ctx: ExportContext) -> Iterator[Row]:
        for r in session.execute(self.query(ctx).execution_options(yield_per=BATCH)):
            yield self.row(r, ctx)


TABLES: dict[str, Table] = {}


def table(cls: type[Table]) -> type[Table]:
    TABLES[cls.name] = cls()
    return cls


TS = pa.timestamp("us", tz="UTC")
JSON = pa.string()  # nested values are written as JSON text so every format has the same columns


@table
class Messages(Table):
    name = "messages"
    help = "messages (not service messages) with pseudonymised authors and redacted text"
    columns: ClassVar[list[tuple[str, pa.DataType]]] = [
        ("id", pa.int64()),
        ("source_id", pa.int64()),
        ("source_title", pa.string()),
        ("platform_message_id", pa.int64()),
        ("date", TS),
        ("author", pa.string()),
        ("author_name", pa.string()),
        ("text", pa.string()),
        ("reply_to_message_id", pa.int64()),
        ("forwarded_from", pa.string()),
        ("media_type", pa.string()),
        ("edited_at", TS),
        ("deleted_at", TS),
    ]

    def query(self, ctx: ExportContext) -> Executable:
        return (
            select(
                m.Message.id,
                m.Message.source_id,
                m.Source.title,
                m.Message.platform_message_id,
                m.Message.date,
                m.Author.platform,
                m.Author.platform_id,
                m.Message.author_name,
                m.Message.text,
                m.Message.reply_to_message_id,
                m.Message.forwarded_from,
                m.Message.media_type,
                m.Message.edited_at,
                m.Message.deleted_at,
            )
            .join(m.Source, m.Source.id == m.Message.source_id)
            .outerjoin(m.Author, m.Author.id == m.Message.author_id)
            .where(m.Message.kind == "message", ctx.scope.where(m.Message.date, m.Message.source_id))
            .order_by(m.Message.id)
        )

    def row(self, r: Any, ctx: ExportContext) -> Row:
        fwd = r.forwarded_from
        # A forward's origin is kept when it is a chat we monitor; a person's name becomes a pseudonym.
        if fwd is not None and not ctx.raw_ids and fwd not in ctx.titles:
            fwd = ctx.pseudonyms("forward", fwd)
        return {
            "id": r.id,
            "source_id": r.source_id,
            "source_title": r.title,
            "platform_message_id": r.platform_message_id,
            "date": r.date,
            "author": ctx.author(r.platform, r.platform_id),
            "author_name": r.author_name if ctx.raw_ids else None,
            "text": ctx.text(r.text, r.id),
            "reply_to_message_id": r.reply_to_message_id,
            "forwarded_from": fwd,
            "media_type": r.media_type,
            "edited_at": r.edited_at,
            "deleted_at": r.deleted_at,
        }


@table
class Flags(Table):
    name = "flags"
    help = "detections with rule, category, score, spans and (redacted) evidence"
    columns: ClassVar[list[tuple[str, pa.DataType]]] = [
        ("id", pa.int64()),
        ("detector", pa.string()),
        ("category", pa.string()),
        ("subtype", pa.string()),
        ("severity", pa.int64()),
        ("score", pa.float64()),
        ("rule", pa.string()),
        ("why", pa.string()),
        ("spans", JSON),
        ("evidence", JSON),
        ("message_id", pa.int64()),
        ("media_id", pa.int64()),
        ("source_id", pa.int64()),
        ("possible_minor", pa.bool_()),
        ("state", pa.string()),
        ("created_at", TS),
        ("message_date", TS),
    ]

    def query(self, ctx: ExportContext) -> Executable:
        return (
            select(m.Flag, m.Message.date)
            .outerjoin(m.Message, m.Message.id == m.Flag.message_id)
            .where(ctx.scope.where(func.coalesce(m.Message.date, m.Flag.created_at), m.Flag.source_id))
            .order_by(m.Flag.id)
        )

    def row(self, r: Any, ctx: ExportContext) -> Row:
        f: m.Flag = r[0]
        return {
            "id": f.id,
            "detector": f.detector,
            "category": f.category,
            "subtype": f.subtype,
            "severity": f.severity,
            "score": f.score,
            "rule": f.rule,
            "why": ctx.text(f.why),
            "spans": _json(f.spans),
            "evidence": _json(ctx.clean(f.evidence)),
            "message_id": f.message_id,
            "media_id": f.media_id,
            "source_id": f.source_id,
            "possible_minor": f.possible_minor,
            "state": f.state,
            "created_at": f.created_at,
            "message_date": r[1],
        }


@table
class MediaTable(Table):
    name = "media"
    help = "distinct media files: hashes, size, dimensions (never the bytes)"
    columns: ClassVar[list[tuple[str, pa.DataType]]] = [
        ("id", pa.int64()),
        ("sha256", pa.string()),
        ("md5", pa.string()),
        ("pdq", pa.string()),
        ("pdq_quality", pa.int64()),
        ("kind", pa.string()),
        ("mime_type", pa.string()),
        ("size", pa.int64()),
        ("width", pa.int64()),
        ("height", pa.int64()),
        ("duration", pa.float64()),
        ("nudity_score", pa.float64()),
        ("first_seen", TS),
    ]

    def query(self, ctx: ExportContext) -> Executable:
        q = select(
            m.Media.id, m.Media.sha256, m.Media.md5, m.Media.pdq, m.Media.pdq_quality, m.Media.kind,
            m.Media.mime_type, m.Media.size, m.Media.width, m.Media.height, m.Media.duration,
            m.Media.nudity_score, m.Media.first_seen,
        ).order_by(m.Media.id)  # fmt: skip
        if ctx.scope.source_ids or ctx.scope.since or ctx.scope.until:
            seen = exists().where(
                m.Sighting.media_id == m.Media.id, ctx.scope.where(m.Sighting.seen_at, m.Sighting.source_id)
            )
            q = q.where(seen)
        return q

    def row(self, r: Any, ctx: ExportContext) -> Row:
        return dict(r._mapping)


@table
class Sightings(Table):
    name = "sightings"
    help = "where and when each media file appeared"
    columns: ClassVar[list[tuple[str, pa.DataType]]] = [
        ("id", pa.int64()),
        ("media_id", pa.int64()),
        ("message_id", pa.int64()),
        ("source_id", pa.int64()),
        ("seen_at", TS),
        ("url", pa.string()),
        ("cluster_id", pa.int64()),
    ]

    def query(self, ctx: ExportContext) -> Executable:
        return (
            select(
                m.Sighting.id,
                m.Sighting.media_id,
                m.Sighting.message_id,
                m.Sighting.source_id,
                m.Sighting.seen_at,
                m.Sighting.url,
                m.SpreadMember.cluster_id,
            )
            .outerjoin(m.SpreadMember, m.SpreadMember.media_id == m.Sighting.media_id)
            .where(ctx.scope.where(m.Sighting.seen_at, m.Sighting.source_id))
            .order_by(m.Sighting.id)
        )

    def row(self, r: Any, ctx: ExportContext) -> Row:
        d = dict(r._mapping)
        d["url"] = d["url"] if ctx.raw_ids else ctx.text(d["url"])
        return d


@table
class Clusters(Table):
    name = "clusters"
    help = "near-duplicate spread clusters: representative hash and counts"
    columns: ClassVar[list[tuple[str, pa.DataType]]] = [
        ("id", pa.int64()),
        ("key", pa.string()),
        ("kind", pa.string()),
        ("representative_media_id", pa.int64()),
        ("representative_pdq", pa.string()),
        ("media_count", pa.int64()),
        ("sighting_count", pa.int64()),
        ("source_count", pa.int64()),
        ("first_seen", TS),
        ("last_seen", TS),
    ]

    def query(self, ctx: ExportContext) -> Executable:
        q = (
            select(
                m.SpreadCluster.id,
                m.SpreadCluster.key,
                m.SpreadCluster.kind,
                m.SpreadCluster.representative_media_id,
                m.Media.pdq.label("representative_pdq"),
                m.SpreadCluster.media_count,
                m.SpreadCluster.sighting_count,
                m.SpreadCluster.source_count,
                m.SpreadCluster.first_seen,
                m.SpreadCluster.last_seen,
            )
            .join(m.Media, m.Media.id == m.SpreadCluster.representative_media_id)
            .order_by(m.SpreadCluster.id)
        )
        if ctx.scope.source_ids or ctx.scope.since or ctx.scope.until:
            seen = exists().where(
                m.SpreadMember.cluster_id == m.SpreadCluster.id,
                m.Sighting.media_id == m.SpreadMember.media_id,
                ctx.scope.where(m.Sighting.seen_at, m.Sighting.source_id),
            )
            q = q.where(seen)
        return q

    def row(self, r: Any, ctx: ExportContext) -> Row:
        return dict(r._mapping)


def _flagged_spans(s: Session) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = {}
    q = select(m.Flag.message_id, m.Flag.spans).where(
        m.Flag.category.in_(SPAN_CATEGORIES), m.Flag.message_id.is_not(None)
    )
    for mid, spans in s.execute(q.execution_options(yield_per=BATCH)):
        if mid is not None:
            out.setdefault(mid, []).extend(flag_spans(spans))
    return out


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


# -- writers -----------------------------------------------------------------------------------------------------


def _csv_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def write_csv(path: Path, t: Table, rows: Iterator[Row], tick: Callable[[], None]) -> int:
    names = [c for c, _ in t.columns]
    n = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_value(row[c]) for c in names])
            n += 1
            tick()
    return n


def write_jsonl(path: Path, t: Table, rows: Iterator[Row], tick: Callable[[], None]) -> int:
    names = [c for c, _ in t.columns]
    n = 0
    with path.open("wb") as f:
        for row in rows:
            f.write(orjson.dumps({c: row[c] for c in names}, option=orjson.OPT_UTC_Z) + b"\n")
            n += 1
            tick()
    return n


def write_parquet(path: Path, t: Table, rows: Iterator[Row], tick: Callable[[], None]) -> int:
    schema = pa.schema(t.columns)
    names = [c for c, _ in t.columns]
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as w:
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            tick()
            if len(batch) >= BATCH:
                w.write_table(pa.Table.from_pylist([{c: r[c] for c in names} for r in batch], schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            w.write_table(pa.Table.from_pylist([{c: r[c] for c in names} for r in batch], schema=schema))
            n += len(batch)
    return n


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


@dataclass(frozen=True)
class ExportResult:
    table: str
    format: str
    path: Path
    rows: int
    pseudonymised: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "format": self.format,
            "path": str(self.path),
            "rows": self.rows,
            "pseudonymised": self.pseudonymised,
        }


def export_table(
    store: Store,
    name: str,
    fmt: str,
    out: Path,
    *,
    scope: Scope | None = None,
    raw_ids: bool = False,
    reporter: Reporter | None = None,
) -> ExportResult:
    """Stream table ``name`` into ``out`` (written to ``out.part`` and renamed, so a failed export leaves nothing)."""
    if name not in TABLES:
        raise InputError(f"unknown table {name!r} (choose from {', '.join(TABLES)})")
    if fmt not in WRITERS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if out.is_dir():
        raise InputError(f"-o {out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise InputError(f"-o {out}: folder {out.parent} does not exist")
    t = TABLES[name]
    ctx = ExportContext(
        scope=scope or Scope(),
        pseudonyms=Pseudonymizer.for_home(store.settings.ensure_home()),
        redactor=Redactor(masking_recognisers(store)),
        raw_ids=raw_ids,
    )
    with store.session() as s:
        ctx.titles = frozenset(t for t in s.scalars(select(m.Source.title)) if t)
        if name == "messages":
            ctx.flagged = _flagged_spans(s)
    rep = reporter or NullReporter()
    rep.start(f"export {name}")
    tmp = out.with_name(out.name + ".part")
    try:
        with store.session() as s:
            n = WRITERS[fmt](tmp, t, t.rows(s, ctx), lambda: rep.advance())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(table=name, format=fmt, path=out, rows=n, pseudonymised=not raw_ids)
