"""The case page as a caseworker reads it: her pictures and videos found (one row per media, with every place it
was seen), mentions of her identity and doxxing of her (one row per message), a day-by-day timeline, alerts,
notices with their re-notice schedule and time to removal, and the evidence packages made.

Read-only; the web case page and ``tragac case show`` can both render it. Media that may involve a minor is never
listed (``tragac.policy``, the one rule): only its count, so the caseworker knows to refer it to a hotline.
Watched identities are never read here; a mention shows the message as it was posted, with the span the detector
found highlighted, and the *kind* of identity it names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac import policy
from tragac.cases.service import get_case
from tragac.store import Store
from tragac.store.models.cases import CaseFinding, CustodyEvent, Notice, VaultCapture
from tragac.store.models.core import Author, Media, Message, Source
from tragac.store.models.signals import Flag

# What a place the media was seen in looks like now, for the caseworker.
STILL_UP, REMOVED, NOTICE_PENDING = "still up", "removed", "notice pending"
_PENDING = ("draft", "approved", "outboxed", "sent", "acknowledged")  # notices.service.PENDING_STATES


@dataclass
class Sighting:
    finding_id: int
    url: str | None
    message_id: int | None
    source_id: int | None
    source: str | None
    posted_at: datetime | None
    author: tuple[str, str] | None  # (platform, platform id): the page shows a pseudonym, never the id
    status: str
    notice_ids: list[int]
    distance: int | None
    signal_type: str | None


@dataclass
class MediaRow:
    media_id: int
    sha256: str
    kind: str
    in_vault: bool  # the case's evidence vault holds the file (a blurred thumbnail can be shown)
    confirmed: dict[str, Any] | None
    dismissed: dict[str, Any] | None
    best: dict[str, Any]  # the strongest match: signal type, distance
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def first(self) -> Sighting | None:
        dated = [s for s in self.sightings if s.posted_at]
        return min(dated, key=lambda s: s.posted_at or datetime.min) if dated else None

    @property
    def status(self) -> str:
        """Removed only when every place is gone; pending while a notice is out for any still-up place."""
        states = {s.status for s in self.sightings}
        if states and states == {REMOVED}:
            return REMOVED
        return NOTICE_PENDING if NOTICE_PENDING in states else (STILL_UP if states else REMOVED)


@dataclass
class MentionRow:
    message_id: int | None
    url: str | None
    source: str | None
    posted_at: datetime | None
    text: str
    spans: list[list[int]]
    kinds: list[str]  # name, phone, address… (or a doxxing flag's subtypes)
    finding_ids: list[int]
    flag_ids: list[int]
    status: str
    confirmed: bool
    dismissed: bool


@dataclass
class Workspace:
    case: dict[str, Any]
    media: list[MediaRow]
    mentions: list[MentionRow]
    doxxing: list[MentionRow]
    withheld: int  # findings never shown: possible minor (hotline by reference)
    inactive: int  # findings whose bank entry was withdrawn or deleted
    days: list[tuple[str, int, int]]  # (day, sightings of her media, mentions + doxxing)
    notices: list[dict[str, Any]]
    packages: list[dict[str, Any]]


def _status(f: CaseFinding, msg: Message | None, notices: list[Notice]) -> str:
    if (f.reason or {}).get("removed") or (msg is not None and msg.deleted_at is not None):
        return REMOVED
    if any(n.state == "removed" for n in notices):
        return REMOVED
    return NOTICE_PENDING if any(n.state in _PENDING for n in notices) else STILL_UP


def _held(s: Session, case_id: int) -> set[str]:
    return set(s.scalars(select(VaultCapture.sha256).where(VaultCapture.case_id == case_id)))


def case_workspace(store: Store, ref: str | int) -> Workspace:
    from tragac.cases.notices.service import notice_dict
    from tragac.cases.service import case_detail

    detail = case_detail(store, ref)
    with store.session() as s:
        case = get_case(s, ref)
        findings = list(s.scalars(select(CaseFinding).where(CaseFinding.case_id == case.id).order_by(CaseFinding.id)))
        blocked = policy.blocked_findings(s, findings)
        withheld = {fid for fid, why in blocked.items() if why == policy.POSSIBLE_MINOR}
        inactive = {fid for fid, why in blocked.items() if why == policy.ENTRY_INACTIVE}
        shown = [f for f in findings if f.id not in blocked and not (f.reason or {}).get("retired")]
        notices = list(s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.id)))
        by_finding: dict[int, list[Notice]] = {}
        for n in notices:
            for fid in n.finding_ids or []:
                by_finding.setdefault(int(fid), []).append(n)
        msg_ids = {f.message_id for f in shown if f.message_id}
        messages = {m.id: m for m in s.scalars(select(Message).where(Message.id.in_(msg_ids)))} if msg_ids else {}
        sources = {src.id: src for src in s.scalars(select(Source))}
        author_ids = {m.author_id for m in messages.values() if m.author_id}
        authors = {a.id: a for a in s.scalars(select(Author).where(Author.id.in_(author_ids)))} if author_ids else {}
        held = _held(s, case.id)
        media_ids = {f.media_id for f in shown if f.kind == "match" and f.media_id}
        medias = {m.id: m for m in s.scalars(select(Media).where(Media.id.in_(media_ids)))} if media_ids else {}

        rows: dict[int, MediaRow] = {}
        for f in shown:
            if f.kind != "match" or f.media_id is None or f.media_id not in medias:
                continue
            md = medias[f.media_id]
            r = f.reason or {}
            row = rows.get(md.id)
            if row is None:
                row = rows[md.id] = MediaRow(
                    media_id=md.id, sha256=md.sha256, kind=md.kind, in_vault=md.sha256 in held,
                    confirmed=None, dismissed=None,
                    best={"signal_type": r.get("signal_type"), "distance": r.get("distance")},
                )  # fmt: skip
            row.confirmed = row.confirmed or r.get("confirmed")
            row.dismissed = row.dismissed or r.get("dismissed")
            msg = messages.get(f.message_id) if f.message_id else None
            src = sources.get(msg.source_id) if msg else None
            author = authors.get(msg.author_id) if msg and msg.author_id else None
            row.sightings.append(
                Sighting(
                    finding_id=f.id,
                    url=f.url,
                    message_id=f.message_id,
                    source_id=src.id if src else None,
                    source=src.title if src else None,
                    posted_at=f.posted_at,
                    author=(author.platform, author.platform_id) if author else None,
                    status=_status(f, msg, by_finding.get(f.id, [])),
                    notice_ids=[n.id for n in by_finding.get(f.id, [])],
                    distance=r.get("distance"),
                    signal_type=r.get("signal_type"),
                )
            )
        media = _by_first_seen(list(rows.values()))

        mentions = _mention_rows(s, [f for f in shown if f.kind == "identity"], messages, sources, by_finding)
        doxxing = _mention_rows(s, [f for f in shown if f.kind == "doxxing"], messages, sources, by_finding)

        days: Counter[str] = Counter()
        talk: Counter[str] = Counter()
        for f in shown:
            if f.posted_at is None:
                continue
            if f.kind == "match":
                days[f.posted_at.strftime("%Y-%m-%d")] += 1
            elif f.kind in ("identity", "doxxing"):
                talk[f.posted_at.strftime("%Y-%m-%d")] += 1
        all_days = _day_range(sorted(set(days) | set(talk)))

        packages = [
            {"at": ev.at, "actor": ev.actor, **{k: ev.details.get(k) for k in ("file", "sha256", "encryption")}}
            for ev in s.scalars(
                select(CustodyEvent)
                .where(CustodyEvent.case_id == case.id, CustodyEvent.action == "export_completed")
                .order_by(CustodyEvent.seq)
            )
        ]
        return Workspace(
            case=detail,
            media=media,
            mentions=mentions,
            doxxing=doxxing,
            withheld=len(withheld),
            inactive=len(inactive),
            days=[(d, days.get(d, 0), talk.get(d, 0)) for d in all_days],
            notices=[notice_dict(n) for n in notices],
            packages=packages,
        )


def _by_first_seen(rows: list[MediaRow]) -> list[MediaRow]:
    def key(m: MediaRow) -> tuple[str, int]:
        first = m.first
        return (first.posted_at.isoformat() if first and first.posted_at else "9999", m.media_id)

    for m in rows:
        m.sightings.sort(key=lambda x: (x.posted_at.isoformat() if x.posted_at else "9999", x.finding_id))
    return sorted(rows, key=key)


def _day_range(days: list[str]) -> list[str]:
    """Every day from the first to the last, so quiet days show as gaps rather than vanish from the chart."""
    if not days:
        return []
    from datetime import date, timedelta

    start, end = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def _mention_rows(
    s: Session,
    findings: list[CaseFinding],
    messages: dict[int, Message],
    sources: dict[int, Source],
    by_finding: dict[int, list[Notice]],
) -> list[MentionRow]:
    """One row per message, however many flags (name, phone, address) named her in it."""
    flag_ids = [f.flag_id for f in findings if f.flag_id]
    flags = {fl.id: fl for fl in s.scalars(select(Flag).where(Flag.id.in_(flag_ids)))} if flag_ids else {}
    rows: dict[int | str, MentionRow] = {}
    for f in findings:
        key: int | str = f.message_id if f.message_id is not None else f"finding:{f.id}"
        msg = messages.get(f.message_id) if f.message_id else None
        flag = flags.get(f.flag_id) if f.flag_id else None
        row = rows.get(key)
        if row is None:
            src = sources.get(msg.source_id) if msg else None
            row = rows[key] = MentionRow(
                message_id=f.message_id, url=f.url, source=src.title if src else None, posted_at=f.posted_at,
                text=msg.text if msg else "", spans=[], kinds=[], finding_ids=[], flag_ids=[], status=STILL_UP,
                confirmed=False, dismissed=False,
            )  # fmt: skip
        row.finding_ids.append(f.id)
        r = f.reason or {}
        kinds = [k for k in r.get("names") or [] if k != "watch list"]
        if flag is not None:
            row.flag_ids.append(flag.id)
            row.spans.extend([list(sp) for sp in flag.spans or []])
            kinds.extend(k for k in (flag.evidence or {}).get("kinds") or [] if isinstance(k, str))
            if flag.subtype:
                kinds.append(flag.subtype)
            row.confirmed = row.confirmed or flag.state == "confirmed"
            row.dismissed = row.dismissed or flag.state == "dismissed"
        for k in kinds:
            if k not in row.kinds:
                row.kinds.append(k)
        status = _status(f, msg, by_finding.get(f.id, []))
        if status != STILL_UP:
            row.status = status
    return sorted(rows.values(), key=lambda m: m.posted_at.isoformat() if m.posted_at else "9999")
