"""Hash lists (banks), their entries, matches of media against them, and near-duplicate spread clusters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.fingerprints.vpdq import VIDEO_QUERY_FRACTION
from tragac.fingerprints.windows import CANDIDATE_THRESHOLD, MIN_INLIERS
from tragac.store.base import Base, BigId, Json, UTCDateTime, utcnow


class Bank(Base):
    """A named hash list with provenance: a victim's case, an imported list, or analyst-confirmed media."""

    __tablename__ = "bank"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # victim_case | imported_list | analyst_confirmed
    description: Mapped[str | None] = mapped_column(Text)
    pdq_threshold: Mapped[int] = mapped_column(Integer, default=PDQ_MATCH_THRESHOLD)
    video_match_fraction: Mapped[float] = mapped_column(Float, default=VIDEO_QUERY_FRACTION)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Robust matching (docs/matching.md): opt-in per bank, because its fingerprints reveal more of a picture than
    # one PDQ hash. Candidates are window pairs within ``robust_candidate_threshold`` bits that the local-feature
    # verifier confirms with at least ``robust_min_inliers`` agreeing keypoints.
    robust: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    robust_candidate_threshold: Mapped[int] = mapped_column(
        Integer, default=CANDIDATE_THRESHOLD, server_default=str(CANDIDATE_THRESHOLD)
    )
    robust_min_inliers: Mapped[int] = mapped_column(Integer, default=MIN_INLIERS, server_default=str(MIN_INLIERS))
    provenance: Mapped[dict[str, Any] | None] = mapped_column(Json)
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entries: Mapped[list[BankEntry]] = relationship(back_populates="bank", cascade="all, delete-orphan")


class BankEntry(Base):
    """One hash in a bank. Only ``status == 'active'`` entries ever match."""

    __tablename__ = "bank_entry"
    __table_args__ = (
        UniqueConstraint("bank_id", "signal_type", "value"),
        Index("ix_bank_entry_signal_value", "signal_type", "value"),
        # Ids are never reused, so the persisted PDQ index can be synced by id alone.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    signal_type: Mapped[str] = mapped_column(String(16))  # pdq | video_pdq | md5 | sha256
    value: Mapped[str] = mapped_column(String(64))  # hex hash; for video_pdq a digest of the frame list
    frames: Mapped[list[dict[str, Any]] | None] = mapped_column(Json)  # video_pdq: [{frame, timestamp, quality, pdq}]
    variant: Mapped[str | None] = mapped_column(String(16))  # dihedral variant of a reference image
    item_key: Mapped[str | None] = mapped_column(String(128))  # groups the hashes of one reference item
    label: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(128))  # e.g. a StopNCII case number
    provenance: Mapped[dict[str, Any] | None] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)  # active|withdrawn|deleted
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_by: Mapped[str | None] = mapped_column(String(128))
    added_by: Mapped[str | None] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="entries")


class Match(Base):
    """A media file matched a bank entry: which signal, at what distance, when."""

    __tablename__ = "match"
    __table_args__ = (UniqueConstraint("media_id", "entry_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("bank_entry.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    signal_type: Mapped[str] = mapped_column(String(16))
    distance: Mapped[int] = mapped_column(Integer)
    query_match_fraction: Mapped[float | None] = mapped_column(Float)  # video: share of the query's frames
    entry_match_fraction: Mapped[float | None] = mapped_column(Float)  # video: share of the reference's frames
    # Why it matched, for the explain view: {"fingerprint", "rule", "window": {"query", "reference"}, "distance",
    # "quality": {"query", "reference"}, "inliers"} (tragac.matching.verify.RobustMatch.explain).
    explain: Mapped[dict[str, Any] | None] = mapped_column(Json)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MediaRobust(Base):
    """The robust fingerprint of a monitored picture: PDQ per query window and ORB local features (opt-in)."""

    __tablename__ = "media_robust"

    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"), primary_key=True)
    windows: Mapped[list[dict[str, Any]]] = mapped_column(Json)  # [{"window", "pdq", "quality"}]
    local_features: Mapped[bytes] = mapped_column(LargeBinary)  # 36 bytes per keypoint (robust_types.LocalFeatures)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EntryRobust(Base):
    """The robust fingerprint of a reference picture, attached to its item's original PDQ entry."""

    __tablename__ = "entry_robust"

    entry_id: Mapped[int] = mapped_column(ForeignKey("bank_entry.id", ondelete="CASCADE"), primary_key=True)
    windows: Mapped[list[dict[str, Any]]] = mapped_column(Json)  # [{"window", "pdq", "quality"}] reference windows
    local_features: Mapped[bytes] = mapped_column(LargeBinary)


class NegativeEntry(Base):
    """An organisation's allowlist: an analyst marked this media's match with this entry false. Matching never
    pairs the entry with this media again, nor with a near-duplicate of it (same MD5/SHA-256 or PDQ within 31)."""

    __tablename__ = "negative_entry"
    __table_args__ = (Index("ix_negative_entry_org_entry", "organisation", "entry_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organisation: Mapped[str] = mapped_column(String(128))
    entry_id: Mapped[int] = mapped_column(ForeignKey("bank_entry.id", ondelete="CASCADE"))
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    md5: Mapped[str | None] = mapped_column(String(32))
    pdq: Mapped[str | None] = mapped_column(String(64))
    pdq_quality: Mapped[int | None] = mapped_column(Integer)
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flag.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str | None] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EntryQuarantine(Base):
    """An entry that matched too many distinct media too fast: held (not matched) until a person decides."""

    __tablename__ = "entry_quarantine"

    entry_id: Mapped[int] = mapped_column(ForeignKey("bank_entry.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="held", index=True)  # held | released | withdrawn
    media_count: Mapped[int] = mapped_column(Integer)  # distinct media it matched within the window
    max_media: Mapped[int] = mapped_column(Integer)  # the setting in force when it was held
    window_hours: Mapped[float] = mapped_column(Float)
    held_media: Mapped[int] = mapped_column(Integer, default=0)  # new matches not written while held
    held_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)


class EntryFeedback(Base):
    """A reviewer's opinion of one bank entry: ``confirm`` (the match was right) or ``deconfirm`` (false match).
    Exported as StopNCII SubmitFeedback (Blocked / NotBlocked) and as a ThreatExchange-style opinion file."""

    __tablename__ = "entry_feedback"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("bank_entry.id", ondelete="CASCADE"), index=True)
    opinion: Mapped[str] = mapped_column(String(16))  # confirm | deconfirm
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flag.id", ondelete="SET NULL"))
    reviewer: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SpreadCluster(Base):
    """Near-duplicate media grouped together, to show one picture moving through many chats."""

    __tablename__ = "spread_cluster"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # stable: the representative's SHA-256
    representative_media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # image | video
    media_count: Mapped[int] = mapped_column(Integer, default=0)
    sighting_count: Mapped[int] = mapped_column(Integer, default=0)
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="SET NULL"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SpreadMember(Base):
    __tablename__ = "spread_member"

    cluster_id: Mapped[int] = mapped_column(ForeignKey("spread_cluster.id", ondelete="CASCADE"), primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"), primary_key=True, unique=True)
    distance: Mapped[int] = mapped_column(Integer, default=0)  # to the representative
