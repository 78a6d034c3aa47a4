"""Exact Hamming-radius indexes over 256-bit PDQ hashes.

The interface follows python-threatexchange's ``SignalTypeIndex`` (add, query, persist) with three changes that
matter at scale: queries come in batches and return flat arrays (so shards can be queried in parallel and their
answers merged with :func:`merge_hits`), entries can be removed without a rebuild (a withdrawn victim hash must stop
matching at once), and the threshold is a query argument (banks carry their own).

Every implementation is exact: it returns every stored hash at distance <= threshold and nothing else. The numpy
:class:`BruteForceIndex` is the reference the tests compare the fast ones against.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Self

import faiss
import numpy as np
import numpy.typing as npt

from tragac.fingerprints.base import FingerprintKind
from tragac.fingerprints.pdq import PDQ_BYTES, U8Array

I64Array = npt.NDArray[np.int64]
I32Array = npt.NDArray[np.int32]
_FEW_QUERIES = 16
BucketTable = tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]  # (16, n) entry order, (16, 65537) offsets


@dataclass(frozen=True)
class Hits:
    """Matches of a batch: ``query[i]`` (position in the batch) is within ``distance[i]`` of stored ``ids[i]``."""

    query: I64Array
    ids: I64Array
    distance: I32Array

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def empty(cls) -> Hits:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int32))

    def sorted(self) -> Hits:
        """Ordered by query, then distance, then id: a canonical form for comparing implementations."""
        order = np.lexsort((self.ids, self.distance, self.query))
        return Hits(self.query[order], self.ids[order], self.distance[order])

    def pairs(self) -> set[tuple[int, int, int]]:
        return set(zip(self.query.tolist(), self.ids.tolist(), self.distance.tolist(), strict=True))


def merge_hits(parts: Sequence[Hits]) -> Hits:
    """Combine the answers of several shards queried with the same batch."""
    if not parts:
        return Hits.empty()
    return Hits(
        np.concatenate([p.query for p in parts]),
        np.concatenate([p.ids for p in parts]),
        np.concatenate([p.distance for p in parts]),
    ).sorted()


def release_memory() -> None:
    """Give freed heap memory back to the system after a big rebuild.

    glibc raises its mmap threshold after large frees, so the temporaries of a rebuild stay in the process's heap
    (about 150 bytes per entry at 1M); ``malloc_trim`` returns them. HMA hit the same growth (facebook/ThreatExchange
    #1813). A no-op where glibc is not available.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def as_hash_array(hashes: npt.ArrayLike) -> U8Array:
    arr = np.ascontiguousarray(hashes, dtype=np.uint8)
    if arr.ndim != 2 or arr.shape[1] != PDQ_BYTES:
        raise ValueError(f"expected an (n, {PDQ_BYTES}) uint8 array of packed hashes, got shape {arr.shape}")
    return arr


def as_id_array(ids: npt.ArrayLike) -> I64Array:
    return np.ascontiguousarray(ids, dtype=np.int64).reshape(-1)


class HashIndex(ABC):
    """A mutable set of (id, 256-bit hash) answering exact radius queries. Ids are unique: adding an id replaces it."""

    kind: ClassVar[str]

    @abstractmethod
    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        """Insert or replace entries; ``hashes`` is (n, 32) uint8 (see :func:`tragac.fingerprints.pdq.pdq_to_bytes`)."""

    @abstractmethod
    def remove(self, ids: npt.ArrayLike) -> int:
        """Stop returning these ids at once; returns how many were present."""

    @abstractmethod
    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        """Every stored entry within Hamming distance ``threshold`` (inclusive) of each query hash."""

    @abstractmethod
    def entries(self) -> tuple[I64Array, U8Array]:
        """The live (ids, hashes), for persistence and rebuilding."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def nbytes(self) -> int:
        """Bytes held by the index's own arrays (what memory-per-entry figures count)."""

    def ids(self) -> I64Array:
        return self.entries()[0]

    def save(self, path: Path) -> None:
        """Write atomically to ``path`` (an .npz): a crash leaves the previous file intact."""
        ids, hashes = self.entries()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.savez(fh, ids=ids, hashes=hashes)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Self:
        with np.load(path) as data:
            ids, hashes = data["ids"], data["hashes"]
        index = cls()
        index.add(ids, hashes)
        return index


class BruteForceIndex(HashIndex):
    """Reference implementation: XOR and popcount against every stored hash. Obviously correct, slow at scale."""

    kind = "brute"

    def __init__(self) -> None:
        self._ids: I64Array = np.zeros(0, np.int64)
        self._hashes: U8Array = np.zeros((0, PDQ_BYTES), np.uint8)

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        new_ids, new_hashes = as_id_array(ids), as_hash_array(hashes)
        if len(new_ids) != len(new_hashes):
            raise ValueError("ids and hashes differ in length")
        self.remove(new_ids)
        self._ids = np.concatenate([self._ids, new_ids])
        self._hashes = np.concatenate([self._hashes, new_hashes])

    def remove(self, ids: npt.ArrayLike) -> int:
        gone = np.isin(self._ids, as_id_array(ids))
        self._ids, self._hashes = self._ids[~gone], self._hashes[~gone]
        return int(gone.sum())

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        queries = as_hash_array(hashes)
        q_out, id_out, d_out = [], [], []
        for qi, q in enumerate(queries):
            d = np.bitwise_count(self._hashes ^ q).sum(axis=1, dtype=np.int32)
            hit = np.flatnonzero(d <= threshold)
            q_out.append(np.full(len(hit), qi, np.int64))
            id_out.append(self._ids[hit])
            d_out.append(d[hit])
        if not q_out:
            return Hits.empty()
        return Hits(np.concatenate(q_out), np.concatenate(id_out), np.concatenate(d_out).astype(np.int32))

    def entries(self) -> tuple[I64Array, U8Array]:
        return self._ids.copy(), self._hashes.copy()

    def nbytes(self) -> int:
        return int(self._ids.nbytes + self._hashes.nbytes)

    def __len__(self) -> int:
        return len(self._ids)


class FlatIndex(HashIndex):
    """faiss ``IndexBinaryFlat`` (SIMD popcount over every hash, multi-threaded) with tombstones for removal.

    Memory: 32 bytes of hash + 8 of id + 1 tombstone bit-byte per entry. Removal flips a tombstone (O(n) vectorised
    ``isin``, no rebuild); the arrays are compacted once a quarter of them are dead.
    """

    kind = "flat"

    def __init__(self) -> None:
        self._faiss = faiss.IndexBinaryFlat(PDQ_BYTES * 8)
        self._ids: I64Array = np.zeros(0, np.int64)
        self._alive = np.zeros(0, bool)
        self._dead = 0

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        new_ids, new_hashes = as_id_array(ids), as_hash_array(hashes)
        if len(new_ids) != len(new_hashes):
            raise ValueError("ids and hashes differ in length")
        if len(new_ids) == 0:
            return
        if len(self._ids):
            self.remove(new_ids)
        self._faiss.add(new_hashes)
        self._ids = np.concatenate([self._ids, new_ids])
        self._alive = np.concatenate([self._alive, np.ones(len(new_ids), bool)])

    def remove(self, ids: npt.ArrayLike) -> int:
        gone = np.isin(self._ids, as_id_array(ids)) & self._alive
        n = int(gone.sum())
        if n:
            self._alive[gone] = False
            self._dead += n
            if self._dead > max(1024, len(self._ids) // 4):
                self._compact()
        return n

    def _all_hashes(self) -> U8Array:
        return faiss.vector_to_array(getattr(self._faiss, "xb")).reshape(-1, PDQ_BYTES)  # noqa: B009 (no stub)

    def _compact(self) -> None:
        ids, hashes = self.entries()
        self._faiss = faiss.IndexBinaryFlat(PDQ_BYTES * 8)
        self._faiss.add(hashes)
        self._ids, self._alive, self._dead = ids, np.ones(len(ids), bool), 0

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        queries = as_hash_array(hashes)
        if len(queries) == 0 or len(self._ids) == 0:
            return Hits.empty()
        # faiss returns distances strictly below the radius. A handful of queries runs faster on one thread:
        # waking OpenMP workers costs more than the scan, ten times more on a busy machine.
        threads = faiss.omp_get_max_threads()
        if len(queries) < _FEW_QUERIES and threads > 1:
            faiss.omp_set_num_threads(1)
        try:
            lims, dist, pos = self._faiss.range_search(queries, threshold + 1)
        finally:
            faiss.omp_set_num_threads(threads)
        qidx = np.repeat(np.arange(len(queries), dtype=np.int64), np.diff(lims.astype(np.int64)))
        keep = self._alive[pos]
        return Hits(qidx[keep], self._ids[pos[keep]], dist[keep].astype(np.int32))

    def entries(self) -> tuple[I64Array, U8Array]:
        return self._ids[self._alive].copy(), self._all_hashes()[self._alive]

    def __len__(self) -> int:
        return len(self._ids) - self._dead

    def nbytes(self) -> int:
        return int(self._faiss.ntotal * PDQ_BYTES + self._ids.nbytes + self._alive.nbytes)


MIH_CHUNKS = 16  # 16 substrings of 16 bits: direct-addressed buckets (65,536 per table)
_CHUNK_VALUES = 1 << 16
_MIH_MAX_FLIPS = 2  # thresholds up to 47; beyond that probing costs more than a scan
_QUERY_BLOCK = 256  # queries per work item: bounds the candidate arrays (~4k candidates per query at 1M)


def _flip_masks(max_flips: int) -> npt.NDArray[np.uint16]:
    """Every 16-bit mask with at most ``max_flips`` bits set: the buckets to probe around a query's substring."""
    masks = [m for m in range(_CHUNK_VALUES) if m.bit_count() <= max_flips]
    return np.array(masks, dtype=np.uint16)


class _Segment:
    """An immutable block of entries with one sorted bucket table per 16-bit substring; removal is a tombstone."""

    def __init__(self, ids: I64Array, hashes: U8Array, tables: BucketTable | None = None):
        self.ids = ids
        self.rows = np.ascontiguousarray(hashes).view(f"V{PDQ_BYTES}").reshape(-1)  # one 32-byte item per hash
        self.alive = np.ones(len(ids), bool)
        self.dead = 0
        if tables is None:
            chunks = np.ascontiguousarray(hashes).view(">u2").astype(np.uint16)
            order = np.empty((MIH_CHUNKS, len(ids)), np.uint32)
            offsets = np.zeros((MIH_CHUNKS, _CHUNK_VALUES + 1), np.uint32)
            for t in range(MIH_CHUNKS):
                order[t] = np.argsort(chunks[:, t], kind="stable")
                np.cumsum(np.bincount(chunks[:, t], minlength=_CHUNK_VALUES), out=offsets[t, 1:])
            tables = (order, offsets)
        self.order, self.offsets = tables

    @property
    def tables(self) -> list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]]:
        return [(self.order[t], self.offsets[t]) for t in range(MIH_CHUNKS)]

    def hashes(self) -> U8Array:
        return self.rows.view(np.uint8).reshape(-1, PDQ_BYTES)

    def query(
        self, queries: U8Array, threshold: int, masks: npt.NDArray[np.uint16] | None, compiled: bool = True
    ) -> Hits:
        n_q = len(queries)
        q_rows = queries.view(f"V{PDQ_BYTES}").reshape(-1)
        if masks is None:  # radius too large for probing: scan, one query at a time to bound memory
            scan = BruteForceIndex()
            scan._ids, scan._hashes = np.arange(len(self.ids), dtype=np.int64), self.hashes()
            found = scan.query(queries, threshold)
            keep = self.alive[found.ids]
            return Hits(found.query[keep], self.ids[found.ids[keep]], found.distance[keep])
        from tragac.matching import mih_kernel  # here, not at the top: numba takes 0.2 s to import

        if compiled and mih_kernel.AVAILABLE:
            q_words = np.ascontiguousarray(queries).view(np.uint64).reshape(-1, PDQ_BYTES // 8)
            words = self.rows.view(np.uint64).reshape(-1, PDQ_BYTES // 8)
            radius = threshold // MIH_CHUNKS  # the probing radius the masks were made for
            qidx, pos, dist = mih_kernel.mih_query(
                words, self.alive, self.order, self.offsets, q_words, masks, radius, threshold
            )
            return Hits(qidx, self.ids[pos], dist)
        q_chunks = queries.view(">u2").astype(np.uint16)
        pos_parts, q_parts = [], []
        probe_owner = np.repeat(np.arange(n_q, dtype=np.int64), len(masks))
        for t, (order, offsets) in enumerate(self.tables):
            probes = (q_chunks[:, t, None] ^ masks[None, :]).astype(np.int64).ravel()
            start = offsets[probes].astype(np.int64)
            count = offsets[probes + 1].astype(np.int64) - start
            total = int(count.sum())
            if total == 0:
                continue
            # Expand every bucket [start, start + count) into one flat array of table positions.
            shift = np.repeat(start - (np.cumsum(count) - count), count)
            pos_parts.append(order[shift + np.arange(total)].astype(np.int64))
            q_parts.append(np.repeat(probe_owner, count))
        if not pos_parts:
            return Hits.empty()
        pos, qidx = np.concatenate(pos_parts), np.concatenate(q_parts)
        # A candidate found through several substrings is verified more than once; unique() below folds them.
        x = self.rows[pos].view(np.uint64).reshape(-1, PDQ_BYTES // 8)
        np.bitwise_xor(x, q_rows[qidx].view(np.uint64).reshape(-1, PDQ_BYTES // 8), out=x)
        bits = np.bitwise_count(x)
        dist = bits[:, 0].astype(np.int32)
        for col in range(1, PDQ_BYTES // 8):
            dist += bits[:, col]
        keep = (dist <= threshold) & self.alive[pos]
        _, first = np.unique(qidx[keep] * len(self.ids) + pos[keep], return_index=True)
        pos, qidx, dist = pos[keep][first], qidx[keep][first], dist[keep][first]
        return Hits(qidx, self.ids[pos], dist)


class MIHIndex(HashIndex):
    """Multi-index hashing (Norouzi et al.), exact by the pigeonhole principle.

    The 256 bits are cut into 16 substrings of 16 bits. Two hashes within distance ``d`` differ in at most
    ``d // 16`` bits in at least one substring (16 substrings each differing in more would add up to more than
    ``d``), so probing, in every substring table, each bucket within ``d // 16`` flips of the query's substring
    finds every true neighbour; candidates are then verified on all 256 bits. At ``d = 31`` that is 16 x 17
    bucket probes per query. Recent additions go to a small :class:`FlatIndex` (no rebuild on add) that is merged
    into a new segment once it holds more than 1/16 of the entries; removals are tombstones.
    Memory: 32 (hash) + 8 (id) + 1 (tombstone) + 16 x 4 (bucket tables) = 105 bytes per entry, plus 4 MiB of
    bucket offsets. Queries run in the compiled kernel of :mod:`tragac.matching.mih_kernel` (about 10x the numpy
    path, which remains as the fallback where numba is missing); blocks of a batch go to threads.
    """

    kind = "mih"
    delta_limit = 65536

    def __init__(self, threads: int | None = None, compiled: bool = True) -> None:
        self.compiled = compiled  # False forces the numpy path (the tests compare both)
        self._main = _Segment(np.zeros(0, np.int64), np.zeros((0, PDQ_BYTES), np.uint8))
        self._delta = FlatIndex()
        self._threads = threads or min(4, os.cpu_count() or 1)
        self._masks = {flips: _flip_masks(flips) for flips in range(_MIH_MAX_FLIPS + 1)}

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        new_ids, new_hashes = as_id_array(ids), as_hash_array(hashes)
        if len(new_ids) != len(new_hashes):
            raise ValueError("ids and hashes differ in length")
        self._remove_main(new_ids)
        self._delta.add(new_ids, new_hashes)
        if len(self._delta) > max(self.delta_limit, len(self._main.ids) // 16):
            self.merge()

    def merge(self) -> None:
        """Fold the recent additions and the tombstones into one freshly built segment."""
        ids, hashes = self.entries()
        self._main = _Segment(ids, hashes)
        self._delta = FlatIndex()
        del ids, hashes
        release_memory()

    def _remove_main(self, ids: I64Array) -> int:
        gone = np.isin(self._main.ids, ids) & self._main.alive
        n = int(gone.sum())
        if n:
            self._main.alive[gone] = False
            self._main.dead += n
        return n

    def remove(self, ids: npt.ArrayLike) -> int:
        wanted = as_id_array(ids)
        n = self._remove_main(wanted) + self._delta.remove(wanted)
        if self._main.dead > max(1024, len(self._main.ids) // 4):
            self.merge()
        return n

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        queries = as_hash_array(hashes)
        if not 0 <= threshold <= PDQ_BYTES * 8:
            raise ValueError(f"threshold must be between 0 and {PDQ_BYTES * 8}")
        if len(queries) == 0 or len(self) == 0:
            return Hits.empty()
        flips = threshold // MIH_CHUNKS
        masks = self._masks.get(flips)
        blocks = [(start, queries[start : start + _QUERY_BLOCK]) for start in range(0, len(queries), _QUERY_BLOCK)]

        def run(block: tuple[int, U8Array]) -> Hits:
            start, qs = block
            found = self._main.query(qs, threshold, masks, self.compiled) if len(self._main.ids) else Hits.empty()
            return Hits(found.query + start, found.ids, found.distance)

        if len(blocks) > 1 and self._threads > 1:
            # numpy releases the GIL in gathers and arithmetic, so threads share the work of a big batch.
            with ThreadPoolExecutor(self._threads) as pool:
                parts = list(pool.map(run, blocks))
        else:
            parts = [run(b) for b in blocks]
        parts.append(self._delta.query(queries, threshold))
        return merge_hits(parts)

    def entries(self) -> tuple[I64Array, U8Array]:
        main_alive = self._main.alive
        delta_ids, delta_hashes = self._delta.entries()
        return (
            np.concatenate([self._main.ids[main_alive], delta_ids]),
            np.concatenate([self._main.hashes()[main_alive], delta_hashes]),
        )

    def __len__(self) -> int:
        return len(self._main.ids) - self._main.dead + len(self._delta)

    def nbytes(self) -> int:
        main = self._main
        tables = main.order.nbytes + main.offsets.nbytes
        return int(main.ids.nbytes + main.rows.nbytes + main.alive.nbytes + tables + self._delta.nbytes())

    def save(self, path: Path) -> None:
        self.merge()  # one segment, so its bucket tables can be saved as they are and loaded without sorting
        main = self._main
        arrays = {"ids": main.ids, "hashes": main.hashes(), "order": main.order, "offsets": main.offsets}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Self:
        index = cls()
        with np.load(path) as data:
            ids, hashes = data["ids"], data["hashes"]
            if "order" in data.files:
                index._main = _Segment(ids, hashes, (data["order"], data["offsets"]))
            else:  # written by another index kind: same entries, build the tables
                index.add(ids, hashes)
        return index


INDEX_KINDS: dict[str, type[HashIndex]] = {cls.kind: cls for cls in (BruteForceIndex, FlatIndex, MIHIndex)}


def make_index(kind: str = "mih") -> HashIndex:
    try:
        return INDEX_KINDS[kind]()
    except KeyError:
        raise ValueError(f"unknown index kind {kind!r} (expected one of {', '.join(INDEX_KINDS)})") from None


class ExactIndex:
    """Hash value -> the ids carrying it: the whole index an exact kind needs."""

    def __init__(self, entries: Iterable[tuple[int, str]] = ()) -> None:
        self._ids: defaultdict[str, list[int]] = defaultdict(list)
        for key, value in entries:
            self._ids[value].append(key)

    def __len__(self) -> int:
        return sum(len(v) for v in self._ids.values())

    def query(self, value: str) -> list[int]:
        return list(self._ids.get(value, ()))


def index_for(kind: type[FingerprintKind]) -> type:
    """The index class a fingerprint kind names (``FingerprintKind.index``)."""
    from tragac.matching.video_index import VideoFrameIndex

    classes: dict[str, type] = {"mih": MIHIndex, "video_frames": VideoFrameIndex, "exact": ExactIndex}
    return classes[kind.index]
