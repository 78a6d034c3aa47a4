"""Hash-list file formats. Each is one small module registering one :class:`HashListFormat` subclass; add a format
by adding a module and one import line below."""

from __future__ import annotations

from pathlib import Path

from tragac.errors import InputError
from tragac.matching.formats import csv_list, stopncii, threatexchange, tragac_hashes
from tragac.matching.formats.base import FORMATS, FormatError, HashListFormat, HashRecord, ReadReport

__all__ = [
    "FORMATS",
    "FormatError",
    "HashListFormat",
    "HashRecord",
    "ReadReport",
    "csv_list",
    "detect_format",
    "get_format",
    "stopncii",
    "threatexchange",
    "tragac_hashes",
]

# Most specific first: a tragac or StopNCII JSON file must not be taken for another JSON format.
_DETECTION_ORDER = ("tragac", "stopncii", "csv", "threatexchange")


def get_format(name: str) -> HashListFormat:
    try:
        return FORMATS[name]()
    except KeyError:
        raise InputError(f"unknown format {name!r} (expected one of auto, {', '.join(FORMATS)})") from None


def detect_format(path: Path) -> HashListFormat:
    """The format of ``path``, judged from its first 4 KiB."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if not head.strip():
        raise InputError(f"{path.name}: the file is empty")
    names = [n for n in _DETECTION_ORDER if n in FORMATS] + [n for n in FORMATS if n not in _DETECTION_ORDER]
    for name in names:
        if FORMATS[name].sniff(head, path):
            return FORMATS[name]()
    raise InputError(f"{path.name}: cannot tell the hash-list format; pass --format ({', '.join(FORMATS)})")
