"""Per-source statistics: message and service counts, authors, first/last message, per-day activity, top forwards.

Public API: :func:`compute_stats` (used by ``tragac stats`` and the web app's ``/api/v1/stats``) and
:func:`parse_bound`. Everything is aggregated in SQL, grouped by source and UTC day, so it stays fast on SQLite and
PostgreSQL alike (one pass per aggregate over the ``(source_id, date)`` index).

Definitions: a *message* is any row that is not a service message; *authors* are distinct ``author_id`` among
messages; *joins* and *leaves* are the sum of ``MembershipEvent.member_count`` over events "join"/"invite" and
"leave"/"remove" (the ingester counts each invited member as a join and each removed member as a leave). Days are
UTC; ``per_day`` covers every day from the first to the last active day of the source, zeros included.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.sources import records
from tragac.store import Store
from tragac.store.models import MembershipEvent, Message, Source

# The one membership-event vocabulary (sources/records.py), as tuples for SQL IN lists.
JOIN_EVENTS = tuple(sorted(records.JOIN_EVENTS))
LEAVE_EVENTS = tuple(sorted(records.LEAVE_EVENTS))
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


def _day(store: Store, column: Any) -> Any:
    """The UTC day of a UTCDateTime column as 'YYYY-MM-DD' text, in the backend's own SQL."""
    if store.dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.substr(column, 1, 10)  # SQLite stores naive UTC as 'YYYY-MM-DD HH:MM:SS…'


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _period(column: Any, start: datetime | None, end: datetime | None) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    if start is not None:
        conds.append(column >= start)
    if end is not None:
        conds.append(column < end)
    return and_(true(), *conds)


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
    m = Message
    # Over the whole store SQLite is ~3x faster scanning the table than walking the (source_id, date) index and
    # fetching each row; "source_id + 0" keeps its planner off that index. A period filter is selective, and then
    # the index wins.
    whole = start is None and end is None and store.dialect == "sqlite"
    sid: Any = m.source_id + 0 if whole else m.source_id
    in_scope = and_(sid.in_(ids), _period(m.date, start, end))
    is_msg = m.kind != "service"

    # One pass gives the per-day rows and, summed, the totals; rows without a date (unsupported) have day NULL.
    totals: dict[int, dict[str, Any]] = {
        i: {"messages": 0, "service_messages": 0, "authors": 0, "first": None, "last": None} for i in ids
    }
    days: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    day = _day(store, m.date)
    q_days = (
        select(
            sid,
            day,
            func.count().filter(is_msg),
            func.count().filter(m.kind == "service"),
            func.count(m.author_id.distinct()).filter(is_msg),
            func.min(m.date).filter(is_msg),
            func.max(m.date).filter(is_msg),
        )
        .where(in_scope)
        .group_by(sid, day)
    )
    for source_id, d, n_msg, n_service, n_authors, first, last in s.execute(q_days):
        t = totals[source_id]
        t["messages"] += n_msg
        t["service_messages"] += n_service
        if first is not None and (t["first"] is None or first < t["first"]):
            t["first"] = first
        if last is not None and (t["last"] is None or last > t["last"]):
            t["last"] = last
        if d is not None and n_msg:
            days[source_id][d] = {"messages": n_msg, "authors": n_authors, "joins": 0, "leaves": 0}

    q_authors = select(sid, func.count(m.author_id.distinct())).where(in_scope, is_msg).group_by(sid)
    for source_id, n_authors in s.execute(q_authors):
        totals[source_id]["authors"] = n_authors

    ev = MembershipEvent
    eday = _day(store, ev.date)
    q_events = (
        select(
            ev.source_id,
            eday,
            func.coalesce(func.sum(ev.member_count).filter(ev.event.in_(JOIN_EVENTS)), 0),
            func.coalesce(func.sum(ev.member_count).filter(ev.event.in_(LEAVE_EVENTS)), 0),
        )
        .where(ev.source_id.in_(ids), _period(ev.date, start, end), ev.date.is_not(None))
        .where(ev.event.in_(JOIN_EVENTS + LEAVE_EVENTS))
        .group_by(ev.source_id, eday)
    )
    for source_id, d, joins, leaves in s.execute(q_events):
        row = days[source_id].setdefault(d, {"messages": 0, "authors": 0, "joins": 0, "leaves": 0})
        row["joins"], row["leaves"] = int(joins), int(leaves)

    forwarded: dict[int, list[dict[str, Any]]] = defaultdict(list)
    n = func.count().label("n")
    q_fwd = (
        select(sid, m.forwarded_from, n)
        .where(in_scope, is_msg, m.forwarded_from.is_not(None))
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
                "messages": t["messages"],
                "service_messages": t["service_messages"],
                "authors": t["authors"],
                "first": _iso(t["first"]),
                "last": _iso(t["last"]),
                "per_day": _fill_days(days.get(src.id, {})),
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
