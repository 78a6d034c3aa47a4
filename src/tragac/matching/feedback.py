"""Confirm / deconfirm of bank entries, and the feedback files that take those opinions back to the exchange.

Every review of an ``ncii_match`` item is an opinion on the entry that matched (recorded by
:func:`tragac.matching.leads.record_review`): confirming the match is ``confirm`` (the entry found what it is
for), dismissing it as false is ``deconfirm`` (the entry matched a picture it does not depict). Withdrawing a
quarantined entry is a ``deconfirm`` too. An entry's *current* opinion is its latest one.

Two files carry them back, neither with reviewers' names or any picture:

- StopNCII ``SubmitFeedback`` (the request body python-threatexchange's ``StopNCIIAPI.submit_feedbacks`` posts):
  ``{"count": n, "hashFeedbacks": [{"hashValue", "feedbackValue": "Blocked"|"NotBlocked", "tags": [...]}]}``;
  ``Blocked`` = "match reviewed, determined to be NCII", ``NotBlocked`` = "match reviewed, inconclusive". Only
  StopNCII's own signal types (ImagePDQ, VideoMD5) are included.
- A ThreatExchange-style opinion file: JSON lines ``{"signal_type", "signal", "opinion": {"is_mine": true,
  "category": "POSITIVE_CLASS"|"NEGATIVE_CLASS", "tags": [...]}, "updated_at"}``, the fields of pytx's
  ``SignalOpinion`` (``exchanges/fetch_state.py``) with its signal-type names (``pdq``, ``video_md5``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.matching.banks import find_bank
from tragac.store.base import utcnow
from tragac.store.models import BankEntry, EntryFeedback

OPINIONS = ("confirm", "deconfirm")
STOPNCII_VALUE = {"confirm": "Blocked", "deconfirm": "NotBlocked"}
STOPNCII_TYPES = {"pdq": "ImagePDQ", "md5": "VideoMD5"}
TX_CATEGORY = {"confirm": "POSITIVE_CLASS", "deconfirm": "NEGATIVE_CLASS"}
TX_NAMES = {"pdq": "pdq", "md5": "video_md5", "sha256": "video_sha256"}
FORMATS = ("stopncii", "opinions")
TAG = "tragac"


def record_opinion(
    session: Session,
    entry_id: int,
    opinion: str,
    *,
    reviewer: str | None = None,
    media_id: int | None = None,
    flag_id: int | None = None,
    note: str | None = None,
) -> EntryFeedback:
    if opinion not in OPINIONS:
        raise InputError(f"opinion {opinion!r}: expected one of {', '.join(OPINIONS)}")
    row = EntryFeedback(
        entry_id=entry_id,
        opinion=opinion,
        reviewer=reviewer,
        media_id=media_id,
        flag_id=flag_id,
        note=note,
        at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def current_opinions(session: Session, bank_id: int) -> Iterator[tuple[BankEntry, EntryFeedback, dict[str, int]]]:
    """(entry, its latest opinion, counts of every opinion on it) for each entry of the bank that has one."""
    rows = session.execute(
        select(EntryFeedback, BankEntry)
        .join(BankEntry, BankEntry.id == EntryFeedback.entry_id)
        .where(BankEntry.bank_id == bank_id)
        .order_by(BankEntry.id, EntryFeedback.at, EntryFeedback.id)
    )
    latest: dict[int, tuple[BankEntry, EntryFeedback, dict[str, int]]] = {}
    for fb, entry in rows:
        counts = latest[entry.id][2] if entry.id in latest else {o: 0 for o in OPINIONS}
        counts[fb.opinion] += 1
        latest[entry.id] = (entry, fb, counts)
    yield from latest.values()


def stopncii_feedback(session: Session, bank_name: str) -> dict[str, Any]:
    """The SubmitFeedback request body for the bank's reviewed entries (see the module doc)."""
    bank = find_bank(session, bank_name)
    feedbacks = []
    for entry, fb, _ in current_opinions(session, bank.id):
        if entry.signal_type not in STOPNCII_TYPES:
            continue
        feedbacks.append(
            {
                "tags": [TAG, f"{TAG}:{fb.opinion}"],
                "feedbackValue": STOPNCII_VALUE[fb.opinion],
                "hashValue": entry.value,
            }
        )
    return {"count": len(feedbacks), "hashFeedbacks": feedbacks}


def opinion_lines(session: Session, bank_name: str) -> list[dict[str, Any]]:
    """One ThreatExchange-style opinion per reviewed entry of the bank (see the module doc)."""
    bank = find_bank(session, bank_name)
    out = []
    for entry, fb, counts in current_opinions(session, bank.id):
        if entry.signal_type not in TX_NAMES:
            continue
        tags = sorted({TAG, f"{TAG}:confirmed:{counts['confirm']}", f"{TAG}:deconfirmed:{counts['deconfirm']}"})
        out.append(
            {
                "signal_type": TX_NAMES[entry.signal_type],
                "signal": entry.value,
                "opinion": {"is_mine": True, "category": TX_CATEGORY[fb.opinion], "tags": tags},
                "updated_at": fb.at.isoformat(),
            }
        )
    return out


def export_feedback(session: Session, bank_name: str, fmt: str, out: Path) -> dict[str, Any]:
    """Write the bank's feedback file (atomically); returns what was written."""
    if fmt not in FORMATS:
        raise InputError(f"feedback format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "stopncii":
        body = stopncii_feedback(session, bank_name)
        data, written = orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n", body["count"]
    else:
        lines = opinion_lines(session, bank_name)
        data, written = b"".join(orjson.dumps(line) + b"\n" for line in lines), len(lines)
    if not out.parent.is_dir():
        raise InputError(f"folder {out.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return {"bank": bank_name, "format": fmt, "file": str(out), "written": written}


def entry_feedback(session: Session, entry_id: int) -> list[dict[str, Any]]:
    """Every opinion on one entry, oldest first (for the explain view and `tragac match explain`)."""
    return [
        {"opinion": f.opinion, "reviewer": f.reviewer, "at": f.at.isoformat(), "flag_id": f.flag_id, "note": f.note}
        for f in session.scalars(
            select(EntryFeedback).where(EntryFeedback.entry_id == entry_id).order_by(EntryFeedback.at, EntryFeedback.id)
        )
    ]
