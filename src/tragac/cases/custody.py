"""The chain-of-custody log: every action on a case's items, each entry carrying the hash of the previous one.

An entry's hash is SHA-256 over its canonical JSON (sequence number, UTC time, actor, action, item, details and the
previous hash), so changing, removing or reordering any entry breaks every hash after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.store.models.cases import CustodyEvent

GENESIS = "0" * 64


def _canonical(obj: Any) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def entry_hash(entry: Mapping[str, Any]) -> str:
    body = {k: entry[k] for k in ("seq", "at", "actor", "action", "item", "details", "prev_hash")}
    return hashlib.sha256(_canonical(body)).hexdigest()


def as_entry(ev: CustodyEvent) -> dict[str, Any]:
    return {
        "seq": ev.seq,
        "at": iso(ev.at),
        "actor": ev.actor,
        "action": ev.action,
        "item": ev.item,
        "details": ev.details or {},
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }


def append(
    session: Session,
    case_id: int,
    *,
    actor: str,
    action: str,
    item: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> CustodyEvent:
    """Add one entry at the end of the case's chain (the unique (case, seq) key rejects a concurrent fork)."""
    last = session.scalars(
        select(CustodyEvent).where(CustodyEvent.case_id == case_id).order_by(CustodyEvent.seq.desc()).limit(1)
    ).first()
    seq = (last.seq + 1) if last else 1
    prev = last.hash if last else GENESIS
    # Microsecond precision survives both backends, so the stored time re-hashes to the same value.
    when = (at or datetime.now(UTC)).astimezone(UTC)
    entry = {
        "seq": seq,
        "at": iso(when),
        "actor": actor,
        "action": action,
        "item": item,
        "details": details or {},
        "prev_hash": prev,
    }
    ev = CustodyEvent(
        case_id=case_id,
        seq=seq,
        at=when,
        actor=actor,
        action=action,
        item=item,
        details=details or {},
        prev_hash=prev,
        hash=entry_hash(entry),
    )
    session.add(ev)
    session.flush()
    return ev


def chain(session: Session, case_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(select(CustodyEvent).where(CustodyEvent.case_id == case_id).order_by(CustodyEvent.seq))
    return [as_entry(ev) for ev in rows]


def verify_chain(entries: Iterable[Mapping[str, Any]]) -> tuple[bool, str | None]:
    """(True, None) when every entry re-hashes and links to its predecessor; else (False, why) for the first bad one."""
    prev = GENESIS
    expected_seq = 1
    for entry in entries:
        seq = entry.get("seq")
        if seq != expected_seq:
            return False, f"custody entry {expected_seq}: missing or out of order (found seq {seq})"
        if entry.get("prev_hash") != prev:
            return False, f"custody entry {seq} ({entry.get('action')}): does not link to entry {seq - 1}"
        try:
            recomputed = entry_hash(entry)
        except KeyError as exc:
            return False, f"custody entry {seq}: field {exc} missing"
        if recomputed != entry.get("hash"):
            return False, f"custody entry {seq} ({entry.get('action')}): contents altered (hash mismatch)"
        prev = recomputed
        expected_seq += 1
    return True, None
