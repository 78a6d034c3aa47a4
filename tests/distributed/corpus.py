"""A generated set of pictures (and one video) for the distributed tests: benign gradients and shapes, no people."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tragac.demo.media import jpeg_bytes, picture, transformed_jpeg, write_video


def write_pictures(folder: Path, n: int, *, video: bool = False) -> list[Path]:
    """``n`` JPEGs (every third a re-encoded near-copy of the one before: near matches exist), a clip if asked."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    previous = b""
    for i in range(n):
        if i % 3 == 2:
            data = transformed_jpeg(previous, "resize_75_q60")
        else:
            data = jpeg_bytes(picture(f"scale-{i}", (160, 120)))
        path = folder / f"pic_{i:03d}.jpg"
        path.write_bytes(data)
        paths.append(path)
        previous = data
    if video:
        clip = folder / "clip.mp4"
        write_video(clip, "scale-clip", seconds=2.0)
        paths.append(clip)
    (folder / "notes.txt").write_text("not a picture\n", encoding="utf-8")
    paths.append(folder / "notes.txt")
    return paths


def random_hashes(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, size=(n, 32), dtype=np.uint8)


def near_copies(hashes: np.ndarray, max_flips: int, seed: int) -> np.ndarray:
    """Each hash with up to ``max_flips`` random bits flipped."""
    rng = np.random.default_rng(seed)
    bits = np.unpackbits(hashes, axis=1)
    for row in range(len(bits)):
        bits[row, rng.choice(256, size=int(rng.integers(0, max_flips + 1)), replace=False)] ^= 1
    return np.packbits(bits, axis=1)
