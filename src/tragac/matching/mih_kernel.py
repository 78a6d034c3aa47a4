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

try:
    import numba
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None  # type: ignore[assignment]

AVAILABLE = numba is not None
_CHUNKS = 16


def _popcount64(x: Any) -> Any:
    # SWAR popcount: LLVM turns this pattern into the popcnt instruction.
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


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
    """
    cap = 1024
    out_q = np.empty(cap, np.int64)
    out_pos = np.empty(cap, np.int64)
    out_d = np.empty(cap, np.int32)
    found = 0
    for qi in range(q_words.shape[0]):
        q0, q1, q2, q3 = q_words[qi, 0], q_words[qi, 1], q_words[qi, 2], q_words[qi, 3]
        for t in range(_CHUNKS):
            shift = np.uint64(16 * (t % 4))
            little = (q_words[qi, t // 4] >> shift) & np.uint64(0xFFFF)
            key = ((little & np.uint64(0xFF)) << np.uint64(8)) | (little >> np.uint64(8))  # tables key big-endian
            for m in range(masks.shape[0]):
                bucket = np.int64(key ^ np.uint64(masks[m]))
                for j in range(offsets[t, bucket], offsets[t, bucket + 1]):
                    pos = order[t, j]
                    x0 = words[pos, 0] ^ q0
                    x1 = words[pos, 1] ^ q1
                    x2 = words[pos, 2] ^ q2
                    x3 = words[pos, 3] ^ q3
                    d = _popcount64(x0) + _popcount64(x1) + _popcount64(x2) + _popcount64(x3)
                    if d > threshold or not alive[pos]:
                        continue
                    # Keep it only from the first table that can find it: no duplicates, no sort.
                    first = True
                    for s in range(t):
                        xs = words[pos, s // 4] ^ q_words[qi, s // 4]
                        if _popcount64((xs >> np.uint64(16 * (s % 4))) & np.uint64(0xFFFF)) <= radius:
                            first = False
                            break
                    if not first:
                        continue
                    if found == cap:
                        cap *= 2
                        out_q = _grow_i64(out_q, cap)
                        out_pos = _grow_i64(out_pos, cap)
                        out_d = _grow_i32(out_d, cap)
                    out_q[found] = qi
                    out_pos[found] = pos
                    out_d[found] = d
                    found += 1
    return out_q[:found].copy(), out_pos[:found].copy(), out_d[:found].copy()


def _grow_i64(a: Any, cap: int) -> Any:
    b = np.empty(cap, np.int64)
    b[: a.shape[0]] = a
    return b


def _grow_i32(a: Any, cap: int) -> Any:
    b = np.empty(cap, np.int32)
    b[: a.shape[0]] = a
    return b


if AVAILABLE:
    _jit = numba.njit(nogil=True, cache=True)
    _popcount64 = _jit(_popcount64)
    _grow_i64 = _jit(_grow_i64)
    _grow_i32 = _jit(_grow_i32)
    _mih_query = _jit(_mih_query)


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
