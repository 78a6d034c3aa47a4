"""What the compiled index kernels (:mod:`.mih_kernel`, :mod:`.compact_kernel`, :mod:`.scan_kernel`) share: numba
if installed, a popcount, a software prefetch, and the growing hit arrays every kernel returns.

When numba is not installed, :data:`AVAILABLE` is False, the helpers stay plain Python (``prefetch`` a no-op) and
the indexes fall back to numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None  # type: ignore[assignment]

AVAILABLE = numba is not None


def jit_kernel(fn: Any) -> Any:
    """Compile ``fn`` as the kernels are compiled: no GIL, cached on disk (only where :data:`AVAILABLE`)."""
    return numba.njit(nogil=True, cache=True)(fn)


def popcount64(x: Any) -> Any:
    # SWAR popcount: LLVM turns this pattern into the popcnt instruction.
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


def prefetch(arr: Any, at: Any) -> None:
    """Ask the CPU to start loading ``arr[at]`` (its first element for a 2-D array; a no-op outside compiled code)."""


def grow_i64(a: Any, cap: int) -> Any:
    b = np.empty(cap, np.int64)
    b[: a.shape[0]] = a
    return b


def grow_i32(a: Any, cap: int) -> Any:
    b = np.empty(cap, np.int32)
    b[: a.shape[0]] = a
    return b


def new_hits() -> tuple[Any, Any, Any]:
    """Empty (query, row, distance) hit arrays with room for a first thousand hits."""
    return np.empty(1024, np.int64), np.empty(1024, np.int64), np.empty(1024, np.int32)


def push_hit(out_q: Any, out_pos: Any, out_d: Any, found: int, q: int, pos: int, d: int) -> tuple[Any, Any, Any]:
    """Write hit number ``found``, doubling the arrays when full; returns the (possibly new) arrays."""
    if found == out_q.shape[0]:
        cap = 2 * found
        out_q, out_pos, out_d = grow_i64(out_q, cap), grow_i64(out_pos, cap), grow_i32(out_d, cap)
    out_q[found] = q
    out_pos[found] = pos
    out_d[found] = d
    return out_q, out_pos, out_d


if AVAILABLE:
    from llvmlite import binding as _llvm
    from llvmlite import ir as _ir
    from numba.core import cgutils as _cgutils
    from numba.extending import intrinsic as _intrinsic

    # LLVM 15+ names the intrinsic by its (opaque) pointer type; older LLVMs by the typed pointer.
    _PREFETCH = "llvm.prefetch.p0" if _llvm.llvm_version_info[0] >= 15 else "llvm.prefetch.p0i8"

    @_intrinsic
    def _prefetch_intrinsic(typingctx: Any, arr: Any, at: Any) -> Any:
        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            aryty = signature.args[0]
            ary = context.make_array(aryty)(context, builder, args[0])
            index = context.cast(builder, args[1], signature.args[1], numba.types.intp)
            zero = context.get_constant(numba.types.intp, 0)
            ptr = _cgutils.get_item_pointer(context, builder, aryty, ary, [index] + [zero] * (aryty.ndim - 1))
            i8p = _ir.IntType(8).as_pointer()
            i32 = _ir.IntType(32)
            fn = _cgutils.get_or_insert_function(
                builder.module, _ir.FunctionType(_ir.VoidType(), [i8p, i32, i32, i32]), _PREFETCH
            )
            # read, keep in all cache levels, data cache
            builder.call(fn, [builder.bitcast(ptr, i8p), i32(0), i32(3), i32(1)])
            return context.get_dummy_value()

        return numba.types.void(arr, at), codegen

    prefetch = _prefetch_intrinsic  # type: ignore[assignment]
    popcount64 = jit_kernel(popcount64)
    grow_i64 = jit_kernel(grow_i64)
    grow_i32 = jit_kernel(grow_i32)
    new_hits = jit_kernel(new_hits)
    push_hit = jit_kernel(push_hit)
