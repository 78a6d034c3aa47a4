"""``tragac ray match``: the bank index sharded by hash prefix across Ray actors, queries fanned out and merged.

Each :class:`ShardActor` holds one exact index (:func:`tragac.matching.index.make_index`) over the entries whose
first 16 bits fall in its range (:func:`tragac.distributed.sharded_index.shard_of`). A query batch is sent to every
actor (a Hamming ball crosses every prefix) and the answers are merged with :func:`merge_hits`, so the result is
exactly the single index's. Actors may live on other machines: memory per shard is the index's bytes per entry
times entries / shards (docs/scale.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from tragac.distributed.ray_hash import require_ray
from tragac.distributed.sharded_index import U8Array, split_by_shard
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.matching.index import HashIndex, Hits, I64Array, as_hash_array, as_id_array, make_index, merge_hits


class ShardActor:
    """One shard (wrapped by ``ray.remote`` when the sharded index starts)."""

    def __init__(self, kind: str) -> None:
        self.index = make_index(kind)

    def add(self, ids: I64Array, hashes: U8Array) -> int:
        if len(ids):
            self.index.add(ids, hashes)
        return len(self.index)

    def remove(self, ids: I64Array) -> int:
        return self.index.remove(ids) if len(self.index) else 0

    def query(self, hashes: U8Array, threshold: int) -> Hits:
        return self.index.query(hashes, threshold)

    def entries(self) -> tuple[I64Array, U8Array]:
        return self.index.entries()

    def size(self) -> int:
        return len(self.index)

    def nbytes(self) -> int:
        return self.index.nbytes()


class RayShardedIndex(HashIndex):
    """The :class:`HashIndex` interface over ``shards`` Ray actors, each holding one index of ``kind``."""

    kind: ClassVar[str] = "ray-sharded"

    def __init__(self, shards: int = 2, kind: str = "mih", num_cpus: float = 1) -> None:
        ray = require_ray()
        if not ray.is_initialized():
            raise RuntimeError("call ray.init() (tragac.distributed.ray_hash.start_ray) first")
        self._ray = ray
        remote = ray.remote(num_cpus=num_cpus)(ShardActor)
        self.actors: list[Any] = [remote.remote(kind) for _ in range(shards)]

    def _all(self, method: str, *args: Any) -> list[Any]:
        return list(self._ray.get([getattr(a, method).remote(*args) for a in self.actors]))

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        parts = split_by_shard(ids, hashes, len(self.actors))
        self.remove(as_id_array(ids))  # an id re-added with another hash may move shard
        self._ray.get([a.add.remote(i, h) for a, (i, h) in zip(self.actors, parts, strict=True) if len(i)])

    def remove(self, ids: npt.ArrayLike) -> int:
        gone = as_id_array(ids)
        return sum(self._all("remove", gone)) if len(gone) else 0

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        queries = self._ray.put(as_hash_array(hashes))  # one copy in the object store, read by every actor
        return merge_hits(self._all("query", queries, threshold))

    def entries(self) -> tuple[I64Array, U8Array]:
        parts = self._all("entries")
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def __len__(self) -> int:
        return sum(self._all("size"))

    def nbytes(self) -> int:
        return sum(self._all("nbytes"))

    def shard_sizes(self) -> list[int]:
        return self._all("size")

    def close(self) -> None:
        for actor in self.actors:
            self._ray.kill(actor)
        self.actors = []


def match_hash_rows(
    index: HashIndex, rows: list[dict[str, Any]], threshold: int = PDQ_MATCH_THRESHOLD
) -> list[dict[str, Any]]:
    """Match the picture PDQs of hash rows (``tragac ray hash`` output) against ``index``.

    Only hashes of at least PDQ_MIN_QUALITY are queried, the same rule as the match stage: a flat or blank
    picture's PDQ matches too much to be a lead.
    """
    usable = [r for r in rows if r.get("pdq") and (r.get("quality") or 0) >= PDQ_MIN_QUALITY]
    if not usable:
        return []
    hits = index.query(pdq_to_bytes(r["pdq"] for r in usable), threshold)
    return [
        {"path": usable[q]["path"], "sha256": usable[q].get("sha256"), "entry_id": int(e), "distance": int(d)}
        for q, e, d in zip(hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True)
    ]
