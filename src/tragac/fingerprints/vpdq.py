"""vPDQ (video PDQ): a video is the unordered bag of its frames' PDQ hashes, compared as in Meta's vPDQ.

The one statement of the rule, used by the match stage, spread clusters and the tests' brute-force reference:

- frames of quality below :data:`~tragac.fingerprints.pdq.PDQ_MIN_QUALITY` (50) are dropped on both sides and
  duplicate hashes are counted once;
- a frame matches when some frame of the other video is within
  :data:`~tragac.fingerprints.pdq.PDQ_MATCH_THRESHOLD` (31) bits;
- ``query_fraction`` is the share of the query's frames that match, ``entry_fraction`` the share of the other
  video's frames that do; the video matches when ``query_fraction >= 0.8`` (python-threatexchange's
  ``VPDQ_QUERY_MATCH_THRESHOLD_PERCENT``) and ``entry_fraction >= 0`` (``VPDQ_INDEX_MATCH_THRESHOLD_PERCENT``), so a
  clip of a longer reference video still matches. Both fractions are stored with the match.

A bank entry's ``value`` is :func:`video_digest` of its frames (so it fits the 64-hex column and is unique per
frame list); the frames themselves travel in ``BankEntry.frames``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from tragac.fingerprints.base import FingerprintKind, register
from tragac.fingerprints.pdq import PDQ_BYTES, PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, Pdq, pdq_to_bytes

VIDEO_QUERY_FRACTION = 0.8
VIDEO_ENTRY_FRACTION = 0.0
FRAME_KEYS = ("frame", "timestamp", "quality", "pdq")
_CHUNK = 512  # query rows compared at once by the brute force: bounds its matrix to 512 x other frames

Frames = Sequence[tuple[str, int]]  # (pdq hex, quality)


class FrameLike(Protocol):
    @property
    def quality(self) -> int: ...

    @property
    def pdq(self) -> str: ...


def video_matches(
    query_fraction: float,
    entry_fraction: float,
    *,
    min_query_fraction: float = VIDEO_QUERY_FRACTION,
    min_entry_fraction: float = VIDEO_ENTRY_FRACTION,
) -> bool:
    """The vPDQ decision from the two shares of matching frames (see the module docstring)."""
    return query_fraction > 0 and query_fraction >= min_query_fraction and entry_fraction >= min_entry_fraction


def usable_hashes(frames: Frames, min_quality: int = PDQ_MIN_QUALITY) -> list[str]:
    """The distinct frame hashes good enough to compare, in first-seen order."""
    return list(dict.fromkeys(h for h, q in frames if q >= min_quality))


def as_pairs(frames: Iterable[FrameLike | tuple[str, int]]) -> list[tuple[str, int]]:
    """(pdq, quality) pairs from frame objects (``VideoFrame``, ``FrameHash``) or pairs."""
    return [f if isinstance(f, tuple) else (f.pdq, int(f.quality)) for f in frames]


@dataclass(frozen=True)
class VideoComparison:
    query_fraction: float  # share of the query's unique usable frames that found a partner
    entry_fraction: float  # share of the other video's unique usable frames that found a partner
    matched: bool
    query_frames: int  # unique frames of quality >= floor that took part
    entry_frames: int
    distance: int  # the largest of the matched query frames' best distances (0 when none matched)


def _packed(hashes: list[str]) -> np.ndarray:
    if not hashes:
        return np.zeros((0, PDQ_BYTES // 8), dtype=np.uint64)
    return pdq_to_bytes(hashes).view(np.uint64)


def _best(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each row of ``a``, the smallest distance to any row of ``b`` (brute force)."""
    out = np.full(len(a), PDQ_BYTES * 8 + 1, dtype=np.int32)
    if len(a) == 0 or len(b) == 0:
        return out
    for start in range(0, len(a), _CHUNK):
        block = a[start : start + _CHUNK]
        dist = np.bitwise_count(block[:, None, :] ^ b[None, :, :]).sum(axis=2, dtype=np.int32)
        out[start : start + _CHUNK] = dist.min(axis=1)
    return out


def compare_videos(
    query: Iterable[FrameLike | tuple[str, int]],
    entry: Iterable[FrameLike | tuple[str, int]],
    *,
    threshold: int = PDQ_MATCH_THRESHOLD,
    min_quality: int = PDQ_MIN_QUALITY,
    min_query_fraction: float = VIDEO_QUERY_FRACTION,
    min_entry_fraction: float = VIDEO_ENTRY_FRACTION,
) -> VideoComparison:
    """Compare two videos frame by frame (brute force): the reference :class:`VideoFrameIndex` is tested against."""
    q_hashes = usable_hashes(as_pairs(query), min_quality)
    e_hashes = usable_hashes(as_pairs(entry), min_quality)
    q, e = _packed(q_hashes), _packed(e_hashes)
    q_best, e_best = _best(q, e), _best(e, q)
    q_hit, e_hit = q_best <= threshold, e_best <= threshold
    q_frac = round(float(q_hit.sum()) / len(q), 4) if len(q) else 0.0
    e_frac = round(float(e_hit.sum()) / len(e), 4) if len(e) else 0.0
    matched = bool(len(q) and len(e)) and video_matches(
        q_frac, e_frac, min_query_fraction=min_query_fraction, min_entry_fraction=min_entry_fraction
    )
    distance = int(q_best[q_hit].max()) if q_hit.any() else 0
    return VideoComparison(q_frac, e_frac, matched, len(q), len(e), distance)


def normalise_frames(frames: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """vPDQ frame features as ``{"frame", "timestamp", "quality", "pdq"}`` with checked types, in frame order."""
    out: list[dict[str, Any]] = []
    for i, f in enumerate(frames):
        try:
            pdq = Pdq.validate(str(f["pdq"]))
            quality = int(str(f.get("quality", 100)))
            timestamp = float(str(f.get("timestamp", 0.0)))
            frame = int(str(f.get("frame", i)))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"frame {i}: {exc}") from None
        if not 0 <= quality <= 100 or timestamp < 0:
            raise ValueError(f"frame {i}: quality must be 0-100 and timestamp >= 0")
        out.append({"frame": frame, "timestamp": round(timestamp, 3), "quality": quality, "pdq": pdq})
    if not out:
        raise ValueError("a video hash needs at least one frame")
    out.sort(key=lambda f: (f["frame"], f["timestamp"]))
    return out


def video_digest(frames: list[dict[str, Any]]) -> str:
    """A stable 64-hex key for a frame list (the bank entry's ``value``): SHA-256 of its compact vPDQ lines."""
    text = "\n".join(f"{f['pdq']},{f['quality']},{float(f['timestamp']):.3f}" for f in frames)
    return hashlib.sha256(text.encode()).hexdigest()


@register
class VideoPdq(FingerprintKind):
    """Distance, threshold and quality floor are per frame (those of PDQ); a video's match is :func:`video_matches`.
    The hash string is the frame list's digest; compare frame lists with :func:`compare_videos`."""

    name = "video_pdq"
    description = "vPDQ: PDQ of video frames, matched when >= 80 % of the query's frames match"
    hex_length = 64
    bits = Pdq.bits
    default_threshold = PDQ_MATCH_THRESHOLD
    min_quality = PDQ_MIN_QUALITY
    exact = False
    index = "video_frames"
    query_fraction = VIDEO_QUERY_FRACTION
    entry_fraction = VIDEO_ENTRY_FRACTION

    @classmethod
    def distance(cls, a: str, b: str) -> int:
        """Between two frame PDQ hashes (a video's distance is the largest of its matched frames')."""
        return Pdq.distance(Pdq.validate(a), Pdq.validate(b))

    @classmethod
    def examples(cls) -> list[str]:
        return [
            video_digest(normalise_frames([{"pdq": h, "quality": 100, "timestamp": i}]))
            for i, h in enumerate(Pdq.examples())
        ]

    @classmethod
    def invalid_examples(cls) -> list[str]:
        return Pdq.invalid_examples()
