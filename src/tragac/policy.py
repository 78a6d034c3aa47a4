"""The possible-minor rule, in one place, and the other reasons a case finding may not be acted on.

Tragač never keeps, shows, packages or sends a takedown notice for media that may involve a minor: such material
goes to a hotline by reference only (see docs/cases.md). Every part of the product asks *this* module, so the
web pages, the evidence vault, evidence packages and notices cannot disagree.

A media file is **withheld** when any of these says "possible minor":

- a flag on the media itself (``Flag.media_id``), e.g. a hash match flag that a detector marked;
- a flag on any message the media was seen in (``Sighting.message_id`` → ``Flag.message_id``): the text
  pipeline writes its flags on the message, never on the media, so "ko ima -18 trade?" next to a photo withholds
  that photo;
- a case finding about the media (``CaseFinding.possible_minor``);
- a case marked possible minor (``Case.possible_minor``) that the media belongs to, through a finding or through a
  match against that case's bank;
- any of the above through another file of the same spread cluster (``SpreadMember``): a re-encoded, resized or
  watermarked copy of the picture is the same material.

A flag says "possible minor" when ``Flag.possible_minor`` is set or its category is ``csam_signal``. Flags count
whatever their review state: a dismissal is one reviewer's call and does not lift the rule (nothing in Tragač lifts
it; the hotline decides). ``Media`` has no age triage field (only ``nudity_score``, which says nothing about age),
so only flags and cases feed the rule; an age classifier would add its signal here as one more ``select``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, union
from sqlalchemy.orm import Session, aliased

from tragac.store.models.cases import Case, CaseFinding
from tragac.store.models.core import Sighting
from tragac.store.models.matching import BankEntry, Match, SpreadMember
from tragac.store.models.signals import Flag

MINOR_CATEGORY = "csam_signal"
# Why a finding may not go into a notice (``finding_blocked_reason``).
POSSIBLE_MINOR = "possible_minor"
ENTRY_INACTIVE = "bank_entry_inactive"
REASONS = {
    POSSIBLE_MINOR: "may involve a minor: refer it to a hotline by reference only",
    ENTRY_INACTIVE: "the bank entry it matched is withdrawn or deleted: it is no longer evidence for this case",
}
# Ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits even with five lists per statement.
_CHUNK = 1000


def minor_flag() -> ColumnElement[bool]:
    """The SQL condition "this flag says possible minor"."""
    return or_(Flag.category == MINOR_CATEGORY, Flag.possible_minor.is_(True))


def flag_says_minor(flag: Any) -> bool:
    """The same condition on a loaded flag (an ORM ``Flag`` or a row with ``category`` and ``possible_minor``)."""
    return bool(flag.possible_minor) or flag.category == MINOR_CATEGORY


def _chunks(ids: Iterable[int | None]) -> list[list[int]]:
    clean = sorted({int(i) for i in ids if i is not None})
    return [clean[i : i + _CHUNK] for i in range(0, len(clean), _CHUNK)]


def _withheld_selects(ids: list[int]) -> list[Select[Any]]:
    minor = minor_flag()
    asked, other = aliased(SpreadMember), aliased(SpreadMember)
    return [
        select(Flag.media_id.label("media_id")).where(Flag.media_id.in_(ids), minor),
        select(Sighting.media_id)
        .join(Flag, Flag.message_id == Sighting.message_id)
        .where(Sighting.media_id.in_(ids), minor),
        select(CaseFinding.media_id).where(CaseFinding.media_id.in_(ids), CaseFinding.possible_minor.is_(True)),
        select(CaseFinding.media_id)
        .join(Case, Case.id == CaseFinding.case_id)
        .where(CaseFinding.media_id.in_(ids), Case.possible_minor.is_(True)),
        select(Match.media_id)
        .join(Case, Case.bank_id == Match.bank_id)
        .where(Match.media_id.in_(ids), Case.possible_minor.is_(True)),
        # The same picture as another file (re-encoded, resized, watermarked: one spread cluster) is the same
        # material: a flag on any member, or on a message any member was seen in, withholds every member.
        select(asked.media_id)
        .join(other, other.cluster_id == asked.cluster_id)
        .join(Flag, Flag.media_id == other.media_id)
        .where(asked.media_id.in_(ids), minor),
        select(asked.media_id)
        .join(other, other.cluster_id == asked.cluster_id)
        .join(Sighting, Sighting.media_id == other.media_id)
        .join(Flag, Flag.message_id == Sighting.message_id)
        .where(asked.media_id.in_(ids), minor),
    ]


def withheld_media(session: Session, media_ids: Collection[int | None]) -> set[int]:
    """Which of ``media_ids`` are withheld, in one statement per thousand ids (pages listing many media)."""
    out: set[int] = set()
    for ids in _chunks(media_ids):
        out |= {m for m in session.scalars(union(*_withheld_selects(ids))) if m is not None}
    return out


def media_withheld(session: Session, media_id: int | None) -> bool:
    """True when ``media_id`` may involve a minor (never shown, kept, packaged or named in a takedown notice)."""
    return media_id is not None and bool(withheld_media(session, [media_id]))


def withheld_findings(session: Session, findings: Sequence[CaseFinding]) -> set[int]:
    """Ids of ``findings`` that may involve a minor, in a handful of statements whatever their number.

    A finding is withheld when it or its case is marked, its media is withheld, its flag says minor, its message
    carries a minor flag or a withheld media (an identity finding on the "-18" message itself), or a media of its
    spread cluster is withheld.
    """
    if not findings:
        return set()
    out: set[int] = set()
    case_ids = {f.case_id for f in findings}
    minor_cases = set(session.scalars(select(Case.id).where(Case.id.in_(case_ids), Case.possible_minor.is_(True))))
    media_ids = {f.media_id for f in findings if f.media_id}
    message_ids = {f.message_id for f in findings if f.message_id}
    flag_ids = {f.flag_id for f in findings if f.flag_id}
    cluster_ids = {f.cluster_id for f in findings if f.cluster_id}
    # Media seen in the findings' messages, and the members of their spread clusters: their media count too.
    in_message: dict[int, set[int]] = {}
    for ids in _chunks(message_ids):
        for msg_id, med_id in session.execute(
            select(Sighting.message_id, Sighting.media_id).where(Sighting.message_id.in_(ids))
        ):
            if msg_id is not None:
                in_message.setdefault(msg_id, set()).add(med_id)
    in_cluster: dict[int, set[int]] = {}
    for ids in _chunks(cluster_ids):
        for cl_id, med_id in session.execute(
            select(SpreadMember.cluster_id, SpreadMember.media_id).where(SpreadMember.cluster_id.in_(ids))
        ):
            in_cluster.setdefault(cl_id, set()).add(med_id)
    every_media = media_ids.union(*in_message.values(), *in_cluster.values())
    hidden = withheld_media(session, every_media)
    minor_flags: set[int] = set()
    for ids in _chunks(flag_ids):
        minor_flags |= set(session.scalars(select(Flag.id).where(Flag.id.in_(ids), minor_flag())))
    minor_messages: set[int] = set()
    for ids in _chunks(message_ids):
        minor_messages |= {
            m for m in session.scalars(select(Flag.message_id).where(Flag.message_id.in_(ids), minor_flag())) if m
        }
    for f in findings:
        message_minor = f.message_id is not None and (
            f.message_id in minor_messages or bool(in_message.get(f.message_id, set()) & hidden)
        )
        if (
            f.possible_minor
            or f.case_id in minor_cases
            or message_minor
            or (f.media_id is not None and f.media_id in hidden)
            or (f.flag_id is not None and f.flag_id in minor_flags)
            or (f.cluster_id is not None and bool(in_cluster.get(f.cluster_id, set()) & hidden))
        ):
            out.add(f.id)
    return out


def finding_possibly_minor(session: Session, finding: CaseFinding) -> bool:
    return finding.id in withheld_findings(session, [finding])


def case_possibly_minor(session: Session, case: Case) -> bool:
    """True when the case is marked, or any of its findings may involve a minor."""
    if case.possible_minor:
        return True
    findings = list(session.scalars(select(CaseFinding).where(CaseFinding.case_id == case.id)))
    return bool(withheld_findings(session, findings))


def _inactive_matches(session: Session, findings: Sequence[CaseFinding]) -> set[int]:
    """Match findings no active entry of their case's bank matches any more (withdrawn, deleted, or the match
    removed when the victim withdrew)."""
    matches = [f for f in findings if f.kind == "match"]
    if not matches:
        return set()
    banks = dict(session.execute(select(Case.id, Case.bank_id).where(Case.id.in_({f.case_id for f in matches}))).all())
    live: set[tuple[int, int]] = set()
    for ids in _chunks(f.media_id for f in matches):
        live |= {
            (bank_id, media_id)
            for bank_id, media_id in session.execute(
                select(Match.bank_id, Match.media_id)
                .join(BankEntry, BankEntry.id == Match.entry_id)
                .where(Match.media_id.in_(ids), BankEntry.status == "active")
            )
        }
    # Whether the match still holds is read from the matches themselves, not from ``reason["retired"]``
    # (tragac.matching.leads): an entry re-activated later matches again and its finding is evidence once more.
    return {f.id for f in matches if f.media_id is None or (banks.get(f.case_id), f.media_id) not in live}


def blocked_findings(session: Session, findings: Sequence[CaseFinding]) -> dict[int, str]:
    """Why each of ``findings`` may not be named in a notice (``POSSIBLE_MINOR`` wins over ``ENTRY_INACTIVE``);
    findings that may be acted on are absent."""
    out = {fid: ENTRY_INACTIVE for fid in _inactive_matches(session, findings)}
    out.update({fid: POSSIBLE_MINOR for fid in withheld_findings(session, findings)})
    return out


def finding_blocked_reason(session: Session, finding: CaseFinding) -> str | None:
    """``POSSIBLE_MINOR``, ``ENTRY_INACTIVE`` or None: the one check a notice runs at draft, approve, send and every
    re-notice, so that a flag or a withdrawal arriving after drafting still stops it."""
    return blocked_findings(session, [finding]).get(finding.id)
