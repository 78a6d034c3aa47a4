"""The robust fingerprint's values (window hashes, local features) without OpenCV: readers of hash files and the
store need the types, not the computer vision library that makes them (see :mod:`tragac.media.robust`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U8 = npt.NDArray[np.uint8]
ORB_FEATURES = 128  # keypoints kept per reference picture (strongest first), and as many again of its mirror image
# A monitored picture keeps twice as many: text, emoji and app chrome drawn over a re-post have strong corners that
# would otherwise take most of the 128 and leave too few on the picture itself (measured: docs/performance.md).
QUERY_FEATURES = 256
FEATURE_BYTES = 36  # per keypoint: x, y as uint16, then the 32-byte descriptor
MAX_FEATURE_BYTES = max(2 * ORB_FEATURES, QUERY_FEATURES) * FEATURE_BYTES


@dataclass(frozen=True)
class WindowHash:
    window: str
    pdq: str
    quality: int


@dataclass(frozen=True)
class LocalFeatures:
    """ORB keypoints of a picture: ``points`` (n, 2) float32, pixels / long side of the trimmed picture, ``descriptors``
    (n, 32) uint8. Serialised as :meth:`to_bytes` (36 bytes per keypoint)."""

    points: npt.NDArray[np.float32]
    descriptors: U8

    def __len__(self) -> int:
        return len(self.descriptors)

    def to_bytes(self) -> bytes:
        xy = np.round(np.clip(self.points, 0.0, 1.0) * 65535).astype("<u2")
        return b"".join(xy[i].tobytes() + self.descriptors[i].tobytes() for i in range(len(self)))

    @classmethod
    def from_bytes(cls, data: bytes) -> LocalFeatures:
        if len(data) % FEATURE_BYTES:
            raise ValueError(f"local features must be a multiple of {FEATURE_BYTES} bytes, got {len(data)}")
        rows = np.frombuffer(data, dtype=np.uint8).reshape(-1, FEATURE_BYTES)
        xy = rows[:, :4].copy().view("<u2").astype(np.float32) / 65535
        return cls(xy.reshape(-1, 2).astype(np.float32), rows[:, 4:].copy())
