"""PDQ (Meta's 256-bit perceptual image hash): the one place for its match threshold and quality floor.

Meta's operating points (pdq/README.md; python-threatexchange ``PDQ_CONFIDENT_MATCH_THRESHOLD`` and
``PdqSignal.QUALITY_THRESHOLD``): two hashes match at Hamming distance <= 31 of 256 bits; hashes of quality below 50
are kept but never compared. Also the packed-bytes layout the indexes use (most significant byte first, as faiss).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from tragac.fingerprints.base import FingerprintKind, register

PDQ_MATCH_THRESHOLD = 31
PDQ_MIN_QUALITY = 50
PDQ_BITS = 256
PDQ_BYTES = PDQ_BITS // 8

U8Array = npt.NDArray[np.uint8]


def pdq_to_bytes(hashes: Iterable[str]) -> U8Array:
    """Pack 64-hex PDQ strings into an (n, 32) uint8 array, most significant byte first (faiss's layout)."""
    joined = "".join(hashes)
    if not joined:
        return np.zeros((0, PDQ_BYTES), dtype=np.uint8)
    return np.frombuffer(bytes.fromhex(joined), dtype=np.uint8).reshape(-1, PDQ_BYTES).copy()


def bytes_to_pdq(packed: U8Array) -> list[str]:
    return [row.tobytes().hex() for row in np.ascontiguousarray(packed, dtype=np.uint8)]


@register
class Pdq(FingerprintKind):
    name = "pdq"
    description = "PDQ perceptual image hash (256 bits, Hamming distance)"
    hex_length = 64
    bits = PDQ_BITS
    default_threshold = PDQ_MATCH_THRESHOLD
    min_quality = PDQ_MIN_QUALITY
    exact = False
    index = "mih"

    @classmethod
    def examples(cls) -> list[str]:
        # python-threatexchange PdqSignal.get_examples(): pdq/data/bridge-mods and misc-images.
        return [
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",
            "f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22",
            "d8f8f0cec0f4a84f8e370a22038f67f0b36a2ed597231e1d72e6b39c4a9c9b22",
            "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064",
            "6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d",
        ]

    @classmethod
    def invalid_examples(cls) -> list[str]:
        return [
            "",
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b2",  # 63 digits
            "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22aa",  # 66 digits
            "g8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22",  # not hex
            "0x f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b",
        ]
