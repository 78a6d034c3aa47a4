"""Hash-list file formats. Each is one small module registering one :class:`HashListFormat` subclass; add a format
by adding a module and one import line below, or from a plugin through the ``register_hash_formats`` hook."""

from __future__ import annotations

from pathlib import Path

from tragac.errors import InputError
from tragac.matching.formats import csv_list, stopncii, threatexchange, tragac_hashes
from tragac.matching.formats.base import BUILTIN_FORMATS, FORMATS, FormatError, HashListFormat, HashRecord, ReadReport
from tragac.plugins import hookimpl

__all__ = [
    "BUILTIN_FORMATS",
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


@hookimpl(trylast=True)
def register_hash_formats() -> list[type[HashListFormat]]:
    return list(BUILTIN_FORMATS.values())


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
    formats = FORMATS.snapshot()
    # Plugin formats first (installed on purpose, and the built-in CSV sniffer is broad), then the built-ins.
    plugin = [n for n in formats if formats[n] is not BUILTIN_FORMATS.get(n)]
    builtin = [n for n in _DETECTION_ORDER if n in formats] + [n for n in formats if n not in _DETECTION_ORDER]
    for name in dict.fromkeys(plugin + builtin):
        if formats[name].sniff(head, path):
            return formats[name]()
    raise InputError(f"{path.name}: cannot tell the hash-list format; pass --format ({', '.join(FORMATS)})")
