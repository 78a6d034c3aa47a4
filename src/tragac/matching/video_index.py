"""The index of reference videos' frames: many query videos against all of them at once, by the vPDQ rule of
:func:`tragac.fingerprints.vpdq.video_matches` (tested against the brute-force :func:`compare_videos`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.fingerprints.vpdq import VIDEO_ENTRY_FRACTION, VIDEO_QUERY_FRACTION, Frames, usable_hashes, video_matches
from tragac.matching.index import FlatIndex


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
        threshold: int = PDQ_MATCH_THRESHOLD,
        min_query_fraction: float = VIDEO_QUERY_FRACTION,
        min_entry_fraction: float = VIDEO_ENTRY_FRACTION,
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
            q_frac = round(len(per_frame) / len(query), 4)
            c_frac = round(len(matched_c[key]) / self._sizes[key], 4)
            if video_matches(
                q_frac, c_frac, min_query_fraction=min_query_fraction, min_entry_fraction=min_entry_fraction
            ):
                out.append(VideoMatch(key, q_frac, c_frac, max(per_frame.values())))
        return sorted(out, key=lambda m: (-m.query_fraction, m.key))
