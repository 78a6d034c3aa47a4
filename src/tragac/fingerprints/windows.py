"""Robust PDQ: which parts of a picture get their own PDQ hash, on the reference side and on the query side.

Plain PDQ hashes the whole picture, so a crop, a rotation or a phone frame moves the hash far away. The robust
fingerprint hashes a fixed set of *windows* instead. The two sides are asymmetric on purpose: a bank holds few
pictures (a victim's own), so each reference gets many windows that anticipate what reposting does to it (crops
from the centre and from each corner, small rotations, the 8 rotations/flips); monitored media are many, so each
query gets a handful of windows that undo what reposting adds (the trimmed content box, a centre window that drops
rotation corners, halves and quadrants that isolate one picture of a collage). A match is any (query window,
reference window) pair within the PDQ threshold that the local-feature verifier then confirms
(:mod:`tragac.matching.verify`).

A window is a name and a geometry in fractions of the (border-trimmed) picture, so that a victim's offline hasher
and our server compute exactly the same windows: :func:`reference_windows` and :func:`query_windows` are the one
list of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """``box`` = (left, top, right, bottom) as fractions of the trimmed picture; ``angle`` in degrees (counter-
    clockwise) applied before the box is cut, ``dihedral`` one of :data:`tragac.media.pdq.DIHEDRAL_NAMES`."""

    name: str
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    angle: float = 0.0
    dihedral: str = "original"

    @property
    def whole(self) -> bool:
        return self.box == (0.0, 0.0, 1.0, 1.0) and self.angle == 0.0


DIHEDRAL = ("original", "rotate90", "rotate180", "rotate270", "flipx", "flipy", "flip_plus1", "flip_minus1")
# Kept share of each side for the crop windows: a 10 % crop keeps 90 % of width and height.
CROP_KEEPS = (0.95, 0.9, 0.8, 0.7)
# Window pairs closer than this are candidates for the verifier. Looser than PDQ's 31 on purpose: a text or emoji
# overlay moves a hash 30-60 bits (three or four emoji up to 60); the verifier, not the hash distance, keeps
# unrelated pictures apart.
CANDIDATE_THRESHOLD = 60
# Window pairs this close match without the verifier (two windows of 256 bits, both of quality >= 50, agreeing to
# within 16 bits do not happen by chance: see docs/performance.md for the measured false-match rate).
STRONG_WINDOW_DISTANCE = 16
# Keypoint matches one similarity transform must explain for the verifier to confirm a candidate (per-bank setting).
MIN_INLIERS = 12
ROTATIONS = (-10.0, -6.0, -3.0, 3.0, 6.0, 10.0)
# Rotated pictures get black corners (or lose them); the centre 70 % stays inside the picture up to ~12 degrees.
ROTATION_BOX = (0.15, 0.15, 0.85, 0.85)


def _corner(keep: float, corner: str) -> tuple[float, float, float, float]:
    cut = round(1.0 - keep, 4)
    left = cut if "r" in corner else 0.0
    top = cut if "b" in corner else 0.0
    return (left, top, left + keep, top + keep)


def reference_windows() -> tuple[Window, ...]:
    """Every window hashed for a bank's reference picture (44 PDQ hashes, 32 bytes each)."""
    out = [Window(f"dihedral:{d}", dihedral=d) for d in DIHEDRAL]
    for keep in CROP_KEEPS:
        cut = round((1.0 - keep) / 2, 4)
        out.append(Window(f"centre:{keep:g}", (cut, cut, 1.0 - cut, 1.0 - cut)))
        for corner in ("tl", "tr", "bl", "br"):
            out.append(Window(f"corner:{corner}:{keep:g}", _corner(keep, corner)))
    out.append(Window("centre:0.7:upright", ROTATION_BOX))
    out.extend(Window(f"rotate:{a:g}", ROTATION_BOX, angle=a) for a in ROTATIONS)
    # A 3x3 overlapping grid at half scale: a heavy crop (or one cell of a collage of crops) still finds one.
    for row in range(3):
        for col in range(3):
            x, y = col * 0.25, row * 0.25
            out.append(Window(f"grid:{row}{col}", (x, y, x + 0.5, y + 0.5)))
    return tuple(out)


def query_windows() -> tuple[Window, ...]:
    """Every window hashed for a monitored picture (10 PDQ hashes)."""
    return (
        Window("whole"),
        Window("centre:0.7", ROTATION_BOX),
        Window("half:left", (0.0, 0.0, 0.5, 1.0)),
        Window("half:right", (0.5, 0.0, 1.0, 1.0)),
        Window("half:top", (0.0, 0.0, 1.0, 0.5)),
        Window("half:bottom", (0.0, 0.5, 1.0, 1.0)),
        Window("quarter:tl", (0.0, 0.0, 0.5, 0.5)),
        Window("quarter:tr", (0.5, 0.0, 1.0, 0.5)),
        Window("quarter:bl", (0.0, 0.5, 0.5, 1.0)),
        Window("quarter:br", (0.5, 0.5, 1.0, 1.0)),
    )


REFERENCE_WINDOWS = reference_windows()
QUERY_WINDOWS = query_windows()
WINDOW_NAMES = frozenset(w.name for w in REFERENCE_WINDOWS + QUERY_WINDOWS)
