"""Live Telegram collection: the research accounts, per-source collector state, member-count snapshots."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tragac.store.base import Base, BigId, UTCDateTime, utcnow
from tragac.store.models.core import Source


class CollectorAccount(Base):
    """A dedicated research account. Its Telethon StringSession (a password) and API hash are encrypted."""

    __tablename__ = "collector_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    api_id: Mapped[int] = mapped_column(Integer)
    api_hash_enc: Mapped[str] = mapped_column(Text)
    session_enc: Mapped[str] = mapped_column(Text)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CollectorSource(Base):
    """One monitored chat and where its collection stands (resume point, schedule, last outcome)."""

    __tablename__ = "collector_source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("collector_account.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(Text)  # what the analyst typed: @name, t.me link or id
    peer_kind: Mapped[str] = mapped_column(String(16))  # channel | chat | user
    peer_id: Mapped[int] = mapped_column(BigInteger)  # bare id, as Source.platform_id
    access_hash: Mapped[int | None] = mapped_column(BigInteger)  # needed to address the chat again
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    last_message_id: Mapped[int] = mapped_column(BigInteger, default=0)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive, for backoff
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_rescan_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_member_count_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    source: Mapped[Source] = relationship()
    account: Mapped[CollectorAccount] = relationship()


class MemberCount(Base):
    """A snapshot of a chat's member count (GetFullChannel / GetFullChat): the time series for dashboards."""

    __tablename__ = "member_count"
    __table_args__ = (Index("ix_member_count_source_taken", "source_id", "taken_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    participants: Mapped[int | None] = mapped_column(Integer)
    online: Mapped[int | None] = mapped_column(Integer)
    admins: Mapped[int | None] = mapped_column(Integer)
