"""A PDQ index split into shards by hash prefix; every query goes to every shard and the answers are merged.

Why by prefix: PDQ bits are close to uniform, so equal ranges of the first 16 bits give shards of equal size, and
an entry's shard follows from its hash alone (no directory to keep). A Hamming ball crosses every prefix, so
queries fan out to all shards; each shard is an exact index (:func:`tragac.matching.index.make_index`), so the union
of their answers is exactly the single index's answer. The shards here live in one process (threads); the same
routing places them on Ray actors in :mod:`tragac.distributed.ray_match`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar, TypeVar

import numpy as np
import numpy.typing as npt

from tragac.matching.index import HashIndex, Hits, I64Array, as_hash_array, as_id_array, make_index, merge_hits

U8Array = npt.NDArray[np.uint8]
T = TypeVar("T")


def shard_of(hashes: npt.ArrayLike, shards: int) -> npt.NDArray[np.int64]:
    """The shard of each packed hash: its first 16 bits, cut into ``shards`` equal contiguous ranges."""
    arr = as_hash_array(hashes)
    prefix = arr[:, 0].astype(np.int64) << 8 | arr[:, 1].astype(np.int64)
    return (prefix * shards) >> 16


def split_by_shard(ids: npt.ArrayLike, hashes: npt.ArrayLike, shards: int) -> list[tuple[I64Array, U8Array]]:
    """(ids, hashes) of each shard, in shard order."""
    id_arr, hash_arr = as_id_array(ids), as_hash_array(hashes)
    if len(id_arr) != len(hash_arr):
        raise ValueError("ids and hashes differ in length")
    where = shard_of(hash_arr, shards)
    return [(id_arr[where == n], hash_arr[where == n]) for n in range(shards)]


class ShardedIndex(HashIndex):
    """``shards`` indexes of ``kind`` behind the one :class:`HashIndex` interface (add/remove/query/save/load)."""

    kind: ClassVar[str] = "sharded"

    def __init__(self, shards: int = 4, kind: str = "mih", factory: Callable[[], HashIndex] | None = None) -> None:
        if shards < 1:
            raise ValueError("shards must be at least 1")
        make = factory or (lambda: make_index(kind))
        self.shards: list[HashIndex] = [make() for _ in range(shards)]
        self._pool = ThreadPoolExecutor(max_workers=shards, thread_name_prefix="shard") if shards > 1 else None

    def _each(self, fn: Callable[[HashIndex], T]) -> Sequence[T]:
        if self._pool is None:
            return [fn(self.shards[0])]
        return list(self._pool.map(fn, self.shards))

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        parts = split_by_shard(ids, hashes, len(self.shards))
        # An id added again with another hash may now belong to another shard: drop it everywhere first.
        self.remove(as_id_array(ids))
        for shard, (shard_ids, shard_hashes) in zip(self.shards, parts, strict=True):
            if len(shard_ids):
                shard.add(shard_ids, shard_hashes)

    def remove(self, ids: npt.ArrayLike) -> int:
        gone = as_id_array(ids)
        if len(gone) == 0 or len(self) == 0:
            return 0
        return sum(self._each(lambda shard: shard.remove(gone) if len(shard) else 0))

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        queries = as_hash_array(hashes)
        return merge_hits(self._each(lambda shard: shard.query(queries, threshold)))

    def entries(self) -> tuple[I64Array, U8Array]:
        parts = [shard.entries() for shard in self.shards]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def __len__(self) -> int:
        return sum(len(shard) for shard in self.shards)

    def nbytes(self) -> int:
        return sum(shard.nbytes() for shard in self.shards)

    def shard_sizes(self) -> list[int]:
        return [len(shard) for shard in self.shards]
