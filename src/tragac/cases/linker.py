"""Linking what the pipeline found to cases: matches of her hashes (one finding per place the media was seen),
identity and doxxing flags that name her, and spread clusters of matched media. New findings raise one alert.

Idempotent: each finding has a stable ``ref`` unique per case. Runs as the ``cases`` pipeline stage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac import policy
from tragac.cases import alerts, custody, identities
from tragac.config import Settings
from tragac.keyring import KeyRing
from tragac.pipeline import stage
from tragac.progress import Reporter
from tragac.sources.links import message_link, sighting_link
from tragac.store import Store
from tragac.store.models.cases import Case, CaseAlert, CaseFinding
from tragac.store.models.core import Media, Message, Sighting, Source, StageState
from tragac.store.models.matching import BankEntry, Match, SpreadCluster, SpreadMember
from tragac.store.models.signals import Flag

IDENTITY_CATEGORIES = ("identity", "doxxing")
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def flag_cursor_name(case_id: int) -> str:
    return f"cases:flags:{case_id}"


def _flag_case_ids(flag: Flag) -> set[int]:
    """Cases a flag's evidence names explicitly (watch-list ids ``case:<id>:<n>``)."""
    ev = flag.evidence or {}
    found: set[int] = set()
    for key in ("watch_id", "identity_id", "identity", "watch_ids", "identity_ids"):
        values = ev.get(key)
        for v in values if isinstance(values, list) else [values]:
            if isinstance(v, str) and v.startswith("case:"):
                part = v.split(":")[1]
                if part.isdigit():
                    found.add(int(part))
    return found


class _Linker:
    def __init__(self, session: Session, ring: KeyRing, now: datetime) -> None:
        self.s = session
        self.ring = ring
        self.now = now

    def existing_refs(self, case: Case) -> set[str]:
        return set(self.s.scalars(select(CaseFinding.ref).where(CaseFinding.case_id == case.id)))

    def matches(self, case: Case, known: set[str]) -> list[CaseFinding]:
        """One finding per matched media and place it was seen, however many of her hashes matched it."""
        out: list[CaseFinding] = []
        rows = self.s.execute(
            select(Match, BankEntry, Media)
            .join(BankEntry, BankEntry.id == Match.entry_id)
            .join(Media, Media.id == Match.media_id)
            .where(Match.bank_id == case.bank_id, BankEntry.status == "active")
            .order_by(Match.media_id, Match.id)
        ).all()
        by_media: dict[int, list[tuple[Match, BankEntry, Media]]] = {}
        for match, entry, media in rows:
            by_media.setdefault(media.id, []).append((match, entry, media))
        for group in by_media.values():
            # The strongest evidence first: exact hashes, then the smallest perceptual distance.
            group.sort(key=lambda r: (r[0].signal_type not in ("sha256", "md5"), r[0].distance, r[0].id))
            match, entry, media = group[0]
            reason = {
                "rule": f"hash match ({match.signal_type})",
                "signal_type": match.signal_type,
                "distance": match.distance,
                "entry": entry.label,
                "variant": entry.variant,
                "query_match_fraction": match.query_match_fraction,
                "entry_match_fraction": match.entry_match_fraction,
                "signals": [
                    {"signal_type": m.signal_type, "distance": m.distance, "entry": e.label, "variant": e.variant}
                    for m, e, _ in group
                ],
            }
            minor = case.possible_minor or policy.media_withheld(self.s, media.id)
            sightings = self.s.scalars(
                select(Sighting).where(Sighting.media_id == media.id).order_by(Sighting.id)
            ).all()
            if not sightings:
                ref = f"media:{media.id}"
                if ref not in known:
                    out.append(self._finding(case, ref, "match", media=media, match=match, reason=reason, minor=minor))
            for sighting in sightings:
                ref = f"media:{media.id}:sighting:{sighting.id}"
                if ref in known:
                    continue
                message = self.s.get(Message, sighting.message_id) if sighting.message_id else None
                source = self.s.get(Source, sighting.source_id or (message.source_id if message else -1))
                out.append(
                    self._finding(
                        case,
                        ref,
                        "match",
                        media=media,
                        match=match,
                        sighting=sighting,
                        message=message,
                        url=sighting_link(sighting, source, message),
                        posted_at=(message.date if message else None) or sighting.seen_at,
                        reason=reason,
                        minor=minor,
                    )
                )
            known |= {f.ref for f in out}
        return out

    def flags(self, case: Case, known: set[str]) -> list[CaseFinding]:
        matcher = identities.matcher(identities.load(self.ring, case))
        out: list[CaseFinding] = []
        # Only flags newer than the last run for this case (adding identities resets the cursor: see service).
        state = self.s.get(StageState, flag_cursor_name(case.id))
        if state is None:
            state = StageState(name=flag_cursor_name(case.id), cursor=0)
            self.s.add(state)
        flags = self.s.scalars(
            select(Flag)
            .where(Flag.id > state.cursor, Flag.category.in_(IDENTITY_CATEGORIES), Flag.state != "dismissed")
            .order_by(Flag.id)
        ).all()
        if flags:
            state.cursor = flags[-1].id
            state.updated_at = self.now
        for flag in flags:
            ref = f"flag:{flag.id}"
            if ref in known:
                continue
            message = self.s.get(Message, flag.message_id) if flag.message_id else None
            explicit = _flag_case_ids(flag)
            if explicit:
                if case.id not in explicit:
                    continue
                kinds = ["watch list"]
            else:
                if not matcher or message is None:
                    continue
                kinds = matcher.mentions(message.text or "")
                if not kinds:
                    continue
            source = self.s.get(Source, message.source_id) if message else None

            reason = {"rule": flag.rule, "detector": flag.detector, "category": flag.category, "names": kinds}
            reason["why"] = (
                flag.why if explicit else f"{flag.category} flag in a message that names the case's {', '.join(kinds)}"
            )
            out.append(
                self._finding(
                    case,
                    ref,
                    "identity" if flag.category == "identity" else "doxxing",
                    flag=flag,
                    message=message,
                    url=message_link(source, message) if source and message else None,
                    posted_at=message.date if message else None,
                    reason=reason,
                    minor=policy.flag_says_minor(flag),
                )
            )
        return out

    def spread(self, case: Case, known: set[str]) -> list[CaseFinding]:
        out: list[CaseFinding] = []
        media_ids = select(Match.media_id).where(Match.bank_id == case.bank_id)
        clusters = self.s.scalars(
            select(SpreadCluster)
            .join(SpreadMember, SpreadMember.cluster_id == SpreadCluster.id)
            .where(SpreadMember.media_id.in_(media_ids))
            .distinct()
        ).all()
        for cl in clusters:
            ref = f"spread:{cl.id}"
            if ref in known:
                continue
            reason = {
                "rule": "spread cluster",
                "media": cl.media_count,
                "sightings": cl.sighting_count,
                "sources": cl.source_count,
                "first_seen": cl.first_seen.isoformat() if cl.first_seen else None,
                "last_seen": cl.last_seen.isoformat() if cl.last_seen else None,
            }
            rep = self.s.get(Media, cl.representative_media_id)
            out.append(
                self._finding(case, ref, "spread", media=rep, cluster=cl, posted_at=cl.first_seen, reason=reason)
            )
        return out

    def _finding(
        self,
        case: Case,
        ref: str,
        kind: str,
        *,
        media: Media | None = None,
        match: Match | None = None,
        sighting: Sighting | None = None,
        message: Message | None = None,
        flag: Flag | None = None,
        cluster: SpreadCluster | None = None,
        url: str | None = None,
        posted_at: datetime | None = None,
        reason: dict[str, Any] | None = None,
        minor: bool = False,
    ) -> CaseFinding:
        f = CaseFinding(
            case_id=case.id,
            ref=ref,
            kind=kind,
            media_id=media.id if media else None,
            media_sha256=media.sha256 if media else None,
            match_id=match.id if match else None,
            sighting_id=sighting.id if sighting else None,
            message_id=message.id if message else None,
            flag_id=flag.id if flag else None,
            cluster_id=cluster.id if cluster else None,
            url=url,
            posted_at=posted_at,
            reason=reason or {},
            possible_minor=minor,
            found_at=self.now,
        )
        self.s.add(f)
        return f


def refresh_cases(
    store: Store,
    *,
    config: Settings | None = None,
    clock: Clock = _utcnow,
    ring: KeyRing | None = None,
) -> dict[str, Any]:
    """Link new findings to every open case and raise one alert per case that has any; returns counts."""
    from tragac.cases.service import keyring

    summary: dict[str, Any] = {"cases": 0, "new_findings": 0, "alerts": 0}
    with store.session() as s:
        if s.scalar(select(Case.id).where(Case.state == "open").limit(1)) is None:
            return summary  # no case: no key ring to open or create
    config = config or store.settings
    ring = ring or keyring(store)
    now = clock()
    to_deliver: list[tuple[int, int, dict[str, int]]] = []
    with store.session() as s:
        linker = _Linker(s, ring, now)
        for case in s.scalars(select(Case).where(Case.state == "open").order_by(Case.id)).all():
            summary["cases"] += 1
            known = linker.existing_refs(case)
            new = linker.matches(case, known) + linker.flags(case, known) + linker.spread(case, known)
            if not new:
                continue
            s.flush()
            for f in new:
                custody.append(
                    s, case.id, actor="tragac", action="found", item=f"finding:{f.id}", at=now, details={"kind": f.kind}
                )
            counts = dict(Counter(f.kind for f in new))
            text = f"{len(new)} new finding(s): " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
            alert = CaseAlert(case_id=case.id, summary=text, finding_ids=[f.id for f in new], created_at=now)
            s.add(alert)
            s.flush()
            to_deliver.append((case.id, alert.id, counts))
            summary["new_findings"] += len(new)
            summary["alerts"] += 1
    # Deliver after commit, so a slow or failing mail server never holds the transaction or loses findings.
    for case_id, alert_id, counts in to_deliver:
        with store.session() as s:
            case_row = s.get(Case, case_id)
            alert_row = s.get(CaseAlert, alert_id)
            if case_row is not None and alert_row is not None:
                alert_row.deliveries = alerts.deliver(case_row, alert_row, counts, config)
    return summary


@stage("cases", order=90, help="link matches, identity flags and spread to victim cases; raise alerts")
def cases_stage(store: Store, reporter: Reporter) -> dict[str, Any]:
    reporter.start("cases")
    return refresh_cases(store)
