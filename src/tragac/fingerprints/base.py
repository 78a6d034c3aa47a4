"""What every fingerprint kind (hash type) declares, and the registry the kinds add themselves to.

Modelled on python-threatexchange's ``SignalType`` (``signal_type/signal_base.py``): a small class per kind with
classmethods only, so the kind is a value that can be passed around, listed and tested generically. Everything that
decides whether two hashes "are the same picture" lives on these classes and nowhere else: the match stage, spread
clusters, the web watch's removal check and the hash-list formats all ask them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import ClassVar

_HEX = re.compile(r"^[0-9a-f]+$")


def hamming(a: str, b: str) -> int:
    """Hamming distance between two hex hashes of the same length (the one scalar implementation of it)."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different lengths ({len(a)} and {len(b)} hex digits)")
    return (int(a, 16) ^ int(b, 16)).bit_count()


class FingerprintKind(ABC):
    """One kind of hash: how its strings look, how two of them compare, and when they count as a match.

    ``name`` is what the database (``BankEntry.signal_type``, ``Match.signal_type``) and the file formats store.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    hex_length: ClassVar[int]  # digits of the canonical lower-case hex form
    bits: ClassVar[int]  # distance ceiling: two unrelated hashes differ in about half of these
    default_threshold: ClassVar[int]  # largest distance that still matches (0: exact kinds)
    min_quality: ClassVar[int | None] = None  # hashes below this quality never match (None: no quality)
    exact: ClassVar[bool] = True
    # The index that finds this kind among many entries, by name: the classes live in tragac.matching.index
    # (:func:`~tragac.matching.index.index_for`), above this layer, so that a kind never imports faiss.
    index: ClassVar[str]

    @classmethod
    def validate(cls, value: str) -> str:
        """The canonical form of ``value`` (lower-case hex, surrounding blanks removed); ValueError otherwise."""
        v = value.strip().lower()
        if len(v) != cls.hex_length or not _HEX.match(v):
            raise ValueError(f"not a {cls.name} hash ({cls.hex_length} hex digits): {value.strip()[:80]!r}")
        return v

    @classmethod
    def distance(cls, a: str, b: str) -> int:
        """How far apart two canonical hashes are: 0 for the same hash."""
        return hamming(a, b) if not cls.exact else (0 if a == b else cls.bits)

    @classmethod
    def usable(cls, quality: int | None) -> bool:
        """Whether a hash of this ``quality`` may be compared at all (featureless pictures give unstable hashes)."""
        return cls.min_quality is None or (quality is not None and quality >= cls.min_quality)

    @classmethod
    def matches(cls, a: str, b: str, threshold: int | None = None) -> bool:
        limit = cls.default_threshold if threshold is None else threshold
        return cls.distance(a, b) <= limit

    @classmethod
    def score(cls, distance: int, threshold: int | None = None) -> float:
        """A review-queue score in [0, 1] from a match distance: 1.0 for identical, falling linearly to 0.5 at the
        threshold, so an exact copy sorts before a borderline near-duplicate of the same severity."""
        limit = cls.default_threshold if threshold is None else threshold
        if limit <= 0:
            return 1.0
        return round(max(0.0, 1.0 - 0.5 * min(distance, limit) / limit), 4)

    @classmethod
    @abstractmethod
    def examples(cls) -> list[str]:
        """Valid hashes of this kind (canonical form), for tests and demos."""

    @classmethod
    @abstractmethod
    def invalid_examples(cls) -> list[str]:
        """Strings that :meth:`validate` must refuse."""


KINDS: dict[str, type[FingerprintKind]] = {}


def register(cls: type[FingerprintKind]) -> type[FingerprintKind]:
    KINDS[cls.name] = cls
    return cls
