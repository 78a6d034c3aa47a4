"""Fingerprint kinds: PDQ, vPDQ, MD5 and SHA-256, one class each, registered in :data:`KINDS`.

Each kind (see :class:`~tragac.fingerprints.base.FingerprintKind`) states its name, how a hash string is validated
and normalised, its distance, quality floor, default threshold, index class and examples. Matching thresholds are
defined once here: PDQ ``31`` and ``50`` in :mod:`tragac.fingerprints.pdq`, the vPDQ 80 % rule in
:mod:`tragac.fingerprints.vpdq`; settings and banks may override thresholds but take their defaults from these.
"""

from __future__ import annotations

from tragac.fingerprints import exact, pdq, vpdq
from tragac.fingerprints.base import KINDS, FingerprintKind

# Listing order (CLI help, error messages); every registered kind, and only those.
SIGNAL_TYPES: tuple[str, ...] = ("pdq", "video_pdq", "md5", "sha256")
assert set(SIGNAL_TYPES) == set(KINDS)


def get_kind(signal_type: str) -> type[FingerprintKind]:
    """The kind named ``signal_type``; ValueError naming the known kinds otherwise."""
    try:
        return KINDS[signal_type]
    except KeyError:
        raise ValueError(f"unknown signal type {signal_type!r} (expected one of {', '.join(SIGNAL_TYPES)})") from None


def normalise_hash(signal_type: str, value: str) -> str:
    """The canonical form of ``value`` as a ``signal_type`` hash; ValueError naming what is wrong otherwise."""
    return get_kind(signal_type).validate(value)


__all__ = ["KINDS", "SIGNAL_TYPES", "FingerprintKind", "exact", "get_kind", "normalise_hash", "pdq", "vpdq"]
