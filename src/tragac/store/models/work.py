"""The work queue that lets several ``tragac worker`` processes share a PostgreSQL store (docs/scale.md).

A row is one batch of pipeline work: a stage and an inclusive range of row ids. Workers claim a batch with
``SELECT … FOR UPDATE SKIP LOCKED`` and hold it under a lease that expires, so a killed worker's batch is claimed
again; the batch's results and ``status = 'done'`` are committed in one transaction, so a batch is never half done.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tragac.store.base import Base, BigId, Json, UTCDateTime, utcnow


class WorkBatch(Base):
    """One batch of a stage's work: ``first_id``..``last_id`` (inclusive) of the rows that stage reads."""

    __tablename__ = "work_batch"
    __table_args__ = (
        UniqueConstraint("stage", "first_id"),
        Index("ix_work_batch_stage_status", "stage", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    stage: Mapped[str] = mapped_column(String(64))
    first_id: Mapped[int] = mapped_column(BigInteger)
    last_id: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | leased | done
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far; > 1 means a lease was taken over
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(String(128))
    result: Mapped[dict[str, Any] | None] = mapped_column(Json)  # the batch's counts, written with status = done
