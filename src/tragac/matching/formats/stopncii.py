"""StopNCII-style JSON hash records, as the StopNCII ``FetchHashes`` API returns them.

``{"hashRecords": [{"signalType": "ImagePDQ", "hashValue": "…", "hashStatus": "Active", "caseNumbers":
{"<case>": "<status>"}, "lastModtimestamp": 1700000000}]}``; a bare JSON list of records, or one record per line,
is accepted too. ``hashStatus`` Withdrawn or Deleted means the person withdrew the hash: such entries stop
matching at once (unlike HMA's StopNCII fetcher, which compares the hash value instead of the status and never
deletes anything). ImagePDQ maps to ``pdq`` and VideoMD5 to ``md5``; other signal types are skipped and counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import ijson
import orjson

from tragac.fingerprints import normalise_hash
from tragac.matching.formats.base import FormatError, HashListFormat, HashRecord, ReadReport, register

SIGNALS = {"ImagePDQ": "pdq", "VideoMD5": "md5"}
THEIR_SIGNALS = {v: k for k, v in SIGNALS.items()}
UNSUPPORTED = {"VideoTMK", "Text", "URL", "Unknown"}
STATUS = {"Received": "active", "Active": "active", "Withdrawn": "withdrawn", "Deleted": "deleted"}
THEIR_STATUS = {"active": "Active", "withdrawn": "Withdrawn", "deleted": "Deleted"}


def _timestamp(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    seconds = float(value)
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    return datetime.fromtimestamp(seconds, UTC)


def _record(rec: Any, where: str, report: ReadReport) -> HashRecord | None:
    if not isinstance(rec, dict):
        raise ValueError("expected a JSON object")
    signal = rec.get("signalType")
    if signal in UNSUPPORTED:
        report.skip(f"StopNCII {signal} records (no matching signal here)")
        return None
    if signal not in SIGNALS:
        raise ValueError(f"unknown signalType {signal!r} (expected {', '.join(SIGNALS)})")
    status = rec.get("hashStatus")
    if status not in STATUS:
        raise ValueError(f"unknown hashStatus {status!r} (expected {', '.join(STATUS)})")
    if "hashValue" not in rec:
        raise ValueError("no hashValue")
    kind = SIGNALS[signal]
    cases = rec.get("caseNumbers") or {}
    if not isinstance(cases, dict):
        raise ValueError("caseNumbers must be an object {case number: status}")
    provenance: dict[str, Any] = {"format": "stopncii", "caseNumbers": cases}
    if rec.get("CSPFeedbacks"):
        provenance["CSPFeedbacks"] = rec["CSPFeedbacks"]
    return HashRecord(
        kind,
        normalise_hash(kind, str(rec["hashValue"])),
        external_id=",".join(sorted(cases))[:128] or None,
        status=STATUS[status],
        status_at=_timestamp(rec.get("lastModtimestamp")),
        provenance=provenance,
        where=where,
    )


@register
class StopNCII(HashListFormat):
    name = "stopncii"
    description = "StopNCII-style JSON records (signalType, hashValue, hashStatus, caseNumbers)"
    suffix = ".json"

    @classmethod
    def sniff(cls, head: str, path: Path) -> bool:
        text = head.lstrip()
        return text[:1] in "[{" and "hashValue" in head and "signalType" in head

    def read(self, path: Path, report: ReadReport) -> Iterator[HashRecord]:
        with open(path, "rb") as fh:
            head = fh.read(4096).lstrip()
        try:
            if head.startswith(b"["):
                with open(path, "rb") as fh:
                    yield from self._items(path, ijson.items(fh, "item", use_float=True), report)
            elif b'"hashRecords"' in head or head.count(b"\n") == 0:
                with open(path, "rb") as fh:
                    yield from self._items(path, ijson.items(fh, "hashRecords.item", use_float=True), report)
            else:  # JSON Lines
                with open(path, "rb") as fh:
                    lines = (orjson.loads(line) for line in fh if line.strip())
                    yield from self._items(path, lines, report)
        except (ijson.JSONError, orjson.JSONDecodeError) as exc:
            raise FormatError(path, "", f"invalid JSON: {exc}") from None

    def _items(self, path: Path, items: Iterable[Any], report: ReadReport) -> Iterator[HashRecord]:
        for i, rec in enumerate(items):
            where = f"record {i + 1}"
            try:
                record = _record(rec, where, report)
            except (ValueError, TypeError) as exc:
                raise FormatError(path, where, str(exc)) from None
            if record is not None:
                yield record

    def write(self, records: Iterable[HashRecord], out: TextIO) -> int:
        rows = []
        for r in records:
            if r.signal_type not in THEIR_SIGNALS:
                continue  # StopNCII has no SHA-256 or vPDQ records
            cases = r.provenance.get("caseNumbers") if r.provenance else None
            if not cases and r.external_id:
                cases = {c: THEIR_STATUS[r.status or "active"] for c in r.external_id.split(",")}
            row: dict[str, Any] = {
                "signalType": THEIR_SIGNALS[r.signal_type],
                "hashValue": r.value,
                "hashStatus": THEIR_STATUS[r.status or "active"],
                "caseNumbers": cases or {},
            }
            if r.status_at:
                row["lastModtimestamp"] = int(r.status_at.timestamp())
            rows.append(row)
        out.write(orjson.dumps({"count": len(rows), "hashRecords": rows}, option=orjson.OPT_INDENT_2).decode() + "\n")
        return len(rows)
