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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar, Self

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
    """A blocked scan: every stored hash against every query, compiled (:mod:`tragac.matching.scan_kernel`).

    Exact by construction (it computes every distance), with no tables to build or keep in step: an added entry is
    appended to the columns and a removed one is overwritten by a live row from the end, so both are seen by the
    next query and nothing is ever rebuilt or compacted. The hashes are stored as four ``uint64`` columns so that
    the scan vectorises; a batch of :data:`_FEW_QUERIES` or more is split by rows between threads, fewer run on the
    calling thread. The cost of a batch grows linearly with the bank (every query reads every row): for batches it
    is as fast as :class:`MIHIndex` at 1M entries and faster at 10M; one query at a time it is several times
    slower (docs/performance/matching.md).

    Memory: 32 bytes of hash + 8 of id per entry (40 B), plus up to an eighth more of spare capacity after
    incremental adds (what :meth:`nbytes` counts). Without numba the same scan runs in numpy.
    """

    kind = "flat"
    _growth = 8  # spare capacity: 1/8 of the size when appending grows the columns

    def __init__(self, threads: int | None = None) -> None:
        self._words: npt.NDArray[np.uint64] = np.zeros((PDQ_BYTES // 8, 0), np.uint64)
        self._ids: I64Array = np.zeros(0, np.int64)
        self._n = 0
        self._threads = threads or min(4, os.cpu_count() or 1)

    def _resize(self, capacity: int) -> None:
        words = np.empty((PDQ_BYTES // 8, capacity), np.uint64)
        ids = np.empty(capacity, np.int64)
        words[:, : self._n] = self._words[:, : self._n]
        ids[: self._n] = self._ids[: self._n]
        self._words, self._ids = words, ids

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        new_ids, new_hashes = as_id_array(ids), as_hash_array(hashes)
        if len(new_ids) != len(new_hashes):
            raise ValueError("ids and hashes differ in length")
        if len(new_ids) == 0:
            return
        if self._n:
            self.remove(new_ids)
        end = self._n + len(new_ids)
        if end > len(self._ids):
            self._resize(end if self._n == 0 else max(end, self._n + self._n // self._growth))
        self._words[:, self._n : end] = new_hashes.view(np.uint64).T
        self._ids[self._n : end] = new_ids
        self._n = end

    def remove(self, ids: npt.ArrayLike) -> int:
        gone = np.flatnonzero(np.isin(self._ids[: self._n], as_id_array(ids)))
        if len(gone) == 0:
            return 0
        # Fill the holes below the new end with the surviving rows above it: the columns stay dense.
        end = self._n - len(gone)
        holes = gone[gone < end]
        above = np.ones(self._n - end, bool)
        above[gone[gone >= end] - end] = False
        movers = end + np.flatnonzero(above)
        self._words[:, holes] = self._words[:, movers]
        self._ids[holes] = self._ids[movers]
        self._n = end
        if len(self._ids) > 2 * end + 1024:  # mostly empty after removals: give the memory back
            self._resize(end + end // self._growth)
        return len(gone)

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        from tragac.matching import scan_kernel  # here, not at the top: numba takes 0.2 s to import

        queries = as_hash_array(hashes)
        if not 0 <= threshold <= PDQ_BYTES * 8:
            raise ValueError(f"threshold must be between 0 and {PDQ_BYTES * 8}")
        n = self._n
        if len(queries) == 0 or n == 0:
            return Hits.empty()
        words, ids = self._words, self._ids
        q_words = np.empty((len(queries), PDQ_BYTES // 8), np.uint64)  # aligned, whatever buffer ``hashes`` was
        q_words.view(np.uint8)[:] = queries  # the byte order of the stored columns
        if not scan_kernel.AVAILABLE:
            parts = [_numpy_scan(words[:, :n], q, qi, threshold) for qi, q in enumerate(q_words)]
        else:
            # A few queries run on the calling thread (waking workers costs more than their scan); a batch is cut
            # into whole blocks of rows, twice as many parts as threads so that one slow thread does not hold all.
            n_parts = 1 if len(queries) < _FEW_QUERIES or self._threads == 1 else 2 * self._threads
            step = -(-n // n_parts // scan_kernel.BLOCK) * scan_kernel.BLOCK
            ranges = [(lo, min(n, lo + step)) for lo in range(0, n, step)]

            def run(rows: tuple[int, int]) -> tuple[I64Array, I64Array, I32Array]:
                return scan_kernel.scan(words, rows[0], rows[1], q_words, threshold)

            if len(ranges) > 1:
                with ThreadPoolExecutor(self._threads) as pool:
                    parts = list(pool.map(run, ranges))
            else:
                parts = [run(ranges[0])]
        qidx, pos, dist = (np.concatenate(p) for p in zip(*parts, strict=True))
        return Hits(qidx, ids[pos], dist)

    def entries(self) -> tuple[I64Array, U8Array]:
        hashes = np.ascontiguousarray(self._words[:, : self._n].T).view(np.uint8).reshape(-1, PDQ_BYTES)
        return self._ids[: self._n].copy(), hashes

    def __len__(self) -> int:
        return self._n

    def nbytes(self) -> int:
        return int(self._words.nbytes + self._ids.nbytes)


def _numpy_scan(
    words: npt.NDArray[np.uint64], q: npt.NDArray[np.uint64], qi: int, threshold: int
) -> tuple[I64Array, I64Array, I32Array]:
    """One query against the (4, n) columns, where numba is missing: (query row, stored row, distance)."""
    d = sum(np.bitwise_count(words[w] ^ q[w]).astype(np.int32) for w in range(len(q)))
    hit = np.flatnonzero(d <= threshold)
    return np.full(len(hit), qi, np.int64), hit, d[hit].astype(np.int32)


MIH_CHUNKS = 16  # 16 substrings of 16 bits: direct-addressed buckets (65,536 per table)
_CHUNK_VALUES = 1 << 16
_MIH_MAX_FLIPS = 2  # thresholds up to 47; beyond that probing costs more than a scan
_QUERY_BLOCK = 256  # queries per work item: bounds the candidate arrays (~4k candidates per query at 1M)


@cache
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

    saved_key: ClassVar[str] = "order"  # an .npz holding this array was saved from this layout

    @classmethod
    def from_saved(
        cls, ids: I64Array, hashes: U8Array, data: Mapping[str, np.ndarray], prefix_bits: int | None
    ) -> Self:
        return cls(ids, hashes, (data["order"], data["offsets"]))

    @property
    def size(self) -> int:
        return len(self.ids)

    def kill(self, ids: I64Array) -> int:
        gone = np.isin(self.ids, ids) & self.alive
        n = int(gone.sum())
        if n:
            self.alive[gone] = False
            self.dead += n
        return n

    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.rows.nbytes + self.alive.nbytes + self.order.nbytes + self.offsets.nbytes)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"order": self.order, "offsets": self.offsets}

    @property
    def tables(self) -> list[tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]]:
        return [(self.order[t], self.offsets[t]) for t in range(MIH_CHUNKS)]

    def hashes(self) -> U8Array:
        return self.rows.view(np.uint8).reshape(-1, PDQ_BYTES)

    def query(self, queries: U8Array, threshold: int, compiled: bool = True) -> Hits:
        flips = threshold // MIH_CHUNKS
        masks = _flip_masks(flips) if flips <= _MIH_MAX_FLIPS else None
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


_MIH_TABLES = MIH_CHUNKS - 2  # substrings 2-15 have tables; 0 and 1 form one table-free 32-bit part
_COMPACT_MAX_THRESHOLD = 47  # beyond that probing costs more than a scan
_CHECKPOINT = 32  # a cumulative uint32 every 32 bucket counts turns the 1-byte counts into offsets
_SUB_BLOCK = 1 << 20  # entries at which a sub-block would pass ~16 rows: one more prefix bit per doubling


@cache
def _masks_by_bits() -> npt.NDArray[np.uint16]:
    from tragac.matching.compact_kernel import masks_by_bits

    return masks_by_bits()


def _radii(threshold: int) -> tuple[int, int]:
    """(tables' radius, 32-bit part's radius or -1 for "not searched") that make a search at ``threshold`` exact.

    The general pigeonhole principle (Qin et al., "GPH", ICDE 2018): cut the bits into m parts with radii t_i
    summing to at least ``threshold - m + 1``; a hash within ``threshold`` then lies within t_i of the query in
    at least one part (if every part differed by t_i + 1 or more, the whole would differ by more than the
    threshold). Here m = 15 parts (14 substrings of 16 bits, one 32-bit pair), so 14 * radius + pair >= threshold
    - 14; at 31: radius 1, pair 3. A radius of -1 means the part is never the one that must match.
    """
    radius = threshold // MIH_CHUNKS
    return radius, max(-1, threshold - _MIH_TABLES - _MIH_TABLES * radius)


def _prefix_bits(n: int) -> int:
    """Bits of substring 1 in a row's prefix, so that a sub-block holds about 8-16 rows at any size."""
    return max(0, min(16, int(np.floor(np.log2(max(n, 1) / _SUB_BLOCK))) if n >= _SUB_BLOCK else 0))


def _narrowest(counts: npt.NDArray[np.uint32]) -> npt.NDArray[np.unsignedinteger]:
    peak = int(counts.max(initial=0))
    dtype = np.uint8 if peak < 1 << 8 else np.uint16 if peak < 1 << 16 else np.uint32
    return counts.astype(dtype)


def _checkpoints(counts: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.uint32]:
    out = np.zeros(counts.shape[-1] // _CHECKPOINT + 1, np.uint32)
    np.cumsum(counts.reshape(-1, _CHECKPOINT).sum(axis=1, dtype=np.int64), out=out[1:])
    return out


class _CompactSegment:
    """An immutable block of entries in the compact layout (see :class:`CompactMIHIndex`); removal is a tombstone bit.

    Arrays, for n entries and prefix bits h (P = 16 + h): ``tiles`` (15 n) uint16, substrings 1-15 of each hash,
    rows in prefix order and each prefix's sub-block stored by column (see :mod:`tragac.matching.compact_kernel`);
    ``block_offsets`` (2^P + 1) uint32, the rows of each prefix; ``refs`` (14, n) uint16, per table
    the low 16 prefix bits of each entry, grouped by (substring value, top h prefix bits) and sorted within a
    group; ``counts`` (14, 2^P) 1-byte group sizes with ``checkpoints`` (14, 2^P / 32 + 1) uint32; the ids, as
    uint32 offsets from ``id_base`` when they span less than 2^32, else int64; ``alive_bits``, one bit per row.
    """

    def __init__(
        self, ids: I64Array, hashes: U8Array, h: int | None = None, saved: dict[str, np.ndarray] | None = None
    ):
        n = len(ids)
        self.h = _prefix_bits(n) if h is None else h
        if saved is None:
            first = np.ascontiguousarray(hashes[:, :4]).view(">u4").reshape(-1)
            order = np.argsort(first, kind="stable")
            ids, hashes = ids[order], hashes[order]
            del first, order
        chunks = np.ascontiguousarray(hashes).view(">u2").astype(np.uint16)  # (n, 16), native byte order
        prefix = self._prefix(chunks)
        if saved is None:
            self.block_offsets = np.zeros((1 << (16 + self.h)) + 1, np.uint32)
            np.cumsum(np.bincount(prefix, minlength=1 << (16 + self.h)), out=self.block_offsets[1:])
            self.refs = np.empty((_MIH_TABLES, n), np.uint16)
            group_counts = []
            low = (prefix & 0xFFFF).astype(np.uint16)
            top = (prefix >> 16).astype(np.uint32)
            for t in range(_MIH_TABLES):
                column = chunks[:, t + 2]
                # Stable (numpy sorts 16-bit keys by radix): rows are in prefix order, so each group ends up sorted.
                self.refs[t] = low[np.argsort(column, kind="stable")]
                group = (column.astype(np.uint32) << np.uint32(self.h)) | top
                group_counts.append(np.bincount(group, minlength=1 << (16 + self.h)).astype(np.uint32))
            self.counts = _narrowest(np.stack(group_counts))
            del group_counts, low, top
            self.checkpoints = np.stack([_checkpoints(c) for c in self.counts])
        else:
            self.block_offsets, self.refs = saved["block_offsets"], saved["refs"]
            self.counts, self.checkpoints = saved["counts"], saved["checkpoints"]
        self.tiles = np.empty(n * (MIH_CHUNKS - 1), np.uint16)
        for s, dest in enumerate(self._tile_positions()):
            self.tiles[dest] = chunks[:, s + 1]
        del chunks, prefix
        base = int(ids.min()) if n else 0
        span = int(ids.max()) - base if n else 0
        self.id_base = base if span < 1 << 32 else 0
        self.id_store: npt.NDArray[np.integer] = (
            (ids - base).astype(np.uint32) if span < 1 << 32 else ids.astype(np.int64)
        )
        self.alive_bits = np.packbits(np.ones(n, bool), bitorder="little")
        self.size = n
        self.dead = 0

    def _tile_positions(self) -> Iterator[I64Array]:
        """Where substring s + 1 of each row lies in ``tiles``, for s = 0..14: each sub-block is stored by column."""
        sizes = np.diff(self.block_offsets).astype(np.int64)
        size = np.repeat(sizes, sizes)
        first = np.repeat(self.block_offsets[:-1].astype(np.int64), sizes)
        first = first * (MIH_CHUNKS - 1) + (np.arange(len(first), dtype=np.int64) - first)
        for s in range(MIH_CHUNKS - 1):
            yield first + s * size

    def _prefix(self, chunks: npt.NDArray[np.uint16]) -> npt.NDArray[np.uint32]:
        prefix: npt.NDArray[np.uint32] = chunks[:, 0].astype(np.uint32) << np.uint32(self.h)
        if self.h:
            prefix |= chunks[:, 1].astype(np.uint32) >> np.uint32(16 - self.h)
        return prefix

    @property
    def ids(self) -> I64Array:
        return self.id_store.astype(np.int64) + self.id_base

    def ids_at(self, pos: npt.NDArray[np.int64]) -> I64Array:
        return self.id_store[pos].astype(np.int64) + self.id_base

    @property
    def alive(self) -> npt.NDArray[np.bool_]:
        return np.unpackbits(self.alive_bits, count=self.size, bitorder="little").astype(bool)

    def kill(self, ids: I64Array) -> int:
        gone = np.flatnonzero(np.isin(self.ids, ids) & self.alive)
        if len(gone):
            np.bitwise_and.at(self.alive_bits, gone >> 3, ~(np.uint8(1) << (gone & 7).astype(np.uint8)))
            self.dead += len(gone)
        return len(gone)

    def hashes(self) -> U8Array:
        first = np.repeat(np.arange(len(self.block_offsets) - 1, dtype=np.uint32), np.diff(self.block_offsets))
        chunks = np.empty((self.size, MIH_CHUNKS), ">u2")
        chunks[:, 0] = first >> self.h
        for s, at in enumerate(self._tile_positions()):
            chunks[:, s + 1] = self.tiles[at]
        return chunks.view(np.uint8).reshape(-1, PDQ_BYTES)

    def nbytes(self) -> int:
        arrays = (self.tiles, self.block_offsets, self.refs, self.counts, self.checkpoints, self.id_store)
        return int(sum(a.nbytes for a in arrays) + self.alive_bits.nbytes)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "block_offsets": self.block_offsets,
            "refs": self.refs,
            "counts": self.counts,
            "checkpoints": self.checkpoints,
            "prefix_bits": np.array(self.h),
        }

    saved_key: ClassVar[str] = "refs"  # an .npz holding this array was saved from this layout

    @classmethod
    def from_saved(
        cls, ids: I64Array, hashes: U8Array, data: Mapping[str, np.ndarray], prefix_bits: int | None
    ) -> Self:
        saved = {k: data[k] for k in ("block_offsets", "refs", "counts", "checkpoints")}
        return cls(ids, hashes, int(data["prefix_bits"]), saved)

    def query(self, queries: U8Array, threshold: int, compiled: bool = True) -> Hits:
        from tragac.matching import compact_kernel  # here, not at the top: numba takes 0.2 s to import

        if threshold > _COMPACT_MAX_THRESHOLD or not (compiled and compact_kernel.AVAILABLE):
            # Radius too large for probing, or no compiler: scan, one query at a time to bound memory.
            scan = BruteForceIndex()
            scan._ids, scan._hashes = np.arange(self.size, dtype=np.int64), self.hashes()
            found = scan.query(queries, threshold)
            keep = self.alive[found.ids]
            return Hits(found.query[keep], self.ids_at(found.ids[keep]), found.distance[keep])
        q_chunks = np.ascontiguousarray(queries).view(">u2").astype(np.uint16)
        radius, pair = _radii(threshold)
        qidx, pos, dist = compact_kernel.compact_query(
            self.tiles, self.block_offsets, self.alive_bits, self.refs, self.counts, self.checkpoints, self.h,
            q_chunks, _masks_by_bits(), radius, pair, threshold,
        )  # fmt: skip
        return Hits(qidx, self.ids_at(pos), dist)


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
    :class:`CompactMIHIndex` is the same interface in under 64 bytes per entry.
    """

    kind = "mih"
    delta_limit = 65536
    segment: ClassVar[type[_Segment] | type[_CompactSegment]] = _Segment

    def __init__(self, threads: int | None = None, compiled: bool = True, prefix_bits: int | None = None) -> None:
        self.compiled = compiled  # False forces the fallback path (the tests compare both)
        self.prefix_bits = prefix_bits  # compact layout only; None: chosen from the size (the tests force others)
        self._main = self._segment(np.zeros(0, np.int64), np.zeros((0, PDQ_BYTES), np.uint8))
        self._delta = FlatIndex()
        self._threads = threads or min(4, os.cpu_count() or 1)

    def _segment(self, ids: I64Array, hashes: U8Array) -> _Segment | _CompactSegment:
        if self.segment is _CompactSegment:
            return _CompactSegment(ids, hashes, self.prefix_bits)
        return _Segment(ids, hashes)

    def add(self, ids: npt.ArrayLike, hashes: npt.ArrayLike) -> None:
        new_ids, new_hashes = as_id_array(ids), as_hash_array(hashes)
        if len(new_ids) != len(new_hashes):
            raise ValueError("ids and hashes differ in length")
        self._main.kill(new_ids)
        self._delta.add(new_ids, new_hashes)
        if len(self._delta) > max(self.delta_limit, self._main.size // 16):
            self.merge()

    def merge(self) -> None:
        """Fold the recent additions and the tombstones into one freshly built segment."""
        ids, hashes = self.entries()
        # Drop the old segment and buffer before building the new one: the peak is one copy, not two.
        self._main = self._segment(np.zeros(0, np.int64), np.zeros((0, PDQ_BYTES), np.uint8))
        self._delta = FlatIndex()
        self._main = self._segment(ids, hashes)
        del ids, hashes
        release_memory()

    def remove(self, ids: npt.ArrayLike) -> int:
        wanted = as_id_array(ids)
        n = self._main.kill(wanted) + self._delta.remove(wanted)
        if self._main.dead > max(1024, self._main.size // 4):
            self.merge()
        return n

    def query(self, hashes: npt.ArrayLike, threshold: int) -> Hits:
        queries = as_hash_array(hashes)
        if not 0 <= threshold <= PDQ_BYTES * 8:
            raise ValueError(f"threshold must be between 0 and {PDQ_BYTES * 8}")
        if len(queries) == 0 or len(self) == 0:
            return Hits.empty()
        blocks = [(start, queries[start : start + _QUERY_BLOCK]) for start in range(0, len(queries), _QUERY_BLOCK)]

        def run(block: tuple[int, U8Array]) -> Hits:
            start, qs = block
            found = self._main.query(qs, threshold, self.compiled) if self._main.size else Hits.empty()
            return Hits(found.query + start, found.ids, found.distance)

        if len(blocks) > 1 and self._threads > 1:
            # The kernels and numpy release the GIL, so threads share the work of a big batch.
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
        return self._main.size - self._main.dead + len(self._delta)

    def nbytes(self) -> int:
        return self._main.nbytes() + self._delta.nbytes()

    def save(self, path: Path) -> None:
        self.merge()  # one segment, so its tables can be saved as they are and loaded without rebuilding
        main = self._main
        arrays = {"ids": main.ids, "hashes": main.hashes(), **main.arrays()}
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
            if cls.segment.saved_key in data.files:
                index._main = cls.segment.from_saved(ids, hashes, data, index.prefix_bits)
            else:  # written by another index kind or layout: same entries, build the tables
                index.add(ids, hashes)
                index.merge()
        return index


class CompactMIHIndex(MIHIndex):
    """Multi-index hashing in under 64 bytes per entry, exact by the general pigeonhole principle.

    The 256 bits are cut into 16 substrings of 16 bits; substrings 0 and 1 together form one 32-bit part. Two
    hashes within distance 31 are then within 1 bit in one of substrings 2-15 or within 3 bits in the 32-bit part
    (:func:`_radii` gives the radii for any threshold up to 47), so probing those balls and verifying candidates on
    all 256 bits finds every true neighbour. Rows are sorted by their first 16 + h bits (the prefix), which makes
    the 32-bit part a walk over sorted sub-blocks and substring 0 free; each other table stores, per entry, 2 bytes
    of its prefix instead of a 4-byte row number, and the few rows of that sub-block are scanned.

    Memory per entry: 30 (substrings 1-15) + 14 x 2 (tables) + 4 (id) + 1/8 (tombstone) = 62.1 bytes, plus bucket
    counts and offsets (about 1.3 MiB at 1M entries, 10 MiB at 10M): under 64 bytes from about 1M entries up; the
    arrays are listed on :class:`_CompactSegment`. The price is speed: a candidate costs two dependent random reads
    (the sub-block's offsets, then its rows) instead of one, about a fifth of :class:`MIHIndex`'s queries/s
    (docs/performance/matching.md). Additions, removals, merging and persistence are :class:`MIHIndex`'s.
    """

    kind = "compact"
    segment = _CompactSegment


INDEX_KINDS: dict[str, type[HashIndex]] = {
    cls.kind: cls for cls in (BruteForceIndex, FlatIndex, MIHIndex, CompactMIHIndex)
}


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
