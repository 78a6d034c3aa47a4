"""Daily figures for the dashboard and the sources pages, read from :mod:`tragac.analytics.figures`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from sqlalchemy import ColumnElement, Date, cast, func, select

from tragac.analytics import figures as layer  # the one home of messages, authors, joins, leaves, flags
from tragac.store import Store
from tragac.store.models.core import Message, Source
from tragac.store.models.matching import SpreadCluster
from tragac.store.models.signals import Flag
from tragac.web import roles

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


def figures(store: Store, w: Window) -> dict[str, Any]:
    """Every daily series the dashboard draws, aligned on the window's days (activity from
    :mod:`tragac.analytics.figures`, the layer `tragac stats` and the report read)."""
    dialect = store.dialect
    days = w.days()
    sources = [w.source_id] if w.source_id is not None else None
    with store.session() as s:
        daily = layer.per_day(s, dialect, sources, w.since, w.until, by_source=False).get(None, {})
        activity = {date.fromisoformat(d): v for d, v in daily.items()}
        totals = layer.overall(s, dialect, sources, w.since, w.until)
        when = layer.flag_date()
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
        "messages": [activity.get(d, layer.Day()).messages for d in days],
        "active_authors": [activity.get(d, layer.Day()).authors for d in days],
        "joins": [activity.get(d, layer.Day()).joins for d in days],
        "leaves": [activity.get(d, layer.Day()).leaves for d in days],
        "totals": totals,  # the window's figures, as `tragac stats --since --until` counts them
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
    """Every source with its message, author, flag and membership totals (:func:`tragac.analytics.figures.per_source`,
    the figures `tragac stats` and the report print)."""
    with store.session() as s:
        sources = list(s.scalars(select(Source).order_by(Source.title, Source.id)).all())
        totals = layer.per_source(s, store.dialect, [src.id for src in sources])
    return [
        {
            "id": src.id,
            "platform": src.platform,
            "kind": src.kind,
            "title": src.title,
            "username": src.username,
            "messages": totals[src.id].messages,
            "authors": totals[src.id].authors,
            "joins": totals[src.id].joins,
            "leaves": totals[src.id].leaves,
            "flags": totals[src.id].flags,
            "open_flags": totals[src.id].open_flags,
            "first_message": totals[src.id].first,
            "last_message": totals[src.id].last,
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


def reads_rows(role: str) -> bool:
    """Whether figures may link to their rows (message text and names are for analysts and above)."""
    return roles.allows(role, "analyst")


def bar_links(days: list[str], source: str) -> Callable[[int, str], str]:
    """A day's bar opens the rows it counts: /rows/messages|joins|leaves, or the review queue for a flag category
    (``days`` are the full 'YYYY-MM-DD' labels; ``source`` an id or "" for all)."""

    def href(i: int, series: str) -> str:
        when = f"source={source}&since={days[i]}&until={days[i]}"
        if series in ("messages", "joins", "leaves"):
            return f"/rows/{series}?{when}"
        return f"/review?state=all&category={quote(series)}&{when}"

    return href
