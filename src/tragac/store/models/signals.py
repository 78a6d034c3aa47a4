"""Flags: detections that go to a human, each with its reason, and the decisions reviewers take on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tragac.severity import SEVERITY
from tragac.store.base import Base, BigId, Json, UTCDateTime, utcnow

__all__ = ["SEVERITY", "Flag", "FlagDecision"]


class Flag(Base):
    """A lead, not a verdict: which detector and rule fired, on what span or hash, with what score."""

    __tablename__ = "flag"
    __table_args__ = (
        Index("ix_flag_queue", "state", "severity", "score"),
        Index("ix_flag_category_created", "category", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # makes re-running a detector idempotent
    detector: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    subtype: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[int] = mapped_column(Integer, default=9)
    score: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(128))
    why: Mapped[str] = mapped_column(Text)
    spans: Mapped[list[list[int]]] = mapped_column(Json, default=list)  # [[start, end], …] in the original text
    evidence: Mapped[dict[str, Any] | None] = mapped_column(Json)  # term ids, hashes, distances; never private terms
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    # When the flagged content was posted (the message's date): dashboards and filters count flags on that day,
    # not on the day the detector happened to run.
    observed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    possible_minor: Mapped[bool] = mapped_column(Boolean, default=False)  # never reveal, never retain media
    state: Mapped[str] = mapped_column(String(16), default="new")  # new | confirmed | dismissed | escalated
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decisions: Mapped[list[FlagDecision]] = relationship(
        back_populates="flag", order_by="FlagDecision.id", cascade="all, delete-orphan"
    )


class FlagDecision(Base):
    """Every review decision, kept even when a later one supersedes it."""

    __tablename__ = "flag_decision"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flag.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # confirm | dismiss | escalate | note
    reviewer: Mapped[str] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    flag: Mapped[Flag] = relationship(back_populates="decisions")
