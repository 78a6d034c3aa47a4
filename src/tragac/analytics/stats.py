"""Per-source statistics: message and service counts, authors, first/last message, per-day activity, top forwards.

Public API: :func:`compute_stats` (used by ``tragac stats`` and the web app's ``/api/v1/stats``) and
:func:`parse_bound`. The figures themselves and their definitions come from :mod:`tragac.analytics.figures`, the
layer the dashboard, the sources pages and the report read too. Days are UTC; ``per_day`` covers every day from the
first to the last active day of the source, zeros included.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tragac.analytics import figures
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.models import Message, Source

TOP_FORWARDED = 10


def parse_bound(value: str | date | datetime | None, *, end: bool, option: str = "date") -> datetime | None:
    """An aware UTC bound from ``YYYY-MM-DD`` or an ISO timestamp.

    A bare day is inclusive: as a lower bound it means midnight starting that day, as an upper bound (``end``)
    midnight after it; the returned upper bound is exclusive.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        day = value
    else:
        text = value.strip()
        if len(text) > 10:
            try:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise InputError(f"{option}: {value!r} is not a date (expected YYYY-MM-DD)") from None
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InputError(f"{option}: {value!r} is not a date (expected YYYY-MM-DD)") from None
    start = datetime.combine(day, time(), UTC)
    return start + timedelta(days=1) if end else start


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def compute_stats(
    store: Store,
    *,
    source_ids: list[int] | None = None,
    since: str | date | datetime | None = None,
    until: str | date | datetime | None = None,
) -> dict[str, Any]:
    """Statistics per source, as ``{"sources": [{id, title, type, messages, service_messages, authors, first, last,
    per_day: [{date, messages, authors, joins, leaves}], top_forwarded_from: [{name, count}]}]}``.

    ``since``/``until`` are inclusive UTC days (or ISO timestamps); ``source_ids`` are store ids (unknown ids
    are an :class:`InputError`).
    """
    start = parse_bound(since, end=False, option="--since")
    end = parse_bound(until, end=True, option="--until")
    if start is not None and end is not None and start >= end:
        raise InputError("--since is after --until")
    with store.session() as s:
        sources = _sources(s, source_ids)
        ids = [src.id for src in sources]
        if not ids:
            return {"sources": []}
        return {"sources": _per_source(store, s, sources, ids, start, end)}


def _sources(s: Session, source_ids: list[int] | None) -> list[Source]:
    q = select(Source).order_by(Source.id)
    if source_ids:
        q = q.where(Source.id.in_(source_ids))
    sources = list(s.scalars(q))
    if source_ids:
        missing = sorted(set(source_ids) - {src.id for src in sources})
        if missing:
            raise InputError(f"no source with id {', '.join(map(str, missing))}")
    return sources


def _per_source(
    store: Store, s: Session, sources: list[Source], ids: list[int], start: datetime | None, end: datetime | None
) -> list[dict[str, Any]]:
    totals = figures.per_source(s, store.dialect, ids, start, end)
    daily = figures.per_day(s, store.dialect, ids, start, end)
    forwarded: dict[int, list[dict[str, Any]]] = defaultdict(list)
    m = Message
    sid = m.source_id + 0 if start is None and end is None and store.dialect == "sqlite" else m.source_id
    n = func.count().label("n")
    q_fwd = (
        select(sid, m.forwarded_from, n)
        .where(sid.in_(ids), figures.period(m.date, start, end), figures.message_condition())
        .where(m.forwarded_from.is_not(None))
        .group_by(sid, m.forwarded_from)
        .order_by(sid, n.desc(), m.forwarded_from)
    )
    for source_id, name, count in s.execute(q_fwd):
        if len(forwarded[source_id]) < TOP_FORWARDED:
            forwarded[source_id].append({"name": name, "count": count})

    out = []
    for src in sources:
        t = totals[src.id]
        out.append(
            {
                "id": src.id,
                "title": src.title,
                "type": src.kind,
                "messages": t.messages,
                "service_messages": t.service_messages,
                "authors": t.authors,
                "first": _iso(t.first),
                "last": _iso(t.last),
                "per_day": _fill_days({d: vars(day) for d, day in daily.get(src.id, {}).items()}),
                "top_forwarded_from": forwarded.get(src.id, []),
            }
        )
    return out


def _fill_days(rows: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    if not rows:
        return []
    first, last = date.fromisoformat(min(rows)), date.fromisoformat(max(rows))
    out = []
    d = first
    while d <= last:
        key = d.isoformat()
        out.append({"date": key, **rows.get(key, {"messages": 0, "authors": 0, "joins": 0, "leaves": 0})})
        d += timedelta(days=1)
    return out
