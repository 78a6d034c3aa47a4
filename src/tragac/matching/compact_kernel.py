"""Compiled query loop of the compact multi-index-hashing layout (numba); the index falls back to a scan without it.

The layout (built in :mod:`tragac.matching.index`, see :class:`~tragac.matching.index.CompactMIHIndex`): rows
sorted by their first 16 + ``h`` bits (the *prefix*: substring 0 and the top ``h`` bits of substring 1), so
substring 0 needs no table and is not stored. The rows of one prefix form a *sub-block* of about 8-16 rows, stored
by column (``tiles``: substring 1 of every row of the sub-block, then substring 2, ...), so scanning a sub-block
for one substring value reads one cache line. Each of the tables for substrings 2-15 lists, for every entry, the
low 16 bits of its prefix (2 bytes instead of a 4-byte row position), grouped by (the entry's substring value,
the top ``h`` bits of its prefix). Substrings 0 and 1 together form one 32-bit part, searched by walking the
sub-blocks whose prefix lies within the part's radius of the query's.

Duplicates (an entry found through several parts) are folded without a sort: an entry is kept only from the first
part (the 32-bit part, then tables 2, 3, ...) whose radius it lies within. As before, each query first collects the
sub-blocks to visit, then scans them with the rows ``_AHEAD`` items further already requested from memory.

The kernels release the GIL, so a batch is split across threads by the caller. When numba is not installed,
:data:`AVAILABLE` is False.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from tragac.matching.kernel_kit import AVAILABLE, jit_kernel
from tragac.matching.kernel_kit import new_hits as _new_hits
from tragac.matching.kernel_kit import popcount64 as _popcount64
from tragac.matching.kernel_kit import prefetch as _prefetch
from tragac.matching.kernel_kit import push_hit as _push_hit

TABLES = 14  # substrings 2-15 have tables; 0 and 1 form the table-free 32-bit part
CHECKPOINT = 32  # bucket counts are bytes; a cumulative uint32 every 32 buckets turns them into offsets
_AHEAD = 16  # sub-blocks between a row's prefetch and its scan


def _pc(a: Any, b: Any) -> Any:
    """Bits in which two substrings differ."""
    return np.int64(_popcount64(np.uint64(a) ^ np.uint64(b)))


def _prefetch_item(tiles: Any, items: Any, c: Any) -> None:
    """Start loading what scanning item ``c`` reads first: its scanned column and the first columns it verifies."""
    lo, size, part = items[c, 0], items[c, 1] - items[c, 0], items[c, 2]
    base = lo * 15
    _prefetch(tiles, base)
    _prefetch(tiles, base + 3 * size)
    if part > 0:
        _prefetch(tiles, base + (part - 1) * size)


def _resolve(block_offsets: Any, items: Any, c: Any) -> None:
    """Turn item ``c``'s prefix into its rows (first, end)."""
    p = items[c, 0]
    items[c, 0] = np.int64(block_offsets[p])
    items[c, 1] = np.int64(block_offsets[p + 1])


def _grow_items(a: Any, used: Any) -> Any:
    b = np.empty((2 * a.shape[0], a.shape[1]), np.int64)
    b[:used] = a[:used]
    return b


def _mih_query(
    tiles: Any,
    block_offsets: Any,
    alive_bits: Any,
    refs: Any,
    counts: Any,
    checkpoints: Any,
    h: int,
    q_chunks: Any,
    masks: Any,
    n_masks_table: int,
    n_masks_pair: int,
    pair_radius: int,
    radius: int,
    threshold: int,
) -> tuple[Any, Any, Any]:
    """(query row, stored row, distance) for every alive stored hash within ``threshold`` of each query.

    Rows with prefix ``p`` are ``lo = block_offsets[p]`` to ``hi = block_offsets[p + 1]``; substring 0 of those
    rows is ``p >> h`` and substring ``s`` (1-15) of row ``lo + o`` is ``tiles[15 * lo + (s - 1) * (hi - lo) + o]``.
    Table ``i`` (substring ``i + 2``): group ``g = (value << h) | e`` holds ``counts[i, g]`` references, starting
    in ``refs[i]`` at ``checkpoints[i, g // 32] + sum(counts[i, g - g % 32:g])``, sorted; reference ``r`` of group
    ``g`` names prefix ``(e << 16) | r``. ``q_chunks`` are the queries' 16 substrings; ``masks`` every 16-bit mask
    ordered by bit count: the first ``n_masks_table`` are those of at most ``radius`` bits (the tables' probing
    radius), the first ``n_masks_pair`` those of at most ``pair_radius`` bits (the 32-bit part's radius; negative:
    not searched).
    """
    n_sub = 1 << h
    top_shift = 16 - h
    out_q, out_pos, out_d = _new_hits()
    found = 0
    # One item per sub-block to scan: (prefix, then first row; end row; part: 0 or substring 2-15; value;
    # substring 0).
    items = np.empty((4096, 5), np.int64)
    for qi in range(q_chunks.shape[0]):
        q0 = np.int64(q_chunks[qi, 0])
        q1 = np.int64(q_chunks[qi, 1])
        n_items = 0
        # The 32-bit part (substrings 0 and 1): every sub-block whose prefix is within the part's radius.
        if pair_radius >= 0:
            q1_top = (q1 >> top_shift) if h > 0 else np.int64(0)
            for mi in range(n_masks_pair):
                m = np.int64(masks[mi])
                a = _pc(m, 0)
                c0 = q0 ^ m
                for e in range(n_sub):
                    if a + _pc(e, q1_top) > pair_radius:
                        continue
                    if n_items == items.shape[0]:
                        items = _grow_items(items, n_items)
                    items[n_items, 0] = (c0 << h) | e
                    items[n_items, 2] = 0
                    items[n_items, 3] = 0
                    items[n_items, 4] = c0
                    n_items += 1
        # Tables 2-15: the sub-block of every entry whose substring is within the radius.
        for ti in range(refs.shape[0]):
            qt = np.int64(q_chunks[qi, ti + 2])
            for mi in range(n_masks_table):
                value = qt ^ np.int64(masks[mi])
                g = value << h
                pos = np.int64(checkpoints[ti, g // 32])
                for x in range((g // 32) * 32, g):
                    pos += np.int64(counts[ti, x])
                for e in range(n_sub):
                    cnt = np.int64(counts[ti, g + e])
                    prev = np.int64(-1)
                    for r in range(pos, pos + cnt):
                        ref = np.int64(refs[ti, r])
                        if ref == prev:  # two entries of one sub-block share this value: scan it once
                            continue
                        prev = ref
                        p = (np.int64(e) << 16) | ref
                        if n_items == items.shape[0]:
                            items = _grow_items(items, n_items)
                        items[n_items, 0] = p
                        items[n_items, 2] = ti + 2
                        items[n_items, 3] = value
                        items[n_items, 4] = p >> h
                        n_items += 1
                    pos += cnt
        # A software pipeline over the items, as their reads are random: the prefix's offsets are requested
        # 2 * _AHEAD items ahead, read (the item resolved to its rows) and its rows requested _AHEAD ahead.
        for c in range(min(2 * _AHEAD, n_items)):
            _prefetch(block_offsets, items[c, 0])
        for c in range(min(_AHEAD, n_items)):
            _resolve(block_offsets, items, c)
            _prefetch_item(tiles, items, c)
        for c in range(n_items):
            if c + 2 * _AHEAD < n_items:
                _prefetch(block_offsets, items[c + 2 * _AHEAD, 0])
            if c + _AHEAD < n_items:
                _resolve(block_offsets, items, c + _AHEAD)
                _prefetch_item(tiles, items, c + _AHEAD)
            lo, part, value = items[c, 0], items[c, 2], items[c, 3]
            size = items[c, 1] - lo
            base = lo * 15
            d0 = _pc(items[c, 4], q0)
            scan = base + (part - 1) * size if part > 0 else base
            for o in range(size):
                if part > 0:
                    if np.int64(tiles[scan + o]) != value:
                        continue
                    d01 = d0 + _pc(tiles[base + o], q1)
                else:
                    d01 = d0 + _pc(tiles[base + o], q1)
                    if d01 > pair_radius:
                        continue
                d = d01
                for s in range(1, 15):
                    d += _pc(tiles[base + s * size + o], q_chunks[qi, s + 1])
                    if d > threshold:
                        break
                j = lo + o
                if d > threshold or not (alive_bits[j >> 3] >> (j & 7)) & 1:
                    continue
                if part > 0:
                    # Keep it only from the first part that finds it: no duplicates, no sort.
                    if pair_radius >= 0 and d01 <= pair_radius:
                        continue
                    earlier = False
                    for s in range(2, part):
                        if _pc(tiles[base + (s - 1) * size + o], q_chunks[qi, s]) <= radius:
                            earlier = True
                            break
                    if earlier:
                        continue
                out_q, out_pos, out_d = _push_hit(out_q, out_pos, out_d, found, qi, j, d)
                found += 1
    return out_q[:found].copy(), out_pos[:found].copy(), out_d[:found].copy()


if AVAILABLE:
    _pc = jit_kernel(_pc)
    _prefetch_item = jit_kernel(_prefetch_item)
    _resolve = jit_kernel(_resolve)
    _grow_items = jit_kernel(_grow_items)
    _mih_query = jit_kernel(_mih_query)


def compact_query(
    tiles: npt.NDArray[np.uint16],
    block_offsets: npt.NDArray[np.uint32],
    alive_bits: npt.NDArray[np.uint8],
    refs: npt.NDArray[np.uint16],
    counts: npt.NDArray[np.unsignedinteger[Any]],
    checkpoints: npt.NDArray[np.uint32],
    h: int,
    q_chunks: npt.NDArray[np.uint16],
    masks: npt.NDArray[np.uint16],
    radius: int,
    pair_radius: int,
    threshold: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Typed entry point for :func:`_mih_query` (see there); requires :data:`AVAILABLE`.

    ``masks`` must be every 16-bit value ordered by bit count (:func:`masks_by_bits`).
    """
    n_table = _masks_up_to(radius)
    n_pair = _masks_up_to(pair_radius)
    q, pos, d = _mih_query(
        tiles,
        block_offsets,
        alive_bits,
        refs,
        counts,
        checkpoints,
        h,
        q_chunks,
        masks,
        n_table,
        n_pair,
        pair_radius,
        radius,
        threshold,
    )
    return q, pos, d


def masks_by_bits() -> npt.NDArray[np.uint16]:
    """Every 16-bit mask, those with fewer bits set first: the first ``_masks_up_to(k)`` have at most ``k`` bits."""
    values = np.arange(1 << 16, dtype=np.uint32)
    return values[np.argsort(np.bitwise_count(values), kind="stable")].astype(np.uint16)


def _masks_up_to(bits: int) -> int:
    from math import comb

    return sum(comb(16, k) for k in range(min(bits, 16) + 1)) if bits >= 0 else 0
