"""The group dossier: one group's systematic abuse, documented for a ban request to the platform or a prosecutor.

Everything comes from the store: size and growth (members over time, joins and leaves, the figures the report
uses), accounts seen acting as admins and the most active posters (pseudonymised), counts and weekly timelines of
solicitation, codes and doxxing, the victims' matched media (hashes and counts, never a picture), spread to and
from other groups, masked examples, the evidence packages and the notices already sent with their outcome. Every
example and media row carries the message it rests on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tragac import policy
from tragac.analytics.dossier.common import Context, day, first_sightings, iso, matched_media, ref, resolve_source
from tragac.analytics.redaction import flag_spans
from tragac.analytics.report.data import ReportData
from tragac.analytics.scope import Scope
from tragac.matching.leads import CATEGORY as MATCH_CATEGORY
from tragac.store.models.cases import Case, CaseFinding, CustodyEvent, Notice
from tragac.store.models.core import Author, MembershipEvent, Message, Sighting, Source
from tragac.store.models.matching import SpreadMember
from tragac.store.models.signals import Flag

TOP_POSTERS = 10
EXAMPLES_PER_CATEGORY = 3
# Service events only a group's owner or admins can cause (Telegram): who did them was acting as an admin.
ADMIN_EVENTS = ("create", "pin", "invite", "remove", "title", "photo", "migrate")
# The flag categories a ban request counts, in the order the dossier shows them. Codes for material involving
# minors (csam_signal) are counted, never quoted: the possible-minor rule.
CATEGORIES = ("ncii_solicitation", "csam_signal", "doxxing", "identity", "harassment")


def _week(d: date) -> date:
    return d - timedelta(days=d.weekday())


def build_group_dossier(ctx: Context, source_ref: str | int) -> dict[str, Any]:
    with ctx.store.session() as s:
        source = resolve_source(s, source_ref)
        data = ReportData(ctx.store, Scope(source_ids=(source.id,)))
        act = data.sources[source.id]
        doc: dict[str, Any] = {
            "kind": "group",
            "source": {
                "id": source.id,
                "title": source.title or f"#{source.id}",
                "kind": source.kind,
                "platform": source.platform,
                "platform_id": source.platform_id,
                "username": source.username,
                "first_message": iso(act.first),
                "last_message": iso(act.last),
            },
            "size": {
                "messages": act.messages,
                "authors": act.authors if isinstance(act.authors, int) else len(act.authors),
                "media_messages": act.media,
                "members_now": act.members_now,
                "members_basis": act.members_basis,
                "joins": act.joins,
                "leaves": act.leaves,
                "members_by_week": _members_by_week(act.members),
                "messages_by_week": _by_week(act.per_day),
            },
            "admins": _admins(ctx, s, source),
            "posters": _posters(ctx, s, source),
            "signals": _signals(ctx, s, source, data),
            "media": _media(ctx, s, source),
            "spread": _spread(s, source),
            "evidence": _evidence(s, source),
            "notices": _notices(s, source),
            "method": ctx.method(),
        }
    return doc


def _members_by_week(series: list[tuple[date, int]]) -> list[dict[str, Any]]:
    weekly: dict[date, int] = {}
    for d, n in series:
        weekly[_week(d)] = n  # the week's last value
    return [{"week": w.isoformat(), "members": n} for w, n in sorted(weekly.items())]


def _by_week(per_day: Counter[date]) -> list[dict[str, Any]]:
    weekly: Counter[date] = Counter()
    for d, n in per_day.items():
        weekly[_week(d)] += n
    return [{"week": w.isoformat(), "count": n} for w, n in sorted(weekly.items())]


def _admins(ctx: Context, s: Session, source: Source) -> list[dict[str, Any]]:
    rows = s.execute(
        select(MembershipEvent.actor_id, MembershipEvent.event, MembershipEvent.date, MembershipEvent.message_id)
        .where(MembershipEvent.source_id == source.id, MembershipEvent.event.in_(ADMIN_EVENTS))
        .where(MembershipEvent.actor_id.is_not(None))
        .order_by(MembershipEvent.date)
    ).all()
    by_actor: dict[str, dict[str, Any]] = {}
    for actor_id, event, when, message_id in rows:
        if actor_id is None:
            continue
        a = by_actor.setdefault(actor_id, {"events": Counter(), "first": when, "message_id": message_id})
        a["events"][event] += 1
    out = []
    for actor_id, a in by_actor.items():
        author = s.scalars(
            select(Author).where(Author.platform == source.platform, Author.platform_id == actor_id)
        ).first()
        who = ctx.who(author) if author else {"pseudonym": ctx.pseudonyms(source.platform, actor_id)}
        message = s.get(Message, a["message_id"]) if a["message_id"] else None
        out.append(
            who
            | {
                "actions": dict(a["events"]),
                "first_action": iso(a["first"]),
                "ref": ref(message, source) if message else None,
            }
        )
    return out


def _posters(ctx: Context, s: Session, source: Source) -> list[dict[str, Any]]:
    n = func.count(Message.id)
    rows = s.execute(
        select(Message.author_id, n, func.min(Message.date), func.max(Message.date))
        .where(Message.source_id == source.id, Message.kind == "message", Message.author_id.is_not(None))
        .group_by(Message.author_id)
        .order_by(n.desc(), Message.author_id)
        .limit(TOP_POSTERS)
    ).all()
    media_n = dict(
        s.execute(
            select(Message.author_id, func.count(Message.id))
            .where(Message.source_id == source.id, Message.media_type.is_not(None))
            .group_by(Message.author_id)
        ).all()
    )
    return [
        ctx.who(s.get(Author, aid))
        | {"messages": count, "media": int(media_n.get(aid, 0)), "first": iso(first), "last": iso(last)}
        for aid, count, first, last in rows
    ]


def _signals(ctx: Context, s: Session, source: Source, data: ReportData) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    subtypes: dict[str, Counter[str]] = defaultdict(Counter)
    weekly: dict[str, Counter[date]] = defaultdict(Counter)
    for f in data.flags:
        if f.category == MATCH_CATEGORY:
            continue  # hash matches are the media section's; their flags carry no message day
        counts[f.category] += 1
        subtypes[f.category][f.subtype or f.rule] += 1
        weekly[f.category][_week(f.day)] += 1
    weeks = sorted(set().union(*weekly.values())) if weekly else []
    examples: dict[str, list[dict[str, Any]]] = {}
    for cat in CATEGORIES:
        if cat == policy.MINOR_CATEGORY:
            continue  # counted above; a request for material involving minors is never quoted
        flags = s.execute(
            select(Flag, Message)
            .join(Message, Message.id == Flag.message_id)
            .where(Message.source_id == source.id, Flag.category == cat, Flag.state != "dismissed")
            .where(~policy.minor_flag())
            .order_by(Message.date, Flag.id)
            .limit(EXAMPLES_PER_CATEGORY)
        ).all()
        examples[cat] = [
            {
                "text": ctx.masked(message.text, flag_spans(flag.spans)),
                "rule": flag.rule,
                "why": flag.why,
                "ref": ref(message, source),
            }
            for flag, message in flags
        ]
    order = [c for c in CATEGORIES if c in counts] + sorted(c for c in counts if c not in CATEGORIES)
    return {
        "counts": {c: counts[c] for c in order},
        "subtypes": {c: dict(subtypes[c].most_common(6)) for c in order},
        "weeks": [w.isoformat() for w in weeks],
        "by_week": {c: [weekly[c].get(w, 0) for w in weeks] for c in order},
        "examples": examples,
    }


def _media(ctx: Context, s: Session, source: Source) -> dict[str, Any]:
    from tragac.store.models.core import Media

    here = set(s.scalars(select(Sighting.media_id).where(Sighting.source_id == source.id).distinct()))
    matched = matched_media(s, here)
    withheld = policy.withheld_media(s, matched)
    shown = matched - withheld
    firsts = first_sightings(s, shown)
    rows: list[dict[str, Any]] = []
    for mid in sorted(shown):
        media = s.get(Media, mid)
        sighting = s.execute(
            select(Message)
            .join(Sighting, Sighting.message_id == Message.id)
            .where(Sighting.media_id == mid, Message.source_id == source.id)
            .order_by(Message.date, Message.id)
            .limit(1)
        ).scalar()
        count = s.scalar(
            select(func.count()).select_from(Sighting).where(Sighting.media_id == mid, Sighting.source_id == source.id)
        )
        first = firsts.get(mid)
        rows.append(
            {
                "sha256": media.sha256 if media else None,
                "pdq": media.pdq if media else None,
                "kind": media.kind if media else None,
                "sightings_here": int(count or 0),
                "first_here": ref(sighting, source) if sighting else None,
                "first_anywhere": ref(*first) if first else None,
                "first_posted_here": bool(first and sighting and first[0].id == sighting.id),
            }
        )
    rows.sort(key=lambda r: (r["first_here"] or {}).get("date") or "")
    return {"matched": len(matched), "withheld_for_hotline": len(withheld), "items": rows}


def _spread(s: Session, source: Source) -> list[dict[str, Any]]:
    """Other groups sharing media with this one (near-duplicates count as one through spread clusters); ``from``
    when the other group had it first, ``to`` when this group had it first."""
    rows = s.execute(
        select(Sighting.media_id, Sighting.source_id, func.min(Sighting.seen_at), SpreadMember.cluster_id)
        .outerjoin(SpreadMember, SpreadMember.media_id == Sighting.media_id)
        .where(Sighting.source_id.is_not(None), Sighting.seen_at.is_not(None))
        .group_by(Sighting.media_id, Sighting.source_id, SpreadMember.cluster_id)
    ).all()
    first: dict[str, dict[int, datetime]] = defaultdict(dict)
    for media_id, sid, when, cluster in rows:
        if sid is None or when is None:
            continue
        key = f"c{cluster}" if cluster is not None else f"m{media_id}"
        prev = first[key].get(sid)
        if prev is None or when < prev:
            first[key][sid] = when
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"from": 0, "to": 0, "shared": 0})
    for per_source in first.values():
        mine = per_source.get(source.id)
        if mine is None:
            continue
        for sid, when in per_source.items():
            if sid == source.id:
                continue
            out[sid]["shared"] += 1
            if when < mine:
                out[sid]["from"] += 1
            elif when > mine:
                out[sid]["to"] += 1
    titles = dict(s.execute(select(Source.id, Source.title).where(Source.id.in_(list(out)))).all()) if out else {}
    return sorted(
        ({"source_id": sid, "title": titles.get(sid) or f"#{sid}", **v} for sid, v in out.items()),
        key=lambda r: (-r["shared"], r["source_id"]),
    )


def _case_ids(s: Session, source: Source) -> list[int]:
    return list(
        s.scalars(
            select(CaseFinding.case_id)
            .join(Message, Message.id == CaseFinding.message_id)
            .where(Message.source_id == source.id)
            .distinct()
        )
    )


def _evidence(s: Session, source: Source) -> list[dict[str, Any]]:
    """Evidence packages of cases with findings in this group: file, SHA-256s, signing key, who and when."""
    out = []
    for case_id in _case_ids(s, source):
        case = s.get(Case, case_id)
        for ev in s.scalars(
            select(CustodyEvent)
            .where(CustodyEvent.case_id == case_id, CustodyEvent.action == "export_completed")
            .order_by(CustodyEvent.seq)
        ):
            d = ev.details or {}
            out.append(
                {
                    "case": case.pseudonym if case and case.pseudonym else f"case {case_id}",
                    "file": d.get("file"),
                    "sha256": d.get("sha256"),
                    "manifest_sha256": d.get("manifest_sha256"),
                    "signing_key": d.get("signing_key"),
                    "timestamped_by": len(d.get("timestamped_by") or []),
                    "timestamps_queued": len(d.get("timestamps_queued") or []),
                    "at": iso(ev.at),
                    "by": ev.actor,
                }
            )
    return out


def _notices(s: Session, source: Source) -> list[dict[str, Any]]:
    finding_ids = set(
        s.scalars(
            select(CaseFinding.id)
            .join(Message, Message.id == CaseFinding.message_id)
            .where(Message.source_id == source.id)
        )
    )
    out: list[dict[str, Any]] = []
    if not finding_ids:
        return out
    for n in s.scalars(select(Notice).order_by(Notice.drafted_at, Notice.id)):
        items = [f for f in n.finding_ids or [] if f in finding_ids]
        if not items:
            continue
        outcome = (
            "removed"
            if n.removed_at
            else "rejected"
            if n.rejected_at
            else "expired"
            if n.expired_at
            else "acknowledged"
            if n.acknowledged_at
            else n.state
        )
        out.append(
            {
                "id": n.id,
                "recipient": n.recipient,
                "items": len(items),
                "state": n.state,
                "outcome": outcome,
                "drafted": day(n.drafted_at),
                "first_sent": iso(n.first_sent_at),
                "sent_times": n.send_count,
                "removed": iso(n.removed_at),
                "hours_to_removal": (
                    round((n.removed_at - n.first_sent_at).total_seconds() / 3600, 1)
                    if n.removed_at and n.first_sent_at
                    else None
                ),
            }
        )
    return out
