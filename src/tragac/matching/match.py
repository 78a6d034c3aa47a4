"""The "match" stage: every hashed media against every active entry of every enabled bank.

Incremental: media that are new (or were hashed) since the last run are matched against all entries, and entries
added (or re-activated) since the last run against all older media; ``full=True`` redoes everything and also
removes matches that no longer hold (a bank's threshold was lowered, a bank was disabled). Signals:

- ``pdq``: media PDQ of quality >= 50 within the bank's threshold (default 31), through the exact MIH index;
- ``md5`` / ``sha256``: exact equality;
- ``video_pdq``: vPDQ rule, frame distance <= 31, quality >= 50, match when at least the bank's
  ``video_match_fraction`` (80 %) of the query video's frames match; both shares are stored.
- robust (banks that opted in, :attr:`Bank.robust`): the robust fingerprint of a monitored picture (PDQ of its
  query windows, ORB keypoints) against that of each reference picture (reference windows): a window pair within
  the bank's ``robust_candidate_threshold`` is a candidate, decided by :func:`tragac.matching.verify.compare`. It is
  stored as a ``pdq`` match on the reference's original PDQ entry, with the window pair in ``Match.explain``.

Review feedback shapes what is written (:mod:`tragac.matching.negative`, :mod:`tragac.matching.quarantine`): a pair
an analyst marked false, or a near-duplicate of it, is dropped for the organisation; an entry that floods (matches
more distinct media within the window than the setting allows) is held and its matches are not written meanwhile.

Withdrawn and deleted entries never match: the index only holds active entries, and every hit is checked against
the database's status before a row is written.

Every new match becomes a review item (an ``ncii_match`` flag, see :mod:`tragac.matching.leads`); a match that a
full run no longer finds is removed and its item retired, not deleted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, and_, delete, false, func, or_, select
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.fingerprints.vpdq import VIDEO_QUERY_FRACTION
from tragac.matching.bank_index import synced_index
from tragac.matching.index import HashIndex, Hits, MIHIndex
from tragac.matching.leads import flag_matches, retire_matches
from tragac.matching.negative import suppressed_pairs
from tragac.matching.quarantine import hold_floods
from tragac.matching.video_index import VideoFrameIndex
from tragac.media.robust_types import WindowHash
from tragac.pipeline import stage
from tragac.progress import NullReporter, Reporter
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models import (
    Bank,
    BankEntry,
    EntryRobust,
    Match,
    Media,
    MediaRobust,
    StageState,
    VideoFrame,
)

STAGE = "match"
_BATCH = 8192


@dataclass(frozen=True)
class Found:
    media_id: int
    entry_id: int
    signal_type: str
    distance: int
    query_fraction: float | None = None
    entry_fraction: float | None = None
    explain: dict[str, Any] | None = None
    robust: bool = False  # decided by the robust rule: the bank's plain PDQ threshold does not apply


@dataclass(frozen=True)
class Window:
    """What is new since the last run: media above ``media_cursor`` or hashed since ``since``; entries likewise."""

    media_cursor: int
    entry_cursor: int
    since: datetime | None
    max_media: int
    max_entry: int

    def new_media(self) -> ColumnElement[bool]:
        recent = Media.hashed_at >= self.since if self.since else false()
        return and_(Media.id <= self.max_media, or_(Media.id > self.media_cursor, recent))

    def old_media(self) -> ColumnElement[bool]:
        return Media.id <= self.media_cursor

    def new_entries(self) -> ColumnElement[bool]:
        revived = BankEntry.status_at >= self.since if self.since else false()
        return and_(BankEntry.id <= self.max_entry, or_(BankEntry.id > self.entry_cursor, revived))


def _active_entry() -> ColumnElement[bool]:
    return and_(BankEntry.status == "active", Bank.enabled.is_(True))


def _batches(session: Session, query: Any) -> Iterator[list[Any]]:
    result = session.execute(query.execution_options(yield_per=_BATCH))
    for part in result.partitions(_BATCH):
        yield list(part)


def _pdq_hits(index: HashIndex, rows: Sequence[Any], threshold: int) -> Iterator[tuple[int, int, int]]:
    """(media id, entry id, distance) for media ``rows`` of (id, pdq)."""
    hits: Hits = index.query(pdq_to_bytes(r.pdq for r in rows), threshold)
    media_ids = np.array([r.id for r in rows], dtype=np.int64)
    yield from zip(media_ids[hits.query].tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True)


def _match_pdq(session: Session, store: Store, window: Window, threshold: int, rep: Reporter) -> list[Found]:
    index, _ = synced_index(store)
    media_pdq = select(Media.id, Media.pdq).where(Media.pdq.is_not(None), Media.pdq_quality >= PDQ_MIN_QUALITY)
    pairs: list[tuple[int, int, int]] = []
    total = session.scalar(select(func.count()).select_from(media_pdq.where(window.new_media()).subquery()))
    rep.start("matching pictures (PDQ)", total=total or 0)
    for rows in _batches(session, media_pdq.where(window.new_media()).order_by(Media.id)):
        pairs.extend(_pdq_hits(index, rows, threshold))
        rep.advance(len(rows))
    new_entries = session.execute(
        select(BankEntry.id, BankEntry.value)
        .join(Bank, Bank.id == BankEntry.bank_id)
        .where(BankEntry.signal_type == "pdq", _active_entry(), window.new_entries())
    ).all()
    if new_entries and window.media_cursor:
        fresh = MIHIndex()
        fresh.add([e.id for e in new_entries], pdq_to_bytes(e.value for e in new_entries))
        rep.start("matching earlier pictures against new bank entries")
        for rows in _batches(session, media_pdq.where(window.old_media()).order_by(Media.id)):
            pairs.extend(_pdq_hits(fresh, rows, threshold))
            rep.advance(len(rows))
    return [Found(m, e, "pdq", d) for m, e, d in pairs]


def _match_exact(session: Session, window: Window) -> list[Found]:
    found: list[Found] = []
    for signal, column in (("md5", Media.md5), ("sha256", Media.sha256)):
        rows = session.execute(
            select(Media.id, BankEntry.id)
            .join(BankEntry, and_(BankEntry.value == column, BankEntry.signal_type == signal))
            .join(Bank, Bank.id == BankEntry.bank_id)
            .where(_active_entry(), or_(window.new_media(), window.new_entries()))
        )
        found.extend(Found(m, e, signal, 0) for m, e in rows)
    return found


def _video_frames(session: Session, media_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    frames: dict[int, list[tuple[str, int]]] = {m: [] for m in media_ids}
    rows = session.execute(
        select(VideoFrame.media_id, VideoFrame.pdq, VideoFrame.quality)
        .where(VideoFrame.media_id.in_(media_ids))
        .order_by(VideoFrame.media_id, VideoFrame.frame)
    )
    for media_id, pdq, quality in rows:
        frames[media_id].append((pdq, quality))
    return frames


def _entry_frames(e: Any) -> list[tuple[str, int]]:
    return [(str(f["pdq"]), int(f.get("quality", 100))) for f in e.frames or []]


def _match_videos(session: Session, window: Window, fractions: dict[int, float], rep: Reporter) -> list[Found]:
    entries = session.execute(
        select(BankEntry.id, BankEntry.bank_id, BankEntry.frames, window.new_entries().label("new"))
        .join(Bank, Bank.id == BankEntry.bank_id)
        .where(BankEntry.signal_type == "video_pdq", _active_entry())
    ).all()
    if not entries:
        return []
    bank_of = {e.id: e.bank_id for e in entries}
    everything = VideoFrameIndex((e.id, _entry_frames(e)) for e in entries)
    fresh = VideoFrameIndex((e.id, _entry_frames(e)) for e in entries if e.new)
    lowest = min(fractions.values(), default=VIDEO_QUERY_FRACTION)
    videos = select(Media.id, window.new_media().label("new")).where(
        Media.id.in_(select(VideoFrame.media_id).distinct())
    )
    found = []
    rep.start("matching videos (vPDQ)")
    for rows in _batches(session, videos.order_by(Media.id)):
        wanted = [r.id for r in rows if r.new or len(fresh)]
        frames = _video_frames(session, wanted)
        for r in rows:
            against = everything if r.new else fresh
            if r.id not in frames or not len(against):
                continue
            for m in against.match(frames[r.id], min_query_fraction=lowest):
                if m.query_fraction >= fractions.get(bank_of[m.key], VIDEO_QUERY_FRACTION):
                    found.append(Found(r.id, m.key, "video_pdq", m.distance, m.query_fraction, m.entry_fraction))
        rep.advance(len(rows))
    return found


def _window_hashes(raw: Sequence[dict[str, Any]]) -> list[WindowHash]:
    return [WindowHash(str(w["window"]), str(w["pdq"]), int(w["quality"])) for w in raw]


def _match_robust(session: Session, window: Window, banks: dict[int, Bank], rep: Reporter) -> list[Found]:
    """Robust fingerprints of media against those of the entries of banks that opted in (see the module doc)."""
    robust_banks = {i: b for i, b in banks.items() if b.robust}
    if not robust_banks:
        return []
    from tragac.matching.verify import compare  # OpenCV: loaded only when some bank matches robustly

    refs = session.execute(
        select(
            EntryRobust.entry_id,
            EntryRobust.windows,
            EntryRobust.local_features,
            BankEntry.bank_id,
            window.new_entries().label("new"),
        )
        .join(BankEntry, BankEntry.id == EntryRobust.entry_id)
        .join(Bank, Bank.id == BankEntry.bank_id)
        .where(_active_entry(), BankEntry.bank_id.in_(list(robust_banks)))
    ).all()
    if not refs:
        return []
    # One row per usable reference window; the index answers with row numbers, ``owner`` maps them to entries.
    owner, hashes = [], []
    for k, ref in enumerate(refs):
        for w in ref.windows:
            if int(w["quality"]) >= PDQ_MIN_QUALITY:
                owner.append(k)
                hashes.append(str(w["pdq"]))
    if not hashes:
        return []
    index = MIHIndex()
    index.add(np.arange(len(hashes), dtype=np.int64), pdq_to_bytes(hashes))
    owners = np.array(owner, dtype=np.int64)
    threshold = max(b.robust_candidate_threshold for b in robust_banks.values())
    any_new_entry = any(r.new for r in refs)
    media = select(
        MediaRobust.media_id, MediaRobust.windows, MediaRobust.local_features, window.new_media().label("new")
    )
    media = media.join(Media, Media.id == MediaRobust.media_id)
    if not any_new_entry:
        media = media.where(window.new_media())
    found: list[Found] = []
    rep.start("matching pictures (robust windows)")
    for rows in _batches(session, media.order_by(MediaRobust.media_id)):
        q_rows, q_hashes = [], []
        for i, r in enumerate(rows):
            for w in r.windows:
                if int(w["quality"]) >= PDQ_MIN_QUALITY:
                    q_rows.append(i)
                    q_hashes.append(str(w["pdq"]))
        if not q_hashes:
            rep.advance(len(rows))
            continue
        hits = index.query(pdq_to_bytes(q_hashes), threshold)
        candidates = {(q_rows[q], int(owners[h])) for q, h in zip(hits.query.tolist(), hits.ids.tolist(), strict=True)}
        for i, k in sorted(candidates):
            row, ref = rows[i], refs[k]
            if not (row.new or ref.new):  # both seen by an earlier run
                continue
            bank = robust_banks[ref.bank_id]
            result = compare(
                _window_hashes(row.windows),
                row.local_features,
                _window_hashes(ref.windows),
                ref.local_features,
                candidate_threshold=bank.robust_candidate_threshold,
                min_inliers=bank.robust_min_inliers,
            )
            if result.matched and result.hit is not None:
                found.append(
                    Found(row.media_id, ref.entry_id, "pdq", result.hit.distance, explain=result.explain(), robust=True)
                )
        rep.advance(len(rows))
    return found


def _keep_valid(session: Session, found: list[Found], banks: dict[int, Bank]) -> list[tuple[Found, int]]:
    """Drop hits on entries that are not active, in a disabled bank, or beyond their bank's PDQ threshold."""
    entry_ids = sorted({f.entry_id for f in found})
    bank_of: dict[int, int] = {}
    for start in range(0, len(entry_ids), _BATCH):
        chunk = entry_ids[start : start + _BATCH]
        rows = session.execute(
            select(BankEntry.id, BankEntry.bank_id).where(BankEntry.id.in_(chunk), BankEntry.status == "active")
        )
        bank_of.update({e: b for e, b in rows})
    kept, seen = [], set()
    for f in found:
        bank_id = bank_of.get(f.entry_id)
        if bank_id is None or bank_id not in banks or (f.media_id, f.entry_id) in seen:
            continue
        if f.signal_type == "pdq" and not f.robust and f.distance > banks[bank_id].pdq_threshold:
            continue
        seen.add((f.media_id, f.entry_id))
        kept.append((f, bank_id))
    return kept


def _plain_explain(f: Found) -> dict[str, Any]:
    """What the explain view shows for a match of the plain signals (no windows, no verifier)."""
    return {
        "matched": True,
        "rule": "plain" if f.signal_type in ("pdq", "video_pdq") else "exact",
        "fingerprint": f.signal_type,
        "window": None,
        "distance": f.distance,
        "quality": None,
        "inliers": None,
    }


def _store_matches(
    session: Session, kept: list[tuple[Found, int]], full: bool, keep: AbstractSet[tuple[int, int]] = frozenset()
) -> tuple[int, int, list[int]]:
    """Write the new matches; a full run also removes those that no longer hold, except the ``keep`` pairs (those
    the negative bank suppresses: their dismissed lead stays as the reviewer left it)."""
    existing: set[tuple[int, int]] = set()
    media_ids = sorted({f.media_id for f, _ in kept})
    for start in range(0, len(media_ids), _BATCH):
        chunk = media_ids[start : start + _BATCH]
        existing.update(
            (m, e) for m, e in session.execute(select(Match.media_id, Match.entry_id).where(Match.media_id.in_(chunk)))
        )
    removed = 0
    if full:
        valid = {(f.media_id, f.entry_id) for f, _ in kept}
        stale = [
            match_id
            for match_id, media_id, entry_id in session.execute(select(Match.id, Match.media_id, Match.entry_id))
            if (media_id, entry_id) not in valid and (media_id, entry_id) not in keep
        ]
        retire_matches(session, stale, "no longer matches (full re-run)")
        for start in range(0, len(stale), _BATCH):
            session.execute(delete(Match).where(Match.id.in_(stale[start : start + _BATCH])))
        existing -= {pair for pair in existing if pair not in valid and pair not in keep}
        removed = len(stale)
    now = utcnow()
    new = [
        Match(
            media_id=f.media_id,
            entry_id=f.entry_id,
            bank_id=bank_id,
            signal_type=f.signal_type,
            distance=f.distance,
            query_match_fraction=f.query_fraction,
            entry_match_fraction=f.entry_fraction,
            explain=f.explain or _plain_explain(f),
            found_at=now,
        )
        for f, bank_id in kept
        if (f.media_id, f.entry_id) not in existing
    ]
    session.add_all(new)
    session.flush()
    return len(new), removed, [m.id for m in new]


def describe_matches(session: Session, match_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Matches as plain dicts: media, bank, entry (label, external id), signal, distance, shares, when found."""
    out = []
    for start in range(0, len(match_ids), _BATCH):
        rows = session.execute(
            select(Match, Media.sha256, Media.kind, Bank.name, BankEntry.label, BankEntry.external_id, BankEntry.value)
            .join(Media, Media.id == Match.media_id)
            .join(Bank, Bank.id == Match.bank_id)
            .join(BankEntry, BankEntry.id == Match.entry_id)
            .where(Match.id.in_(list(match_ids[start : start + _BATCH])))
            .order_by(Match.id)
        )
        for m, sha256, kind, bank, label, external_id, value in rows:
            out.append(
                {
                    "match_id": m.id,
                    "media_id": m.media_id,
                    "media_sha256": sha256,
                    "media_kind": kind,
                    "bank": bank,
                    "entry_id": m.entry_id,
                    "entry_label": label,
                    "entry_external_id": external_id,
                    "entry_hash": value,
                    "signal_type": m.signal_type,
                    "distance": m.distance,
                    "query_match_fraction": m.query_match_fraction,
                    "entry_match_fraction": m.entry_match_fraction,
                    "found_at": m.found_at.isoformat(),
                }
            )
    return out


def explain_match(session: Session, match_id: int) -> dict[str, Any]:
    """Everything that explains one match (the explain view and ``tragac match-explain``): the match, the bank's
    thresholds, which fingerprint and rule, which windows, distance, qualities, verifier inliers, the review item
    and the opinions on the entry. Hashes and numbers only, never pixels."""
    from tragac.matching.feedback import entry_feedback
    from tragac.matching.leads import match_fingerprint
    from tragac.matching.negative import negative_counts
    from tragac.store.models import EntryQuarantine, Flag

    found = describe_matches(session, [match_id])
    if not found:
        raise InputError(f"no match {match_id} (see `tragac match --json`)")
    described = found[0]
    m = session.get(Match, match_id)
    assert m is not None
    bank = session.get(Bank, m.bank_id)
    assert bank is not None
    flag = session.scalar(select(Flag).where(Flag.fingerprint == match_fingerprint(m.entry_id, m.media_id)))
    quarantine = session.get(EntryQuarantine, m.entry_id)
    return {
        **described,
        "explain": m.explain or _plain_explain(Found(m.media_id, m.entry_id, m.signal_type, m.distance)),
        "bank_settings": {
            "pdq_threshold": bank.pdq_threshold,
            "video_match_fraction": bank.video_match_fraction,
            "robust": bank.robust,
            "robust_candidate_threshold": bank.robust_candidate_threshold,
            "robust_min_inliers": bank.robust_min_inliers,
        },
        "flag": {"id": flag.id, "state": flag.state, "why": flag.why} if flag else None,
        "entry_feedback": entry_feedback(session, m.entry_id),
        "entry_negative_media": negative_counts(session, [m.entry_id]).get(m.entry_id, 0),
        "entry_quarantine": quarantine.state if quarantine else None,
    }


def run_match(store: Store, *, full: bool = False, reporter: Reporter | None = None) -> dict[str, Any]:
    """Match what is new (everything with ``full``); returns a summary with the new matches under ``new_matches``."""
    rep = reporter or NullReporter()
    started = utcnow()
    with store.session() as session:
        state = session.get(StageState, STAGE)
        info = (state.info or {}) if state and not full else {}
        since = datetime.fromisoformat(info["since"]) if info.get("since") else None
        window = Window(
            media_cursor=state.cursor if state and not full else 0,
            entry_cursor=int(info.get("entry_cursor", 0)),
            since=since,
            max_media=session.scalar(select(func.max(Media.id))) or 0,
            max_entry=session.scalar(select(func.max(BankEntry.id))) or 0,
        )
        banks = {b.id: b for b in session.scalars(select(Bank).where(Bank.enabled.is_(True)))}
        threshold = max((b.pdq_threshold for b in banks.values()), default=PDQ_MATCH_THRESHOLD)
        fractions = {b.id: b.video_match_fraction for b in banks.values()}
        media_checked = session.scalar(select(func.count()).select_from(Media).where(window.new_media())) or 0
        entries_checked = session.scalar(select(func.count()).select_from(BankEntry).where(window.new_entries())) or 0
        found: list[Found] = []
        if banks:
            found += _match_pdq(session, store, window, threshold, rep)
            found += _match_exact(session, window)
            found += _match_videos(session, window, fractions, rep)
            found += _match_robust(session, window, banks, rep)
        kept = _keep_valid(session, found, banks)
        organisation = store.settings.matching.organisation
        negative = suppressed_pairs(session, [(f.media_id, f.entry_id) for f, _ in kept], organisation)
        kept = [(f, b) for f, b in kept if (f.media_id, f.entry_id) not in negative]
        kept, quarantine = hold_floods(session, kept, store.settings.matching, now=started)
        added, removed, new_ids = _store_matches(session, kept, full, negative)
        # Every match is a lead for a human: one review item per (entry, media). A full run also backfills items
        # for matches that predate them, and revives retired ones whose match holds again.
        to_flag = list(session.scalars(select(Match.id))) if full else new_ids
        flagged = flag_matches(session, to_flag)
        by_signal: dict[str, int] = {}
        for f, _ in kept:
            by_signal[f.signal_type] = by_signal.get(f.signal_type, 0) + 1
        if state is None:
            state = StageState(name=STAGE)
            session.add(state)
        state.cursor = window.max_media
        state.info = {"entry_cursor": window.max_entry, "since": started.isoformat()}
        state.updated_at = utcnow()
        total = session.scalar(select(func.count()).select_from(Match)) or 0
        return {
            "media_checked": media_checked,
            "entries_checked": entries_checked,
            "matches_added": added,
            "matches_removed": removed,
            "matches_total": total,
            "flags_created": flagged["created"],
            "flags_revived": flagged["revived"],
            "found_by_signal": by_signal,
            "suppressed_by_negative_bank": len(negative),
            "entries_quarantined": quarantine["quarantined"],
            "held_by_quarantine": quarantine["held"],
            "full": full,
            "new_matches": describe_matches(session, new_ids),
        }


@stage(STAGE, order=30, help="match hashed media against every active bank entry (PDQ, vPDQ, MD5, SHA-256)")
def match_stage(store: Store, reporter: Reporter) -> dict[str, Any]:
    summary = run_match(store, reporter=reporter)
    summary.pop("new_matches")
    return summary


def lookup_pdq(store: Store, hashes: Sequence[str]) -> list[list[dict[str, Any]]]:
    """For each PDQ hash, the active entries it matches (bank threshold applied): for APIs and one-off checks."""
    index, _ = synced_index(store)
    with store.session() as session:
        banks = {b.id: b for b in session.scalars(select(Bank).where(Bank.enabled.is_(True)))}
        threshold = max((b.pdq_threshold for b in banks.values()), default=PDQ_MATCH_THRESHOLD)
        hits = index.query(pdq_to_bytes(h.strip().lower() for h in hashes), threshold)
        entries = {
            e.id: e
            for e in session.scalars(
                select(BankEntry).where(BankEntry.id.in_(hits.ids.tolist()), BankEntry.status == "active")
            )
        }
        out: list[list[dict[str, Any]]] = [[] for _ in hashes]
        for q, entry_id, dist in zip(hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True):
            e = entries.get(entry_id)
            if e is None or e.bank_id not in banks or dist > banks[e.bank_id].pdq_threshold:
                continue
            out[q].append({"bank": banks[e.bank_id].name, "entry_id": e.id, "label": e.label, "distance": dist})
        return out


def lookup_exact(store: Store, signal_type: str, hashes: Sequence[str]) -> list[list[dict[str, Any]]]:
    """For each MD5 / SHA-256 hash (canonical form), the active entries of enabled banks carrying it: the same
    equality and status rule as the match stage (``_match_exact``), answered by the database's index on the value."""
    with store.session() as session:
        rows = session.execute(
            select(BankEntry.value, BankEntry.id, BankEntry.label, Bank.name)
            .join(Bank, Bank.id == BankEntry.bank_id)
            .where(_active_entry(), BankEntry.signal_type == signal_type, BankEntry.value.in_(sorted(set(hashes))))
            .order_by(BankEntry.id)
        ).all()
    found: dict[str, list[dict[str, Any]]] = {}
    for value, entry_id, label, bank in rows:
        found.setdefault(value, []).append({"bank": bank, "entry_id": entry_id, "label": label, "distance": 0})
    return [list(found.get(h, [])) for h in hashes]
