"""The prefix-sharded index answers exactly what one index answers, through adds, replacements and removals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distributed.corpus import near_copies, random_hashes
from tragac.distributed.sharded_index import ShardedIndex, shard_of, split_by_shard
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.matching.index import BruteForceIndex, make_index


def test_prefix_routing_is_by_the_first_16_bits_and_balanced() -> None:
    hashes = random_hashes(40_000, seed=1)
    where = shard_of(hashes, 4)
    assert set(where.tolist()) == {0, 1, 2, 3}
    prefix = hashes[:, 0].astype(int) * 256 + hashes[:, 1]
    assert np.array_equal(where, prefix // 16384)  # contiguous prefix ranges
    sizes = np.bincount(where)
    assert sizes.min() > 0.9 * sizes.max()  # uniform hashes give even shards
    parts = split_by_shard(np.arange(len(hashes)), hashes, 4)
    assert sum(len(i) for i, _ in parts) == len(hashes)


@pytest.mark.parametrize("kind", ["mih", "flat"])
def test_sharded_equals_single_index(kind: str) -> None:
    stored = random_hashes(5_000, seed=2)
    ids = np.arange(10, 10 + len(stored), dtype=np.int64)
    queries = np.concatenate([near_copies(stored[::50], 40, seed=3), random_hashes(50, seed=4)])
    single = make_index(kind)
    single.add(ids, stored)
    sharded = ShardedIndex(shards=4, kind=kind)
    sharded.add(ids, stored)
    assert len(sharded) == len(single) and sum(sharded.shard_sizes()) == len(stored)
    for threshold in (0, 16, PDQ_MATCH_THRESHOLD, 45):
        assert sharded.query(queries, threshold).pairs() == single.query(queries, threshold).pairs()
    got = sharded.query(queries, PDQ_MATCH_THRESHOLD)
    assert len(got) >= 60  # most of the 100 near copies (0-40 bits flipped) are within 31


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(0, 300),
    shards=st.integers(1, 5),
    removed=st.lists(st.integers(0, 299), max_size=40),
    replaced=st.lists(st.integers(0, 299), max_size=20),
    threshold=st.integers(0, 64),
    seed=st.integers(0, 2**16),
)
def test_sharded_matches_brute_force_after_changes(
    n: int, shards: int, removed: list[int], replaced: list[int], threshold: int, seed: int
) -> None:
    stored = random_hashes(n, seed)
    ids = np.arange(n, dtype=np.int64)
    reference, sharded = BruteForceIndex(), ShardedIndex(shards=shards, kind="mih")
    for index in (reference, sharded):
        index.add(ids, stored)
    # Re-adding an id with another hash replaces it, even when the new hash lives in another shard.
    again = np.array(sorted(set(replaced) & set(range(n))), dtype=np.int64)
    fresh = random_hashes(len(again), seed + 1)
    for index in (reference, sharded):
        index.add(again, fresh)
        assert index.remove(np.array(removed, dtype=np.int64)) == len(set(removed) & set(range(n)))
    assert len(sharded) == len(reference)
    queries = near_copies(stored[: min(n, 30)], 40, seed + 2) if n else random_hashes(3, seed)
    assert sharded.query(queries, threshold).pairs() == reference.query(queries, threshold).pairs()


def test_save_and_load_keeps_every_entry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    stored = random_hashes(1_000, seed=5)
    sharded = ShardedIndex(shards=3)
    sharded.add(np.arange(1_000), stored)
    sharded.save(tmp_path / "idx.npz")
    loaded = ShardedIndex.load(tmp_path / "idx.npz")
    assert len(loaded) == 1_000
    assert loaded.query(stored[:20], 0).pairs() == sharded.query(stored[:20], 0).pairs()
