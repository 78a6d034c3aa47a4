"""Media detail (hashes, sightings, matches, spread timeline) and safe thumbnails.

Thumbnails exist only when the evidence vault holds the bytes. They are blurred and greyscale by default;
an unblurred view is a deliberate, logged reveal of one item, and never for media that ``tragac.policy`` withholds
as possibly involving a minor (the design keeps suspected minors out of this tool entirely).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac import policy
from tragac.store import Store
from tragac.store.models.core import Media, Message, Sighting, Source
from tragac.store.models.matching import Bank, Match, SpreadCluster, SpreadMember
from tragac.store.models.signals import Flag

THUMB_SIZE = 320
BLUR_RADIUS = 18
# Decoding untrusted images: refuse decompression bombs before Pillow allocates them.
MAX_PIXELS = 40_000_000


@dataclass
class MediaDetail:
    media: Media
    sightings: list[tuple[Sighting, Source | None, Message | None]]
    matches: list[tuple[Match, Bank]]
    cluster: SpreadCluster | None
    cluster_days: list[tuple[str, int]]  # sightings per day across the whole cluster
    flags: list[Flag]
    never_reveal: bool


def never_reveal(store: Store, media_id: int) -> bool:
    """True when the media may involve a minor (:func:`tragac.policy.media_withheld`, the one rule)."""
    with store.session() as s:
        return policy.media_withheld(s, media_id)


def never_reveal_among(s: Session, media_ids: Collection[int]) -> set[int]:
    """Which of ``media_ids`` :func:`never_reveal` holds for, in one query (for pages listing many media)."""
    return policy.withheld_media(s, media_ids)


def detail(store: Store, media_id: int) -> MediaDetail | None:
    with store.session() as s:
        md = s.get(Media, media_id)
        if md is None:
            return None
        sightings: list[tuple[Sighting, Source | None, Message | None]] = [
            (sg, src, msg)
            for sg, src, msg in s.execute(
                select(Sighting, Source, Message)
                .outerjoin(Source, Source.id == Sighting.source_id)
                .outerjoin(Message, Message.id == Sighting.message_id)
                .where(Sighting.media_id == md.id)
                .order_by(Sighting.seen_at)
                .limit(500)
            ).all()
        ]
        matches = [
            (mt, bank)
            for mt, bank in s.execute(
                select(Match, Bank).join(Bank, Bank.id == Match.bank_id).where(Match.media_id == md.id)
            ).all()
        ]
        cluster = s.scalar(
            select(SpreadCluster)
            .join(SpreadMember, SpreadMember.cluster_id == SpreadCluster.id)
            .where(SpreadMember.media_id == md.id)
        )
        days: Counter[str] = Counter()
        if cluster is not None:
            for seen in s.scalars(
                select(Sighting.seen_at)
                .join(SpreadMember, SpreadMember.media_id == Sighting.media_id)
                .where(SpreadMember.cluster_id == cluster.id)
            ).all():
                if seen is not None:
                    days[seen.date().isoformat()] += 1
        flags = list(s.scalars(select(Flag).where(Flag.media_id == md.id)).all())
    return MediaDetail(md, sightings, matches, cluster, sorted(days.items()), flags, never_reveal(store, media_id))


def is_picture(data: bytes) -> bool:
    """Whether Pillow recognises ``data`` as an image (header only; nothing is decoded)."""
    try:
        with Image.open(io.BytesIO(data)):
            return True
    except (UnidentifiedImageError, OSError):
        return False


def thumbnail(data: bytes, *, blurred: bool = True) -> bytes:
    """A small JPEG of ``data``; blurred and greyscale unless ``blurred`` is False."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("RGB", (THUMB_SIZE * 2, THUMB_SIZE * 2))
        im: Image.Image = ImageOps.exif_transpose(opened)
        im.thumbnail((THUMB_SIZE, THUMB_SIZE))
        if blurred:
            im = ImageOps.grayscale(im).filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
        out = io.BytesIO()
        im.convert("RGB" if not blurred else "L").save(out, "JPEG", quality=80)
        return out.getvalue()


def as_dict(md: Media) -> dict[str, Any]:
    return {
        "id": md.id,
        "sha256": md.sha256,
        "md5": md.md5,
        "pdq": md.pdq,
        "pdq_quality": md.pdq_quality,
        "kind": md.kind,
        "mime_type": md.mime_type,
        "size": md.size,
        "width": md.width,
        "height": md.height,
        "duration": md.duration,
        "nudity_score": md.nudity_score,
        "in_vault": md.in_vault,
        "first_seen": md.first_seen.isoformat() if md.first_seen else None,
    }
