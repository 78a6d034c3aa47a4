"""vPDQ video matching semantics as a pure function over frame features (no decoding, no database).

Same rule as Meta's vpdq and python-threatexchange's brute-force matcher: drop frames below the quality floor,
deduplicate hashes, a frame matches when any frame on the other side is within the distance; the query matches
when at least ``query_match_percent`` of its unique frames match. Both percentages are returned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from tragac.media.pdq import MATCH_THRESHOLD, MIN_QUALITY

QUERY_MATCH_PERCENT = 80.0  # python-threatexchange VPDQ_QUERY_MATCH_THRESHOLD_PERCENT
COMPARED_MATCH_PERCENT = 0.0  # VPDQ_INDEX_MATCH_THRESHOLD_PERCENT: a clip of a long video still matches
_CHUNK = 512  # query rows compared at once: bounds the distance matrix to 512 × target frames


class FrameLike(Protocol):
    @property
    def quality(self) -> int: ...

    @property
    def pdq(self) -> str: ...


@dataclass(frozen=True)
class VideoMatch:
    query_percent: float  # share of the query's unique good frames that found a partner
    compared_percent: float  # share of the compared video's unique good frames that found a partner
    matched: bool
    query_frames: int  # unique frames of quality >= floor that took part
    compared_frames: int


def _unique_good(frames: Iterable[FrameLike], min_quality: int) -> np.ndarray:
    hexes = sorted({f.pdq for f in frames if f.quality >= min_quality})
    if not hexes:
        return np.zeros((0, 4), dtype=np.uint64)
    raw = np.frombuffer(bytes.fromhex("".join(hexes)), dtype=np.uint8).reshape(len(hexes), 32)
    return raw.view(np.uint64)


def _matched_rows(a: np.ndarray, b: np.ndarray, distance: int) -> np.ndarray:
    """For each row of ``a``, whether some row of ``b`` is within ``distance`` bits."""
    out = np.zeros(len(a), dtype=bool)
    if len(a) == 0 or len(b) == 0:
        return out
    for start in range(0, len(a), _CHUNK):
        block = a[start : start + _CHUNK]
        dist = np.bitwise_count(block[:, None, :] ^ b[None, :, :]).sum(axis=2, dtype=np.int32)
        out[start : start + _CHUNK] = (dist <= distance).any(axis=1)
    return out


def match_videos(
    query: Iterable[FrameLike],
    compared: Iterable[FrameLike],
    *,
    distance: int = MATCH_THRESHOLD,
    min_quality: int = MIN_QUALITY,
    query_match_percent: float = QUERY_MATCH_PERCENT,
    compared_match_percent: float = COMPARED_MATCH_PERCENT,
) -> VideoMatch:
    """Compare two videos' frame features with the vPDQ rule (frame distance <= 31, quality >= 50, query >= 80 %)."""
    q = _unique_good(query, min_quality)
    c = _unique_good(compared, min_quality)
    q_pct = 100.0 * float(_matched_rows(q, c, distance).sum()) / len(q) if len(q) else 0.0
    c_pct = 100.0 * float(_matched_rows(c, q, distance).sum()) / len(c) if len(c) else 0.0
    matched = bool(len(q) and len(c)) and q_pct >= query_match_percent and c_pct >= compared_match_percent
    return VideoMatch(round(q_pct, 2), round(c_pct, 2), matched, len(q), len(c))
