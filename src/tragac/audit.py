"""The append-only audit log. Each event's hash covers its content and the previous event's hash, so editing,
deleting or reordering any row breaks the chain from that row on; :func:`verify` finds the first broken link."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models.web import AuditEvent

GENESIS = "0" * 64
# What the issue asks to be audited; routes use these names.
LOGIN, LOGIN_FAILED, LOGOUT = "login", "login_failed", "logout"
MESSAGE_VIEW, MEDIA_REVEAL, FLAG_DECISION, FLAG_BULK_DISMISS = (
    "message.view",
    "media.reveal",
    "flag.decision",
    "flag.bulk_dismiss",
)
EXPORT, SETTINGS_CHANGE, USER_ADD, USER_CHANGE, TOKEN_CREATE = (
    "export",
    "settings.change",
    "user.add",
    "user.change",
    "token.create",
)
HASH_LOOKUP = "hash.lookup"  # POST /api/v1/lookup: kind and counts only, never the hashes

_lock = threading.Lock()
_PG_LOCK_KEY = 0x7472_6167  # "trag": serialises appends across processes on PostgreSQL


def event_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str | None,
    action: str,
    target: str | None,
    address: str | None,
    details: dict[str, Any],
) -> str:
    body = orjson.dumps(
        [seq, at.isoformat(timespec="microseconds"), actor, action, target, address, details],
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(prev_hash.encode() + b"\n" + body).hexdigest()


def record(
    store: Store,
    action: str,
    *,
    actor: str | None = None,
    target: str | None = None,
    address: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Append one event in its own transaction and return its sequence number."""
    details = details or {}
    for attempt in range(5):
        try:
            with _lock, store.session() as s:
                if store.dialect == "postgresql":
                    s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                last = s.execute(
                    select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
                ).first()
                seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
                # Microsecond precision is what both backends keep, so the hash is computed on the stored value.
                at = utcnow()
                h = event_hash(prev, seq, at, actor, action, target, address, details)
                s.add(
                    AuditEvent(
                        seq=seq,
                        at=at,
                        actor=actor,
                        action=action,
                        target=target,
                        address=address,
                        details=details,
                        prev_hash=prev,
                        hash=h,
                    )
                )
            return seq
        except (IntegrityError, OperationalError):
            # Another process appended the same seq first (SQLite has no advisory lock): read the new tail, retry.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@dataclass
class VerifyResult:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "events": self.events, "first_bad_seq": self.first_bad_seq, "reason": self.reason}


def verify(store: Store) -> VerifyResult:
    """Walk the chain in order; report the first event whose sequence, link or hash does not check out."""
    prev, expected_seq, n = GENESIS, 1, 0
    with store.session() as s:
        rows = s.execute(select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)).scalars()
        for ev in rows:
            n += 1
            if ev.seq != expected_seq:
                return VerifyResult(False, n, expected_seq, f"event {expected_seq} is missing (next is {ev.seq})")
            if ev.prev_hash != prev:
                return VerifyResult(False, n, ev.seq, "link to the previous event does not match")
            h = event_hash(prev, ev.seq, ev.at, ev.actor, ev.action, ev.target, ev.address, ev.details or {})
            if h != ev.hash:
                return VerifyResult(False, n, ev.seq, "content does not match its hash (edited)")
            prev, expected_seq = ev.hash, expected_seq + 1
    return VerifyResult(True, n)


def count(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)
