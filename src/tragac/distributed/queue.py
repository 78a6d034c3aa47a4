"""The PostgreSQL work queue: batches of a stage's rows, claimed with ``FOR UPDATE SKIP LOCKED`` under a lease.

Why a table and not a queue service: the store is already the one shared thing a team runs, the web app stays
stateless, and a batch's results and its ``done`` mark commit in the same transaction, which no external queue
can promise. Rules:

* :func:`enqueue` cuts the not-yet-queued rows of a stage into id ranges; a transaction-level advisory lock makes
  concurrent workers enqueue one after the other, so ranges never overlap.
* :func:`claim` takes the oldest batch that is pending or whose lease has expired (its worker died), skipping rows
  another worker has locked, and leases it for ``lease_seconds``.
* :func:`complete` runs in the caller's transaction: it locks the batch row and marks it done only if this worker
  still holds the lease, so a worker that lost its lease cannot commit the batch a second time.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tragac.errors import ConfigError
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models import WorkBatch

# pg_advisory_xact_lock key for enqueueing: any fixed 64-bit number private to this module.
_ENQUEUE_LOCK = 0x7472_6167_6163_0017


class LeaseLost(Exception):
    """The batch's lease expired and another worker claimed it: this worker's results must not be committed."""


@dataclass(frozen=True)
class Claimed:
    id: int
    stage: str
    first_id: int
    last_id: int
    attempts: int


def worker_name() -> str:
    """Unique per process and readable in the table: host, pid and a random suffix (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


SQLITE_REFUSAL = (
    "tragac worker needs a PostgreSQL store (set TRAGAC_DATABASE_URL); SQLite is single-process: use `tragac run` there"
)


def require_postgres(store: Store) -> None:
    if store.dialect != "postgresql":
        raise ConfigError(SQLITE_REFUSAL)


def enqueue(store: Store, stage: str, ids_query: sa.Select[Any], batch_size: int) -> int:
    """Queue the ids ``ids_query`` yields (one column of ids) above the last queued range of ``stage``.

    Returns how many batches were added. Ids at or below the highest queued ``last_id`` are never queued again:
    a row a stage skipped (a missing file, say) stays with its first batch's result.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    with store.session() as s:
        s.execute(sa.select(sa.func.pg_advisory_xact_lock(_ENQUEUE_LOCK)))
        high = s.scalar(sa.select(sa.func.max(WorkBatch.last_id)).where(WorkBatch.stage == stage))
        sub = ids_query.subquery()
        column = sub.c[0]
        query = sa.select(column).order_by(column)
        if high is not None:
            query = query.where(column > high)
        ids = list(s.scalars(query))
        added = 0
        now = utcnow()
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            s.add(
                WorkBatch(
                    stage=stage, first_id=chunk[0], last_id=chunk[-1], size=len(chunk), status="pending", created_at=now
                )
            )
            added += 1
        return added


def claim(store: Store, stage: str, owner: str, lease_seconds: float) -> Claimed | None:
    """Lease the oldest claimable batch of ``stage`` to ``owner``; None when there is none right now."""
    now = utcnow()
    with store.session() as s:
        batch = s.scalars(
            sa.select(WorkBatch)
            .where(
                WorkBatch.stage == stage,
                sa.or_(
                    WorkBatch.status == "pending",
                    sa.and_(WorkBatch.status == "leased", WorkBatch.lease_expires_at < now),
                ),
            )
            .order_by(WorkBatch.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if batch is None:
            return None
        batch.status = "leased"
        batch.lease_owner = owner
        batch.lease_expires_at = now + timedelta(seconds=lease_seconds)
        batch.attempts += 1
        return Claimed(batch.id, batch.stage, batch.first_id, batch.last_id, batch.attempts)


def complete(session: Session, batch_id: int, owner: str, result: dict[str, Any]) -> None:
    """Mark the batch done inside the caller's transaction; raises :class:`LeaseLost` if ``owner`` lost it."""
    batch = session.scalars(sa.select(WorkBatch).where(WorkBatch.id == batch_id).with_for_update()).one()
    if batch.status != "leased" or batch.lease_owner != owner:
        raise LeaseLost(f"batch {batch_id} is now {batch.status} by {batch.lease_owner}")
    batch.status, batch.done_at, batch.done_by, batch.result = "done", utcnow(), owner, result
    batch.lease_expires_at = None


def renew(store: Store, batch_id: int, owner: str, lease_seconds: float) -> bool:
    """Extend a lease still held (for a long batch); False if it was lost."""
    with store.session() as s:
        updated = s.execute(
            sa.update(WorkBatch)
            .where(WorkBatch.id == batch_id, WorkBatch.lease_owner == owner, WorkBatch.status == "leased")
            .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
        )
        return bool(getattr(updated, "rowcount", 0))


def counts(store: Store, stages: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    """Batches per stage and status, for ``tragac worker --status`` and the tests."""
    query = sa.select(WorkBatch.stage, WorkBatch.status, sa.func.count()).group_by(WorkBatch.stage, WorkBatch.status)
    if stages:
        query = query.where(WorkBatch.stage.in_(stages))
    out: dict[str, dict[str, int]] = {}
    with store.session() as s:
        for stage, status, n in s.execute(query):
            out.setdefault(stage, {})[status] = int(n)
    return out
