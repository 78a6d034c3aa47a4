"""Compiled inner loop of the multi-index-hashing query (numba), with the same answers as the numpy path.

Numpy spends most of an MIH query materialising candidate arrays (bucket expansion, gathers, a sort to fold
duplicates); compiled, each candidate costs one 32-byte read and four popcounts, with no temporaries. Duplicates
(a neighbour found through several substrings) are folded without a sort: a candidate is kept only from the first
substring table in which it lies within the probing radius, which is exactly one table per true neighbour.

The kernels release the GIL, so a batch is split across threads by the caller. When numba is not installed,
:data:`AVAILABLE` is False and the index falls back to numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from tragac.matching.kernel_kit import AVAILABLE, jit_kernel
from tragac.matching.kernel_kit import new_hits as _new_hits
from tragac.matching.kernel_kit import popcount64 as _popcount64
from tragac.matching.kernel_kit import prefetch as _prefetch_row
from tragac.matching.kernel_kit import push_hit as _push_hit

__all__ = ["AVAILABLE", "mih_query"]
_CHUNKS = 16
_AHEAD = 32  # candidates between a row's prefetch and its use (measured: 8 -> 1.6x, 32 -> 2.1x, 64 no better)


def _mih_query(
    words: Any,
    alive: Any,
    order: Any,
    offsets: Any,
    q_words: Any,
    masks: Any,
    radius: int,
    threshold: int,
) -> tuple[Any, Any, Any]:
    """(query row, stored position, distance) for every alive stored hash within ``threshold`` of each query.

    ``words`` is the stored hashes as (n, 4) uint64, ``order``/``offsets`` the 16 bucket tables (entries of table
    ``t`` whose big-endian 16-bit substring is ``k`` are ``order[t, offsets[t, k]:offsets[t, k + 1]]``),
    ``masks`` every 16-bit mask of at most ``radius`` bits. Substring ``t`` is bytes ``2t, 2t + 1``: bits
    ``16 * (t % 4)`` of word ``t // 4`` in the little-endian view, byte-swapped to make the bucket key.

    Each query first collects its candidates from all 272 buckets, then verifies them with the row
    ``_AHEAD`` candidates further already requested from memory: the rows are random reads, and overlapping
    them is what makes the loop fast (about 2x over reading each row when it is needed).
    """
    out_q, out_pos, out_d = _new_hits()
    found = 0
    cand = np.empty(8192, np.uint32)
    table_end = np.empty(_CHUNKS, np.int64)  # candidates of table t end at table_end[t]
    for qi in range(q_words.shape[0]):
        q0, q1, q2, q3 = q_words[qi, 0], q_words[qi, 1], q_words[qi, 2], q_words[qi, 3]
        n_cand = 0
        for t in range(_CHUNKS):
            little = (q_words[qi, t // 4] >> np.uint64(16 * (t % 4))) & np.uint64(0xFFFF)
            key = ((little & np.uint64(0xFF)) << np.uint64(8)) | (little >> np.uint64(8))  # tables key big-endian
            for m in range(masks.shape[0]):
                bucket = np.int64(key ^ np.uint64(masks[m]))
                lo, hi = np.int64(offsets[t, bucket]), np.int64(offsets[t, bucket + 1])
                if n_cand + hi - lo > cand.shape[0]:
                    cand = _grow_u32(cand, n_cand, 2 * (n_cand + hi - lo))
                for j in range(lo, hi):
                    cand[n_cand] = order[t, j]
                    n_cand += 1
            table_end[t] = n_cand
        for c in range(min(_AHEAD, n_cand)):
            _prefetch_row(words, cand[c])
        for c in range(n_cand):
            if c + _AHEAD < n_cand:
                _prefetch_row(words, cand[c + _AHEAD])
            pos = cand[c]
            x0 = words[pos, 0] ^ q0
            x1 = words[pos, 1] ^ q1
            x2 = words[pos, 2] ^ q2
            x3 = words[pos, 3] ^ q3
            d = _popcount64(x0) + _popcount64(x1) + _popcount64(x2) + _popcount64(x3)
            if d > threshold or not alive[pos]:
                continue
            # Keep it only from the first table that can find it: no duplicates, no sort.
            t = 0
            while table_end[t] <= c:
                t += 1
            first = True
            for s in range(t):
                xs = words[pos, s // 4] ^ q_words[qi, s // 4]
                if _popcount64((xs >> np.uint64(16 * (s % 4))) & np.uint64(0xFFFF)) <= radius:
                    first = False
                    break
            if not first:
                continue
            out_q, out_pos, out_d = _push_hit(out_q, out_pos, out_d, found, qi, pos, d)
            found += 1
    return out_q[:found].copy(), out_pos[:found].copy(), out_d[:found].copy()


def _grow_u32(a: Any, used: Any, cap: Any) -> Any:
    b = np.empty(cap, np.uint32)
    b[:used] = a[:used]
    return b


if AVAILABLE:
    _grow_u32 = jit_kernel(_grow_u32)
    _mih_query = jit_kernel(_mih_query)


def mih_query(
    words: npt.NDArray[np.uint64],
    alive: npt.NDArray[np.bool_],
    order: npt.NDArray[np.uint32],
    offsets: npt.NDArray[np.uint32],
    q_words: npt.NDArray[np.uint64],
    masks: npt.NDArray[np.uint16],
    radius: int,
    threshold: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """Typed entry point for :func:`_mih_query` (see there); requires :data:`AVAILABLE`."""
    q, pos, d = _mih_query(words, alive, order, offsets, q_words, masks, radius, threshold)
    return q, pos, d
