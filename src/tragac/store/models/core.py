"""Monitored sources and what they post: the rows every later stage reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tragac.store.base import Base, BigId, Json, UTCDateTime, utcnow


class Source(Base):
    """A monitored chat (group, supergroup, channel) or website."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("platform", "platform_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))  # "telegram", "web"
    platform_id: Mapped[str] = mapped_column(String(128))  # bare chat id for Telegram, URL for the web
    kind: Mapped[str] = mapped_column(String(48))  # export "type": public_supergroup, public_channel, website…
    title: Mapped[str | None] = mapped_column(Text)
    username: Mapped[str | None] = mapped_column(String(128))
    link: Mapped[str | None] = mapped_column(Text)
    left: Mapped[bool] = mapped_column(Boolean, default=False)  # from the export's left_chats list
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    raw: Mapped[dict[str, Any] | None] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Author(Base):
    """A sender: a user or a channel posting in its own name. Shown pseudonymised in reports."""

    __tablename__ = "author"
    __table_args__ = (UniqueConstraint("platform", "platform_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    platform_id: Mapped[str] = mapped_column(String(128))  # "user123", "channel9", "chat5"
    display_name: Mapped[str | None] = mapped_column(Text)
    names_seen: Mapped[list[str]] = mapped_column(Json, default=list)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExportFile(Base):
    """One ingestion run of one export file: provenance for every row it wrote and where its media lie."""

    __tablename__ = "export_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)  # absolute path of result.json
    root: Mapped[str] = mapped_column(Text)  # folder that media paths are relative to
    size: Mapped[int | None] = mapped_column(BigInteger)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # zone assumed for exports without unixtime
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, Any] | None] = mapped_column(Json)


class Message(Base):
    """A message or service message, unique on (source, platform message id)."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("source_id", "platform_message_id"),
        Index("ix_message_source_date", "source_id", "date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    platform_message_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # message | service | unsupported
    date: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    date_raw: Mapped[str | None] = mapped_column(String(40))  # the export's zone-less local "date" as written
    author_id: Mapped[int | None] = mapped_column(ForeignKey("author.id"), index=True)
    author_name: Mapped[str | None] = mapped_column(Text)  # "from"/"actor" as shown; null for deleted accounts
    signature: Mapped[str | None] = mapped_column(Text)  # channel post "author"
    text: Mapped[str] = mapped_column(Text, default="")
    entities: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    action: Mapped[str | None] = mapped_column(String(64))  # service action
    reply_to_message_id: Mapped[int | None] = mapped_column(BigInteger)
    reply_to_peer_id: Mapped[str | None] = mapped_column(String(64))
    forwarded_from: Mapped[str | None] = mapped_column(Text)
    forwarded_from_id: Mapped[str | None] = mapped_column(String(64))  # only live collection knows it
    forward_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    forward_message_id: Mapped[int | None] = mapped_column(BigInteger)
    saved_from: Mapped[str | None] = mapped_column(Text)
    via_bot: Mapped[str | None] = mapped_column(String(128))
    media_type: Mapped[str | None] = mapped_column(String(32))  # photo, video_file, animation, sticker, file…
    media_info: Mapped[dict[str, Any] | None] = mapped_column(Json)  # mime, size, dimensions, path/placeholder
    extra: Mapped[dict[str, Any] | None] = mapped_column(Json)  # poll, contact, location, reactions, buttons…
    raw_unknown: Mapped[dict[str, Any] | None] = mapped_column(Json)  # keys we do not understand, kept verbatim
    grouped_id: Mapped[int | None] = mapped_column(BigInteger)
    views: Mapped[int | None] = mapped_column(Integer)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))  # over the editable content, to detect edits
    export_id: Mapped[int | None] = mapped_column(ForeignKey("export_file.id"))
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    source: Mapped[Source] = relationship()
    author: Mapped[Author | None] = relationship()
    edits: Mapped[list[MessageEdit]] = relationship(
        back_populates="message", order_by="MessageEdit.id", cascade="all, delete-orphan"
    )


class MessageEdit(Base):
    """A version of a message that a later ingest or collection replaced (edit history)."""

    __tablename__ = "message_edit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when this version was written
    text: Mapped[str] = mapped_column(Text, default="")
    entities: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    media_info: Mapped[dict[str, Any] | None] = mapped_column(Json)
    content_hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship(back_populates="edits")


class MembershipEvent(Base):
    """A service event about the chat or its members: join, leave, invite, remove, create, migrate, pin, title…"""

    __tablename__ = "membership_event"
    __table_args__ = (Index("ix_membership_event_source_date", "source_id", "date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), unique=True)
    date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event: Mapped[str] = mapped_column(String(32))  # join | leave | invite | remove | create | migrate | pin | …
    action: Mapped[str | None] = mapped_column(String(64))  # the platform's action name, verbatim
    actor_id: Mapped[str | None] = mapped_column(String(64))
    actor_name: Mapped[str | None] = mapped_column(Text)
    members: Mapped[list[str | None]] = mapped_column(Json, default=list)
    member_count: Mapped[int] = mapped_column(Integer, default=0)  # joins/leaves this event counts for
    details: Mapped[dict[str, Any] | None] = mapped_column(Json)


class Media(Base):
    """A distinct media file, unique on SHA-256. Bytes are hashed and dropped unless the vault keeps them."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    md5: Mapped[str | None] = mapped_column(String(32), index=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # image | video | other
    mime_type: Mapped[str | None] = mapped_column(String(128))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration: Mapped[float | None] = mapped_column(Float)
    pdq: Mapped[str | None] = mapped_column(String(64), index=True)
    pdq_quality: Mapped[int | None] = mapped_column(Integer)
    hashed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hash_error: Mapped[str | None] = mapped_column(Text)
    nudity_score: Mapped[float | None] = mapped_column(Float)
    in_vault: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    frames: Mapped[list[VideoFrame]] = relationship(
        back_populates="media", order_by="VideoFrame.frame", cascade="all, delete-orphan"
    )


class VideoFrame(Base):
    """vPDQ-compatible frame feature of a video: frame number, timestamp, quality, PDQ."""

    __tablename__ = "video_frame"
    __table_args__ = (UniqueConstraint("media_id", "frame"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"))
    frame: Mapped[int] = mapped_column(Integer)
    timestamp: Mapped[float] = mapped_column(Float)
    quality: Mapped[int] = mapped_column(Integer)
    pdq: Mapped[str] = mapped_column(String(64))

    media: Mapped[Media] = relationship(back_populates="frames")


class Sighting(Base):
    """One appearance of a media file: in a message, or at a URL."""

    __tablename__ = "sighting"
    __table_args__ = (
        UniqueConstraint("media_id", "message_id"),
        Index("ix_sighting_source_seen", "source_id", "seen_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    url: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    export_id: Mapped[int | None] = mapped_column(ForeignKey("export_file.id"))
    file_path: Mapped[str | None] = mapped_column(Text)  # relative to the export's root, for the hashing stage

    media: Mapped[Media] = relationship()


class StageState(Base):
    """Where an incremental pipeline stage stopped, so the next run only looks at what is new."""

    __tablename__ = "stage_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    info: Mapped[dict[str, Any] | None] = mapped_column(Json)
