"""Fingerprint one file: exact hashes, then PDQ (pictures) or vPDQ frame features (videos and animations).

:func:`hash_file` is a pure function of the file's bytes and the options, so the same call serves the pipeline
stage, ``tragac hash`` on a victim's device, and (later) a Ray ``map_batches`` over object storage.
Reference semantics (a victim's own files going into a bank): 8 dihedral hashes and every video frame.
Monitored semantics (media seen in chats): one hash per picture and one frame per second.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tragac.media.decode import (
    Deadline,
    DecodeLimits,
    Kind,
    MediaError,
    NotAPicture,
    animation_frames,
    first_frame_rgb,
    open_image,
    sniff_file,
)
from tragac.media.exact import file_digests
from tragac.media.pdq import pdq_dihedral_from_rgb, pdq_from_rgb
from tragac.media.video import (
    MONITORED_SECONDS_PER_HASH,
    REFERENCE_SECONDS_PER_HASH,
    FrameFeature,
    hash_video,
)

if TYPE_CHECKING:
    from tragac.media.robust import WindowHash


@dataclass(frozen=True)
class HashOptions:
    reference: bool = False  # True: dihedral hashes and every video frame (a victim's own media)
    limits: DecodeLimits = field(default_factory=DecodeLimits)
    video_threads: int = 0  # FFmpeg decoder threads; 0 = FFmpeg decides
    nudity: bool = False  # also score pictures with the optional open_nsfw model (monitored media only)
    # Robust fingerprint (docs/matching.md): PDQ per window and ORB local features. Opt-in: it reveals more of the
    # picture's layout than one PDQ, and only banks that enable robust matching use it.
    robust: bool = False


@dataclass
class FileHashes:
    """Everything learnt about one file. Fields that do not apply stay None."""

    path: str
    kind: Kind = "other"
    sha256: str | None = None
    md5: str | None = None
    size: int | None = None
    pdq: str | None = None
    quality: int | None = None
    dihedral: list[str] | None = None
    frames: list[FrameFeature] | None = None
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    windows: list[WindowHash] | None = None  # robust PDQ per window (reference or query windows)
    local_features: bytes | None = None  # ORB keypoints, 36 bytes each (tragac.media.robust.LocalFeatures)
    nudity: float | None = None  # never written to hash files
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``tragac-hashes/1`` entry for this file (absent fields left out)."""
        out: dict[str, Any] = {"path": self.path, "kind": self.kind}
        for key in ("sha256", "md5", "pdq", "quality", "dihedral"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.frames is not None:
            out["frames"] = [
                {"frame": f.frame, "timestamp": f.timestamp, "quality": f.quality, "pdq": f.pdq} for f in self.frames
            ]
        if self.windows is not None:
            out["windows"] = [{"window": w.window, "pdq": w.pdq, "quality": w.quality} for w in self.windows]
        if self.local_features is not None:
            out["local_features"] = base64.b64encode(self.local_features).decode("ascii")
        if self.error is not None:
            out["error"] = self.error
        return out


def _hash_picture(path: Path, result: FileHashes, options: HashOptions, deadline: Deadline) -> None:
    opened = open_image(path, options.limits)
    with opened.image:
        result.kind = "image"
        result.width, result.height = opened.width, opened.height
        rgb = first_frame_rgb(opened, options.limits)
        deadline.check()
        if options.reference:
            first, result.dihedral = pdq_dihedral_from_rgb(rgb)
        else:
            first = pdq_from_rgb(rgb)
        result.pdq, result.quality = first.hex, first.quality
        if options.robust:
            _robust(rgb, result, options.reference)
            deadline.check()
        if options.nudity:
            result.nudity = _nudity(rgb)
        if opened.animated and opened.n_frames > 1:
            frames = []
            for number, ts, frame_rgb in animation_frames(opened, options.limits, deadline, options.reference):
                h = pdq_from_rgb(frame_rgb)
                frames.append(FrameFeature(number, ts, h.quality, h.hex))
            result.frames = frames


def _robust(rgb: Any, result: FileHashes, reference: bool) -> None:
    # Imported here: OpenCV costs start-up time that commands which never hash should not pay.
    from tragac.media.robust import local_features, query_hashes, reference_hashes
    from tragac.media.robust_types import ORB_FEATURES, QUERY_FEATURES

    result.windows = reference_hashes(rgb) if reference else query_hashes(rgb)
    features = ORB_FEATURES if reference else QUERY_FEATURES
    result.local_features = local_features(rgb, features, mirrored=reference).to_bytes()


def _nudity(rgb: Any) -> float | None:
    """The optional score must never cost a picture its fingerprints: any failure just leaves it empty."""
    try:
        from tragac.media.nudity import score_rgb

        return score_rgb(rgb)
    except Exception:
        return None


def _hash_moving(path: Path, result: FileHashes, options: HashOptions, deadline: Deadline) -> None:
    seconds = REFERENCE_SECONDS_PER_HASH if options.reference else MONITORED_SECONDS_PER_HASH
    video = hash_video(
        path, seconds_per_hash=seconds, limits=options.limits, deadline=deadline, threads=options.video_threads
    )
    result.frames = video.frames
    result.width, result.height, result.duration = video.width, video.height, video.duration


def hash_file(path: str | Path, options: HashOptions | None = None, display_path: str | None = None) -> FileHashes:
    """Fingerprint ``path``. Never raises for a bad file: the reason is in ``FileHashes.error``."""
    options = options or HashOptions()
    path = Path(path)
    result = FileHashes(path=display_path if display_path is not None else str(path))
    deadline = Deadline(options.limits.max_seconds)
    try:
        if not path.is_file():
            raise MediaError("not a regular file" if path.exists() else "file not found")
        exact = file_digests(path)
        result.sha256, result.md5, result.size = exact.sha256, exact.md5, exact.size
        if exact.size == 0:
            raise MediaError("empty file (0 bytes)")
        kind = sniff_file(path)
        if kind == "image" or (kind == "other" and _pillow_knows(path)):
            result.kind = "image"
            _hash_picture(path, result, options, deadline)
        elif kind == "video":
            result.kind = "video"
            _hash_moving(path, result, options, deadline)
    except MediaError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = f"cannot read the file: {exc.strerror or exc}"
    except MemoryError:
        result.error = "ran out of memory while decoding"
    except Exception as exc:  # a decoder bug on a hostile file must not stop the run
        result.error = f"unexpected decoder error: {type(exc).__name__}: {exc}"
    return result


def _pillow_knows(path: Path) -> bool:
    """Formats without a magic number we sniff (ICO, TGA, PPM, AVIF…) that Pillow still identifies."""
    try:
        open_image(path, DecodeLimits()).image.close()
    except NotAPicture:
        return False
    except MediaError:
        return True  # a picture after all, one that _hash_picture will refuse with the same reason
    return True
