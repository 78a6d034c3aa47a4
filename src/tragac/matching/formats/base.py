"""What every hash-list format reads and writes, and the registry formats add themselves to (built-ins with
:func:`register`, plugins through the ``register_hash_formats`` hook)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, TextIO

from tragac.errors import InputError
from tragac.plugins import PluginRegistry

STATUSES = ("active", "withdrawn", "deleted")


class FormatError(InputError):
    """A hash-list file that cannot be read; the message names the file and the line or record."""

    def __init__(self, path: Path, where: str, problem: str) -> None:
        super().__init__(f"{path.name}: {where}: {problem}" if where else f"{path.name}: {problem}")


@dataclass
class HashRecord:
    """One hash as a file carries it: the unit formats read and write (independent of the database)."""

    signal_type: str  # pdq | video_pdq | md5 | sha256
    value: str  # canonical hex; for video_pdq the digest of ``frames``
    label: str | None = None
    frames: list[dict[str, Any]] | None = None
    variant: str | None = None  # dihedral variant of a reference image ("original", "rot90", …)
    item_key: str | None = None  # groups the hashes of one reference file
    external_id: str | None = None  # e.g. StopNCII case numbers
    status: str | None = None  # None: the format carries no status
    status_at: datetime | None = None
    quality: int | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    # The robust fingerprint of a reference picture ({"windows": [{"window", "pdq", "quality"}], "local_features":
    # bytes}), carried by its original PDQ record; only tragac-hashes files have it (``tragac hash --robust``).
    robust: dict[str, Any] | None = None
    where: str = ""  # "line 4", "record 12": for error messages


@dataclass
class ReadReport:
    """What a reader skipped on purpose (not errors): unsupported signal types, files the hasher could not read…"""

    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class HashListFormat(ABC):
    """A hash-list file format. Subclass, set the class attributes, decorate with :func:`register`."""

    name: ClassVar[str]
    description: ClassVar[str]
    suffix: ClassVar[str]

    @classmethod
    @abstractmethod
    def sniff(cls, head: str, path: Path) -> bool:
        """Whether a file starting with ``head`` (its first 4 KiB, decoded) looks like this format."""

    @abstractmethod
    def read(self, path: Path, report: ReadReport) -> Iterator[HashRecord]:
        """Yield every record; raise :class:`FormatError` naming the line/record on the first bad one."""

    @abstractmethod
    def write(self, records: Iterable[HashRecord], out: TextIO) -> int:
        """Write ``records``; returns how many were written."""


BUILTIN_FORMATS: dict[str, type[HashListFormat]] = {}
# Every format by name, built-in and from plugins (a live view: a plugin registered later shows up).
FORMATS: PluginRegistry[type[HashListFormat]] = PluginRegistry("register_hash_formats", key=lambda cls: cls.name)


def register(cls: type[HashListFormat]) -> type[HashListFormat]:
    """Class decorator for the built-in formats; plugins return their classes from ``register_hash_formats``."""
    BUILTIN_FORMATS[cls.name] = cls
    return cls
