"""Feeding a case's bank from the victim's ``tragac-hashes/1`` file (written by ``tragac hash`` on her device).

Parsing and validation are the matching area's reader; here labels are replaced by ``item N`` because file names
on her device can carry her name. Entries of one file share its SHA-256 as ``item_key``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.matching.formats.base import ReadReport
from tragac.matching.formats.tragac_hashes import TragacHashes
from tragac.store.models.matching import Bank, BankEntry


def import_into_bank(session: Session, bank: Bank, path: Path, *, actor: str) -> dict[str, int]:
    """Add the file's hashes to ``bank`` (all or nothing: the caller's transaction); returns counts."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    report = ReadReport()
    records = list(TragacHashes().read(path, report))
    existing = {
        (st, v)
        for st, v in session.execute(select(BankEntry.signal_type, BankEntry.value).where(BankEntry.bank_id == bank.id))
    }
    item_numbers: dict[str, int] = {}
    added = 0
    now = datetime.now(UTC)
    for r in records:
        key = r.item_key or r.value
        number = item_numbers.setdefault(key, len(item_numbers) + 1)
        if (r.signal_type, r.value) in existing:
            continue
        existing.add((r.signal_type, r.value))
        provenance = {**r.provenance, "quality": r.quality} if r.quality is not None else dict(r.provenance)
        session.add(
            BankEntry(
                bank_id=bank.id,
                signal_type=r.signal_type,
                value=r.value,
                frames=r.frames,
                variant=r.variant,
                item_key=r.item_key,
                label=f"item {number}",
                provenance=provenance,
                status="active",
                status_at=now,
                added_by=actor,
                added_at=now,
            )
        )
        added += 1
    session.flush()
    return {
        "items": len(item_numbers),
        "entries_added": added,
        "entries_in_file": len(records),
        "skipped": sum(report.skipped.values()),
    }
