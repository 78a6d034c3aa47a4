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

from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models.signals import Flag, FlagDecision

STATES = ("new", "confirmed", "dismissed", "escalated")
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


def decide(store: Store, flag_id: int, decision: str, reviewer: str, note: str | None = None) -> Flag | None:
    """Record a decision (kept in FlagDecision history) and update the flag's state; None if no such flag."""
    new_state = DECISIONS[decision]
    now = utcnow()
    with store.session() as s:
        flag = s.get(Flag, flag_id)
        if flag is None:
            return None
        s.add(FlagDecision(flag_id=flag.id, decision=decision, reviewer=reviewer, note=note, decided_at=now))
        if new_state is not None:
            flag.state = new_state
            flag.decided_by = reviewer
            flag.decided_at = now
        if note:
            flag.note = note
        s.flush()
        return flag


def bulk_dismiss(store: Store, rule: str, reviewer: str, note: str | None, category: str | None = None) -> int:
    """Dismiss every still-new flag of ``rule`` (a rule's false positives), each with its own decision row."""
    now = utcnow()
    with store.session() as s:
        q = select(Flag.id).where(Flag.rule == rule, Flag.state == "new")
        if category:
            q = q.where(Flag.category == category)
        ids = list(s.scalars(q).all())
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
