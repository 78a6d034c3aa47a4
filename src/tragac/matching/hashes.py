"""Signal types and hash values: validation, and 256-bit PDQ hex <-> packed bytes for the index."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

SIGNAL_TYPES = ("pdq", "video_pdq", "md5", "sha256")
PDQ_BYTES = 32
PDQ_MIN_QUALITY = 50

_HEX_LENGTH = {"pdq": 64, "md5": 32, "sha256": 64}
_HEX = re.compile(r"^[0-9a-f]+$")

U8Array = npt.NDArray[np.uint8]


def normalise_hash(signal_type: str, value: str) -> str:
    """The canonical (lower-case hex) form of ``value``; ValueError naming what is wrong otherwise."""
    if signal_type not in _HEX_LENGTH:
        raise ValueError(f"unknown signal type {signal_type!r} (expected one of {', '.join(SIGNAL_TYPES)})")
    v = value.strip().lower()
    want = _HEX_LENGTH[signal_type]
    if len(v) != want or not _HEX.match(v):
        raise ValueError(f"not a {signal_type} hash ({want} hex digits): {value.strip()[:80]!r}")
    return v


def pdq_to_bytes(hashes: Iterable[str]) -> U8Array:
    """Pack 64-hex PDQ strings into an (n, 32) uint8 array, most significant byte first (faiss's layout)."""
    joined = "".join(hashes)
    if not joined:
        return np.zeros((0, PDQ_BYTES), dtype=np.uint8)
    return np.frombuffer(bytes.fromhex(joined), dtype=np.uint8).reshape(-1, PDQ_BYTES).copy()


def bytes_to_pdq(packed: U8Array) -> list[str]:
    return [row.tobytes().hex() for row in np.ascontiguousarray(packed, dtype=np.uint8)]


def hamming(a: str, b: str) -> int:
    """Hamming distance between two hex hashes of the same length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


FRAME_KEYS = ("frame", "timestamp", "quality", "pdq")


def normalise_frames(frames: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """vPDQ frame features as ``{"frame", "timestamp", "quality", "pdq"}`` with checked types, in frame order."""
    out: list[dict[str, Any]] = []
    for i, f in enumerate(frames):
        try:
            pdq = normalise_hash("pdq", str(f["pdq"]))
            quality = int(str(f.get("quality", 100)))
            timestamp = float(str(f.get("timestamp", 0.0)))
            frame = int(str(f.get("frame", i)))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"frame {i}: {exc}") from None
        if not 0 <= quality <= 100 or timestamp < 0:
            raise ValueError(f"frame {i}: quality must be 0-100 and timestamp >= 0")
        out.append({"frame": frame, "timestamp": round(timestamp, 3), "quality": quality, "pdq": pdq})
    if not out:
        raise ValueError("a video hash needs at least one frame")
    out.sort(key=lambda f: (f["frame"], f["timestamp"]))
    return out


def video_digest(frames: list[dict[str, Any]]) -> str:
    """A stable 64-hex key for a frame list (the bank entry's ``value``): SHA-256 of its compact vPDQ lines."""
    import hashlib

    text = "\n".join(f"{f['pdq']},{f['quality']},{float(f['timestamp']):.3f}" for f in frames)
    return hashlib.sha256(text.encode()).hexdigest()
