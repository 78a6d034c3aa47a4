"""Benign generated media for the demo: pictures of shapes, gradients and text, and short videos of moving shapes.

Nothing here depicts a person. Pictures and videos are textured enough for PDQ to give quality ≥ 50, and each
transform is one that the notes (hashing-victims-notices.md) say the media stage must survive — or, for the mirror,
survives only with dihedral hashing. Output is deterministic: the same seed gives the same bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

PICTURE_SIZE = (480, 360)
VIDEO_SIZE = (192, 144)
VIDEO_FPS = 10


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has no sized default font
        return ImageFont.load_default()


def picture(seed: str, size: tuple[int, int] = PICTURE_SIZE, label: str = "") -> Image.Image:
    """A picture of a gradient, a few shapes and a label; no people, no photographs."""
    rng = random.Random(seed)
    w, h = size
    c0 = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    c1 = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    angle = rng.random() * np.pi
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (np.cos(angle) * xx / w + np.sin(angle) * yy / h + 1.0) / 2.0
    t = np.clip(t, 0.0, 1.0)[..., None]
    arr = (c0 * (1 - t) + c1 * t).astype(np.uint8)
    img = Image.fromarray(arr, "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randrange(6, 12)):
        x0, y0 = rng.randrange(-w // 4, w), rng.randrange(-h // 4, h)
        x1, y1 = x0 + rng.randrange(w // 8, w // 2), y0 + rng.randrange(h // 8, h // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.randrange(3)
        if shape == 0:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == 1:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            pts = [(rng.randrange(w), rng.randrange(h)) for _ in range(3)]
            draw.polygon(pts, fill=colour)
    if label:
        draw.text((w // 20, h - h // 6), label, fill=(255, 255, 255), font=_font(max(12, h // 12)))
    return img


def jpeg_bytes(img: Image.Image, quality: int = 85) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()


def _reload(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _watermark(img: Image.Image, text: str = "@kanal_arhiva") -> Image.Image:
    out = img.copy()
    draw = ImageDraw.Draw(out)
    w, h = out.size
    draw.text((w - w // 3, h // 30), text, fill=(255, 255, 255), font=_font(max(10, h // 24)))
    return out


def _scale(img: Image.Image, factor: float) -> Image.Image:
    w, h = img.size
    return img.resize((max(16, round(w * factor)), max(16, round(h * factor))), Image.Resampling.LANCZOS)


# name → (image → image, JPEG quality of the re-post)
IMAGE_TRANSFORMS: dict[str, tuple[Callable[[Image.Image], Image.Image], int]] = {
    "copy": (lambda im: im, 85),
    "resize_50": (lambda im: _scale(im, 0.5), 85),
    "resize_75_q60": (lambda im: _scale(im, 0.75), 60),
    "jpeg_q35": (lambda im: im, 35),
    "greyscale": (lambda im: ImageOps.grayscale(im).convert("RGB"), 85),
    "watermark": (_watermark, 85),
    "mirror": (ImageOps.mirror, 85),
    "telegram_like": (lambda im: _scale(im, 0.8), 87),
}


def transformed_jpeg(original_jpeg: bytes, transform: str) -> bytes:
    """Re-post ``original_jpeg`` after ``transform`` (decoded and re-encoded, as a re-upload would be)."""
    fn, quality = IMAGE_TRANSFORMS[transform]
    return jpeg_bytes(fn(_reload(original_jpeg)), quality)


def _video_frame(seed: str, index: int, size: tuple[int, int]) -> np.ndarray:
    """Frame ``index`` of the moving-shapes clip ``seed`` (rendered at 192x144, then scaled to ``size``)."""
    rng = random.Random(seed)
    base = np.asarray(picture(seed + ":bg", VIDEO_SIZE))
    img = Image.fromarray(base.copy(), "RGB")
    draw = ImageDraw.Draw(img)
    w, h = VIDEO_SIZE
    for k in range(4):
        vx, vy = rng.uniform(-6, 6), rng.uniform(-4, 4)
        x0, y0 = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(10, 30)
        colour = tuple(rng.randrange(256) for _ in range(3))
        x = (x0 + vx * index) % w
        y = (y0 + vy * index) % h
        if k % 2:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r, x + r, y + r), fill=colour)
    if size != VIDEO_SIZE:
        img = img.resize(size, Image.Resampling.BILINEAR)
    return np.asarray(img)


def write_video(
    path: Path,
    seed: str,
    *,
    seconds: float = 3.0,
    size: tuple[int, int] = VIDEO_SIZE,
    start_frame: int = 0,
    greyscale: bool = False,
    crf: int = 28,
) -> int:
    """Encode the clip ``seed`` (frames from ``start_frame``) as H.264 MP4; returns the number of frames."""
    import av

    frames = round(seconds * VIDEO_FPS)
    w, h = size[0] - size[0] % 2, size[1] - size[1] % 2
    # bitexact and one thread are not enough for the same bytes every time: x264's macroblock-tree rate control
    # (its assembly path) gave different output for identical frames in one process, so it is switched off.
    with av.open(str(path), "w", format="mp4", options={"fflags": "+bitexact"}) as container:
        stream = container.add_stream("libx264", rate=VIDEO_FPS)
        stream.width, stream.height = w, h
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, VIDEO_FPS)
        stream.codec_context.thread_count = 1
        stream.codec_context.options = {
            "crf": str(crf),
            "preset": "veryfast",
            "flags": "+bitexact",
            "x264-params": "mbtree=0",
        }
        for i in range(start_frame, start_frame + frames):
            arr = _video_frame(seed, i, (w, h))
            if greyscale:
                grey = (arr @ np.array([0.299, 0.587, 0.114])).astype(np.uint8)
                arr = np.repeat(grey[..., None], 3, axis=2)
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(arr), format="rgb24")
            frame.pts = i - start_frame
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return frames


def video_thumbnail(seed: str, start_frame: int = 0, width: int = 90) -> bytes:
    frame = Image.fromarray(_video_frame(seed, start_frame, VIDEO_SIZE), "RGB")
    return jpeg_bytes(_scale(frame, width / VIDEO_SIZE[0]), 80)
