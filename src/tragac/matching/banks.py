"""Banks (hash lists): create, import, export, withdraw, delete.

Every change runs inside the caller's session (one transaction): an import that meets a bad record raises before
commit, so nothing of the file is kept. When an entry stops being active (withdrawn by the person it depicts, or
deleted), its matches are removed in the same transaction and matching never considers it again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.fingerprints import normalise_hash
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.matching.formats import HashRecord, ReadReport, detect_format, get_format
from tragac.matching.formats.base import STATUSES
from tragac.matching.leads import retire_entries
from tragac.store.base import utcnow
from tragac.store.models import Bank, BankEntry, EntryRobust, Match

BANK_KINDS = ("victim_case", "imported_list", "analyst_confirmed")
AUDIT_CONFIGURE = "bank.configure"  # a bank's matching settings changed (CLI or the admin's web page)
_NAME = re.compile(r"^[\w.@+-]{1,128}$")
_BATCH = 2000
_ENTRY_TABLE = cast(Table, BankEntry.__table__)


def _chunks(items: Iterable[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def create_bank(
    session: Session,
    name: str,
    kind: str,
    *,
    threshold: int = PDQ_MATCH_THRESHOLD,
    description: str | None = None,
    created_by: str | None = None,
) -> Bank:
    if not _NAME.match(name):
        raise InputError(f"bank name {name!r}: use 1-128 letters, digits, '.', '_', '-', '@' or '+' (no spaces)")
    if kind not in BANK_KINDS:
        raise InputError(f"bank kind {kind!r}: expected one of {', '.join(BANK_KINDS)}")
    if not 0 <= threshold <= 128:
        raise InputError(
            f"threshold {threshold}: a PDQ distance between 0 and 128 ({PDQ_MATCH_THRESHOLD} is the standard)"
        )
    if session.scalar(select(Bank.id).where(Bank.name == name)) is not None:
        raise InputError(f"a bank named {name!r} already exists")
    bank = Bank(name=name, kind=kind, pdq_threshold=threshold, description=description, created_by=created_by)
    session.add(bank)
    session.flush()
    return bank


def find_bank(session: Session, name: str) -> Bank:
    bank = session.scalar(select(Bank).where(Bank.name == name))
    if bank is None:
        raise InputError(f"no bank named {name!r} (see `tragac bank list`)")
    return bank


def bank_info(session: Session, bank: Bank) -> dict[str, Any]:
    """The bank's settings and its entry counts by signal type and status."""
    counts: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(BankEntry.signal_type, BankEntry.status, func.count())
        .where(BankEntry.bank_id == bank.id)
        .group_by(BankEntry.signal_type, BankEntry.status)
    )
    for signal, status, n in rows:
        counts.setdefault(signal, {})[status] = n
    matches = session.scalar(select(func.count()).select_from(Match).where(Match.bank_id == bank.id)) or 0
    return {
        "name": bank.name,
        "kind": bank.kind,
        "threshold": bank.pdq_threshold,
        "video_match_fraction": bank.video_match_fraction,
        "enabled": bank.enabled,
        "description": bank.description,
        "created_by": bank.created_by,
        "created_at": bank.created_at.isoformat(),
        "entries": sum(n for per in counts.values() for n in per.values()),
        "active": sum(per.get("active", 0) for per in counts.values()),
        "by_signal": counts,
        "matches": matches,
        "robust": bank.robust,
        "robust_candidate_threshold": bank.robust_candidate_threshold,
        "robust_min_inliers": bank.robust_min_inliers,
        "robust_entries": session.scalar(
            select(func.count())
            .select_from(EntryRobust)
            .join(BankEntry, BankEntry.id == EntryRobust.entry_id)
            .where(BankEntry.bank_id == bank.id)
        )
        or 0,
    }


def configure_bank(
    session: Session,
    name: str,
    *,
    threshold: int | None = None,
    video_match_fraction: float | None = None,
    robust: bool | None = None,
    robust_candidate_threshold: int | None = None,
    robust_min_inliers: int | None = None,
    enabled: bool | None = None,
) -> dict[str, Any]:
    """Change a bank's matching settings (the CLI and the admin's web page both come here); returns what changed as
    ``{setting: [before, after]}``. The next full match run applies them to earlier matches too."""
    bank = find_bank(session, name)
    wanted: dict[str, Any] = {
        "pdq_threshold": threshold,
        "video_match_fraction": video_match_fraction,
        "robust": robust,
        "robust_candidate_threshold": robust_candidate_threshold,
        "robust_min_inliers": robust_min_inliers,
        "enabled": enabled,
    }
    limits = {
        "pdq_threshold": (0, 128, f"a PDQ distance between 0 and 128 ({PDQ_MATCH_THRESHOLD} is the standard)"),
        "robust_candidate_threshold": (0, 128, "a window distance between 0 and 128"),
        "robust_min_inliers": (3, 256, "between 3 and 256 keypoints"),
        "video_match_fraction": (0.0, 1.0, "a share between 0 and 1"),
    }
    changed: dict[str, Any] = {}
    for key, value in wanted.items():
        if value is None:
            continue
        if key in limits:
            low, high, text = limits[key]
            if not low <= value <= high:
                raise InputError(f"{key.replace('_', ' ')} {value}: expected {text}")
        before = getattr(bank, key)
        if before != value:
            setattr(bank, key, value)
            changed[key] = [before, value]
    session.flush()
    return {"bank": bank.name, "changed": changed}


def list_banks(session: Session) -> list[dict[str, Any]]:
    return [bank_info(session, b) for b in session.scalars(select(Bank).order_by(Bank.name))]


def delete_bank(session: Session, name: str) -> dict[str, Any]:
    bank = find_bank(session, name)
    info = bank_info(session, bank)
    # Bulk deletes: loading a million entries through the ORM cascade would be slow.
    retract_bank(session, bank.id, f"bank {name} deleted")
    session.execute(delete(BankEntry).where(BankEntry.bank_id == bank.id))
    session.execute(delete(Bank).where(Bank.id == bank.id))
    return {"deleted": name, "entries": info["entries"], "matches": info["matches"]}


def retract_matches(session: Session, entry_ids: Sequence[int], why: str = "bank entry withdrawn") -> int:
    """Remove every match of these entries (they were withdrawn or deleted): their review items and case findings
    are retired first (see :mod:`tragac.matching.leads`), so they stay traceable to the entry. Returns how many
    matches were removed."""
    retire_entries(session, entry_ids, why)
    removed = 0
    for chunk in _chunks(entry_ids):
        result = session.execute(delete(Match).where(Match.entry_id.in_(chunk)))
        removed += int(getattr(result, "rowcount", 0) or 0)
    return removed


def retract_bank(session: Session, bank_id: int, why: str) -> int:
    """:func:`retract_matches` for every entry of a bank (the bank deleted, or its case withdrawn)."""
    entry_ids = list(session.scalars(select(BankEntry.id).where(BankEntry.bank_id == bank_id)))
    return retract_matches(session, entry_ids, why)


INACTIVE = ("withdrawn", "deleted")


def _supersedes(record: HashRecord, earlier_at: datetime | None) -> bool:
    """Within one file: whether ``record`` replaces an earlier record of the same hash stamped ``earlier_at``.
    The newer record wins by its own timestamp; on a tie, or when either has none, the later one in the file."""
    return record.status_at is None or earlier_at is None or record.status_at >= earlier_at


def _applies(record: HashRecord, row: Any, from_this_file: datetime | None, touched: bool) -> bool:
    """Whether ``record``'s stated status replaces the stored one.

    - A hash this import already wrote (``touched``): the newer record of the file wins (:func:`_supersedes`
      against the earlier record's own timestamp, ``from_this_file``).
    - A hash from before: a withdrawal or deletion always wins, whatever its timestamp says against our import
      time or the stored status (the person depicted withdrew; matching must stop). A re-activation only wins when
      it is newer than the stored status, so an old "Active" record never revives a withdrawn hash.
    """
    if not record.status or record.status == row.status:
        return False
    if touched:
        return _supersedes(record, from_this_file)
    if record.status in INACTIVE:
        return True
    return record.status_at is None or row.status_at is None or record.status_at >= row.status_at


def import_hashes(
    session: Session,
    name: str,
    path: Path,
    fmt: str = "auto",
    *,
    added_by: str | None = None,
    label: str | None = None,
) -> dict[str, Any]:
    """Add or update the entries of bank ``name`` from ``path``.

    A hash already in the bank keeps its status unless the file states one (StopNCII records do). Within one file
    the newest record of a hash wins (by the record's own timestamp; on a tie the later one in the file). Against
    what was stored before, a ``withdrawn``/``deleted`` record always wins, and an ``active`` one only when it is
    newer than the stored status. A hash the file marks withdrawn/deleted that the bank never had is stored with
    that status, so it is known and never matches. Re-importing a plain list never revives a withdrawn hash.
    Entries that end the import inactive have their matches retracted (review items and case findings retired).
    """
    bank = find_bank(session, name)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    reader = detect_format(path) if fmt == "auto" else get_format(fmt)
    report = ReadReport()
    counts = {"read": 0, "added": 0, "unchanged": 0, "status_changed": 0}
    # Entries whose status this import changed: id -> (final status, the winning record's own timestamp). Rows this
    # import inserted are recognised by ``added_at == now``, so no per-hash memory is needed for a large list.
    changed: dict[int, tuple[str, datetime | None]] = {}
    now = utcnow()
    for batch in _chunks(reader.read(path, report)):
        counts["read"] += len(batch)
        latest: dict[tuple[str, str], HashRecord] = {}
        for r in batch:
            key = (r.signal_type, r.value)
            prev = latest.get(key)
            if prev is None or _supersedes(r, prev.status_at):
                latest[key] = r
        existing = {
            (e.signal_type, e.value): e
            for e in session.execute(
                select(
                    BankEntry.id,
                    BankEntry.signal_type,
                    BankEntry.value,
                    BankEntry.status,
                    BankEntry.status_at,
                    BankEntry.added_at,
                )
                .where(BankEntry.bank_id == bank.id)
                .where(BankEntry.value.in_({v for _, v in latest}))
            )
        }
        new_rows, changes = [], []
        for key, r in latest.items():
            row = existing.get(key)
            if row is None:
                new_rows.append(_entry_row(bank.id, r, now, added_by, label))
                continue
            inserted_here = row.added_at == now
            touched = inserted_here or row.id in changed
            if row.id in changed:
                earlier_at = changed[row.id][1]
            else:  # inserted by this import: its status_at is the record's timestamp, or ``now`` when it had none
                earlier_at = row.status_at if inserted_here and row.status_at != now else None
            if _applies(r, row, earlier_at, touched):
                # A re-activation is stamped with our time so the next incremental match run sees the entry anew. A
                # withdrawal keeps the newest time known for the hash, so only a later re-submission revives it.
                if r.status == "active" or r.status_at is None:
                    at = now
                else:
                    at = max(r.status_at, row.status_at) if row.status_at else r.status_at
                changes.append({"id": row.id, "status": r.status, "status_at": at, "status_by": added_by})
                changed[row.id] = (str(r.status), r.status_at)
            else:
                counts["unchanged"] += 1
        if new_rows:
            session.execute(insert(_ENTRY_TABLE), new_rows)  # Core insert: no ORM bookkeeping per row
            counts["added"] += len(new_rows)
        if changes:
            session.execute(update(BankEntry), changes)
            counts["status_changed"] += len(changes)
        with_robust = _store_robust(session, bank.id, latest.values())
        if with_robust:
            counts["robust"] = counts.get("robust", 0) + with_robust
    deactivated = sorted(i for i, (status, _) in changed.items() if status in INACTIVE)
    removed = retract_matches(
        session, deactivated, f"bank entry withdrawn or deleted ({reader.name} import of {path.name})"
    )
    return {
        "bank": bank.name,
        "file": str(path),
        "format": reader.name,
        **counts,
        "deactivated": len(deactivated),
        "matches_removed": removed,
        "skipped": report.skipped,
    }


def _store_robust(session: Session, bank_id: int, records: Iterable[HashRecord]) -> int:
    """Attach the robust fingerprints the records carry to their entries (replacing an earlier one)."""
    robust = {r.value: r.robust for r in records if r.robust and r.signal_type == "pdq"}
    if not robust:
        return 0
    ids = session.execute(
        select(BankEntry.id, BankEntry.value).where(
            BankEntry.bank_id == bank_id, BankEntry.signal_type == "pdq", BankEntry.value.in_(list(robust))
        )
    )
    n = 0
    for entry_id, value in ids:
        data = robust[value]
        session.merge(EntryRobust(entry_id=entry_id, windows=data["windows"], local_features=data["local_features"]))
        n += 1
    session.flush()
    return n


def _entry_row(bank_id: int, r: HashRecord, now: datetime, by: str | None, label: str | None) -> dict[str, Any]:
    provenance = dict(r.provenance)
    if r.quality is not None:
        provenance["quality"] = r.quality
    status = r.status or "active"
    return {
        "bank_id": bank_id,
        "signal_type": r.signal_type,
        "value": r.value,
        "frames": r.frames,
        "variant": r.variant,
        "item_key": r.item_key,
        "label": label or r.label,
        "external_id": r.external_id,
        "provenance": provenance or None,
        "status": status,
        "status_at": r.status_at or now,
        "status_by": by,
        "added_by": by,
        "added_at": now,
    }


def entry_record(e: BankEntry) -> HashRecord:
    provenance = dict(e.provenance or {})
    quality = provenance.pop("quality", None)
    return HashRecord(
        e.signal_type,
        e.value,
        label=e.label,
        frames=e.frames,
        variant=e.variant,
        item_key=e.item_key,
        external_id=e.external_id,
        status=e.status,
        status_at=e.status_at,
        quality=quality,
        provenance=provenance,
    )


def export_hashes(
    session: Session, name: str, fmt: str, out: Path, *, include_inactive: bool | None = None
) -> dict[str, Any]:
    """Write the bank to ``out`` (atomically). Only active entries, except for StopNCII, whose records carry status."""
    bank = find_bank(session, name)
    writer = get_format(fmt)
    if include_inactive is None:
        include_inactive = writer.name == "stopncii"
    query = select(BankEntry).where(BankEntry.bank_id == bank.id).order_by(BankEntry.id)
    if not include_inactive:
        query = query.where(BankEntry.status == "active")
    records = (entry_record(e) for e in session.scalars(query.execution_options(yield_per=_BATCH)))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            written = writer.write(records, fh)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return {"bank": bank.name, "format": writer.name, "file": str(out), "written": written}


def set_status(
    session: Session,
    name: str,
    status: str,
    *,
    hashes: Sequence[str] = (),
    labels: Sequence[str] = (),
    item_keys: Sequence[str] = (),
    by: str | None = None,
) -> dict[str, Any]:
    """Withdraw, delete or re-activate entries chosen by hash value, label or item; matches go with them at once."""
    if status not in STATUSES:
        raise InputError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
    if not (hashes or labels or item_keys):
        raise InputError("say which entries: --hash, --label or --item")
    bank = find_bank(session, name)
    values = set()
    for h in hashes:
        h = h.strip().lower()
        try:
            values.add(normalise_hash("md5" if len(h) == 32 else "sha256", h))
        except ValueError as exc:
            raise InputError(str(exc)) from None
    chosen = select(BankEntry.id, BankEntry.status).where(BankEntry.bank_id == bank.id)
    wanted = []
    if values:
        wanted.append(BankEntry.value.in_(values))
    if labels:
        wanted.append(BankEntry.label.in_(list(labels)))
    if item_keys:
        wanted.append(BankEntry.item_key.in_(list(item_keys)))
    rows = session.execute(chosen.where(or_(*wanted))).all()
    if not rows:
        raise InputError(f"no entry of bank {name!r} has that hash, label or item")
    changed = [r.id for r in rows if r.status != status]
    now = datetime.now(UTC)
    for chunk in _chunks(changed):
        session.execute(
            update(BankEntry).where(BankEntry.id.in_(chunk)).values(status=status, status_at=now, status_by=by),
            execution_options={"synchronize_session": False},
        )
    removed = 0
    if status != "active":
        removed = retract_matches(session, changed, f"bank entry {status} by {by or 'an analyst'}")
    return {
        "bank": bank.name,
        "status": status,
        "selected": len(rows),
        "changed": len(changed),
        "matches_removed": removed,
        "by": by,
    }
