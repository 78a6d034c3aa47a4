"""Video fingerprints compatible with Meta's vPDQ: PDQ of sampled frames, decoded with PyAV (bundled FFmpeg).

Frames are hashed at their own resolution like vpdq (so features compare with published vPDQ hashes); frames
larger than ``DecodeLimits.max_frame_pixels`` (beyond full HD) are scaled down first to bound time and memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tragac.media.decode import Deadline, DecodeLimits, MediaError
from tragac.media.pdq import pdq_from_rgb

MONITORED_SECONDS_PER_HASH = 1.0  # vpdq's default, for media seen in monitored chats
REFERENCE_SECONDS_PER_HASH = 0.0  # every frame, for a victim's own (reference) videos
MAX_BAD_PACKETS = 50


@dataclass(frozen=True)
class FrameFeature:
    """One vPDQ feature: frame number (from 0), timestamp in seconds, PDQ quality and hash."""

    frame: int
    timestamp: float
    quality: int
    pdq: str


@dataclass
class VideoHashes:
    frames: list[FrameFeature]
    duration: float | None
    width: int
    height: int
    fps: float | None


def frame_step(fps: float | None, seconds_per_hash: float) -> int:
    """vpdq's sampling: hash frames whose number is a multiple of ``int(seconds_per_hash * fps)`` (at least 1)."""
    if seconds_per_hash <= 0 or not fps:
        return 1
    return max(1, int(seconds_per_hash * fps))


def _scaled(width: int, height: int, max_pixels: int) -> tuple[int, int]:
    if width * height <= max_pixels:
        return width, height
    scale = math.sqrt(max_pixels / (width * height))
    return max(2, int(width * scale)) & ~1, max(2, int(height * scale)) & ~1


def _decoded_frames(container: object, stream: object) -> Iterator[object]:
    """Decode frame by frame, skipping a bounded number of corrupt packets instead of giving up on the file."""
    import av

    bad = 0
    for packet in container.demux(stream):  # type: ignore[attr-defined]
        try:
            frames = packet.decode()
        except av.error.FFmpegError as exc:
            bad += 1
            if bad > MAX_BAD_PACKETS:
                raise MediaError(f"too many corrupt video packets ({exc})") from exc
            continue
        yield from frames


def hash_video(
    path: str | Path,
    *,
    seconds_per_hash: float,
    limits: DecodeLimits | None = None,
    deadline: Deadline | None = None,
    threads: int = 0,
) -> VideoHashes:
    """vPDQ features of the video at ``path``: every frame when ``seconds_per_hash`` is 0, else one per interval."""
    import av

    limits = limits or DecodeLimits()
    deadline = deadline or Deadline(limits.max_seconds)
    try:
        container = av.open(str(path), mode="r")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise MediaError(f"not a video we can read: {exc}") from exc
    with container:
        if not container.streams.video:
            raise MediaError("file has no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        stream.codec_context.thread_count = threads
        rate = stream.average_rate or stream.guessed_rate
        fps = float(rate) if rate else None
        step = frame_step(fps, seconds_per_hash)
        duration: float | None = None
        if container.duration:
            duration = round(container.duration / av.time_base, 3)
        elif stream.duration and stream.time_base:
            duration = round(float(stream.duration * stream.time_base), 3)
        features: list[FrameFeature] = []
        width = height = 0
        number = -1
        next_time = 0.0
        try:
            for frame in _decoded_frames(container, stream):
                number += 1
                deadline.check()
                if fps:
                    take = number % step == 0
                    ts = number / fps
                else:  # no frame rate in the headers: sample on presentation time instead
                    ts = float(frame.time or 0.0)  # type: ignore[attr-defined]
                    take = seconds_per_hash <= 0 or ts >= next_time
                    if take:
                        next_time = ts + seconds_per_hash
                if not take:
                    continue
                if len(features) >= limits.max_frames:
                    break
                width, height = frame.width, frame.height  # type: ignore[attr-defined]
                w, h = _scaled(width, height, limits.max_frame_pixels)
                if (w, h) == (width, height):
                    rgb = frame.to_ndarray(format="rgb24")  # type: ignore[attr-defined]
                else:
                    rgb = frame.to_ndarray(format="rgb24", width=w, height=h)  # type: ignore[attr-defined]
                h256 = pdq_from_rgb(np.asarray(rgb))
                features.append(FrameFeature(number, round(ts, 3), h256.quality, h256.hex))
        except av.error.FFmpegError as exc:
            if not features:
                raise MediaError(f"cannot decode the video: {exc}") from exc
        if not features:
            raise MediaError("no decodable video frames")
        if not width:
            width, height = stream.codec_context.width, stream.codec_context.height
        return VideoHashes(features, duration, width, height, fps)
