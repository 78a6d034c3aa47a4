"""Daily figures for the dashboard and the sources pages, computed with GROUP BY on either backend."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, cast, func, select
from sqlalchemy.orm import Session

from tragac.sources.records import JOIN_EVENTS, LEAVE_EVENTS  # the one membership-event vocabulary
from tragac.store import Store
from tragac.store.models.core import MembershipEvent, Message, Source
from tragac.store.models.matching import SpreadCluster
from tragac.store.models.signals import Flag

DEFAULT_DAYS = 30


@dataclass
class Window:
    start: date
    end: date  # inclusive
    source_id: int | None = None

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(), tzinfo=UTC)

    def days(self) -> list[date]:
        n = (self.end - self.start).days + 1
        return [self.start + timedelta(days=i) for i in range(max(n, 0))]


def day_of(dialect: str, column: Any) -> ColumnElement[Any]:
    """The UTC calendar day of a timestamp column."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def default_window(store: Store, source_id: int | None = None, days: int = DEFAULT_DAYS) -> Window:
    """The last ``days`` days that have data (monitoring archives are often historical), else up to today."""
    with store.session() as s:
        q = select(func.min(Message.date), func.max(Message.date))
        if source_id is not None:
            q = q.where(Message.source_id == source_id)
        first, last = s.execute(q).one()
    end = last.date() if last else datetime.now(UTC).date()
    start = end - timedelta(days=days - 1)
    if first is not None and first.date() > start:
        start = first.date()  # a young archive: no empty run-up
    return Window(start, end, source_id)


def _series(s: Session, dialect: str, w: Window, column: Any, value: Any, model: Any, *extra: Any) -> dict[date, int]:
    day = day_of(dialect, column)
    q = select(day, value).where(column >= w.since, column < w.until, *extra).group_by(day)
    if w.source_id is not None:
        q = q.where(model.source_id == w.source_id)
    return {_as_date(d): int(v or 0) for d, v in s.execute(q).all() if d is not None}


def figures(store: Store, w: Window) -> dict[str, Any]:
    """Every daily series the dashboard draws, aligned on the window's days."""
    dialect = store.dialect
    days = w.days()
    with store.session() as s:
        messages = _series(s, dialect, w, Message.date, func.count(), Message, Message.kind == "message")
        authors = _series(
            s, dialect, w, Message.date, func.count(Message.author_id.distinct()), Message, Message.kind == "message"
        )
        joins = _series(
            s,
            dialect,
            w,
            MembershipEvent.date,
            func.sum(MembershipEvent.member_count),
            MembershipEvent,
            MembershipEvent.event.in_(sorted(JOIN_EVENTS)),  # as `tragac stats` counts them
        )
        leaves = _series(
            s,
            dialect,
            w,
            MembershipEvent.date,
            func.sum(MembershipEvent.member_count),
            MembershipEvent,
            MembershipEvent.event.in_(sorted(LEAVE_EVENTS)),
        )
        when = func.coalesce(Flag.observed_at, Flag.created_at)
        fday = day_of(dialect, when)
        fq = (
            select(fday, Flag.category, func.count())
            .where(when >= w.since, when < w.until)
            .group_by(fday, Flag.category)
        )
        if w.source_id is not None:
            fq = fq.where(Flag.source_id == w.source_id)
        by_cat: dict[str, dict[date, int]] = defaultdict(dict)
        for d, cat, n in s.execute(fq).all():
            by_cat[cat][_as_date(d)] = int(n)
        cq = select(SpreadCluster).order_by(SpreadCluster.source_count.desc(), SpreadCluster.sighting_count.desc())
        clusters = list(s.scalars(cq.limit(10)).all())
    labels = [d.isoformat() for d in days]
    return {
        "days": labels,
        "messages": [messages.get(d, 0) for d in days],
        "active_authors": [authors.get(d, 0) for d in days],
        "joins": [joins.get(d, 0) for d in days],
        "leaves": [leaves.get(d, 0) for d in days],
        "flags": {cat: [series.get(d, 0) for d in days] for cat, series in sorted(by_cat.items())},
        "top_clusters": [
            {
                "id": c.id,
                "kind": c.kind,
                "sources": c.source_count,
                "sightings": c.sighting_count,
                "media": c.media_count,
                "first_seen": c.first_seen.isoformat() if c.first_seen else None,
                "last_seen": c.last_seen.isoformat() if c.last_seen else None,
            }
            for c in clusters
        ],
    }


def source_rows(store: Store) -> list[dict[str, Any]]:
    """Every source with its message, author, flag and membership totals."""
    with store.session() as s:
        counts = dict(
            s.execute(
                select(Message.source_id, func.count()).where(Message.kind == "message").group_by(Message.source_id)
            ).all()
        )
        authors = dict(
            s.execute(
                select(Message.source_id, func.count(Message.author_id.distinct())).group_by(Message.source_id)
            ).all()
        )
        span = {
            sid: (a, b)
            for sid, a, b in s.execute(
                select(Message.source_id, func.min(Message.date), func.max(Message.date)).group_by(Message.source_id)
            ).all()
        }
        flags = dict(s.execute(select(Flag.source_id, func.count()).group_by(Flag.source_id)).all())
        open_flags = dict(
            s.execute(select(Flag.source_id, func.count()).where(Flag.state == "new").group_by(Flag.source_id)).all()
        )
        sources = list(s.scalars(select(Source).order_by(Source.title, Source.id)).all())
    return [
        {
            "id": src.id,
            "platform": src.platform,
            "kind": src.kind,
            "title": src.title,
            "username": src.username,
            "messages": int(counts.get(src.id, 0)),
            "authors": int(authors.get(src.id, 0)),
            "flags": int(flags.get(src.id, 0)),
            "open_flags": int(open_flags.get(src.id, 0)),
            "first_message": span.get(src.id, (None, None))[0],
            "last_message": span.get(src.id, (None, None))[1],
            "left": src.left,
        }
        for src in sources
    ]


def source_choices(store: Store) -> list[dict[str, Any]]:
    """Id and title of every source, for filter menus (without the figures)."""
    with store.session() as s:
        return [
            {"id": i, "title": t}
            for i, t in s.execute(select(Source.id, Source.title).order_by(Source.title, Source.id))
        ]
