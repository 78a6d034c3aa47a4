"""Computing PDQ perceptual hashes (Meta's algorithm via pdqhash): hex encoding, quality and dihedral variants.

How PDQ hashes compare (distance, the 31-bit threshold, the quality floor of 50) is :mod:`tragac.fingerprints.pdq`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdqhash

from tragac.fingerprints.pdq import Pdq

# Order of pdqhash.compute_dihedral, which is also Meta's: the original first.
DIHEDRAL_NAMES = ("original", "rotate90", "rotate180", "rotate270", "flipx", "flipy", "flip_plus1", "flip_minus1")

_BIT_WEIGHTS = np.array([128, 64, 32, 16, 8, 4, 2, 1], dtype=np.uint8)


@dataclass(frozen=True)
class PdqHash:
    hex: str
    quality: int

    @property
    def matchable(self) -> bool:
        return Pdq.usable(self.quality)


def bits_to_hex(bits: np.ndarray) -> str:
    """pdqhash's 256 0/1 values → 64 hex digits, most significant bit first (python-threatexchange's convention)."""
    packed = np.packbits(np.asarray(bits, dtype=np.uint8).reshape(-1))
    return packed.tobytes().hex()


def pdq_from_rgb(rgb: np.ndarray) -> PdqHash:
    """PDQ of an HxWx3 uint8 RGB array (already shrunk: pdqhash filters every pixel it is given)."""
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb, dtype=np.uint8))
    return PdqHash(bits_to_hex(bits), int(quality))


def pdq_dihedral_from_rgb(rgb: np.ndarray) -> tuple[PdqHash, list[str]]:
    """The PDQ of the array and its 8 dihedral hashes (rotations and flips), the original first."""
    vectors, quality = pdqhash.compute_dihedral(np.ascontiguousarray(rgb, dtype=np.uint8))
    hexes = [bits_to_hex(v) for v in vectors]
    return PdqHash(hexes[0], int(quality)), hexes
