"""Hostile and broken files: each gives a per-file error and the run goes on; memory and time stay bounded."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tragac.media.decode import DecodeLimits, sniff_kind
from tragac.media.exact import file_digests
from tragac.media.hasher import HashOptions, hash_file
from tragac.media.pool import HashJob, hash_files

from .generated import jpeg_bytes, make_picture, write_video


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int, height: int, rows: int | None = None, alpha: bool = False) -> bytes:
    """A small PNG declaring width×height RGB(A) pixels of zeros (only ``rows`` rows present when given)."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (1 + (4 if alpha else 3) * width)
    body = b"".join(comp.compress(row) for _ in range(height if rows is None else rows)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def _write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


def test_exact_hashes_match_hashlib(tmp_path: Path) -> None:
    import hashlib

    data = os.urandom(3 * (1 << 20) + 17)  # spans several read chunks
    p = _write(tmp_path, "blob.bin", data)
    got = file_digests(p)
    assert got.sha256 == hashlib.sha256(data).hexdigest()
    assert got.md5 == hashlib.md5(data).hexdigest()
    assert got.size == len(data)


def test_zero_byte_file(tmp_path: Path) -> None:
    r = hash_file(_write(tmp_path, "empty.jpg", b""))
    assert r.error == "empty file (0 bytes)"
    assert r.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert r.pdq is None


def test_truncated_jpeg(tmp_path: Path) -> None:
    data = jpeg_bytes(make_picture(1))
    r = hash_file(_write(tmp_path, "cut.jpg", data[: len(data) // 3]))
    assert r.kind == "image" and r.pdq is None
    assert r.error is not None and "truncated" in r.error
    assert r.sha256 is not None  # exact hashes survive a decoding failure


def test_corrupt_jpeg_body(tmp_path: Path) -> None:
    r = hash_file(_write(tmp_path, "noise.jpg", b"\xff\xd8\xff\xe0" + os.urandom(5000)))
    assert r.kind == "image" and r.error is not None and r.pdq is None


def test_mislabelled_files_are_hashed_by_content(tmp_path: Path) -> None:
    png = io.BytesIO()
    make_picture(2).save(png, "PNG")
    as_video = hash_file(_write(tmp_path, "clip.mp4", png.getvalue()))
    assert as_video.kind == "image" and as_video.pdq is not None and as_video.error is None
    video = write_video(tmp_path / "v.mp4", seconds=2)
    as_picture = hash_file(_write(tmp_path, "photo.jpg", video.read_bytes()))
    assert as_picture.kind == "video" and as_picture.frames and as_picture.error is None
    text = hash_file(_write(tmp_path, "notes.jpg", b"just some text, not a picture\n"))
    assert text.kind == "other" and text.error is None and text.md5 is not None


def test_declared_size_beyond_limit_is_refused_before_decoding(tmp_path: Path) -> None:
    r = hash_file(_write(tmp_path, "bomb.png", png_bomb(20_000, 10_000, rows=10)))
    assert r.error is not None and "too large" in r.error
    assert r.kind == "image" and r.pdq is None


def test_huge_jpeg_header(tmp_path: Path) -> None:
    data = bytearray(jpeg_bytes(Image.new("RGB", (64, 48), "gray")))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 65000, 65000)  # height, width
    r = hash_file(_write(tmp_path, "huge.jpg", bytes(data)))
    assert r.error is not None and "too large" in r.error


def test_sniffing() -> None:
    assert sniff_kind(b"\xff\xd8\xff\xe0") == "image"
    assert sniff_kind(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image"
    assert sniff_kind(b"\x00\x00\x00\x18ftypmp42") == "video"
    assert sniff_kind(b"\x00\x00\x00\x18ftypheic") == "other"
    assert sniff_kind(b"\x1a\x45\xdf\xa3") == "video"
    assert sniff_kind(b"%PDF-1.7") == "other"


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animated_first_frame_and_frames(tmp_path: Path, fmt: str) -> None:
    frames = [make_picture(s, (200, 150)) for s in (10, 11, 12)]
    path = tmp_path / f"anim.{fmt.lower()}"
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=500, loop=0)
    monitored = hash_file(path)
    assert monitored.kind == "image" and monitored.pdq is not None and monitored.frames is not None
    assert [f.frame for f in monitored.frames] == [0, 2]  # one per second: t=0 s and t=1 s
    assert monitored.frames[0].pdq == monitored.pdq
    reference = hash_file(path, HashOptions(reference=True))
    assert reference.frames is not None and [f.timestamp for f in reference.frames] == [0.0, 0.5, 1.0]
    assert reference.dihedral is not None and reference.dihedral[0] == reference.pdq


def test_cooperative_time_limit(tmp_path: Path) -> None:
    video = write_video(tmp_path / "v.mp4", seconds=3)
    r = hash_file(video, HashOptions(reference=True, limits=DecodeLimits(max_seconds=0.0001)))
    assert r.error is not None and "limit" in r.error
    assert r.sha256 is not None


def test_pipes_and_devices_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)  # opening it for reading would block forever
    r = hash_file(fifo)
    assert r.error == "not a regular file" and r.sha256 is None
    assert hash_file(tmp_path / "gone.jpg").error == "file not found"


def test_stuck_decoder_is_killed_and_the_run_goes_on(tmp_path: Path) -> None:
    """A 39 MP PNG decodes for ~0.25 s inside C code, where no cooperative check can stop it: the worker is killed."""
    slow = _write(tmp_path, "slow.png", png_bomb(6000, 6500))  # 39 MP: within the limits, so it is decoded
    good = _write(tmp_path, "good.jpg", jpeg_bytes(make_picture(3, (300, 200))))
    jobs = [HashJob("slow", str(slow)), HashJob("good", str(good))]
    t0 = time.monotonic()
    options = HashOptions(limits=DecodeLimits(max_seconds=0.1))
    results = dict(hash_files(jobs, options, workers=1, grace_seconds=0.05))
    assert time.monotonic() - t0 < 30
    assert results["slow"].error is not None and "limit" in results["slow"].error
    assert results["slow"].sha256 is not None  # the parent still records the exact hashes
    assert results["good"].error is None and results["good"].pdq is not None


def test_pool_and_in_process_agree(tmp_path: Path) -> None:
    paths = [_write(tmp_path, f"{s}.jpg", jpeg_bytes(make_picture(s, (300, 200)))) for s in range(4)]
    jobs = [HashJob(p.name, str(p)) for p in paths]
    pooled = dict(hash_files(jobs, workers=2))
    local = dict(hash_files(jobs, workers=0))
    assert {k: v.pdq for k, v in pooled.items()} == {k: v.pdq for k, v in local.items()}


_RSS_SCRIPT = """
import resource, sys
from tragac.media.hasher import hash_file
import tragac.media.video
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
r = hash_file(sys.argv[1])
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(grown, r.error or "ok")
"""


def _peak_growth_mib(path: Path) -> tuple[int, str]:
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(path)], capture_output=True, text=True, check=True)
    grown, status = out.stdout.split(maxsplit=1)
    return int(grown), status.strip()


@pytest.mark.slow
def test_memory_bound(tmp_path: Path) -> None:
    """docs/hashing.md: peak growth <= 8 bytes per decoded pixel (320 MiB at the default 40 MP limit)."""
    bomb = _write(tmp_path, "bomb50.png", png_bomb(10_000, 5_000))  # 50 MP declared, ~150 KB on disk
    grown, status = _peak_growth_mib(bomb)
    assert "too large" in status and grown < 40
    big_jpeg = tmp_path / "big48.jpg"
    Image.linear_gradient("L").resize((8000, 6000)).convert("RGB").save(big_jpeg, quality=85)
    grown, status = _peak_growth_mib(big_jpeg)  # 48 MP: JPEG draft decodes it at 1/8 scale
    assert status == "ok" and grown < 60
    big_png = _write(tmp_path, "big39.png", png_bomb(6000, 6500, alpha=True))
    grown, status = _peak_growth_mib(big_png)  # 39 MP RGBA, the worst case: decoded whole
    assert "ok" in status or "plain" in status
    assert grown <= 39 * 8 + 16


def test_truncated_jpeg_is_an_error_even_after_weasyprint_is_imported(tmp_path: Path) -> None:
    import weasyprint  # noqa: F401  (sets PIL's LOAD_TRUNCATED_IMAGES = True process-wide)

    data = jpeg_bytes(make_picture(1))
    r = hash_file(_write(tmp_path, "cut.jpg", data[: len(data) // 3]))
    assert r.pdq is None and r.error
