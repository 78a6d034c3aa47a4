"""Decoding untrusted media with limits: content sniffing, pixel budgets, deadlines, every Pillow mode to RGB.

Files come from hostile chats, so every failure here is an expected outcome: it raises :class:`MediaError` with a
short message that the caller records per file, and the run goes on.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

Kind = Literal["image", "video", "other"]

# Meta's reference hasher shrinks every picture to fit 512×512 before hashing (pdq_hasher.py `thumbnail((512, 512))`).
PDQ_SIDE = 512


@dataclass(frozen=True)
class DecodeLimits:
    """Budgets for one file. The memory bound in docs/hashing.md follows from ``max_decoded_pixels``."""

    max_declared_pixels: int = 150_000_000  # header dimensions; JPEG draft decodes even these at 1/8 scale
    max_decoded_pixels: int = 40_000_000  # pixels actually materialised (after JPEG draft scaling)
    max_seconds: float = 120.0  # per file, decoding and hashing together
    max_frame_pixels: int = 1920 * 1088  # video frames above this are scaled down before hashing
    max_frames: int = 60_000  # hashed frames per video or animation (30 min at 30 fps, every frame)


class MediaError(Exception):
    """A file that cannot be decoded or hashed; ``str(exc)`` is the per-file error recorded."""


class NotAPicture(MediaError):
    """Pillow does not recognise the bytes as any picture format it may open."""


class Deadline:
    """A cooperative time limit, checked between frames and decoding steps."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise MediaError(f"took longer than the {self.seconds:g} s limit")


_IMAGE_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
)
_VIDEO_BRANDS_NOT_VIDEO = {b"heic", b"heix", b"mif1", b"msf1", b"avif", b"heis", b"hevc"}


def sniff_kind(head: bytes) -> Kind:
    """Classify a file by its first bytes; extensions and declared MIME types are ignored (they lie)."""
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video"
    if head[4:8] == b"ftyp":
        return "other" if head[8:12] in _VIDEO_BRANDS_NOT_VIDEO else "video"
    if head.startswith((b"\x1a\x45\xdf\xa3", b"FLV")):  # Matroska/WebM, Flash video
        return "video"
    if len(head) >= 189 and head[0] == 0x47 and head[188] == 0x47:  # MPEG transport stream
        return "video"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):  # MPEG program stream / elementary video
        return "video"
    return "other"


# Formats Pillow may open here. EPS/PS are left out on purpose: Pillow hands them to Ghostscript.
SAFE_IMAGE_FORMATS = ("JPEG", "MPO", "PNG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "PPM", "TGA", "AVIF")


def _safe_formats() -> list[str]:
    Image.init()
    return [f for f in SAFE_IMAGE_FORMATS if f in Image.OPEN]


def sniff_file(path: str | Path) -> Kind:
    with open(path, "rb") as fh:
        return sniff_kind(fh.read(512))


def fit_within(width: int, height: int, side: int = PDQ_SIDE) -> tuple[int, int]:
    """The size ``thumbnail((side, side))`` would give: aspect kept, never enlarged."""
    if width <= side and height <= side:
        return width, height
    scale = side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(im: Image.Image) -> int:
    try:
        if im.format == "PNG":  # PNG's getexif() decodes the whole image to look past IDAT: header only here
            raw = im.info.get("exif")
            if not raw:
                return 1
            exif = Image.Exif()
            exif.load(raw)
            value = exif.get(0x0112, 1)
        else:
            value = im.getexif().get(0x0112, 1)
    except Exception:  # a malformed EXIF block must not cost us the picture
        return 1
    return value if isinstance(value, int) else 1


def _high_bit_depth_to_l(im: Image.Image) -> Image.Image:
    """16-bit and float greyscale (I;16*, I, F) to 8-bit L, scaling 0..65535 (or the data's range) to 0..255."""
    arr = np.array(im, dtype=np.float32)  # one 4-byte copy, then worked on in place
    top = float(arr.max()) if arr.size else 0.0
    if top > 255.0:
        np.multiply(arr, 255.0 / (65535.0 if top <= 65535.0 else top), out=arr)
    np.clip(arr, 0, 255, out=arr)
    return Image.fromarray(arr.astype(np.uint8), mode="L")


_RESIZABLE = {"L", "LA", "RGB", "RGBA", "RGBX", "CMYK", "YCbCr", "LAB", "HSV", "La", "RGBa"}


def _prepare_for_resize(im: Image.Image) -> Image.Image:
    """Bring odd modes to one that resizes with interpolation (palette and 1-bit images resize only NEAREST)."""
    if im.mode in _RESIZABLE:
        return im
    if im.mode.startswith("I") or im.mode == "F":
        return _high_bit_depth_to_l(im)
    if im.mode == "1":
        return im.convert("L")
    if im.mode in {"P", "PA"}:
        return im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")
    try:
        return im.convert("RGB")
    except (ValueError, OSError) as exc:
        raise MediaError(f"unsupported pixel mode {im.mode}") from exc


def to_rgb(im: Image.Image) -> Image.Image:
    """Any Pillow mode to RGB; alpha is dropped as Meta's reference does (``convert("RGB")``)."""
    im = _prepare_for_resize(im)
    if im.mode == "RGB":
        return im
    if im.mode in {"LAB", "HSV"}:
        try:
            return im.convert("RGB")
        except ValueError:
            from PIL import ImageCms

            if im.mode == "LAB":
                lab = ImageCms.createProfile("LAB")
                srgb = ImageCms.createProfile("sRGB")
                return ImageCms.profileToProfile(im, lab, srgb, outputMode="RGB")  # type: ignore[return-value]
            raise
    return im.convert("RGB")


def shrink_for_pdq(im: Image.Image, orientation: int = 1) -> np.ndarray:
    """An opened, loaded frame → the HxWx3 uint8 array PDQ hashes: fit to 512×512, EXIF orientation applied."""
    im = _prepare_for_resize(im)
    target = fit_within(*im.size)
    if im.size != target:
        # Same filter and two-step reduction as Image.thumbnail, which Meta's reference hasher calls.
        im = im.resize(target, Image.Resampling.BICUBIC, reducing_gap=2.0)
    im = to_rgb(im)
    transpose = _ORIENTATION_TRANSPOSE.get(orientation)
    if transpose is not None:
        im = im.transpose(transpose)
    return np.asarray(im)


@dataclass
class OpenedImage:
    image: Image.Image
    width: int  # as displayed, after EXIF orientation
    height: int
    orientation: int
    animated: bool
    n_frames: int


def open_image(path: str | Path, limits: DecodeLimits) -> OpenedImage:
    """Open ``path`` and check its declared size; the JPEG decoder is told (draft) to decode no more than needed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path, formats=_safe_formats())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(f"image too large to decode safely ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise NotAPicture("not a picture format we can read") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise MediaError(f"cannot read the picture: {exc}") from exc
    width, height = im.size
    if width <= 0 or height <= 0:
        raise MediaError("picture has no pixels")
    if width * height > limits.max_declared_pixels:
        im.close()
        raise MediaError(f"image too large: {width}×{height} exceeds the {limits.max_declared_pixels:,}-pixel limit")
    orientation = _orientation(im)
    n_frames = int(getattr(im, "n_frames", 1) or 1)
    shown = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    return OpenedImage(im, shown[0], shown[1], orientation, bool(getattr(im, "is_animated", False)), n_frames)


def first_frame_rgb(opened: OpenedImage, limits: DecodeLimits) -> np.ndarray:
    """Decode frame 0 at the smallest JPEG scale that still covers the 512 fit, and shrink it for PDQ."""
    im = opened.image
    target = fit_within(*im.size)
    if im.format == "JPEG" and im.size != target:
        im.draft("RGB", target)
    w, h = im.size
    if w * h > limits.max_decoded_pixels:
        raise MediaError(f"image too large: {w}×{h} exceeds the {limits.max_decoded_pixels:,} decoded-pixel limit")
    return _load_and_shrink(im, opened.orientation)


@contextmanager
def strict_truncation() -> Iterator[None]:
    """Make Pillow fail on truncated files while we decode.

    WeasyPrint sets the process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` on import, which would silently pad a
    cut-off picture with grey and give it a hash; a truncated file must be a recorded error instead.
    """
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _load_and_shrink(im: Image.Image, orientation: int) -> np.ndarray:
    try:
        with strict_truncation():
            im.load()
        return shrink_for_pdq(im, orientation)
    except MediaError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise MediaError(f"cannot decode the picture: {exc}") from exc


def animation_frames(
    opened: OpenedImage, limits: DecodeLimits, deadline: Deadline, every_frame: bool
) -> Iterator[tuple[int, float, np.ndarray]]:
    """(frame number, timestamp in s, RGB array) of an animated GIF/WebP/PNG: every frame or one per second."""
    im = opened.image
    w, h = im.size
    if w * h > limits.max_decoded_pixels:
        raise MediaError(f"animation too large: {w}×{h} exceeds the {limits.max_decoded_pixels:,}-pixel limit")
    t = 0.0
    next_sample = 0.0
    hashed = 0
    for index in range(opened.n_frames):
        deadline.check()
        try:
            im.seek(index)
            with strict_truncation():
                im.load()  # WebP reports a frame's duration only once the frame is decoded
        except EOFError:
            break
        except (OSError, ValueError) as exc:
            raise MediaError(f"corrupt animation frame {index}: {exc}") from exc
        duration = float(im.info.get("duration", 0) or 0) / 1000.0
        if every_frame or t >= next_sample:
            if hashed >= limits.max_frames:
                break
            yield index, round(t, 3), _load_and_shrink(im, opened.orientation)
            hashed += 1
            while next_sample <= t:
                next_sample += 1.0
        t += duration if duration > 0 else 0.1  # browsers show zero-duration frames for ~0.1 s
