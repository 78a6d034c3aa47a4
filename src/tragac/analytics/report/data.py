"""The figures a report is built from, each gathered in one streaming pass over the store and cached.

Days are UTC calendar days. Every pass streams rows (``yield_per``) so memory grows with the number of
(source, day) pairs, not with the number of messages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import func, select

from tragac.analytics import figures
from tragac.analytics.scope import Scope
from tragac.sources.records import JOIN_EVENTS, LEAVE_EVENTS  # the one membership-event vocabulary
from tragac.store import Store
from tragac.store import models as m

BATCH = 5000
# Keys a source's raw export metadata (or live collection) may carry its member count under.
MEMBER_KEYS = ("members_count", "participants_count", "member_count", "members")


@dataclass
class SourceActivity:
    id: int
    title: str
    kind: str
    platform: str = "telegram"
    messages: int = 0
    media: int = 0
    per_day: Counter[date] = field(default_factory=Counter)
    authors: int = 0  # distinct authors (tragac.analytics.figures)
    first: datetime | None = None
    last: datetime | None = None
    members: list[tuple[date, int]] = field(default_factory=list)  # members over time, ascending
    members_basis: str = "none"  # snapshots | metadata | joins | none
    joins: int = 0
    leaves: int = 0

    @property
    def members_now(self) -> int | None:
        return self.members[-1][1] if self.members else None


@dataclass
class FlagRow:
    category: str
    subtype: str | None
    rule: str
    day: date
    message_id: int | None
    source_id: int | None
    possible_minor: bool
    evidence: dict[str, Any]
    spans: list[list[int]]


@dataclass
class ClusterActivity:
    key: str  # spread cluster id ("c123") or, without a spread stage, the media id ("m45")
    cluster_id: int | None
    media_ids: set[int] = field(default_factory=set)
    sources: set[int] = field(default_factory=set)
    sightings: int = 0
    first: datetime | None = None
    per_day: Counter[date] = field(default_factory=Counter)


def _day(d: datetime) -> date:
    return d.date()


class ReportData:
    def __init__(self, store: Store, scope: Scope) -> None:
        self.store = store
        self.scope = scope

    # -- sources and messages ------------------------------------------------------------------------------------
    @cached_property
    def sources(self) -> dict[int, SourceActivity]:
        q = select(m.Source.id, m.Source.title, m.Source.kind, m.Source.raw, m.Source.platform).order_by(m.Source.id)
        if self.scope.source_ids:
            q = q.where(m.Source.id.in_(self.scope.source_ids))
        out: dict[int, SourceActivity] = {}
        raw_members: dict[int, int] = {}
        with self.store.session() as s:
            for sid, title, kind, raw, platform in s.execute(q):
                out[sid] = SourceActivity(id=sid, title=title or f"#{sid}", kind=kind, platform=platform)
                for k in MEMBER_KEYS:
                    v = (raw or {}).get(k) if isinstance(raw, dict) else None
                    if isinstance(v, int):
                        raw_members[sid] = v
                        break
            # Messages, authors, first/last, joins and leaves: the one figures layer the dashboard, the sources
            # pages and `tragac stats` read, so the report prints the same numbers.
            ids = list(out)
            start, end = self.scope.start, self.scope.end
            dialect = self.store.dialect
            for sid, t in figures.per_source(s, dialect, ids, start, end).items():
                a = out[sid]
                a.messages, a.authors, a.first, a.last = t.messages, t.authors, t.first, t.last
                a.joins, a.leaves = t.joins, t.leaves
            for sid, days in figures.per_day(s, dialect, ids, start, end).items():
                if sid in out:
                    a = out[sid]
                    a.per_day = Counter({date.fromisoformat(d): v.messages for d, v in days.items() if v.messages})
            q_media = (
                select(m.Message.source_id, func.count())
                .where(figures.message_condition(), m.Message.media_type.is_not(None), m.Message.media_type != "")
                .where(self.scope.where(m.Message.date, m.Message.source_id))
                .group_by(m.Message.source_id)
            )
            for sid, n in s.execute(q_media):
                if sid in out:
                    out[sid].media = int(n)
        self._members(out, raw_members)
        return out

    def _members(self, out: dict[int, SourceActivity], raw_members: dict[int, int]) -> None:
        """Members over time: snapshots (live collection's ``MemberCount``) when present, else the running sum of
        recorded joins minus leaves (a lower bound: exports only record what happened while someone watched)."""
        snapshots = self._snapshots(set(out))
        end = self.scope.end
        net: dict[int, Counter[date]] = defaultdict(Counter)
        with self.store.session() as s:
            q = (
                select(
                    m.MembershipEvent.source_id,
                    m.MembershipEvent.date,
                    m.MembershipEvent.event,
                    m.MembershipEvent.member_count,
                    m.MembershipEvent.members,
                )
                .where(m.MembershipEvent.date.is_not(None), m.MembershipEvent.source_id.in_(list(out)))
                .execution_options(yield_per=BATCH)
            )
            if end is not None:
                q = q.where(m.MembershipEvent.date < end)
            for sid, when, event, count, names in s.execute(q):
                if when is None:
                    continue
                # A group's founders are listed on its "create" event and count as members from then on.
                n = len(names or []) if event == "create" else max(int(count or 0), 1)
                if n == 0:
                    continue
                if event in JOIN_EVENTS or event == "create":
                    net[sid][_day(when)] += n
                elif event in LEAVE_EVENTS:
                    net[sid][_day(when)] -= n
        for sid, a in out.items():
            if snapshots.get(sid):
                a.members, a.members_basis = snapshots[sid], "snapshots"
            elif net.get(sid):
                total = 0
                series = []
                for d in sorted(net[sid]):
                    total += net[sid][d]
                    if self.scope.since is None or d >= self.scope.since:
                        series.append((d, total))
                if not series:
                    series = [(self.scope.since or date.today(), total)]
                a.members, a.members_basis = series, "joins"
            if sid in raw_members and a.members_basis != "snapshots":
                a.members = [*a.members, (_day(a.last) if a.last else date.today(), raw_members[sid])]
                a.members_basis = "metadata"

    def _snapshots(self, source_ids: set[int]) -> dict[int, list[tuple[date, int]]]:
        """Live collection's member-count snapshots per source and day (the day's last snapshot wins)."""
        mc = m.MemberCount
        out: dict[int, dict[date, int]] = defaultdict(dict)
        with self.store.session() as s:
            q = (
                select(mc.source_id, mc.taken_at, mc.participants)
                .where(self.scope.where(mc.taken_at, mc.source_id))
                .order_by(mc.taken_at)
            )
            for sid, when, count in s.execute(q):
                if sid in source_ids and count is not None:
                    out[sid][_day(when)] = int(count)
        return {sid: sorted(days.items()) for sid, days in out.items()}

    @cached_property
    def per_day(self) -> Counter[date]:
        total: Counter[date] = Counter()
        for a in self.sources.values():
            total.update(a.per_day)
        return total

    @cached_property
    def authors(self) -> int:
        """Distinct authors over the report's sources (one person writing in two groups counts once)."""
        with self.store.session() as s:
            ids = list(self.sources)
            return figures.overall(s, self.store.dialect, ids, self.scope.start, self.scope.end).authors if ids else 0

    @cached_property
    def days(self) -> list[date]:
        """Every day of the period: the requested one, else first to last message."""
        from datetime import timedelta

        first = self.scope.since or (min(self.per_day) if self.per_day else None)
        last = self.scope.until or (max(self.per_day) if self.per_day else None)
        if first is None or last is None:
            return []
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    # -- media and spread --------------------------------------------------------------------------------------------
    @cached_property
    def clusters(self) -> dict[str, ClusterActivity]:
        """Sightings in scope grouped by spread cluster (or by exact media where no cluster holds it)."""
        out: dict[str, ClusterActivity] = {}
        with self.store.session() as s:
            q = (
                select(m.Sighting.media_id, m.Sighting.source_id, m.Sighting.seen_at, m.SpreadMember.cluster_id)
                .outerjoin(m.SpreadMember, m.SpreadMember.media_id == m.Sighting.media_id)
                .where(m.Sighting.seen_at.is_not(None))
                .where(self.scope.where(m.Sighting.seen_at, m.Sighting.source_id))
                .execution_options(yield_per=BATCH)
            )
            for media_id, sid, when, cluster_id in s.execute(q):
                if when is None:
                    continue
                key = f"c{cluster_id}" if cluster_id is not None else f"m{media_id}"
                c = out.get(key)
                if c is None:
                    c = out[key] = ClusterActivity(key=key, cluster_id=cluster_id)
                c.media_ids.add(media_id)
                if sid is not None:
                    c.sources.add(sid)
                c.sightings += 1
                c.per_day[_day(when)] += 1
                if c.first is None or when < c.first:
                    c.first = when
        return out

    @cached_property
    def has_spread_stage(self) -> bool:
        with self.store.session() as s:
            return bool(s.scalar(select(func.count()).select_from(m.SpreadCluster)))

    # -- flags -------------------------------------------------------------------------------------------------------
    @cached_property
    def flags(self) -> list[FlagRow]:
        out: list[FlagRow] = []
        with self.store.session() as s:
            q = (
                select(
                    m.Flag.category,
                    m.Flag.subtype,
                    m.Flag.rule,
                    m.Flag.message_id,
                    m.Flag.source_id,
                    m.Flag.possible_minor,
                    m.Flag.evidence,
                    m.Flag.spans,
                    m.Flag.created_at,
                    m.Message.date,
                    m.Message.source_id,
                    m.Flag.state,
                )
                .outerjoin(m.Message, m.Message.id == m.Flag.message_id)
                .execution_options(yield_per=BATCH)
            )
            for cat, sub, rule, mid, fsid, minor, ev, spans, created, mdate, msid, state in s.execute(q):
                if state == "dismissed":
                    continue  # a reviewer said it was not what the detector thought
                when = mdate or created
                sid = msid if msid is not None else fsid
                if not self.scope.contains(when):
                    continue
                if self.scope.source_ids and sid not in self.scope.source_ids:
                    continue
                out.append(
                    FlagRow(
                        category=cat,
                        subtype=sub,
                        rule=rule,
                        day=_day(when),
                        message_id=mid,
                        source_id=sid,
                        possible_minor=bool(minor),
                        evidence=ev if isinstance(ev, dict) else {},
                        spans=spans or [],
                    )
                )
        return out
