"""Every Pillow pixel mode hashes to (nearly) the hash of the same picture in RGB."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tragac.fingerprints.base import hamming
from tragac.media.hasher import hash_file

from .generated import make_picture

# mode -> file format that can store it
MODES = {
    "RGB": "PNG",
    "RGBA": "PNG",
    "L": "PNG",
    "LA": "PNG",
    "P": "PNG",
    "PA": None,  # no format stores PA: hashed through the same conversion in memory
    "1": "PNG",
    "CMYK": "JPEG",
    "YCbCr": "JPEG",
    "I;16": "PNG",
    "I": "TIFF",
    "F": "TIFF",
    "LAB": "TIFF",
    "HSV": None,
}


@pytest.fixture(scope="module")
def picture() -> Image.Image:
    return make_picture(7, (700, 500))


def _in_mode(im: Image.Image, mode: str) -> Image.Image:
    if mode == "I;16":
        return Image.fromarray(np.asarray(im.convert("L")).astype(np.uint16) * 257)
    if mode == "PA":
        return im.convert("RGBA").convert("PA")
    if mode == "P":
        return im.quantize(256)
    return im.convert(mode)


@pytest.mark.parametrize("mode", list(MODES))
def test_mode_hashes_like_rgb(mode: str, picture: Image.Image, tmp_path: Path) -> None:
    rgb = tmp_path / "rgb.png"
    picture.save(rgb)
    base = hash_file(rgb)
    im = _in_mode(picture, mode)
    assert im.mode == mode
    fmt = MODES[mode]
    if fmt is None:
        from tragac.media.decode import shrink_for_pdq
        from tragac.media.pdq import pdq_from_rgb

        got = pdq_from_rgb(shrink_for_pdq(im)).hex
    else:
        path = tmp_path / f"pic.{fmt.lower()}"
        im.save(path, fmt)
        if mode == "YCbCr":
            assert Image.open(path).mode == "RGB"  # JPEG stores YCbCr but decodes to RGB
        result = hash_file(path)
        assert result.error is None, result.error
        got = result.pdq or ""
    # Greyscale and palette lose colour, 1-bit dithering loses most tones: the picture must still match.
    limit = 31 if mode == "1" else 16
    assert hamming(base.pdq or "", got) <= limit, mode


def test_fixture_mode_files_hash_alike(pdq_fixtures: Path) -> None:
    modes = pdq_fixtures / "misc-images" / "modes"
    base = hash_file(modes / "original.jpg").pdq or ""
    for name in ("LA.png", "P.png", "RGBA.png", "CMYK.jpg"):
        result = hash_file(modes / name)
        assert result.error is None and result.quality == 100
        assert hamming(base, result.pdq or "") <= 10, name
