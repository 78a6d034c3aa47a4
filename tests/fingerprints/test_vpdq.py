"""The vPDQ rule: compare_videos and VideoFrameIndex against a plain brute-force reading of it, on random and
near-duplicate frames."""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.fingerprints.base import hamming
from tragac.fingerprints.vpdq import compare_videos
from tragac.matching.video_index import VideoFrameIndex


@dataclass(frozen=True)
class F:
    quality: int
    pdq: str


def _flip(h: str, bits: int, rng: random.Random) -> str:
    value = int(h, 16)
    for b in rng.sample(range(256), bits):
        value ^= 1 << b
    return f"{value:064x}"


def _brute(query: list[F], compared: list[F], distance: int = 31, quality: int = 50) -> tuple[float, float]:
    q = sorted({f.pdq for f in query if f.quality >= quality})
    c = sorted({f.pdq for f in compared if f.quality >= quality})
    qm = sum(any(hamming(a, b) <= distance for b in c) for a in q)
    cm = sum(any(hamming(a, b) <= distance for b in q) for a in c)
    return (qm / len(q) if q else 0.0, cm / len(c) if c else 0.0)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 30), st.integers(0, 30), st.integers(0, 60))
def test_matches_brute_force(seed: int, n_query: int, n_compared: int, max_flips: int) -> None:
    rng = random.Random(seed)
    compared = [F(rng.choice([10, 49, 50, 100]), f"{rng.getrandbits(256):064x}") for _ in range(n_compared)]
    query = []
    for _ in range(n_query):  # half near-duplicates of compared frames, 0..max_flips bits away (around 31)
        if compared and rng.random() < 0.5:
            query.append(F(rng.choice([49, 50, 100]), _flip(rng.choice(compared).pdq, rng.randint(0, max_flips), rng)))
        else:
            query.append(F(100, f"{rng.getrandbits(256):064x}"))
    got = compare_videos(query, compared)
    q_frac, c_frac = _brute(query, compared)
    assert got.query_fraction == round(q_frac, 4) and got.entry_fraction == round(c_frac, 4)
    assert got.matched == (bool(got.query_frames and got.entry_frames) and q_frac >= 0.8)
    # The index the match stage and spread use gives the same answer, with both fractions.
    index = VideoFrameIndex([(7, [(f.pdq, f.quality) for f in compared])])
    found = index.match([(f.pdq, f.quality) for f in query])
    assert [m.key for m in found] == ([7] if got.matched else [])
    if found:
        assert (found[0].query_fraction, found[0].entry_fraction, found[0].distance) == (
            got.query_fraction,
            got.entry_fraction,
            got.distance,
        )


def test_empty_and_low_quality_never_match() -> None:
    h = "ab" * 32
    assert not compare_videos([], [F(100, h)]).matched
    low = compare_videos([F(40, h)], [F(100, h)])
    assert not low.matched and low.query_frames == 0
