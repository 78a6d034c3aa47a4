"""Helpers for the matching tests: random and perturbed PDQ hashes, and a tiny monitored store built by hand."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from tragac.store import Store
from tragac.store.models import Media, Message, Sighting, Source, VideoFrame


def random_pdq(rng: np.random.Generator) -> str:
    return rng.integers(0, 256, 32, dtype=np.uint8).tobytes().hex()


def flip_bits(hex_hash: str, n: int, rng: np.random.Generator) -> str:
    """``hex_hash`` with exactly ``n`` distinct bits flipped."""
    value = int(hex_hash, 16)
    for bit in rng.choice(256, size=n, replace=False):
        value ^= 1 << int(bit)
    return f"{value:064x}"


class World:
    """Sources, messages, media and sightings written straight into a store (no ingestion or hashing needed)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.t0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
        self._msg = 0

    def source(self, title: str, username: str | None = None) -> int:
        with self.store.session() as s:
            src = Source(
                platform="telegram", platform_id=title, kind="public_supergroup", title=title, username=username
            )
            s.add(src)
            s.flush()
            return src.id

    def media(
        self,
        name: str,
        *,
        pdq: str | None = None,
        quality: int = 100,
        kind: str = "image",
        md5: str | None = None,
        frames: list[tuple[str, int]] | None = None,
    ) -> int:
        sha = hashlib.sha256(name.encode()).hexdigest()
        with self.store.session() as s:
            m = Media(
                sha256=sha,
                md5=md5 or hashlib.md5(name.encode()).hexdigest(),
                kind="video" if frames else kind,
                pdq=pdq,
                pdq_quality=quality if pdq else None,
                hashed_at=datetime.now(UTC),
            )
            s.add(m)
            s.flush()
            for i, (h, q) in enumerate(frames or []):
                s.add(VideoFrame(media_id=m.id, frame=i, timestamp=float(i), quality=q, pdq=h))
            return m.id

    def sighting(self, media_id: int, source_id: int, minutes: int) -> int:
        """``media_id`` posted in ``source_id`` ``minutes`` after t0; returns the platform message id."""
        self._msg += 1
        with self.store.session() as s:
            msg = Message(
                source_id=source_id,
                platform_message_id=self._msg,
                kind="message",
                date=self.t0 + timedelta(minutes=minutes),
                content_hash="x",
                media_type="photo",
            )
            s.add(msg)
            s.flush()
            s.add(Sighting(media_id=media_id, message_id=msg.id, source_id=source_id, seen_at=msg.date))
        return self._msg


@pytest.fixture
def world(store: Store) -> World:
    return World(store)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20260301)


def write(path: Any, text: str) -> Any:
    path.write_text(text, encoding="utf-8")
    return path
