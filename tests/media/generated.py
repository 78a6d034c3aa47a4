"""Benign generated pictures and videos for the media tests (shapes, gradients, text; nothing real)."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def make_picture(seed: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A deterministic picture: a two-colour gradient, 25 random shapes and a line of text."""
    rng = random.Random(seed)
    w, h = size
    c0 = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    c1 = np.array([rng.randrange(256) for _ in range(3)], dtype=np.float32)
    angle = rng.random() * np.pi
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (np.cos(angle) * xx / w + np.sin(angle) * yy / h + 1) / 2
    t = np.clip(t, 0, 1)[..., None]
    im = Image.fromarray((c0 * (1 - t) + c1 * t).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(im)
    for _ in range(25):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randrange(20, w // 3), y0 + rng.randrange(20, h // 3)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.choice(("rect", "ellipse", "line"))
        if shape == "rect":
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape == "ellipse":
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        else:
            draw.line((x0, y0, x1, y1), fill=colour, width=rng.randrange(3, 15))
    font = ImageFont.load_default(size=max(12, h // 14))
    draw.text((w // 10, h // 2), f"Sample {seed}", fill=(255, 255, 255), font=font)
    return im


def jpeg_bytes(im: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def write_video(
    path: Path, seconds: float = 3.0, fps: int = 10, size: tuple[int, int] = (320, 240), seed: int = 0
) -> Path:
    """A short H.264 video of moving generated shapes, encoded with PyAV."""
    import av

    base = make_picture(seed, size)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(int(seconds * fps)):
            frame_im = base.copy()
            ImageDraw.Draw(frame_im).ellipse((10 + i * 4, 40, 70 + i * 4, 100), fill=(250, 250, 0))
            for packet in stream.encode(av.VideoFrame.from_image(frame_im)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path
