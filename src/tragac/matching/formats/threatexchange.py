"""The text forms python-threatexchange and HMA use.

Read, one per line (``#`` comments and blank lines ignored):

- a bare PDQ hash (64 hex) or video MD5 (32 hex), as in ``threatexchange match --hashes`` input;
- ``SIGNAL HASH`` as printed by ``threatexchange hash``: ``pdq <hex>``, ``video_md5 <hex>``, ``video_sha256 <hex>``,
  ``vpdq ["<hex>,<quality>,<timestamp>", …]``;
- vPDQ frame features of one video, ``hex,quality,timestamp`` (pytx's compact form) or ``frame,quality,hex,timestamp``
  (vpdq's sample-hash files): all such lines of the file form one ``video_pdq`` entry named after the file.

Written as ``SIGNAL HASH`` lines, the form ``threatexchange`` prints (labels are not part of this format).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from tragac.fingerprints import normalise_hash
from tragac.fingerprints.vpdq import normalise_frames, video_digest
from tragac.matching.formats.base import FormatError, HashListFormat, HashRecord, ReadReport, register
from tragac.matching.formats.csv_list import parse_compact_frames

TX_NAMES = {"pdq": "pdq", "video_md5": "md5", "photo_md5": "md5", "md5": "md5", "video_sha256": "sha256"}
OUR_NAMES = {"pdq": "pdq", "md5": "video_md5", "sha256": "video_sha256"}
_BARE = re.compile(r"^[0-9a-fA-F]{32}(?:[0-9a-fA-F]{32})?$")
_SIGNAL_LINE = re.compile(r"^(pdq|video_md5|photo_md5|md5|video_sha256|vpdq)\s+(.+)$", re.IGNORECASE)


def _frame(fields: list[str]) -> dict[str, Any]:
    if len(fields) == 3:  # hex,quality,timestamp
        return {"pdq": fields[0], "quality": fields[1], "timestamp": fields[2]}
    return {"frame": fields[0], "quality": fields[1], "pdq": fields[2], "timestamp": fields[3]}


@register
class ThreatExchangeText(HashListFormat):
    name = "threatexchange"
    description = "python-threatexchange / HMA text: PDQ or MD5 per line, `signal hash` lines, vPDQ frame lists"
    suffix = ".txt"

    @classmethod
    def sniff(cls, head: str, path: Path) -> bool:
        first = next((ln.strip() for ln in head.splitlines() if ln.strip() and not ln.startswith("#")), "")
        return bool(_BARE.match(first) or _SIGNAL_LINE.match(first) or len(first.split(",")) in (3, 4))

    def read(self, path: Path, report: ReadReport) -> Iterator[HashRecord]:
        frames: list[dict[str, Any]] = []
        first_frame_line = 0
        provenance = {"format": "threatexchange"}
        try:
            with open(path, encoding="utf-8") as fh:
                for n, raw in enumerate(fh, start=1):
                    line = raw.strip()
                    where = f"line {n}"
                    if not line or line.startswith("#"):
                        continue
                    try:
                        if _BARE.match(line):
                            kind = "pdq" if len(line) == 64 else "md5"
                            yield HashRecord(kind, normalise_hash(kind, line), where=where, provenance=provenance)
                        elif m := _SIGNAL_LINE.match(line):
                            name, value = m.group(1).lower(), m.group(2).strip()
                            if name == "vpdq":
                                features = json.loads(value)
                                if not isinstance(features, list):
                                    raise ValueError("vpdq hash must be a JSON list of 'hex,quality,timestamp'")
                                video = parse_compact_frames(";".join(str(f) for f in features))
                                yield HashRecord("video_pdq", video_digest(video), frames=video, where=where)
                            else:
                                kind = TX_NAMES[name]
                                yield HashRecord(kind, normalise_hash(kind, value), where=where, provenance=provenance)
                        elif len(fields := [f.strip() for f in line.split(",")]) in (3, 4):
                            first_frame_line = first_frame_line or n
                            frames.append(_frame(fields))
                        else:
                            raise ValueError(f"not a hash, a 'signal hash' pair or a vPDQ feature: {line[:80]!r}")
                    except (ValueError, json.JSONDecodeError) as exc:
                        raise FormatError(path, where, str(exc)) from None
        except UnicodeDecodeError as exc:
            raise FormatError(path, "", f"not a text file: {exc}") from None
        if frames:
            try:
                video = normalise_frames(frames)
            except ValueError as exc:
                raise FormatError(path, f"vPDQ features from line {first_frame_line}", str(exc)) from None
            yield HashRecord(
                "video_pdq",
                video_digest(video),
                label=path.stem.removesuffix(".vpdq"),
                frames=video,
                where=f"line {first_frame_line}",
                provenance=provenance,
            )

    def write(self, records: Iterable[HashRecord], out: TextIO) -> int:
        n = 0
        for r in records:
            if r.signal_type == "video_pdq":
                features = [f"{f['pdq']},{f['quality']},{float(f['timestamp']):.3f}" for f in r.frames or []]
                out.write(f"vpdq {json.dumps(features)}\n")
            else:
                out.write(f"{OUR_NAMES[r.signal_type]} {r.value}\n")
            n += 1
        return n
