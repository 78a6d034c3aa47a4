"""The fast PDQ indexes return exactly what brute force returns: property tests around the threshold."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tragac.fingerprints.base import hamming
from tragac.fingerprints.pdq import bytes_to_pdq, pdq_to_bytes
from tragac.matching.index import (
    BruteForceIndex,
    CompactMIHIndex,
    FlatIndex,
    HashIndex,
    Hits,
    MIHIndex,
    make_index,
    merge_hits,
)

FAST = (FlatIndex, MIHIndex, CompactMIHIndex)


def _flip(hashes: np.ndarray, distances: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    bits = np.unpackbits(hashes, axis=1)
    for row, d in enumerate(distances):
        bits[row, rng.choice(256, size=int(d), replace=False)] ^= 1
    return np.packbits(bits, axis=1)


def _small_mih(cls: type[MIHIndex] = MIHIndex, prefix_bits: int | None = None) -> MIHIndex:
    index = cls(threads=2, prefix_bits=prefix_bits)
    index.delta_limit = 8  # exercise both the bucket tables and the recent-additions buffer
    return index


def _compact_layouts() -> list[MIHIndex]:
    # A small bank gets prefix bits 0 by size; forcing 1 and 3 puts it into the layouts of 2M and 8M-16M entries.
    return [_small_mih(CompactMIHIndex, bits) for bits in (None, 1, 3)]


def _fill(index: HashIndex, ids: np.ndarray, hashes: np.ndarray) -> HashIndex:
    # In two batches, so incremental adds are part of every example.
    half = len(ids) // 2
    index.add(ids[:half], hashes[:half])
    index.add(ids[half:], hashes[half:])
    return index


@st.composite
def bank_and_queries(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    clustered = draw(st.booleans())
    n = draw(st.integers(1, 300))
    if clustered:
        # A few originals, each with many variants at 0-40 bits: neighbours pile up near the threshold.
        originals = rng.integers(0, 256, (max(1, n // 20), 32), dtype=np.uint8)
        pick = rng.integers(0, len(originals), n)
        bank = _flip(originals[pick], rng.integers(0, 41, n), rng)
    else:
        bank = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    n_q = draw(st.integers(1, 40))
    near = draw(st.lists(st.integers(0, 40) | st.integers(29, 33), min_size=n_q, max_size=n_q))
    queries = _flip(bank[rng.integers(0, n, n_q)], np.array(near), rng)
    queries[: n_q // 4] = rng.integers(0, 256, (n_q // 4, 32), dtype=np.uint8)  # some unrelated queries
    ids = rng.choice(10**9, size=n, replace=False).astype(np.int64)
    threshold = draw(st.sampled_from([31, 31, 30, 32, 15, 0, 47]))
    return ids, bank, queries, threshold


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank_and_queries())
def test_fast_indexes_equal_brute_force(case: tuple[np.ndarray, np.ndarray, np.ndarray, int]) -> None:
    ids, bank, queries, threshold = case
    expected = _fill(BruteForceIndex(), ids, bank).query(queries, threshold).pairs()
    for index in (FlatIndex(), _small_mih(), MIHIndex(), CompactMIHIndex(), *_compact_layouts()):
        got = _fill(index, ids, bank).query(queries, threshold).pairs()
        assert got == expected, f"{type(index).__name__} differs from brute force at threshold {threshold}"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.data())
def test_removal_and_replacement_match_brute_force(seed: int, data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    n = data.draw(st.integers(2, 200))
    bank = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    ids = np.arange(n, dtype=np.int64) * 7
    gone = data.draw(st.lists(st.sampled_from(ids.tolist()), max_size=n, unique=True))
    replaced = data.draw(st.lists(st.sampled_from(ids.tolist()), max_size=5, unique=True))
    new_hashes = rng.integers(0, 256, (len(replaced), 32), dtype=np.uint8)
    queries = _flip(np.concatenate([bank, new_hashes]), rng.integers(25, 36, n + len(replaced)), rng)
    results = []
    for index in (BruteForceIndex(), FlatIndex(), _small_mih(), *_compact_layouts()):
        _fill(index, ids, bank)
        index.remove(gone)
        index.add(replaced, new_hashes)
        assert len(index) == n - len(set(gone) - set(replaced))
        results.append(index.query(queries, 31).pairs())
    assert all(r == results[0] for r in results[1:])
    assert not {i for _, i, _ in results[0]} & (set(gone) - set(replaced))


def test_distances_are_exact_at_29_to_33(rng: np.random.Generator) -> None:
    original = rng.integers(0, 256, (1, 32), dtype=np.uint8)
    variants = _flip(np.repeat(original, 5, axis=0), np.array([29, 30, 31, 32, 33]), rng)
    for cls in (BruteForceIndex, *FAST):
        index = cls()
        index.add(np.arange(5), variants)
        hits = index.query(original, 31).sorted()
        assert hits.ids.tolist() == [0, 1, 2] and hits.distance.tolist() == [29, 30, 31]
        assert index.query(original, 32).ids.size == 4


def test_hex_round_trip_and_hamming(rng: np.random.Generator) -> None:
    hashes = [f"{int(rng.integers(0, 2**63)):064x}" for _ in range(5)]
    assert bytes_to_pdq(pdq_to_bytes(hashes)) == hashes
    a, b = hashes[0], hashes[1]
    packed = pdq_to_bytes([a, b])
    assert hamming(a, b) == int(np.unpackbits(packed[0] ^ packed[1]).sum())


@pytest.mark.parametrize("cls", [BruteForceIndex, FlatIndex, MIHIndex, CompactMIHIndex])
def test_persistence_gives_the_same_answers(cls: type[HashIndex], tmp_path: Path, rng: np.random.Generator) -> None:
    bank = rng.integers(0, 256, (5000, 32), dtype=np.uint8)
    ids = np.arange(5000, dtype=np.int64) + 100
    index = cls()
    index.add(ids, bank)
    index.remove(ids[:10])
    queries = _flip(bank[:200], rng.integers(0, 40, 200), rng)
    before = index.query(queries, 31).pairs()
    index.save(tmp_path / "pdq.npz")
    loaded = cls.load(tmp_path / "pdq.npz")
    assert len(loaded) == 4990
    assert loaded.query(queries, 31).pairs() == before
    # Any kind reads any other kind's file (the entries are the same).
    assert MIHIndex.load(tmp_path / "pdq.npz").query(queries, 31).pairs() == before
    assert CompactMIHIndex.load(tmp_path / "pdq.npz").query(queries, 31).pairs() == before


def test_shards_merge_to_the_whole(rng: np.random.Generator) -> None:
    bank = rng.integers(0, 256, (3000, 32), dtype=np.uint8)
    ids = np.arange(3000, dtype=np.int64)
    queries = _flip(bank[::10], rng.integers(0, 35, 300), rng)
    whole = make_index("mih")
    whole.add(ids, bank)
    # Shard by the first hash byte, as a cluster would by prefix.
    shards = []
    for lo in range(0, 256, 64):
        part = (bank[:, 0] >= lo) & (bank[:, 0] < lo + 64)
        shard = make_index("flat")
        shard.add(ids[part], bank[part])
        shards.append(shard.query(queries, 31))
    merged = merge_hits(shards)
    assert merged.pairs() == whole.query(queries, 31).pairs()
    assert merged.sorted().query.tolist() == merged.query.tolist()
    assert len(merge_hits([])) == 0 and len(Hits.empty()) == 0


@pytest.mark.parametrize("cls", [MIHIndex, CompactMIHIndex])
def test_bad_input_is_refused(cls: type[MIHIndex]) -> None:
    index = cls()
    with pytest.raises(ValueError):
        index.add([1], np.zeros((1, 31), np.uint8))
    with pytest.raises(ValueError):
        index.add([1, 2], np.zeros((1, 32), np.uint8))
    with pytest.raises(ValueError):
        index.query(np.zeros((1, 32), np.uint8), 300)
    with pytest.raises(ValueError):
        make_index("nope")


def test_large_threshold_falls_back_to_a_scan(rng: np.random.Generator) -> None:
    bank = rng.integers(0, 256, (500, 32), dtype=np.uint8)
    queries = _flip(bank[:20], rng.integers(50, 70, 20), rng)
    brute = BruteForceIndex()
    brute.add(np.arange(500), bank)
    for mih in (MIHIndex(), CompactMIHIndex()):
        mih.add(np.arange(500), bank)
        mih.merge()
        assert mih.query(queries, 70).pairs() == brute.query(queries, 70).pairs()


@pytest.mark.parametrize("cls", [MIHIndex, CompactMIHIndex])
def test_mih_loads_100k_quickly(cls: type[MIHIndex], tmp_path: Path, rng: np.random.Generator) -> None:
    index = cls()
    index.add(np.arange(100_000), rng.integers(0, 256, (100_000, 32), dtype=np.uint8))
    index.save(tmp_path / "pdq.npz")
    t0 = time.perf_counter()
    loaded = cls.load(tmp_path / "pdq.npz")
    assert time.perf_counter() - t0 < 0.5 and len(loaded) == 100_000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank_and_queries(), st.data())
def test_compiled_and_numpy_mih_agree_with_brute_force(
    case: tuple[np.ndarray, np.ndarray, np.ndarray, int], data: st.DataObject
) -> None:
    ids, bank, queries, threshold = case
    gone = data.draw(st.lists(st.sampled_from(ids.tolist()), max_size=len(ids) // 2, unique=True))
    brute = _fill(BruteForceIndex(), ids, bank)
    brute.remove(gone)
    expected = brute.query(queries, threshold)
    layouts: list[tuple[type[MIHIndex], bool, int | None]] = [
        (cls, compiled, None) for cls in (MIHIndex, CompactMIHIndex) for compiled in (True, False)
    ]
    layouts += [(CompactMIHIndex, True, bits) for bits in (1, 3)]
    for cls, compiled, bits in layouts:
        index = cls(threads=2, compiled=compiled, prefix_bits=bits)
        _fill(index, ids, bank)
        index.merge()  # every entry in the bucket tables, none in the recent-additions buffer
        index.remove(gone)
        got = index.query(queries, threshold)
        assert got.pairs() == expected.pairs(), f"{cls.__name__} compiled={compiled} differs at {threshold}"
        # Each (query, entry) once, even when several substrings find it.
        assert len(got) == len(got.pairs())


def test_compiled_kernel_is_used_and_exact_on_a_dense_cluster(rng: np.random.Generator) -> None:
    from tragac.matching import compact_kernel, mih_kernel

    assert mih_kernel.AVAILABLE and compact_kernel.AVAILABLE
    # 2,000 variants of one hash: every query finds hundreds of neighbours through many substrings at once.
    original = rng.integers(0, 256, (1, 32), dtype=np.uint8)
    bank = _flip(np.repeat(original, 2000, axis=0), rng.integers(0, 45, 2000), rng)
    queries = _flip(np.repeat(original, 50, axis=0), rng.integers(0, 20, 50), rng)
    ids = np.arange(2000, dtype=np.int64) * 3
    brute = BruteForceIndex()
    brute.add(ids, bank)
    for mih in (MIHIndex(), CompactMIHIndex(), CompactMIHIndex(prefix_bits=3)):
        mih.add(ids, bank)
        mih.merge()
        for threshold in (0, 16, 31, 47):
            got, want = mih.query(queries, threshold), brute.query(queries, threshold)
            assert got.sorted().distance.tolist() == want.sorted().distance.tolist()
            assert got.pairs() == want.pairs()
            assert len(got) == len(got.pairs())


def test_compact_index_takes_under_64_bytes_per_entry_at_1m() -> None:
    # Uniform random hashes, as benchmarks/matching.py uses; the figure is the index's own arrays.
    n = 1_000_000
    bank = np.random.default_rng(5).integers(0, 256, (n, 32), dtype=np.uint8)
    index = CompactMIHIndex()
    index.add(np.arange(n, dtype=np.int64) + 10**12, bank)  # ids far from 0: stored as offsets from the smallest
    index.merge()
    assert index.nbytes() / n <= 64
    assert index.query(bank[:50], 31).pairs() >= {(i, 10**12 + i, 0) for i in range(50)}


def test_an_added_or_withdrawn_entry_is_seen_by_the_next_query(rng: np.random.Generator) -> None:
    bank = rng.integers(0, 256, (20_000, 32), dtype=np.uint8)
    extra = rng.integers(0, 256, (3, 32), dtype=np.uint8)
    for index in (MIHIndex(), CompactMIHIndex()):
        index.add(np.arange(20_000), bank)
        index.merge()
        segment = index._main
        index.add([50_000, 50_001, 50_002], extra)
        assert {i for _, i, _ in index.query(extra, 31).pairs()} == {50_000, 50_001, 50_002}
        index.remove([7, 50_001])
        found = {i for _, i, _ in index.query(np.concatenate([bank[7:8], extra]), 31).pairs()}
        assert found == {50_000, 50_002}
        # Replacing an entry's hash: the old hash no longer finds it, the new one does.
        index.add([8], extra[1:2])
        assert 8 not in {i for _, i, _ in index.query(bank[8:9], 0).pairs()}
        assert 8 in {i for _, i, _ in index.query(extra[1:2], 0).pairs()}
        assert index._main is segment  # no rebuild: the buffer and the tombstones answered
        assert len(index) == 20_000 + 3 - 2


@st.composite
def scan_case(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """A bank with duplicate hashes (some several times) and queries near it; sizes across the scan's blocks."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(0, 40) | st.integers(900, 3000))  # empty, under one block, several blocks and parts
    distinct = rng.integers(0, 256, (max(1, n // 3 if draw(st.booleans()) else n), 32), dtype=np.uint8)
    bank = _flip(distinct[rng.integers(0, len(distinct), n)], rng.integers(0, 4, n) * draw(st.booleans()), rng)
    n_q = draw(st.sampled_from([1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 33]))  # every query-group width, both paths
    source = bank if n else distinct
    queries = _flip(source[rng.integers(0, len(source), n_q)], rng.integers(0, 48, n_q), rng)
    ids = rng.choice(10**12, size=n, replace=False).astype(np.int64)
    return ids, bank, queries, draw(st.integers(0, 47))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scan_case(), st.data())
def test_flat_scan_equals_brute_force(
    case: tuple[np.ndarray, np.ndarray, np.ndarray, int], data: st.DataObject
) -> None:
    ids, bank, queries, threshold = case
    gone = data.draw(st.lists(st.sampled_from(ids.tolist()), max_size=len(ids), unique=True)) if len(ids) else []
    fresh = np.random.default_rng(len(gone)).integers(0, 256, (3, 32), dtype=np.uint8)
    brute, flat = BruteForceIndex(), FlatIndex(threads=2)
    # Adds after removal: a removed id comes back with a new hash, a new id with a stored one.
    back = [*gone[:1], -5]
    back_hashes = np.concatenate([fresh[:1], (bank if len(bank) else fresh)[:1]])[2 - len(back) :]
    steps = [
        lambda index: _fill(index, ids, bank),
        lambda index: index.remove(gone),
        lambda index: index.add(back, back_hashes),
        lambda index: index.add([-6], queries[:1]),  # an entry at distance 0 from the first query
    ]
    for step in steps:
        step(brute)
        step(flat)
        assert flat.query(queries, threshold).pairs() == brute.query(queries, threshold).pairs()
    got, want = flat.query(queries, threshold), brute.query(queries, threshold)
    assert got.pairs() == want.pairs() and len(got) == len(want)
    assert len(flat) == len(brute) and sorted(flat.ids().tolist()) == sorted(brute.ids().tolist())
    for q in queries[:3]:  # one query per call
        assert flat.query(q[None, :], threshold).pairs() == brute.query(q[None, :], threshold).pairs()


def test_flat_scan_of_an_empty_index_and_after_removing_everything(rng: np.random.Generator) -> None:
    index = FlatIndex()
    queries = rng.integers(0, 256, (20, 32), dtype=np.uint8)
    assert len(index.query(queries, 31)) == 0 and len(index) == 0 and index.nbytes() == 0
    index.add([1, 2], queries[:2])
    assert index.remove([1, 2, 3]) == 2
    assert len(index.query(queries, 256)) == 0 and len(index) == 0
    with pytest.raises(ValueError):
        index.query(queries, 257)


def test_flat_scan_returns_every_hit_of_a_dense_cluster(rng: np.random.Generator) -> None:
    # 3,000 copies of one hash and 40 queries on it: 120,000 hits, far over any buffer's first size.
    bank = np.repeat(rng.integers(0, 256, (1, 32), dtype=np.uint8), 3000, axis=0)
    index = FlatIndex(threads=2)
    index.add(np.arange(3000), bank)
    for n_q in (1, 40):
        hits = index.query(bank[:n_q], 0)
        assert len(hits) == 3000 * n_q == len(hits.pairs()) and not hits.distance.any()


def test_flat_scan_without_numba_equals_brute_force(monkeypatch: pytest.MonkeyPatch, rng: np.random.Generator) -> None:
    from tragac.matching import scan_kernel

    bank = rng.integers(0, 256, (2000, 32), dtype=np.uint8)
    queries = _flip(bank[:30], rng.integers(0, 40, 30), rng)
    brute, flat = BruteForceIndex(), FlatIndex()
    for index in (brute, flat):
        index.add(np.arange(2000), bank)
        index.remove(np.arange(0, 2000, 3))
    compiled = flat.query(queries, 31).pairs()
    monkeypatch.setattr(scan_kernel, "AVAILABLE", False)
    assert flat.query(queries, 31).pairs() == brute.query(queries, 31).pairs() == compiled


def test_flat_scan_sees_adds_and_removals_at_once_without_rebuilding(rng: np.random.Generator) -> None:
    bank = rng.integers(0, 256, (20_000, 32), dtype=np.uint8)
    extra = rng.integers(0, 256, (3, 32), dtype=np.uint8)
    index = FlatIndex()
    index.add(np.arange(20_000), bank)
    index.add([50_000, 50_001, 50_002], extra)  # grows the columns once, with spare room
    columns = index._words
    assert {i for _, i, _ in index.query(extra, 31).pairs()} == {50_000, 50_001, 50_002}
    index.remove([7, 50_001])
    assert {i for _, i, _ in index.query(np.concatenate([bank[7:8], extra]), 31).pairs()} == {50_000, 50_002}
    index.add([8], extra[1:2])  # a replaced hash: the old one no longer finds it
    assert 8 not in {i for _, i, _ in index.query(bank[8:9], 0).pairs()}
    assert 8 in {i for _, i, _ in index.query(extra[1:2], 0).pairs()}
    assert index._words is columns and len(index) == 20_000 + 3 - 2  # in place: nothing rebuilt or copied


def test_flat_scan_takes_40_bytes_per_entry_at_1m() -> None:
    n = 1_000_000
    bank = np.random.default_rng(5).integers(0, 256, (n, 32), dtype=np.uint8)
    index = FlatIndex()
    index.add(np.arange(n, dtype=np.int64) + 10**12, bank)
    assert index.nbytes() / n == 40
    for start in range(0, 10_000, 100):  # incremental adds keep at most an eighth spare
        index.add(np.arange(start, start + 100), bank[start : start + 100])
    assert index.nbytes() / len(index) <= 40 * 1.13
    planted = {(i, 10**12 + i, 0) for i in range(50)} | {(i, i, 0) for i in range(50)}  # same hash, two ids
    assert index.query(bank[:50], 31).pairs() >= planted
