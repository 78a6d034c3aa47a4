"""Benchmark: PDQ hashing throughput on JPEGs of 0.3–12 megapixels, ours vs python-threatexchange, one core each.

Generates benign pictures (gradients, shapes, text, noise) into a temporary folder, then hashes the same files with
``tragac.media.hasher.hash_file`` and with ``threatexchange``'s ``PdqSignal.hash_from_file`` in the same run, pinned
to one CPU. Prints one JSON object.

    .venv/bin/python benchmarks/hashing.py [--count 200] [--seed 1]

Needs the ``bench`` extra (``pip install -e '.[bench]'``) for the peer.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tragac.fingerprints.base import hamming
from tragac.media.hasher import HashOptions, hash_file

# Camera-like sizes from 0.3 MP to 12 MP (a fifth of them portrait).
SIZES = [(640, 480), (800, 600), (1024, 768), (1280, 960), (1600, 1200), (2048, 1536), (2592, 1944), (3264, 2448),
         (4000, 3000)]  # fmt: skip


def picture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    c0 = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    c1 = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    t = (
        np.linspace(0, 1, w, dtype=np.float32)[None, :, None] * 0.6
        + np.linspace(0, 1, h, dtype=np.float32)[:, None, None] * 0.4
    )
    arr = c0 * (1 - t) + c1 * t
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 6, (h, w, 1)).astype(np.float32)
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(rng.randrange(15, 60)):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        box = (x0, y0, x0 + rng.randrange(w // 20, w // 3), y0 + rng.randrange(h // 20, h // 3))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    font = ImageFont.load_default(size=max(12, h // 15))
    draw.text((w // 12, h // 2), f"Benchmark {rng.randrange(10**6)}", fill=(255, 255, 255), font=font)
    return im


def generate(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        w, h = SIZES[i % len(SIZES)]
        if rng.random() < 0.2:
            w, h = h, w
        path = folder / f"img{i:04d}.jpg"
        picture(rng, (w, h)).save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def timed(fn: Any, paths: list[Path]) -> tuple[float, list[Any]]:
    out = []
    t0 = time.perf_counter()
    for p in paths:
        out.append(fn(p))
    return time.perf_counter() - t0, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        from threatexchange.signal_type.pdq.signal import PdqSignal
    except ImportError:
        sys.exit("the peer is missing: pip install -e '.[bench]' (python-threatexchange)")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core each, same core
    with tempfile.TemporaryDirectory(prefix="tragac-bench-") as tmp:
        t0 = time.perf_counter()
        paths = generate(Path(tmp), args.count, args.seed)
        generated_s = time.perf_counter() - t0
        for p in paths:  # warm the page cache so both sides read from memory
            p.read_bytes()
        megapixels = [Image.open(p).size[0] * Image.open(p).size[1] / 1e6 for p in paths]
        options = HashOptions(reference=False)
        hash_file(paths[0], options)
        PdqSignal.hash_from_file(paths[0])  # warm-up both
        ours_s, ours = timed(lambda p: hash_file(p, options), paths)
        theirs_s, theirs = timed(PdqSignal.hash_from_file, paths)
    assert all(r.error is None and r.pdq for r in ours)
    distances = [hamming(r.pdq or "", h) for r, h in zip(ours, theirs, strict=True)]
    n = len(paths)
    result = {
        "benchmark": "hashing",
        "images": n,
        "megapixels": {
            "min": round(min(megapixels), 2),
            "median": round(statistics.median(megapixels), 2),
            "max": round(max(megapixels), 2),
            "total": round(sum(megapixels), 1),
        },
        "ours": {
            "what": "tragac hash_file: SHA-256 + MD5 + PDQ (JPEG draft decode, fit to 512x512)",
            "seconds": round(ours_s, 3),
            "images_per_s": round(n / ours_s, 1),
            "ms_per_image": round(1000 * ours_s / n, 2),
        },
        "threatexchange": {
            "what": "python-threatexchange PdqSignal.hash_from_file (full-resolution decode + pdqhash)",
            "seconds": round(theirs_s, 3),
            "images_per_s": round(n / theirs_s, 1),
            "ms_per_image": round(1000 * theirs_s / n, 2),
        },
        "ratio": round(theirs_s / ours_s, 2),
        "hamming_ours_vs_threatexchange": {
            "median": statistics.median(distances),
            "p95": sorted(distances)[int(0.95 * (n - 1))],
            "max": max(distances),
            "over_31": sum(d > 31 for d in distances),
        },
        "generation_seconds": round(generated_s, 1),
        "cores_used": 1,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
    }
    import orjson

    sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")


if __name__ == "__main__":
    main()
