"""PDQ on generated benign pictures: common re-post transformations match, different pictures do not."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps

from tragac.fingerprints.base import hamming
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD as MATCH_THRESHOLD
from tragac.media.hasher import HashOptions, hash_file

from .generated import jpeg_bytes, make_picture

SEEDS = range(8)


def _save(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def _jpeg_q30(im: Image.Image) -> bytes:
    return jpeg_bytes(im, 30)


def _half(im: Image.Image) -> bytes:
    return jpeg_bytes(im.resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS))


def _telegram(im: Image.Image) -> bytes:
    im = im.copy()
    im.thumbnail((1280, 1280), Image.Resampling.LANCZOS)
    return jpeg_bytes(im, 80)


def _grey(im: Image.Image) -> bytes:
    return jpeg_bytes(ImageOps.grayscale(im))


def _watermark(im: Image.Image) -> bytes:
    im = im.copy()
    draw = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=im.height // 30)
    draw.text((im.width - im.width // 5, im.height - im.height // 20), "@channel", fill=(255, 255, 255), font=font)
    return jpeg_bytes(im)


TRANSFORMS: dict[str, Callable[[Image.Image], bytes]] = {
    "jpeg-q30": _jpeg_q30,
    "resize-50": _half,
    "telegram-1280-q80": _telegram,
    "greyscale": _grey,
    "small-watermark": _watermark,
}


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Image.Image, Path]]:
    tmp = tmp_path_factory.mktemp("orig")
    out = {}
    for seed in SEEDS:
        im = make_picture(seed, (1600, 1200) if seed % 2 else (1200, 1600))
        out[seed] = (im, _save(tmp, f"{seed}.jpg", jpeg_bytes(im, 95)))
    return out


@pytest.mark.parametrize("transform", list(TRANSFORMS))
def test_transformed_copies_match(
    transform: str, originals: dict[int, tuple[Image.Image, Path]], tmp_path: Path
) -> None:
    distances = []
    for seed, (im, path) in originals.items():
        original = hash_file(path)
        copy = hash_file(_save(tmp_path, f"{seed}-{transform}.jpg", TRANSFORMS[transform](im)))
        assert original.quality is not None and original.quality >= 50
        distances.append(hamming(original.pdq or "", copy.pdq or ""))
    assert max(distances) <= MATCH_THRESHOLD, distances


def test_mirror_matches_through_dihedral(originals: dict[int, tuple[Image.Image, Path]], tmp_path: Path) -> None:
    for seed, (im, path) in originals.items():
        reference = hash_file(path, HashOptions(reference=True))
        assert reference.dihedral is not None
        mirrored = hash_file(_save(tmp_path, f"{seed}-mirror.jpg", jpeg_bytes(ImageOps.mirror(im))))
        rotated = hash_file(_save(tmp_path, f"{seed}-rot.jpg", jpeg_bytes(im.rotate(90, expand=True))))
        assert hamming(reference.pdq or "", mirrored.pdq or "") > MATCH_THRESHOLD
        assert min(hamming(d, mirrored.pdq or "") for d in reference.dihedral) <= MATCH_THRESHOLD
        assert min(hamming(d, rotated.pdq or "") for d in reference.dihedral) <= MATCH_THRESHOLD


def test_different_pictures_do_not_match(originals: dict[int, tuple[Image.Image, Path]]) -> None:
    hashes = {seed: hash_file(path).pdq or "" for seed, (_, path) in originals.items()}
    distances = [hamming(hashes[a], hashes[b]) for a, b in itertools.combinations(hashes, 2)]
    assert len(distances) == 28
    assert min(distances) > MATCH_THRESHOLD, sorted(distances)[:5]


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    """A phone photo stored sideways with an orientation tag hashes like the upright picture."""
    upright = make_picture(42, (900, 600))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what the camera wrote
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=92, exif=exif.tobytes())
    tagged = hash_file(_save(tmp_path, "tagged.jpg", buf.getvalue()))
    plain = hash_file(_save(tmp_path, "upright.jpg", jpeg_bytes(upright, 92)))
    assert (tagged.width, tagged.height) == (900, 600)
    assert hamming(tagged.pdq or "", plain.pdq or "") <= 10
