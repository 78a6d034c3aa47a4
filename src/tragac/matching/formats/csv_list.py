"""CSV ``signal_type,hash,label``: the lowest common denominator between hash-sharing programmes.

A header row is optional. Signal types: ``pdq``, ``md5``, ``sha256`` and ``video_pdq``, whose hash column holds the
frames as compact vPDQ features ``hex,quality,timestamp`` separated by ``;`` (the field is quoted). Common aliases
(``photo_pdq``, ``video_md5``, ``ImagePDQ``, ``VideoMD5``, ``vpdq``…) are accepted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tragac.fingerprints import SIGNAL_TYPES, normalise_hash
from tragac.fingerprints.vpdq import normalise_frames, video_digest
from tragac.matching.formats.base import FormatError, HashListFormat, HashRecord, ReadReport, register

ALIASES = {
    "pdq": "pdq",
    "photo_pdq": "pdq",
    "imagepdq": "pdq",
    "md5": "md5",
    "video_md5": "md5",
    "photo_md5": "md5",
    "videomd5": "md5",
    "sha256": "sha256",
    "video_sha256": "sha256",
    "video_pdq": "video_pdq",
    "vpdq": "video_pdq",
}
HEADER = ["signal_type", "hash", "label"]


def parse_compact_frames(text: str) -> list[dict[str, Any]]:
    """``hex,quality,timestamp`` features (python-threatexchange's ``VpdqCompactFeature``), ``;``-separated."""
    frames = []
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        fields = [f.strip() for f in part.split(",")]
        if len(fields) != 3:
            raise ValueError(f"vPDQ feature {i} is not 'hex,quality,timestamp': {part.strip()[:80]!r}")
        frames.append({"frame": i, "pdq": fields[0], "quality": fields[1], "timestamp": fields[2]})
    return normalise_frames(frames)


def compact_frames(frames: list[dict[str, Any]]) -> str:
    return ";".join(f"{f['pdq']},{f['quality']},{float(f['timestamp']):.3f}" for f in frames)


@register
class CsvList(HashListFormat):
    name = "csv"
    description = "CSV with columns signal_type,hash,label"
    suffix = ".csv"

    @classmethod
    def sniff(cls, head: str, path: Path) -> bool:
        first = next((line for line in head.splitlines() if line.strip()), "")
        kind = first.split(",", 1)[0].strip().strip('"').lower()
        return "," in first and (kind in ALIASES or kind == "signal_type")

    def read(self, path: Path, report: ReadReport) -> Iterator[HashRecord]:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            try:
                reader = csv.reader(fh)
                for row in reader:
                    where = f"line {reader.line_num}"
                    record = self._row(row, where, path)
                    if record is not None:
                        yield record
            except (csv.Error, UnicodeDecodeError) as exc:
                raise FormatError(path, "", f"not a readable CSV file: {exc}") from None

    def _row(self, row: list[str], where: str, path: Path) -> HashRecord | None:
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            return None
        if [c.strip().lower() for c in row[:3]] == HEADER[: len(row[:3])] and row[0].strip().lower() == "signal_type":
            return None
        if len(row) not in (2, 3):
            raise FormatError(path, where, f"expected 2 or 3 columns (signal_type,hash,label), found {len(row)}")
        kind = ALIASES.get(row[0].strip().lower())
        if kind is None:
            expected = ", ".join(SIGNAL_TYPES)
            raise FormatError(path, where, f"unknown signal type {row[0].strip()!r} (expected {expected})")
        label = row[2].strip() or None if len(row) == 3 else None
        try:
            if kind == "video_pdq":
                frames = parse_compact_frames(row[1])
                return HashRecord(kind, video_digest(frames), label=label, frames=frames, where=where)
            return HashRecord(kind, normalise_hash(kind, row[1]), label=label, where=where)
        except ValueError as exc:
            raise FormatError(path, where, str(exc)) from None

    def write(self, records: Iterable[HashRecord], out: TextIO) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        n = 0
        for r in records:
            value = compact_frames(r.frames or []) if r.signal_type == "video_pdq" else r.value
            writer.writerow([r.signal_type, value, r.label or ""])
            n += 1
        return n
