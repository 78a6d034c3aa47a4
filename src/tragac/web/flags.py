"""The review queue: flags in review order (csam_signal first, then score), keyset pages, decisions."""

from __future__ import annotations

import base64
import binascii
import time
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Row, Select, and_, func, or_, select, update
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models.signals import Flag, FlagDecision

# "retired": a hash-match flag whose bank entry stopped matching (tragac.matching.leads); never shown as new.
STATES = ("new", "confirmed", "dismissed", "escalated", "retired")
# Dismissing these needs a reason, and no bulk dismissal ever touches them: one reviewer decides each one.
NEEDS_REASON = ("csam_signal", "ncii_match")
NEVER_BULK = ("csam_signal", "ncii_match")
DECISIONS = {"confirm": "confirmed", "dismiss": "dismissed", "escalate": "escalated", "note": None}


class BadCursor(ValueError):
    pass


@dataclass
class FlagFilter:
    category: str | None = None
    state: str | None = None
    source_id: int | None = None
    rule: str | None = None
    since: datetime | None = None
    until: datetime | None = None


# The queue and the API only read flags, so pages are plain rows of these columns: no ORM identity map or change
# tracking per row (that bookkeeping was the largest cost of a page; measured in docs/performance/web.md).
_COLUMNS = tuple(Flag.__table__.c)
FlagRow = Row[Any]


def encode_cursor(flag: Flag | FlagRow) -> str:
    raw = orjson.dumps([flag.severity, flag.score, flag.id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, float, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sev, score, fid = orjson.loads(raw)
    except (binascii.Error, ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise BadCursor("invalid cursor") from exc
    if not (isinstance(sev, int) and isinstance(score, int | float) and isinstance(fid, int)):
        raise BadCursor("invalid cursor")
    if isinstance(sev, bool) or isinstance(fid, bool) or abs(sev) > 2**31 or abs(fid) > 2**62:
        raise BadCursor("invalid cursor")
    return sev, float(score), fid


def _filtered(f: FlagFilter) -> Select[Any]:
    q = select(*_COLUMNS)
    if f.category:
        q = q.where(Flag.category == f.category)
    if f.state:
        q = q.where(Flag.state == f.state)
    if f.source_id is not None:
        q = q.where(Flag.source_id == f.source_id)
    if f.rule:
        q = q.where(Flag.rule == f.rule)
    when = func.coalesce(Flag.observed_at, Flag.created_at)  # the day the content was posted
    if f.since:
        q = q.where(when >= f.since)
    if f.until:
        q = q.where(when < f.until)
    return q


def page(
    store: Store, f: FlagFilter, limit: int, cursor: str | None = None, *, session: Session | None = None
) -> tuple[list[FlagRow], str | None]:
    """One page of flags in review order, and the cursor of the next page (None on the last).

    Pass ``session`` to read inside a caller's transaction (a page's other reads then share one connection and one
    commit: fewer round trips on PostgreSQL)."""
    q = _filtered(f)
    if cursor:
        sev, score, fid = decode_cursor(cursor)
        q = q.where(
            or_(
                Flag.severity > sev,
                and_(Flag.severity == sev, Flag.score < score),
                and_(Flag.severity == sev, Flag.score == score, Flag.id > fid),
            )
        )
    q = q.order_by(Flag.severity, Flag.score.desc(), Flag.id).limit(limit + 1)
    if session is None:
        with store.session() as s:
            rows = list(s.execute(q).all())
    else:
        rows = list(session.execute(q).all())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1]) if more and rows else None)


def as_dict(flag: Flag | FlagRow) -> dict[str, Any]:
    """The API shape of a flag (the contract in issue 5, plus a few read-only extras)."""
    return {
        "id": flag.id,
        "category": flag.category,
        "subtype": flag.subtype,
        "score": flag.score,
        "why": flag.why,
        "message_id": flag.message_id,
        "media_id": flag.media_id,
        "state": flag.state,
        "rule": flag.rule,
        "detector": flag.detector,
        "spans": flag.spans or [],
        "source_id": flag.source_id,
        "possible_minor": flag.possible_minor,
        "decided_by": flag.decided_by,
        "decided_at": flag.decided_at.isoformat() if flag.decided_at else None,
        "note": flag.note,
        "created_at": flag.created_at.isoformat() if flag.created_at else None,
    }


def get(store: Store, flag_id: int) -> Flag | None:
    with store.session() as s:
        return s.get(Flag, flag_id)


class DecisionRefused(InputError):
    """A decision the review rules do not allow as asked (a dismissal without its reason…)."""


def review(
    store: Store, flag_id: int, decision: str, reviewer: str, note: str | None = None
) -> tuple[Flag | None, dict[str, Any]]:
    """:func:`decide`, and what the decision did beyond the flag (for the caller's audit record).

    Dismissing a ``csam_signal`` or ``ncii_match`` flag needs a reason (kept as the decision's note): those are the
    leads that matter most, so "false positive" is written down with why. Confirming an ``ncii_match`` flag adds the
    match to its case's evidence (:func:`tragac.cases.service.confirm_match_flag`)."""
    new_state = DECISIONS[decision]
    if decision == "dismiss" and not (note or "").strip():
        with store.session() as s:
            category = s.scalar(select(Flag.category).where(Flag.id == flag_id))
        if category in NEEDS_REASON:
            raise DecisionRefused(f"dismissing a {category} flag needs a reason: say why it is a false positive")
    now = utcnow()
    with store.session() as s:
        flag = s.get(Flag, flag_id)
        if flag is None:
            return None, {}
        s.add(FlagDecision(flag_id=flag.id, decision=decision, reviewer=reviewer, note=note, decided_at=now))
        if new_state is not None:
            flag.state = new_state
            flag.decided_by = reviewer
            flag.decided_at = now
        if note:
            flag.note = note
        s.flush()
        # A reviewed match item feeds back into matching: an opinion on its entry, and a false one goes into the
        # organisation's negative bank (tragac.matching.leads.record_review).
        from tragac.matching.leads import record_review

        feedback = record_review(s, flag, decision, reviewer, note, store.settings.matching.organisation)
    effects: dict[str, Any] = {"feedback": feedback} if feedback else {}
    if decision == "confirm" and flag.category == "ncii_match":
        from tragac.cases.service import confirm_match_flag

        effects["evidence"] = confirm_match_flag(store, flag.id, actor=reviewer, now=now)
    return flag, effects


def decide(store: Store, flag_id: int, decision: str, reviewer: str, note: str | None = None) -> Flag | None:
    """Record a decision (kept in FlagDecision history) and update the flag's state; None if no such flag."""
    return review(store, flag_id, decision, reviewer, note)[0]


def _bulk_ids(f: FlagFilter) -> Select[Any]:
    """Open flags the filter selects that a bulk dismissal may touch: never a possible minor or a hash match,
    which are always decided one by one."""
    q = select(Flag.id).where(Flag.state == "new", Flag.category.not_in(NEVER_BULK), Flag.possible_minor.is_not(True))
    if f.category:
        q = q.where(Flag.category == f.category)
    if f.source_id is not None:
        q = q.where(Flag.source_id == f.source_id)
    if f.rule:
        q = q.where(Flag.rule == f.rule)
    when = func.coalesce(Flag.observed_at, Flag.created_at)
    if f.since:
        q = q.where(when >= f.since)
    if f.until:
        q = q.where(when < f.until)
    return q


def bulk_count(store: Store, f: FlagFilter) -> int:
    """How many flags :func:`bulk_dismiss` with the same filter would dismiss now."""
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(_bulk_ids(f).subquery())) or 0)


def bulk_dismiss(store: Store, f: FlagFilter, reviewer: str, note: str) -> int:
    """Dismiss every still-new flag the filter selects (a rule's false positives), each with its own decision row
    carrying ``note``; ``csam_signal``, ``ncii_match`` and possible-minor flags are never touched."""
    if not note.strip():
        raise DecisionRefused("a bulk dismissal needs a reason")
    now = utcnow()
    with store.session() as s:
        ids = list(s.scalars(_bulk_ids(f)).all())
        for fid in ids:
            s.add(FlagDecision(flag_id=fid, decision="dismiss", reviewer=reviewer, note=note, decided_at=now))
        forget_facets(store)
        if ids:
            s.execute(
                update(Flag)
                .where(Flag.id.in_(ids))
                .values(state="dismissed", decided_by=reviewer, decided_at=now, note=note)
                .execution_options(synchronize_session=False)
            )
        return len(ids)


_facets_cache: weakref.WeakKeyDictionary[Store, tuple[float, dict[str, list[str]]]] = weakref.WeakKeyDictionary()
FACETS_TTL = 5.0  # seconds; menus may lag new categories by this much, the queue itself never does


def facets(store: Store) -> dict[str, list[str]]:
    """Categories and rules present, for the filter menus (scans the flags, so cached briefly per store)."""
    now = time.monotonic()
    hit = _facets_cache.get(store)
    if hit and now - hit[0] < FACETS_TTL:
        return hit[1]
    with store.session() as s:
        cats = sorted(c for c in s.scalars(select(Flag.category).distinct()).all() if c)
        rules = sorted(r for r in s.scalars(select(Flag.rule).where(Flag.state == "new").distinct()).all() if r)
    result = {"categories": cats, "rules": rules}
    _facets_cache[store] = (now, result)
    return result


def forget_facets(store: Store) -> None:
    _facets_cache.pop(store, None)
