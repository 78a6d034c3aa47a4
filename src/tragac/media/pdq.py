"""PDQ perceptual hashes (Meta's algorithm via pdqhash): hex encoding, distance, quality and dihedral variants."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdqhash

# Meta's recommended operating points (pdq/README.md, python-threatexchange pdq_utils.py and signal.py).
MATCH_THRESHOLD = 31  # match when Hamming distance <= 31 of 256 bits
MIN_QUALITY = 50  # hashes of lower quality are stored but never used to match

# Order of pdqhash.compute_dihedral, which is also Meta's: the original first.
DIHEDRAL_NAMES = ("original", "rotate90", "rotate180", "rotate270", "flipx", "flipy", "flip_plus1", "flip_minus1")

_BIT_WEIGHTS = np.array([128, 64, 32, 16, 8, 4, 2, 1], dtype=np.uint8)


@dataclass(frozen=True)
class PdqHash:
    hex: str
    quality: int

    @property
    def matchable(self) -> bool:
        return is_matchable(self.quality)


def bits_to_hex(bits: np.ndarray) -> str:
    """pdqhash's 256 0/1 values → 64 hex digits, most significant bit first (python-threatexchange's convention)."""
    packed = np.packbits(np.asarray(bits, dtype=np.uint8).reshape(-1))
    return packed.tobytes().hex()


def hamming(a: str, b: str) -> int:
    """Hamming distance between two hex hashes of equal length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_matchable(quality: int | None, min_quality: int = MIN_QUALITY) -> bool:
    return quality is not None and quality >= min_quality


def is_pdq_hex(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 64:
        return False
    try:
        int(value, 16)
    except ValueError:
        return False
    return value == value.lower()


def pdq_from_rgb(rgb: np.ndarray) -> PdqHash:
    """PDQ of an HxWx3 uint8 RGB array (already shrunk: pdqhash filters every pixel it is given)."""
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb, dtype=np.uint8))
    return PdqHash(bits_to_hex(bits), int(quality))


def pdq_dihedral_from_rgb(rgb: np.ndarray) -> tuple[PdqHash, list[str]]:
    """The PDQ of the array and its 8 dihedral hashes (rotations and flips), the original first."""
    vectors, quality = pdqhash.compute_dihedral(np.ascontiguousarray(rgb, dtype=np.uint8))
    hexes = [bits_to_hex(v) for v in vectors]
    return PdqHash(hexes[0], int(quality)), hexes
