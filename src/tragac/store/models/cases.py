"""Victim cases: findings, alerts, the evidence vault, the hash-chained custody log, notices and website watch.

Fields holding watched identities or consent notes are ciphertext (``tragac.keyring``); nothing here holds media
bytes (the vault keeps encrypted files under TRAGAC_HOME and only their capture record lives in the database).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tragac.store.base import Base, BigId, Json, UTCDateTime, utcnow


class Case(Base):
    """A victim's case: pseudonym, caseworker, encrypted identities and consent notes, its own bank."""

    __tablename__ = "victim_case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)  # a label chosen by the caseworker, never her name
    pseudonym: Mapped[str] = mapped_column(String(128))
    caseworker: Mapped[str] = mapped_column(String(128))
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | closed | withdrawn
    possible_minor: Mapped[bool] = mapped_column(Boolean, default=False)  # blocks media retention and notices
    vault_enabled: Mapped[bool] = mapped_column(Boolean, default=False)  # opt-in evidence copies
    consent_notes_enc: Mapped[str | None] = mapped_column(Text)
    identities_enc: Mapped[str | None] = mapped_column(Text)  # JSON list of identities, AES-GCM
    identity_count: Mapped[int] = mapped_column(Integer, default=0)
    alert_email: Mapped[str | None] = mapped_column(String(256))  # the caseworker's address, not the victim's
    alert_webhook: Mapped[str | None] = mapped_column(Text)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseFinding(Base):
    """One thing found for a case, at one location: a hash match where it was seen, a flag naming her, a cluster."""

    __tablename__ = "case_finding"
    __table_args__ = (UniqueConstraint("case_id", "ref"), Index("ix_case_finding_case_found", "case_id", "found_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("victim_case.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(128))  # stable key, e.g. "media:12:sighting:40"; makes linking idempotent
    kind: Mapped[str] = mapped_column(String(16))  # match | identity | doxxing | spread | manual
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    sighting_id: Mapped[int | None] = mapped_column(ForeignKey("sighting.id", ondelete="SET NULL"))
    match_id: Mapped[int | None] = mapped_column(ForeignKey("match.id", ondelete="SET NULL"))
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flag.id", ondelete="SET NULL"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("spread_cluster.id", ondelete="SET NULL"))
    url: Mapped[str | None] = mapped_column(Text)  # t.me message link or web URL: the notice's exact location
    media_sha256: Mapped[str | None] = mapped_column(String(64))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # rule, distance, why; never her identities
    possible_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseAlert(Base):
    """An in-app notification about new findings; e-mail and webhook deliveries are recorded with it."""

    __tablename__ = "case_alert"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("victim_case.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(Text)  # counts and kinds only
    finding_ids: Mapped[list[int]] = mapped_column(Json, default=list)
    deliveries: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # channel -> status
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VaultCapture(Base):
    """The capture record of a media file kept (encrypted, content-addressed) in the evidence vault for a case."""

    __tablename__ = "vault_capture"
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("victim_case.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str | None] = mapped_column(Text)  # chat title / site
    link: Mapped[str | None] = mapped_column(Text)  # https://t.me/c/<id>/<msg> or the URL
    collector: Mapped[str] = mapped_column(String(128))
    tool_version: Mapped[str] = mapped_column(String(32))
    key_id: Mapped[str] = mapped_column(String(32))


class CustodyEvent(Base):
    """One entry of a case's chain-of-custody log; ``hash`` covers the entry and the previous entry's hash."""

    __tablename__ = "custody_event"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("victim_case.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    item: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Notice(Base):
    """A takedown notice or referral and its lifecycle: draft → approved → sent → acknowledged → removed|…"""

    __tablename__ = "notice"
    __table_args__ = (Index("ix_notice_state_next", "state", "next_renotice_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("victim_case.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(String(256))  # e-mail address
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    finding_ids: Mapped[list[int]] = mapped_column(Json, default=list)
    urls: Mapped[list[str]] = mapped_column(Json, default=list)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    drafted_by: Mapped[str] = mapped_column(String(128))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(128))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    send_count: Mapped[int] = mapped_column(Integer, default=0)
    renotice_hours: Mapped[int] = mapped_column(Integer, default=24)
    next_renotice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    package_ref: Mapped[str | None] = mapped_column(Text)  # evidence package file and SHA-256, for referrals

    events: Mapped[list[NoticeEvent]] = relationship(
        back_populates="notice", order_by="NoticeEvent.id", cascade="all, delete-orphan"
    )


class NoticeEvent(Base):
    """Every step of a notice (drafted, approved, sent, re-sent, checked, acknowledged, removed…) with its time."""

    __tablename__ = "notice_event"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    event: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)

    notice: Mapped[Notice] = relationship(back_populates="events")


class WatchedPage(Base):
    """A web page that website watch fetches, hashing its images and videos against the banks."""

    __tablename__ = "watched_page"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    added_by: Mapped[str | None] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(Text)
    media_seen: Mapped[int] = mapped_column(Integer, default=0)
    matches_found: Mapped[int] = mapped_column(Integer, default=0)
