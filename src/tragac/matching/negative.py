"""The negative bank: an organisation's allowlist of (bank entry, media) pairs an analyst marked as false matches.

Production users of open submission lists report false matches: an entry that happens to sit near an unrelated
picture keeps matching it, and every re-encode of it, on every run. When an analyst dismisses an ``ncii_match``
review item as false (:func:`tragac.matching.leads.record_review`), the media's hashes (SHA-256, MD5, PDQ) are
written here, scoped to the organisation (``TRAGAC_ORGANISATION``). The match stage then drops, for that entry only:

- the same media (same SHA-256 or MD5), and
- a near-duplicate of it: a media whose PDQ is within PDQ's own match threshold (31) of the dismissed one, both of
  usable quality (a re-encode, a resize, a recompression).

The entry keeps matching every other media, and other entries keep matching this media: the allowlist says "this
entry is not this picture", not "this picture is harmless".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, Pdq
from tragac.store.base import utcnow
from tragac.store.models import Bank, BankEntry, Media, NegativeEntry

_BATCH = 1000


def add_false_match(
    session: Session,
    *,
    organisation: str,
    entry_id: int,
    media_id: int,
    flag_id: int | None = None,
    reason: str | None = None,
    by: str | None = None,
) -> NegativeEntry | None:
    """Record that ``entry_id`` does not depict ``media_id`` (idempotent per organisation, entry and media)."""
    media = session.get(Media, media_id)
    if media is None or session.get(BankEntry, entry_id) is None:
        return None
    existing = session.scalar(
        select(NegativeEntry).where(
            NegativeEntry.organisation == organisation,
            NegativeEntry.entry_id == entry_id,
            NegativeEntry.sha256 == media.sha256,
        )
    )
    if existing is not None:
        return existing
    row = NegativeEntry(
        organisation=organisation,
        entry_id=entry_id,
        media_id=media.id,
        sha256=media.sha256,
        md5=media.md5,
        pdq=media.pdq,
        pdq_quality=media.pdq_quality,
        flag_id=flag_id,
        reason=reason,
        added_by=by,
        added_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def _near(a_pdq: str | None, a_quality: int | None, b_pdq: str | None, b_quality: int | None) -> bool:
    if not (a_pdq and b_pdq and Pdq.usable(a_quality) and Pdq.usable(b_quality)):
        return False
    return Pdq.distance(a_pdq, b_pdq) <= PDQ_MATCH_THRESHOLD


def suppressed_pairs(session: Session, pairs: Sequence[tuple[int, int]], organisation: str) -> set[tuple[int, int]]:
    """The (media id, entry id) pairs among ``pairs`` that the organisation's negative bank suppresses."""
    entry_ids = sorted({e for _, e in pairs})
    negatives: dict[int, list[NegativeEntry]] = {}
    for start in range(0, len(entry_ids), _BATCH):
        chunk = entry_ids[start : start + _BATCH]
        for n in session.scalars(
            select(NegativeEntry).where(NegativeEntry.organisation == organisation, NegativeEntry.entry_id.in_(chunk))
        ):
            negatives.setdefault(n.entry_id, []).append(n)
    if not negatives:
        return set()
    wanted = sorted({m for m, e in pairs if e in negatives})
    media: dict[int, Any] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        media.update(
            (r.id, r)
            for r in session.execute(
                select(Media.id, Media.sha256, Media.md5, Media.pdq, Media.pdq_quality).where(Media.id.in_(chunk))
            )
        )
    out = set()
    for media_id, entry_id in pairs:
        m = media.get(media_id)
        if m is None:
            continue
        for n in negatives.get(entry_id, ()):
            same = m.sha256 == n.sha256 or (m.md5 is not None and m.md5 == n.md5)
            if same or _near(m.pdq, m.pdq_quality, n.pdq, n.pdq_quality):
                out.add((media_id, entry_id))
                break
    return out


def list_negative(session: Session, organisation: str | None = None, bank: str | None = None) -> list[dict[str, Any]]:
    """The negative bank's rows (newest first), optionally for one organisation or bank; hashes, never pictures."""
    query = (
        select(NegativeEntry, BankEntry.label, Bank.name)
        .join(BankEntry, BankEntry.id == NegativeEntry.entry_id)
        .join(Bank, Bank.id == BankEntry.bank_id)
        .order_by(NegativeEntry.id.desc())
    )
    if organisation is not None:
        query = query.where(NegativeEntry.organisation == organisation)
    if bank is not None:
        query = query.where(Bank.name == bank)
    return [_row(n, label, bank_name) for n, label, bank_name in session.execute(query)]


def _row(n: NegativeEntry, label: str | None, bank: str) -> dict[str, Any]:
    return {
        "id": n.id,
        "organisation": n.organisation,
        "bank": bank,
        "entry_id": n.entry_id,
        "entry_label": label,
        "media_id": n.media_id,
        "media_sha256": n.sha256,
        "media_pdq": n.pdq,
        "flag_id": n.flag_id,
        "reason": n.reason,
        "added_by": n.added_by,
        "added_at": n.added_at.isoformat(),
    }


def negative_counts(session: Session, entry_ids: Iterable[int]) -> dict[int, int]:
    """How many dismissed media each entry has in any organisation's negative bank (for the explain view)."""
    out: dict[int, int] = {}
    ids = sorted(set(entry_ids))
    for start in range(0, len(ids), _BATCH):
        for entry_id in session.scalars(
            select(NegativeEntry.entry_id).where(NegativeEntry.entry_id.in_(ids[start : start + _BATCH]))
        ):
            out[entry_id] = out.get(entry_id, 0) + 1
    return out
