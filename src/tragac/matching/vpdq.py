"""vPDQ video comparison: frame PDQ hashes as an unordered bag, as in Meta's vPDQ.

Frames of quality below 50 are dropped on both sides and duplicate hashes are counted once. A query frame matches
when any frame of the other video is within 31 bits. ``query_fraction`` is the share of the query's frames that
match, ``entry_fraction`` the share of the other video's frames that do; the default rule (python-threatexchange's)
calls it a match when ``query_fraction >= 0.8``, whatever ``entry_fraction`` is, so a clip of a longer reference
video still matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from tragac.matching.hashes import PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.matching.index import FlatIndex

FRAME_THRESHOLD = 31
QUERY_FRACTION = 0.8

Frames = Sequence[tuple[str, int]]  # (pdq hex, quality)


def usable_hashes(frames: Frames, min_quality: int = PDQ_MIN_QUALITY) -> list[str]:
    """The distinct frame hashes good enough to compare, in first-seen order."""
    return list(dict.fromkeys(h for h, q in frames if q >= min_quality))


@dataclass(frozen=True)
class VideoMatch:
    key: int  # the reference video's id (a bank entry, or a media for spread)
    query_fraction: float
    entry_fraction: float
    distance: int  # the largest distance among the query frames' best matches


class VideoFrameIndex:
    """Every usable frame of a set of reference videos, to compare many query videos against all of them."""

    def __init__(self, videos: Iterable[tuple[int, Frames]], min_quality: int = PDQ_MIN_QUALITY) -> None:
        self.min_quality = min_quality
        self._rows: dict[str, int] = {}
        self._owners: list[list[int]] = []  # unique frame row -> the videos containing it
        self._sizes: dict[int, int] = {}
        for key, frames in videos:
            hashes = usable_hashes(frames, min_quality)
            if not hashes:
                continue
            self._sizes[key] = len(hashes)
            for h in hashes:
                row = self._rows.setdefault(h, len(self._rows))
                if row == len(self._owners):
                    self._owners.append([])
                self._owners[row].append(key)
        self._index = FlatIndex()
        if self._rows:
            self._index.add(np.arange(len(self._rows)), pdq_to_bytes(self._rows))

    def __len__(self) -> int:
        return len(self._sizes)

    def match(
        self,
        frames: Frames,
        threshold: int = FRAME_THRESHOLD,
        min_query_fraction: float = QUERY_FRACTION,
        min_entry_fraction: float = 0.0,
    ) -> list[VideoMatch]:
        query = usable_hashes(frames, self.min_quality)
        if not query or not self._sizes:
            return []
        hits = self._index.query(pdq_to_bytes(query), threshold)
        matched_q: dict[int, dict[int, int]] = defaultdict(dict)  # video -> query frame -> best distance
        matched_c: dict[int, set[int]] = defaultdict(set)
        for qpos, row, dist in zip(hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True):
            for key in self._owners[row]:
                best = matched_q[key]
                best[qpos] = min(dist, best.get(qpos, dist))
                matched_c[key].add(row)
        out = []
        for key, per_frame in matched_q.items():
            q_frac = len(per_frame) / len(query)
            c_frac = len(matched_c[key]) / self._sizes[key]
            if q_frac >= min_query_fraction and c_frac >= min_entry_fraction:
                out.append(VideoMatch(key, round(q_frac, 4), round(c_frac, 4), max(per_frame.values())))
        return sorted(out, key=lambda m: (-m.query_fraction, m.key))
