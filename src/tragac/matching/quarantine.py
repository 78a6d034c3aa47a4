"""Flood quarantine: an entry that suddenly matches too much is held for a person to look at.

A bad hash in an open submission list (a blank frame, a meme, a logo) matches hundreds of unrelated pictures at
once and buries the review queue. The match stage counts, per entry, the distinct media it matched within the last
``TRAGAC_QUARANTINE_WINDOW_HOURS`` (earlier matches plus this run's); an entry above
``TRAGAC_QUARANTINE_MAX_MEDIA`` is *held*: this run's new matches of it are not written, and later runs skip it.
Matches written before the flood was noticed stay (they were leads already).

A reviewer then decides (both audited):

- **release**: the entry is genuine (a picture that really is spreading that fast). Matching resumes at once: the
  entry is stamped as changed, so the next run matches it against every media, held ones included, and a released
  entry is not held again.
- **withdraw** (confirm the quarantine): the hash is bad. The entry is withdrawn like any withdrawn hash (its matches
  are retracted, their review items retired) and a ``deconfirm`` opinion is recorded for the exchange.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tragac import audit
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models import Bank, BankEntry, EntryQuarantine, Match

if TYPE_CHECKING:
    from tragac.config import MatchingSettings
    from tragac.matching.match import Found

HELD, RELEASED, WITHDRAWN = "held", "released", "withdrawn"
STATES = (HELD, RELEASED, WITHDRAWN)
AUDIT_RELEASE, AUDIT_WITHDRAW = "quarantine.release", "quarantine.withdraw"
SYSTEM = "tragac"
_BATCH = 1000


def hold_floods(
    session: Session, kept: Sequence[tuple[Found, int]], settings: MatchingSettings, *, now: datetime
) -> tuple[list[tuple[Found, int]], dict[str, int]]:
    """``kept`` without the *new* pairs of held entries (held before, or flooding in this run). Pairs already stored
    as matches are kept whatever happens (a full re-run re-finds them; they are not new media)."""
    entry_ids = sorted({f.entry_id for f, _ in kept})
    states: dict[int, str] = {}
    stored: set[tuple[int, int]] = set()
    for start in range(0, len(entry_ids), _BATCH):
        chunk = entry_ids[start : start + _BATCH]
        rows = session.execute(
            select(EntryQuarantine.entry_id, EntryQuarantine.state).where(EntryQuarantine.entry_id.in_(chunk))
        )
        states.update({entry_id: state for entry_id, state in rows})
        pairs = session.execute(select(Match.media_id, Match.entry_id).where(Match.entry_id.in_(chunk)))
        stored.update((media_id, entry_id) for media_id, entry_id in pairs)
    new_media: dict[int, set[int]] = {}
    for f, _ in kept:
        if (f.media_id, f.entry_id) not in stored and f.entry_id not in states:
            new_media.setdefault(f.entry_id, set()).add(f.media_id)
    since = now - timedelta(hours=settings.quarantine_window_hours)
    flooding: dict[int, int] = {}
    for entry_id, media in new_media.items():
        total = len(media)
        if total <= settings.quarantine_max_media:  # over already: no need to count the earlier ones
            total += (
                session.scalar(
                    select(func.count(func.distinct(Match.media_id))).where(
                        Match.entry_id == entry_id, Match.found_at >= since
                    )
                )
                or 0
            )
        if total > settings.quarantine_max_media:
            flooding[entry_id] = total
    out, held = [], 0
    held_by_entry: dict[int, int] = {}
    for f, bank_id in kept:
        is_new = (f.media_id, f.entry_id) not in stored
        if is_new and (states.get(f.entry_id) == HELD or f.entry_id in flooding):
            held += 1
            held_by_entry[f.entry_id] = held_by_entry.get(f.entry_id, 0) + 1
            continue
        out.append((f, bank_id))
    for entry_id, total in flooding.items():
        session.add(
            EntryQuarantine(
                entry_id=entry_id,
                state=HELD,
                media_count=total,
                max_media=settings.quarantine_max_media,
                window_hours=settings.quarantine_window_hours,
                held_media=held_by_entry.get(entry_id, 0),
                held_at=now,
            )
        )
    earlier_held = [e for e in held_by_entry if e not in flooding]
    for q in session.scalars(select(EntryQuarantine).where(EntryQuarantine.entry_id.in_(earlier_held))):
        q.held_media += held_by_entry[q.entry_id]
    session.flush()
    return out, {"quarantined": len(flooding), "held": held}


def held_entry_ids(session: Session) -> set[int]:
    return set(session.scalars(select(EntryQuarantine.entry_id).where(EntryQuarantine.state == HELD)))


def list_quarantine(session: Session, state: str | None = HELD) -> list[dict[str, Any]]:
    """Quarantined entries (held ones by default; ``state=None`` for all), newest first."""
    if state is not None and state not in STATES:
        raise InputError(f"state {state!r}: expected one of {', '.join(STATES)}")
    query = (
        select(EntryQuarantine, BankEntry, Bank.name)
        .join(BankEntry, BankEntry.id == EntryQuarantine.entry_id)
        .join(Bank, Bank.id == BankEntry.bank_id)
        .order_by(EntryQuarantine.held_at.desc(), EntryQuarantine.entry_id)
    )
    if state is not None:
        query = query.where(EntryQuarantine.state == state)
    return [
        {
            "entry_id": q.entry_id,
            "bank": bank,
            "entry_label": e.label,
            "signal_type": e.signal_type,
            "entry_hash": e.value,
            "entry_status": e.status,
            "state": q.state,
            "media_count": q.media_count,
            "max_media": q.max_media,
            "window_hours": q.window_hours,
            "held_media": q.held_media,
            "held_at": q.held_at.isoformat(),
            "decided_by": q.decided_by,
            "decided_at": q.decided_at.isoformat() if q.decided_at else None,
            "note": q.note,
        }
        for q, e, bank in session.execute(query)
    ]


def _held(session: Session, entry_id: int) -> EntryQuarantine:
    q = session.get(EntryQuarantine, entry_id)
    if q is None:
        raise InputError(f"entry {entry_id} is not quarantined (see `tragac bank quarantine list`)")
    if q.state != HELD:
        raise InputError(f"entry {entry_id} was already {q.state} by {q.decided_by or 'someone'}")
    return q


def release(store: Store, entry_id: int, *, by: str, note: str | None = None, address: str | None = None) -> dict:
    """The entry is genuine: matching resumes (the next run matches it against every media). Audited."""
    now = utcnow()
    with store.session() as s:
        q = _held(s, entry_id)
        q.state, q.decided_by, q.decided_at, q.note = RELEASED, by, now, note
        entry = s.get(BankEntry, entry_id)
        if entry is not None and entry.status == "active":
            entry.status_at = now  # seen as changed by the next incremental run, like a re-activated entry
        result = {"entry_id": entry_id, "state": RELEASED, "held_media": q.held_media, "by": by}
    audit.record(store, AUDIT_RELEASE, actor=by, target=f"bank_entry:{entry_id}", address=address, details=result)
    return result


def withdraw(store: Store, entry_id: int, *, by: str, note: str | None = None, address: str | None = None) -> dict:
    """The hash is bad: withdraw the entry (its matches retracted), record a deconfirm opinion. Audited."""
    from tragac.matching.banks import retract_matches
    from tragac.matching.feedback import record_opinion

    now = utcnow()
    with store.session() as s:
        q = _held(s, entry_id)
        q.state, q.decided_by, q.decided_at, q.note = WITHDRAWN, by, now, note
        entry = s.get(BankEntry, entry_id)
        removed = 0
        if entry is not None and entry.status == "active":
            entry.status, entry.status_at, entry.status_by = "withdrawn", now, by
            s.flush()
            removed = retract_matches(s, [entry_id], f"quarantined entry withdrawn by {by}")
        record_opinion(s, entry_id, "deconfirm", reviewer=by, note=note or "flood quarantine confirmed")
        result = {"entry_id": entry_id, "state": WITHDRAWN, "matches_removed": removed, "by": by}
    audit.record(store, AUDIT_WITHDRAW, actor=by, target=f"bank_entry:{entry_id}", address=address, details=result)
    return result
