"""Matches are leads: every match of a media against a bank entry becomes one review item (a ``Flag``).

The ``match`` stage calls :func:`flag_matches` for the matches it found; :func:`retire_matches` is called wherever
matches stop holding (an entry withdrawn or deleted, a full re-run that no longer finds the match) *before* the
``Match`` rows are deleted, so the flag and the case findings can still be traced to the entry.

A flag (category ``ncii_match``, detector ``bank_match``, rule ``bank:<signal_type>``) targets the media
(``media_id``; ``message_id`` is None because one media may be seen in many messages) and carries the source and
time of its first sighting. Its ``fingerprint`` is a digest of (entry, media), so re-running never duplicates it.
``evidence`` has exactly these keys (the review queue renders them)::

    {"bank", "bank_id", "entry_id", "case_id", "case", "signal_type", "distance", "threshold", "match_id",
     "query_fraction", "entry_fraction", "explain", "sightings": [{"message_id", "source_id", "source", "seen_at",
     "link"}]}

``explain`` is the match's explanation (:attr:`Match.explain`: which fingerprint and rule, which query and
reference window, distance, qualities, verifier inliers); the explain view and ``tragac match explain`` show it.

Reviews feed back into matching (:func:`record_review`, called by the review flow for every decision):
confirming an item records a ``confirm`` opinion on its entry; dismissing it (always with a reason) records a
``deconfirm`` and puts the media into the organisation's negative bank (:mod:`tragac.matching.negative`), so the
entry never matches that media or its near-duplicates again.

Retired flags: when the match stops holding the flag is kept (it may already have been reviewed, and the audit
trail needs it) but its ``state`` becomes ``"retired"`` and a ``FlagDecision`` ``"retire"`` by ``tragac`` says
why; the queue lists ``state == "new"`` only, so a retired flag never shows as new. If the same entry matches the
same media again later (the entry re-activated), the flag returns to ``"new"`` with a ``"note"`` decision saying so.
The match findings of cases are retired the same way: ``reason["retired"] = {"at", "why", "entry_id"}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.fingerprints import get_kind
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.sources.links import sighting_link
from tragac.store.base import utcnow
from tragac.store.models import Bank, BankEntry, Match, Media, Message, Sighting, Source
from tragac.store.models.cases import Case, CaseFinding
from tragac.store.models.signals import SEVERITY, Flag, FlagDecision

CATEGORY = "ncii_match"
DETECTOR = "bank_match"
RETIRED = "retired"
SYSTEM = "tragac"
MAX_SIGHTINGS = 100  # listed in a flag's evidence; the media page lists them all
_BATCH = 1000

Seen = list[tuple[Sighting, Message | None, Source | None]]


def _chunks(items: Sequence[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def match_fingerprint(entry_id: int, media_id: int) -> str:
    """The flag's idempotency key: one review item per (bank entry, media), however often matching runs."""
    return hashlib.sha256(f"{DETECTOR}:entry:{entry_id}:media:{media_id}".encode()).hexdigest()


def _threshold(match: Match, bank: Bank) -> int:
    if match.signal_type == "pdq":
        return bank.pdq_threshold
    if match.signal_type == "video_pdq":
        return PDQ_MATCH_THRESHOLD  # per frame; the share of frames is in query_fraction
    return 0


def _robust_how(explain: dict[str, Any]) -> str:
    window = explain.get("window") or {}
    how = (
        f"robust match ({explain.get('rule')}): its window {window.get('query')} is {explain.get('distance')} bits "
        f"from the reference's window {window.get('reference')}"
    )
    if explain.get("inliers") is not None:
        how += f", and {explain['inliers']} keypoints agree on one geometric transform"
    return how


def _why(match: Match, bank: Bank, entry: BankEntry, media: Media, case: Case | None, threshold: int) -> str:
    owner = f" of case {case.name}" if case else ""
    what = f"{media.kind} {media.sha256[:12]}"
    entry_name = entry.label or f"entry {entry.id}"
    explain = match.explain or {}
    if explain.get("fingerprint") == "pdq_window":
        how = _robust_how(explain)
    elif match.signal_type == "video_pdq":
        how = (
            f"{match.query_match_fraction or 0:.0%} of its frames are within {threshold} bits of the reference's "
            f"(needs {bank.video_match_fraction:.0%}); {match.entry_match_fraction or 0:.0%} of the reference's "
            f"frames are covered; largest frame distance {match.distance}"
        )
    elif threshold:
        how = f"{match.signal_type.upper()} distance {match.distance} (matches at <= {threshold} of 256 bits)"
    else:
        how = f"identical {match.signal_type.upper()}"
    return f"{what} matches {entry_name} in bank {bank.name}{owner}: {how}."


def _sightings(session: Session, media_id: int) -> Seen:
    rows = session.execute(
        select(Sighting, Message, Source)
        .outerjoin(Message, Message.id == Sighting.message_id)
        .outerjoin(Source, Source.id == Sighting.source_id)
        .where(Sighting.media_id == media_id)
        .order_by(Sighting.seen_at.is_(None), Sighting.seen_at, Sighting.id)
        .limit(MAX_SIGHTINGS)
    ).all()
    return [(s, m, src) for s, m, src in rows]


def _evidence(
    match: Match,
    bank: Bank,
    case: Case | None,
    threshold: int,
    seen: list[tuple[Sighting, Message | None, Source | None]],
) -> dict[str, Any]:
    return {
        "bank": bank.name,
        "bank_id": bank.id,
        "entry_id": match.entry_id,
        "case_id": case.id if case else None,
        "case": case.name if case else None,
        "signal_type": match.signal_type,
        "distance": match.distance,
        "threshold": threshold,
        "match_id": match.id,
        "query_fraction": match.query_match_fraction,
        "entry_fraction": match.entry_match_fraction,
        "explain": match.explain,
        "sightings": [
            {
                "message_id": s.message_id,
                "source_id": s.source_id,
                "source": (src.title or src.username or src.platform_id) if src else None,
                "seen_at": s.seen_at.isoformat() if s.seen_at else None,
                "link": sighting_link(s, src, msg),
            }
            for s, msg, src in seen
        ],
    }


def flag_matches(session: Session, match_ids: Sequence[int], now: datetime | None = None) -> dict[str, int]:
    """Make sure each of these matches has its review item; returns how many were created and revived."""
    now = now or utcnow()
    counts = {"created": 0, "revived": 0}
    cases = {c.bank_id: c for c in session.scalars(select(Case).where(Case.bank_id.is_not(None)))}
    for chunk in _chunks(sorted(set(match_ids))):
        rows = session.execute(
            select(Match, Bank, BankEntry, Media)
            .join(Bank, Bank.id == Match.bank_id)
            .join(BankEntry, BankEntry.id == Match.entry_id)
            .join(Media, Media.id == Match.media_id)
            .where(Match.id.in_(chunk))
            .order_by(Match.id)
        ).all()
        keys = {match_fingerprint(m.entry_id, m.media_id): (m, b, e, med) for m, b, e, med in rows}
        existing = {f.fingerprint: f for f in session.scalars(select(Flag).where(Flag.fingerprint.in_(list(keys))))}
        for key, (match, bank, entry, media) in keys.items():
            case = cases.get(bank.id)
            threshold = _threshold(match, bank)
            flag = existing.get(key)
            if flag is not None:
                if flag.state == RETIRED:  # the entry was re-activated and matches again: a lead once more
                    flag.state = "new"
                    flag.evidence = _evidence(match, bank, case, threshold, _sightings(session, media.id))
                    flag.decisions.append(
                        FlagDecision(decision="note", reviewer=SYSTEM, note="matches again", decided_at=now)
                    )
                    counts["revived"] += 1
                    _revive_findings(session, match)
                continue
            seen = _sightings(session, media.id)
            first = seen[0][0] if seen else None
            session.add(
                Flag(
                    fingerprint=key,
                    detector=DETECTOR,
                    category=CATEGORY,
                    subtype=match.signal_type,
                    severity=SEVERITY[CATEGORY],
                    score=get_kind(match.signal_type).score(match.distance, threshold),
                    rule=f"bank:{match.signal_type}",
                    why=_why(match, bank, entry, media, case, threshold),
                    spans=[],
                    evidence=_evidence(match, bank, case, threshold, seen),
                    message_id=None,
                    media_id=media.id,
                    source_id=first.source_id if first else None,
                    observed_at=first.seen_at if first else media.first_seen,
                    possible_minor=bool(case and case.possible_minor),
                    state="new",
                    created_at=now,
                )
            )
            counts["created"] += 1
        session.flush()
    return counts


def _revive_findings(session: Session, match: Match) -> None:
    """The case findings this entry's earlier match retired become live again, pointing at the new match."""
    for finding in session.scalars(
        select(CaseFinding)
        .join(Case, Case.id == CaseFinding.case_id)
        .where(Case.bank_id == match.bank_id, CaseFinding.kind == "match", CaseFinding.media_id == match.media_id)
    ):
        retired = (finding.reason or {}).get("retired")
        if isinstance(retired, dict) and retired.get("entry_id") == match.entry_id:
            finding.reason = {k: v for k, v in (finding.reason or {}).items() if k != "retired"}
            finding.match_id = match.id


def retire_matches(session: Session, match_ids: Sequence[int], why: str, now: datetime | None = None) -> dict[str, int]:
    """Retire the review items and case findings of matches that no longer hold (call before deleting them)."""
    now = now or utcnow()
    counts = {"flags_retired": 0, "findings_retired": 0}
    ids = sorted(set(match_ids))
    gone = set(ids)
    for chunk in _chunks(ids):
        pairs = session.execute(
            select(Match.id, Match.entry_id, Match.media_id, Match.bank_id).where(Match.id.in_(chunk))
        ).all()
        keys = [match_fingerprint(p.entry_id, p.media_id) for p in pairs]
        for flag in session.scalars(select(Flag).where(Flag.fingerprint.in_(keys), Flag.state != RETIRED)):
            note = f"{why} (was {flag.state})"
            flag.state = RETIRED
            flag.decisions.append(FlagDecision(decision="retire", reviewer=SYSTEM, note=note, decided_at=now))
            counts["flags_retired"] += 1
        by_id = {p.id: p for p in pairs}
        for finding in session.scalars(select(CaseFinding).where(CaseFinding.match_id.in_(chunk))):
            p = by_id[finding.match_id]
            # Another match of the same bank on the same media that stays (another of her hashes) keeps the
            # finding alive: it is re-pointed to that match instead of retired.
            other = session.scalar(
                select(Match.id)
                .join(BankEntry, BankEntry.id == Match.entry_id)
                .where(
                    Match.media_id == p.media_id,
                    Match.bank_id == p.bank_id,
                    Match.id.not_in(gone),
                    BankEntry.status == "active",
                )
                .order_by(Match.distance, Match.id)
                .limit(1)
            )
            if other is not None:
                finding.match_id = other
                continue
            if not (finding.reason or {}).get("retired"):
                # A new dict: the JSON column notices a replaced value, not one changed in place.
                finding.reason = {
                    **(finding.reason or {}),
                    "retired": {"at": now.isoformat(), "why": why, "entry_id": p.entry_id},
                }
                counts["findings_retired"] += 1
    session.flush()
    return counts


def record_review(
    session: Session, flag: Flag, decision: str, reviewer: str, note: str | None, organisation: str
) -> dict[str, Any]:
    """What a review decision on a match item means for matching (see the module doc); returns what it did."""
    if flag.category != CATEGORY or decision not in ("confirm", "dismiss"):
        return {}
    from tragac.matching.feedback import record_opinion
    from tragac.matching.negative import add_false_match

    evidence = flag.evidence or {}
    entry_id, media_id = evidence.get("entry_id"), flag.media_id
    if not isinstance(entry_id, int) or media_id is None or session.get(BankEntry, entry_id) is None:
        return {}
    opinion = "confirm" if decision == "confirm" else "deconfirm"
    record_opinion(session, entry_id, opinion, reviewer=reviewer, media_id=media_id, flag_id=flag.id, note=note)
    done: dict[str, Any] = {"opinion": opinion, "entry_id": entry_id}
    if decision == "dismiss":
        negative = add_false_match(
            session,
            organisation=organisation,
            entry_id=entry_id,
            media_id=media_id,
            flag_id=flag.id,
            reason=note,
            by=reviewer,
        )
        done["negative_bank"] = negative.id if negative is not None else None
    return done


def retire_entries(session: Session, entry_ids: Sequence[int], why: str, now: datetime | None = None) -> dict[str, int]:
    """:func:`retire_matches` for every match of these bank entries (withdrawn or deleted)."""
    match_ids: list[int] = []
    for chunk in _chunks(sorted(set(entry_ids))):
        match_ids += session.scalars(select(Match.id).where(Match.entry_id.in_(chunk))).all()
    return retire_matches(session, match_ids, why, now)
