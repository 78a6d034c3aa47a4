"""Matching a fetched file's hashes against every active entry of every enabled bank (exact scan: watched pages
bring few files, so a full index is not needed here; the ``match`` stage re-checks the stored media anyway)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.matching.hashes import PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.media.hasher import FileHashes
from tragac.media.vpdq import match_videos
from tragac.store.models.matching import Bank, BankEntry


@dataclass(frozen=True)
class Hit:
    entry_id: int
    bank_id: int
    signal_type: str
    distance: int
    query_fraction: float | None = None
    entry_fraction: float | None = None


@dataclass(frozen=True)
class _Frame:
    quality: int
    pdq: str


class BankMatcher:
    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(
                BankEntry.id,
                BankEntry.bank_id,
                BankEntry.signal_type,
                BankEntry.value,
                BankEntry.frames,
                Bank.pdq_threshold,
            )
            .join(Bank, Bank.id == BankEntry.bank_id)
            .where(Bank.enabled, BankEntry.status == "active")
        ).all()
        self.exact: dict[tuple[str, str], list[tuple[int, int]]] = {}
        pdq: list[tuple[int, int, str, int]] = []
        self.videos: list[tuple[int, int, list[dict[str, Any]], int]] = []
        for entry_id, bank_id, signal, value, frames, threshold in rows:
            if signal in ("md5", "sha256"):
                self.exact.setdefault((signal, value), []).append((entry_id, bank_id))
            elif signal == "pdq":
                pdq.append((entry_id, bank_id, value, threshold))
            elif signal == "video_pdq" and frames:
                self.videos.append((entry_id, bank_id, frames, threshold))
        self.pdq_meta = pdq
        self.pdq_packed = pdq_to_bytes([p[2] for p in pdq])

    def match(self, h: FileHashes) -> list[Hit]:
        hits: list[Hit] = []
        for signal in ("sha256", "md5"):
            value = getattr(h, signal)
            for entry_id, bank_id in self.exact.get((signal, value), []) if value else []:
                hits.append(Hit(entry_id, bank_id, signal, 0))
        if h.pdq and (h.quality or 0) >= PDQ_MIN_QUALITY and len(self.pdq_meta):
            q = pdq_to_bytes([h.pdq])
            dist = np.unpackbits(self.pdq_packed ^ q, axis=1).sum(axis=1)
            best: dict[int, Hit] = {}
            for i in np.flatnonzero(dist <= max(p[3] for p in self.pdq_meta)):
                entry_id, bank_id, _, threshold = self.pdq_meta[int(i)]
                if int(dist[i]) <= threshold:
                    best[entry_id] = Hit(entry_id, bank_id, "pdq", int(dist[i]))
            hits += best.values()
        if h.frames:
            query = [_Frame(f.quality, f.pdq) for f in h.frames]
            for entry_id, bank_id, frames, threshold in self.videos:
                ref = [_Frame(int(f["quality"]), str(f["pdq"])) for f in frames]
                vm = match_videos(query, ref, distance=threshold)
                if vm.matched:
                    hits.append(
                        Hit(entry_id, bank_id, "video_pdq", 0, vm.query_percent / 100, vm.compared_percent / 100)
                    )
        return hits
