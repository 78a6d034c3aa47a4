"""Compiled blocked scan (numba): every stored hash against every query, in cache-sized blocks.

The stored hashes are four ``uint64`` columns (``words``, shape (4, capacity): structure of arrays), so a loop over
rows reads each column sequentially and LLVM vectorises it (AVX-512 ``vpopcntq`` where the CPU has it: numba
compiles for the host). Rows are taken in blocks of :data:`BLOCK` (the block's columns stay in L1/L2 while every
query of the batch passes over them), and within a block several queries share each row's load (register
blocking, :data:`WIDTHS`): the scan is bound by popcount throughput, not by memory.

The first pass counts only the first two words (128 bits), a lower bound of the distance: for a group of queries
it writes, per row, the smallest bound to any query of the group and returns the block's minimum. Two unrelated
hashes are within 31 bits on 128 bits about once in 10^8 pairs, so a block almost never passes; when one does (a
neighbour of one of the group's queries, or a clustered bank), a second pass checks its passing rows on all 256
bits. Exact (the bound never exceeds the distance), half the work of counting 256 bits, and the number of hits is
unbounded (the outputs grow). The kernel releases the GIL: the caller splits the rows of a big batch between
threads. When numba is not installed, :data:`AVAILABLE` is False and the index scans with numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from tragac.matching.kernel_kit import AVAILABLE, jit_kernel
from tragac.matching.kernel_kit import new_hits as _new_hits
from tragac.matching.kernel_kit import popcount64 as _popcount64
from tragac.matching.kernel_kit import push_hit as _push_hit

__all__ = ["AVAILABLE", "BLOCK", "WIDTHS", "scan"]
BLOCK = 512  # rows per block (one thread, 1M rows, 16 queries a group: 512 -> 13.4-14.4k q/s, 256 -> 12.6-12.9k,
# 1024 -> 11.9-12.3k, 2048 -> 9.1k, 128 -> 9.9-10.5k)
WIDTHS = (16, 8, 4, 2, 1)  # queries sharing each row's load (16 measured 5-10% over 8; 32 spills registers)


def _make_group_min(width: int) -> Any:
    """The first pass for ``width`` queries at once; a compile-time width lets LLVM unroll it and vectorise over
    rows (numba caches each width's closure apart)."""

    def group_min(words: Any, lo: int, hi: int, q: Any, g: int, best: Any) -> Any:
        # ``best[j]``: the smallest distance on words 0-1 from row lo + j to queries g .. g + width - 1 (a lower
        # bound of the full distance); returns the block's minimum.
        # Slices indexed from 0: LLVM can see the index is never negative and drops numba's wraparound, which
        # would otherwise turn the row loads into gathers.
        w0, w1 = words[0, lo:hi], words[1, lo:hi]
        for j in range(hi - lo):
            h0, h1 = w0[j], w1[j]
            m = np.uint64(256)  # unsigned like the popcounts: a signed min would go through float64
            for k in range(width):
                m = min(m, _popcount64(h0 ^ q[g + k, 0]) + _popcount64(h1 ^ q[g + k, 1]))
            best[j] = m
        low = np.int32(256)
        for j in range(hi - lo):
            low = min(low, best[j])
        return low

    return group_min


_group_min_16, _group_min_8, _group_min_4, _group_min_2, _group_min_1 = (_make_group_min(w) for w in WIDTHS)


def _scan(words: Any, lo: int, hi: int, q: Any, threshold: int) -> tuple[Any, Any, Any]:
    """(query row, stored row, distance) for every stored row in ``lo .. hi - 1`` within ``threshold`` of a query.

    ``words`` is (4, capacity) uint64, ``q`` the queries as (n, 4) uint64 in the same byte order.
    """
    out_q, out_pos, out_d = _new_hits()
    found = 0
    best = np.empty(BLOCK, np.int32)
    n_q = q.shape[0]
    for b in range(lo, hi, BLOCK):
        e = min(hi, b + BLOCK)
        g = 0
        while g < n_q:
            left = n_q - g
            if left >= 16:
                width, low = 16, _group_min_16(words, b, e, q, g, best)
            elif left >= 8:
                width, low = 8, _group_min_8(words, b, e, q, g, best)
            elif left >= 4:
                width, low = 4, _group_min_4(words, b, e, q, g, best)
            elif left >= 2:
                width, low = 2, _group_min_2(words, b, e, q, g, best)
            else:
                width, low = 1, _group_min_1(words, b, e, q, g, best)
            if low <= threshold:
                for j in range(e - b):
                    if best[j] > threshold:
                        continue
                    pos = b + j
                    for k in range(g, g + width):
                        d = (
                            _popcount64(words[0, pos] ^ q[k, 0])
                            + _popcount64(words[1, pos] ^ q[k, 1])
                            + _popcount64(words[2, pos] ^ q[k, 2])
                            + _popcount64(words[3, pos] ^ q[k, 3])
                        )
                        if d > threshold:
                            continue
                        out_q, out_pos, out_d = _push_hit(out_q, out_pos, out_d, found, k, pos, d)
                        found += 1
            g += width
    return out_q[:found].copy(), out_pos[:found].copy(), out_d[:found].copy()


if AVAILABLE:
    _group_min_16, _group_min_8, _group_min_4, _group_min_2, _group_min_1 = (
        jit_kernel(f) for f in (_group_min_16, _group_min_8, _group_min_4, _group_min_2, _group_min_1)
    )
    _scan = jit_kernel(_scan)


def scan(
    words: npt.NDArray[np.uint64], lo: int, hi: int, q_words: npt.NDArray[np.uint64], threshold: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Typed entry point for :func:`_scan` (see there); requires :data:`AVAILABLE`."""
    qidx, pos, dist = _scan(words, lo, hi, q_words, threshold)
    return qidx, pos, dist
