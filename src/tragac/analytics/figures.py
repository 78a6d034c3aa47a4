"""The one home of the activity figures: messages, service messages, authors, joins, leaves, first/last message and
flags, per source, overall and per UTC day.

The dashboard, the sources pages, ``tragac stats`` (and ``/api/v1/stats``) and the report all read these functions,
so a number means the same on every screen and in every file (they once disagreed: the sources page counted the
authors of service messages too, 3,712 against the report's 1,199). The pages listing the rows behind a figure
(``/rows/...``) filter with the same conditions (:func:`message_condition`, :data:`JOIN_EVENTS`...).

Definitions:

- a *message* is any row that is not a service message (``kind`` "message" or "unsupported");
- *authors* are distinct ``author_id`` among messages (a join or a leave is not authorship);
- *joins* and *leaves* are the sum of ``MembershipEvent.member_count`` over events "join"/"invite" and
  "leave"/"remove" (the ingester counts each invited member as a join and each removed member as a leave);
- *flags* are flags dated (``observed_at``, else ``created_at``) in the period; *open flags* are those still "new".

Periods are ``[start, end)`` with aware UTC datetimes, either end open. Everything is aggregated in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from tragac.sources import records
from tragac.store.models import MembershipEvent, Message
from tragac.store.models.signals import Flag

# The one membership-event vocabulary (sources/records.py), as tuples for SQL IN lists.
JOIN_EVENTS = tuple(sorted(records.JOIN_EVENTS))
LEAVE_EVENTS = tuple(sorted(records.LEAVE_EVENTS))


def message_condition() -> ColumnElement[bool]:
    """The SQL condition "this row is a message" (not a service message)."""
    return Message.kind != "service"


def flag_date() -> Any:
    """The day a flag counts on: when the content was posted, else when the flag was made (as the review queue)."""
    return func.coalesce(Flag.observed_at, Flag.created_at)


def period(column: Any, start: datetime | None, end: datetime | None) -> ColumnElement[bool]:
    conds: list[ColumnElement[bool]] = []
    if start is not None:
        conds.append(column >= start)
    if end is not None:
        conds.append(column < end)
    return and_(true(), *conds)


def day_text(dialect: str, column: Any) -> Any:
    """The UTC day of a UTCDateTime column as 'YYYY-MM-DD' text, in the backend's own SQL."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.substr(column, 1, 10)  # SQLite stores naive UTC as 'YYYY-MM-DD HH:MM:SS…'


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@dataclass
class Totals:
    messages: int = 0
    service_messages: int = 0
    authors: int = 0
    joins: int = 0
    leaves: int = 0
    flags: int = 0
    open_flags: int = 0
    first: datetime | None = None  # first and last message (not service message)
    last: datetime | None = None


@dataclass
class Day:
    messages: int = 0
    authors: int = 0
    joins: int = 0
    leaves: int = 0


def _source_column(dialect: str, whole: bool) -> Any:
    # Over the whole store SQLite is ~3x faster scanning the table than walking the (source_id, date) index and
    # fetching each row; "source_id + 0" keeps its planner off that index. A period filter is selective, and then
    # the index wins.
    return Message.source_id + 0 if whole and dialect == "sqlite" else Message.source_id


def _scope(
    dialect: str, source_ids: Sequence[int] | None, start: datetime | None, end: datetime | None
) -> tuple[Any, ColumnElement[bool]]:
    sid = _source_column(dialect, start is None and end is None)
    cond = period(Message.date, start, end)
    if source_ids is not None:
        cond = and_(sid.in_(list(source_ids)), cond)
    return sid, cond


def per_source(
    s: Session,
    dialect: str,
    source_ids: Sequence[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[int, Totals]:
    """Totals per source id (every id asked for is present, zeros included; ``None`` means every source with data)."""
    out: dict[int, Totals] = defaultdict(Totals)
    for i in source_ids or ():
        out[i] = Totals()
    sid, in_scope = _scope(dialect, source_ids, start, end)
    is_msg = message_condition()
    q = (
        select(
            sid,
            func.count().filter(is_msg),
            func.count().filter(Message.kind == "service"),
            func.count(Message.author_id.distinct()).filter(is_msg),
            func.min(Message.date).filter(is_msg),
            func.max(Message.date).filter(is_msg),
        )
        .where(in_scope)
        .group_by(sid)
    )
    for source_id, n_msg, n_service, n_authors, first, last in s.execute(q):
        t = out[source_id]
        t.messages, t.service_messages, t.authors = int(n_msg), int(n_service), int(n_authors)
        t.first, t.last = _aware(first), _aware(last)
    for source_id, joins, leaves in s.execute(_events(None, source_ids, start, end)):
        out[source_id].joins, out[source_id].leaves = int(joins), int(leaves)
    fq = select(Flag.source_id, func.count(), func.count().filter(Flag.state == "new")).where(
        period(flag_date(), start, end), Flag.source_id.is_not(None)
    )
    if source_ids is not None:
        fq = fq.where(Flag.source_id.in_(list(source_ids)))
    for source_id, n, n_open in s.execute(fq.group_by(Flag.source_id)):
        assert source_id is not None  # filtered above
        out[source_id].flags, out[source_id].open_flags = int(n), int(n_open)
    return dict(out)


def overall(
    s: Session,
    dialect: str,
    source_ids: Sequence[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> Totals:
    """Totals over the sources together: sums, except authors (a person writing in two groups is one author)."""
    parts = per_source(s, dialect, source_ids, start, end).values()
    t = Totals()
    for p in parts:
        for name in ("messages", "service_messages", "joins", "leaves"):
            setattr(t, name, getattr(t, name) + getattr(p, name))
        if p.first is not None and (t.first is None or p.first < t.first):
            t.first = p.first
        if p.last is not None and (t.last is None or p.last > t.last):
            t.last = p.last
    _, in_scope = _scope(dialect, source_ids, start, end)
    authors = select(func.count(Message.author_id.distinct())).where(in_scope, message_condition())
    t.authors = int(s.scalar(authors) or 0)
    # Flags without a source (a website sighting, a bank-wide match) count here, though on no source's row.
    fq = select(func.count(), func.count().filter(Flag.state == "new")).where(period(flag_date(), start, end))
    if source_ids is not None:
        fq = fq.where(Flag.source_id.in_(list(source_ids)))
    n, n_open = s.execute(fq).one()
    t.flags, t.open_flags = int(n), int(n_open)
    return t


def _events(dialect: str | None, source_ids: Sequence[int] | None, start: datetime | None, end: datetime | None) -> Any:
    """Joins and leaves grouped by source (and by day when ``dialect`` is given)."""
    ev = MembershipEvent
    keys: list[Any] = [ev.source_id]
    if dialect is not None:
        keys.append(day_text(dialect, ev.date))
    q = (
        select(
            *keys,
            func.coalesce(func.sum(ev.member_count).filter(ev.event.in_(JOIN_EVENTS)), 0),
            func.coalesce(func.sum(ev.member_count).filter(ev.event.in_(LEAVE_EVENTS)), 0),
        )
        .where(period(ev.date, start, end), ev.date.is_not(None), ev.event.in_(JOIN_EVENTS + LEAVE_EVENTS))
        .group_by(*keys)
    )
    if source_ids is not None:
        q = q.where(ev.source_id.in_(list(source_ids)))
    return q


def per_day(
    s: Session,
    dialect: str,
    source_ids: Sequence[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    by_source: bool = True,
) -> dict[int | None, dict[str, Day]]:
    """Daily figures keyed by source id (``None`` for all sources together when not ``by_source``) and UTC day
    ('YYYY-MM-DD'); only days with a message or a membership event appear."""
    out: dict[int | None, dict[str, Day]] = defaultdict(dict)
    sid, in_scope = _scope(dialect, source_ids, start, end)
    day = day_text(dialect, Message.date)
    keys: list[Any] = [sid, day] if by_source else [day]
    q = (
        select(*keys, func.count(), func.count(Message.author_id.distinct()))
        .where(in_scope, message_condition(), Message.date.is_not(None))
        .group_by(*keys)
    )
    for r in s.execute(q):
        key, d, n, authors = (r[0], r[1], r[2], r[3]) if by_source else (None, r[0], r[1], r[2])
        out[key][d] = Day(messages=int(n), authors=int(authors))
    for source_id, d, joins, leaves in s.execute(_events(dialect, source_ids, start, end)):
        day = out[source_id if by_source else None].setdefault(d, Day())
        day.joins += int(joins)
        day.leaves += int(leaves)
    return dict(out)


# -- the rows behind a figure ----------------------------------------------------------------------------------------
# Each figure links to a page listing its rows; these selects use the very conditions the figures count with, so the
# page's count equals the figure it was opened from.
FIGURE_ROWS = ("messages", "service_messages", "authors", "joins", "leaves")


def _row_scope(
    column: Any, source_col: Any, source_id: int | None, start: datetime | None, end: datetime | None
) -> Any:
    cond = period(column, start, end)
    return and_(source_col == source_id, cond) if source_id is not None else cond


def message_rows(source_id: int | None, start: datetime | None, end: datetime | None, *, service: bool = False) -> Any:
    """The messages (or service messages) a ``messages`` (``service_messages``) figure counts, newest first."""
    kind = Message.kind == "service" if service else message_condition()
    return (
        select(Message)
        .where(kind, _row_scope(Message.date, Message.source_id, source_id, start, end))
        .order_by(Message.date.desc(), Message.id.desc())
    )


def author_rows(source_id: int | None, start: datetime | None, end: datetime | None) -> Any:
    """The authors an ``authors`` figure counts: author id, a name seen, messages, first and last message."""
    return (
        select(
            Message.author_id,
            func.max(Message.author_name),
            func.count(),
            func.min(Message.date),
            func.max(Message.date),
        )
        .where(
            message_condition(),
            Message.author_id.is_not(None),
            _row_scope(Message.date, Message.source_id, source_id, start, end),
        )
        .group_by(Message.author_id)
        .order_by(func.count().desc(), Message.author_id)
    )


def membership_rows(event: str, source_id: int | None, start: datetime | None, end: datetime | None) -> Any:
    """The membership events a ``joins`` or ``leaves`` figure sums (``member_count`` of each), newest first."""
    events = JOIN_EVENTS if event == "joins" else LEAVE_EVENTS
    ev = MembershipEvent
    return (
        select(ev)
        .where(
            ev.event.in_(events),
            ev.date.is_not(None),
            _row_scope(ev.date, ev.source_id, source_id, start, end),
        )
        .order_by(ev.date.desc(), ev.id.desc())
    )
