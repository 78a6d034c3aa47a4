"""Every fingerprint kind against its own examples and a brute-force reading of its rules (like
python-threatexchange's signal-type test helper: one generic test per promise, run for every registered kind)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.config import Settings
from tragac.fingerprints import KINDS, SIGNAL_TYPES, get_kind, normalise_hash
from tragac.fingerprints.base import FingerprintKind, hamming
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, Pdq, bytes_to_pdq, pdq_to_bytes
from tragac.fingerprints.vpdq import VIDEO_QUERY_FRACTION, VideoPdq, video_matches
from tragac.matching.index import ExactIndex, MIHIndex, index_for
from tragac.matching.video_index import VideoFrameIndex

ALL = sorted(KINDS.values(), key=lambda k: k.name)


def test_registry_lists_every_kind_once() -> None:
    assert set(SIGNAL_TYPES) == set(KINDS) == {"pdq", "video_pdq", "md5", "sha256"}
    assert all(get_kind(name).name == name for name in SIGNAL_TYPES)
    with pytest.raises(ValueError, match=r"unknown signal type 'tmk'.*pdq, video_pdq, md5, sha256"):
        get_kind("tmk")


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.name)
def test_examples_are_canonical_and_invalid_examples_refused(kind: type[FingerprintKind]) -> None:
    assert kind.examples() and kind.invalid_examples()
    for h in kind.examples():
        assert kind.validate(h) == h  # canonical already
        assert kind.validate(f"  {h.upper()}\n") == h  # blanks and case are normalised away
        assert normalise_hash(kind.name, h) == h
        assert kind.distance(h, h) == 0 and kind.matches(h, h)
    for bad in kind.invalid_examples():
        with pytest.raises(ValueError, match=kind.name):
            kind.validate(bad)


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.name)
def test_index_classes_and_quality_floors(kind: type[FingerprintKind]) -> None:
    assert isinstance(index_for(kind), type)
    if kind.min_quality is None:
        assert kind.usable(None) and kind.usable(0)
    else:
        assert not kind.usable(None) and not kind.usable(kind.min_quality - 1) and kind.usable(kind.min_quality)


def test_the_operating_points_are_stated_once() -> None:
    assert (PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, VIDEO_QUERY_FRACTION) == (31, 50, 0.8)
    assert Pdq.default_threshold == VideoPdq.default_threshold == PDQ_MATCH_THRESHOLD
    assert Pdq.min_quality == VideoPdq.min_quality == PDQ_MIN_QUALITY
    assert index_for(Pdq) is MIHIndex and index_for(VideoPdq) is VideoFrameIndex
    assert index_for(get_kind("md5")) is ExactIndex and get_kind("md5").default_threshold == 0
    # Settings keep overrides, but their defaults are the fingerprints' values.
    defaults = Settings.model_fields
    assert defaults["pdq_threshold"].default == PDQ_MATCH_THRESHOLD


_hash256 = st.integers(0, 2**256 - 1)


@settings(max_examples=200, deadline=None)
@given(_hash256, _hash256)
def test_hamming_is_the_brute_force_bit_count(a: int, b: int) -> None:
    ha, hb = f"{a:064x}", f"{b:064x}"
    brute = sum(1 for x, y in zip(f"{a:0256b}", f"{b:0256b}", strict=True) if x != y)
    assert hamming(ha, hb) == brute == Pdq.distance(ha, hb)
    # The packed layout the indexes search on gives the same distance.
    packed = pdq_to_bytes([ha, hb])
    assert int(np.unpackbits(packed[0] ^ packed[1]).sum()) == brute
    assert bytes_to_pdq(packed) == [ha, hb]


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.sampled_from(["", " ", "\t", "\n "]), st.booleans())
def test_pdq_normalisation_round_trips(raw: bytes, pad: str, upper: bool) -> None:
    canonical = raw.hex()
    shown = canonical.upper() if upper else canonical
    assert Pdq.validate(pad + shown + pad) == canonical
    assert Pdq.validate(Pdq.validate(shown)) == canonical  # idempotent


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["md5", "sha256"]), st.binary(min_size=16, max_size=32))
def test_exact_kinds_normalise_only_their_own_length(name: str, raw: bytes) -> None:
    kind = get_kind(name)
    value = raw.hex()
    if len(value) == kind.hex_length:
        assert kind.validate(value.upper()) == value and kind.distance(value, value) == 0
    else:
        with pytest.raises(ValueError):
            kind.validate(value)


@settings(max_examples=100, deadline=None)
@given(_hash256, st.integers(0, 64))
def test_pdq_matches_exactly_up_to_its_threshold(value: int, flips: int) -> None:
    rng = np.random.default_rng(value % 2**32)
    other = value
    for bit in rng.choice(256, size=flips, replace=False):
        other ^= 1 << int(bit)
    a, b = f"{value:064x}", f"{other:064x}"
    assert Pdq.distance(a, b) == flips
    assert Pdq.matches(a, b) == (flips <= 31)
    assert Pdq.matches(a, b, threshold=flips) and (flips == 0 or not Pdq.matches(a, b, threshold=flips - 1))


def test_scores_fall_with_distance_and_exact_is_one() -> None:
    scores = [Pdq.score(d) for d in range(0, 32)]
    assert scores[0] == 1.0 and scores[-1] == 0.5 and scores == sorted(scores, reverse=True)
    assert get_kind("sha256").score(0) == 1.0


def test_the_video_rule() -> None:
    assert video_matches(0.8, 0.0) and video_matches(1.0, 0.01)
    assert not video_matches(0.79, 1.0) and not video_matches(0.0, 0.0)
    assert video_matches(0.5, 0.0, min_query_fraction=0.5)
    assert not video_matches(0.9, 0.1, min_entry_fraction=0.2)
