"""The local-feature verifier: does a candidate pair share a rigid arrangement of ORB keypoints?

PDQ windows find candidates; this confirms them. Descriptors are matched both ways (mutual nearest neighbours in
Hamming distance), then RANSAC fits a similarity transform (rotation, uniform scale, shift; 4 degrees of freedom).
Two unrelated pictures give a few random descriptor matches that no single transform explains; a crop, rotation,
screenshot or collage of the same picture gives many matches that one transform explains. The count of matches
that agree (``inliers``) is what the explain view shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from tragac.fingerprints.base import hamming
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, Pdq
from tragac.fingerprints.windows import CANDIDATE_THRESHOLD, MIN_INLIERS, STRONG_WINDOW_DISTANCE
from tragac.media.robust_types import LocalFeatures, WindowHash

MAX_DESCRIPTOR_DISTANCE = 64  # of 256 bits: looser pairs are noise on both sides
RANSAC_PIXELS = 6.0  # reprojection tolerance on a 320-pixel side


@dataclass(frozen=True)
class Verdict:
    inliers: int
    matches: int
    needed: int = MIN_INLIERS  # the bank's robust_min_inliers

    @property
    def confirmed(self) -> bool:
        return self.inliers >= self.needed


def verify(query: LocalFeatures, reference: LocalFeatures, *, min_inliers: int = MIN_INLIERS) -> Verdict:
    """How many mutual descriptor matches one similarity transform explains."""
    if len(query) < 3 or len(reference) < 3:
        return Verdict(0, 0, min_inliers)
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True)
    pairs = [
        m for m in matcher.match(query.descriptors, reference.descriptors) if m.distance <= MAX_DESCRIPTOR_DISTANCE
    ]
    if len(pairs) < 3:
        return Verdict(0, len(pairs), min_inliers)
    # Points in a common pixel scale (the 320 side the features were found at), so the tolerance means pixels.
    src = np.array([query.points[m.queryIdx] for m in pairs], dtype=np.float32) * 320
    dst = np.array([reference.points[m.trainIdx] for m in pairs], dtype=np.float32) * 320
    _, mask = cv2.estimateAffinePartial2D(
        src, dst, method=cv2.RANSAC, ransacReprojThreshold=RANSAC_PIXELS, maxIters=500, confidence=0.99
    )
    inliers = int(mask.sum()) if mask is not None else 0
    return Verdict(inliers, len(pairs), min_inliers)


@dataclass(frozen=True)
class WindowHit:
    """The closest (query window, reference window) pair of a candidate, as the explain view shows it."""

    distance: int
    query_window: str
    reference_window: str

    @property
    def plain(self) -> bool:
        """A whole-picture hit on one of the reference's 8 rotations/flips: what PDQ + dihedral already finds."""
        return self.query_window == "whole" and self.reference_window.startswith("dihedral:")


def decide(
    best: WindowHit,
    plain_best: WindowHit | None,
    check: Callable[[], Verdict],
    *,
    candidate_threshold: int = CANDIDATE_THRESHOLD,
) -> tuple[bool, str, Verdict | None]:
    """Whether a candidate is a robust match, and by which rule: ``plain`` (whole picture within PDQ's 31 of a
    dihedral hash), ``strong`` (a window pair within 16 bits) or ``verified`` (a window pair within the candidate
    threshold that the local features confirm). ``check`` runs the verifier only when needed (it costs ~1 ms)."""
    if plain_best is not None and plain_best.distance <= PDQ_MATCH_THRESHOLD:
        return True, "plain", None
    if best.distance <= STRONG_WINDOW_DISTANCE:
        return True, "strong", None
    if best.distance > candidate_threshold:
        return False, "none", None
    verdict = check()
    return verdict.confirmed, "verified" if verdict.confirmed else "rejected", verdict


@dataclass(frozen=True)
class RobustMatch:
    """The answer for one (query, reference) pair, with what the explain view shows: which rule, which windows,
    the PDQ distance and qualities, and the verifier's inliers (None when the verifier was not needed)."""

    matched: bool
    rule: str  # plain | strong | verified | rejected | none
    hit: WindowHit | None
    query_quality: int | None
    reference_quality: int | None
    inliers: int | None

    def explain(self) -> dict[str, object]:
        return {
            "matched": self.matched,
            "rule": self.rule,
            "fingerprint": "pdq_window" if self.hit and not self.hit.plain else "pdq",
            "window": {"query": self.hit.query_window, "reference": self.hit.reference_window} if self.hit else None,
            "distance": self.hit.distance if self.hit else None,
            "quality": {"query": self.query_quality, "reference": self.reference_quality},
            "inliers": self.inliers,
        }


def compare(
    query: Sequence[WindowHash],
    query_features: bytes | LocalFeatures,
    reference: Sequence[WindowHash],
    reference_features: bytes | LocalFeatures,
    *,
    candidate_threshold: int = CANDIDATE_THRESHOLD,
    min_inliers: int = MIN_INLIERS,
) -> RobustMatch:
    """Decide one pair from stored fingerprints (a victim's hash file on one side, a monitored media on the other).

    Every window pair of usable quality is compared (44 x 10 Hamming distances); the index does the same at scale
    and calls :func:`decide` on the closest pair it found.
    """
    usable_q = [w for w in query if Pdq.usable(w.quality)]
    usable_r = [w for w in reference if Pdq.usable(w.quality)]
    best: tuple[WindowHit, int, int] | None = None
    plain: WindowHit | None = None
    for q in usable_q:
        for r in usable_r:
            hit = WindowHit(hamming(q.pdq, r.pdq), q.window, r.window)
            if best is None or hit.distance < best[0].distance:
                best = (hit, q.quality, r.quality)
            if hit.plain and (plain is None or hit.distance < plain.distance):
                plain = hit
    if best is None:
        return RobustMatch(False, "none", None, None, None, None)

    def check() -> Verdict:
        qf = query_features if isinstance(query_features, LocalFeatures) else LocalFeatures.from_bytes(query_features)
        rf = reference_features
        rf = rf if isinstance(rf, LocalFeatures) else LocalFeatures.from_bytes(rf)
        return verify(qf, rf, min_inliers=min_inliers)

    ok, rule, verdict = decide(best[0], plain, check, candidate_threshold=candidate_threshold)
    shown = plain if rule == "plain" and plain is not None else best[0]
    return RobustMatch(ok, rule, shown, best[1], best[2], verdict.inliers if verdict else None)
