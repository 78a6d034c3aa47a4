"""Computing the robust fingerprint of a picture: border trimming, PDQ per window, ORB local features.

The geometry of the windows is :mod:`tragac.fingerprints.windows`; how a candidate is confirmed is
:mod:`tragac.matching.verify`. Input is the HxWx3 uint8 RGB array the hasher already decoded (shrunk to fit
512x512), so this adds no decoding.
"""

from __future__ import annotations

import functools
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pdqhash

from tragac.fingerprints.windows import QUERY_WINDOWS, REFERENCE_WINDOWS, Window
from tragac.media.pdq import DIHEDRAL_NAMES, bits_to_hex
from tragac.media.robust_types import ORB_FEATURES, LocalFeatures, WindowHash

__all__ = ["LocalFeatures", "WindowHash", "local_features", "query_hashes", "reference_hashes", "trim_box"]

U8 = npt.NDArray[np.uint8]

# A row or column is "flat" (border, letterbox bar, app background) when its brightness varies less than this:
# below the sensor and JPEG noise of any camera picture, so a smooth sky or wall is never taken for a border.
FLAT_STD = 1.0
# Flat runs shorter than this share of the side are ordinary picture content (a dark stripe), not a border.
MIN_BAND = 0.02
ORB_SIDE = 320  # features are found on the picture fitted to this size, so both sides see the same scale


def _content_run(flat: npt.NDArray[np.bool_], min_band: int) -> tuple[int, int]:
    """The longest run of non-flat lines once flat bands of at least ``min_band`` lines split the picture."""
    n = len(flat)
    splits = np.zeros(n, dtype=bool)
    i = 0
    while i < n:
        if flat[i]:
            j = i
            while j < n and flat[j]:
                j += 1
            # Bands touching an edge are borders whatever their size; inner ones must be real bands.
            if j - i >= min_band or i == 0 or j == n:
                splits[i:j] = True
            i = j
        else:
            i += 1
    best, start = (0, n), None
    best_len = -1
    for k in range(n + 1):
        if k < n and not splits[k]:
            start = k if start is None else start
        elif start is not None:
            if k - start > best_len:
                best, best_len = (start, k), k - start
            start = None
    return best if best_len > 0 else (0, n)


def trim_box(rgb: U8) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the picture's content: borders, letterbox bars and the uniform bands that
    separate a screenshot's app chrome from the picture are cut away."""
    gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = gray.shape
    top, bottom = _content_run(gray.std(axis=1) < FLAT_STD, max(2, int(MIN_BAND * h)))
    left, right = _content_run(gray[top:bottom].std(axis=0) < FLAT_STD, max(2, int(MIN_BAND * w)))
    if (right - left) < 0.2 * w or (bottom - top) < 0.2 * h:  # nothing sensible found: keep the whole picture
        return (0, 0, w, h)
    return (left, top, right, bottom)


def trimmed(rgb: U8) -> U8:
    left, top, right, bottom = trim_box(rgb)
    return np.ascontiguousarray(rgb[top:bottom, left:right])


def _dihedral(rgb: U8, name: str) -> U8:
    # The same transforms as pdqhash.compute_dihedral, applied to pixels (so a window can be cut afterwards).
    ops = {
        "original": lambda a: a,
        "rotate90": lambda a: np.rot90(a, 1),
        "rotate180": lambda a: np.rot90(a, 2),
        "rotate270": lambda a: np.rot90(a, 3),
        "flipx": lambda a: a[:, ::-1],
        "flipy": lambda a: a[::-1, :],
        "flip_plus1": lambda a: np.transpose(a, (1, 0, 2)),
        "flip_minus1": lambda a: np.rot90(a, 2).transpose(1, 0, 2),
    }
    return np.ascontiguousarray(ops[name](rgb))


def window_pixels(rgb: U8, window: Window) -> U8:
    """The pixels of ``window`` of an (already trimmed) picture."""
    img = rgb
    if window.angle:
        h, w = img.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), window.angle, 1.0)
        img = np.asarray(
            cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT), np.uint8
        )
    h, w = img.shape[:2]
    x0, y0, x1, y1 = window.box
    top, left = round(y0 * h), round(x0 * w)
    img = img[top : max(round(y1 * h), top + 1), left : max(round(x1 * w), left + 1)]
    if window.dihedral != "original":
        img = _dihedral(img, window.dihedral)
    return np.ascontiguousarray(img)


def _pdq(rgb: U8) -> tuple[str, int]:
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb, dtype=np.uint8))
    return bits_to_hex(bits), int(quality)


def window_hashes(rgb: U8, windows: tuple[Window, ...], trim_each: bool = False) -> list[WindowHash]:
    """PDQ of each window of the trimmed picture (windows smaller than 16 pixels a side are left out).

    ``trim_each`` trims every window again: a half or quarter of a collage is one picture letterboxed in its cell.
    """
    base = trimmed(rgb)
    out: list[WindowHash] = []
    dihedral_done = False
    for window in windows:
        if window.name.startswith("dihedral:"):
            if dihedral_done:
                continue
            # One pass gives all 8 (pdqhash computes the DCT once).
            vectors, quality = pdqhash.compute_dihedral(base)
            out.extend(
                WindowHash(f"dihedral:{n}", bits_to_hex(v), int(quality))
                for n, v in zip(DIHEDRAL_NAMES, vectors, strict=True)
            )
            dihedral_done = True
            continue
        pixels = window_pixels(base, window)
        if trim_each and not window.whole:
            pixels = trimmed(pixels)
        if min(pixels.shape[:2]) < 16:
            continue
        hex_, quality = _pdq(pixels)
        out.append(WindowHash(window.name, hex_, quality))
    return out


def reference_hashes(rgb: U8) -> list[WindowHash]:
    return window_hashes(rgb, REFERENCE_WINDOWS)


def query_hashes(rgb: U8) -> list[WindowHash]:
    return window_hashes(rgb, QUERY_WINDOWS, trim_each=True)


@functools.lru_cache(maxsize=4)
def _orb(features: int) -> Any:
    # One detector per process and size: creating it costs more than running it on a 320-pixel picture. Small
    # patches and few pyramid levels suit pictures this small; FAST corners come from the whole picture.
    return cv2.ORB_create(  # type: ignore[attr-defined]
        nfeatures=features, scaleFactor=1.3, nlevels=6, edgeThreshold=15, patchSize=15
    )


def local_features(rgb: U8, features: int = ORB_FEATURES, mirrored: bool = False) -> LocalFeatures:
    """ORB keypoints and descriptors of the trimmed picture, at most ``features`` of them (strongest first).

    ORB is rotation-invariant but not mirror-invariant: ``mirrored`` adds the features of the mirror image (a
    reference keeps both, so a mirrored repost still verifies), points in the mirror image's own frame.
    """
    if mirrored:
        own = local_features(rgb, features)
        flip = local_features(np.ascontiguousarray(rgb[:, ::-1]), features)
        return LocalFeatures(
            np.concatenate([own.points, flip.points]), np.concatenate([own.descriptors, flip.descriptors])
        )
    base = trimmed(rgb)
    h, w = base.shape[:2]
    scale = ORB_SIDE / max(h, w)
    gray = cv2.cvtColor(base, cv2.COLOR_RGB2GRAY)
    if scale != 1.0:
        gray = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    keypoints, descriptors = _orb(features).detectAndCompute(gray, None)
    if descriptors is None or not keypoints:
        return LocalFeatures(np.zeros((0, 2), np.float32), np.zeros((0, 32), np.uint8))
    # One scale for both axes (the long side), so that a similarity transform stays one after normalising.
    side = max(gray.shape)
    pts = np.array([(k.pt[0] / side, k.pt[1] / side) for k in keypoints], dtype=np.float32)
    return LocalFeatures(pts, np.ascontiguousarray(descriptors, dtype=np.uint8))
