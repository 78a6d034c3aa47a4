"""The persisted PDQ index of every active bank entry, kept in step with the database.

The index file (``HOME/index/bank-pdq.npz``) holds (entry id, hash) pairs and the index's tables. Entry ids are
never reused and an entry's hash never changes, so syncing is a set difference of ids: entries no longer active
(withdrawn, deleted, bank disabled or removed) are dropped, new ones added, and the file rewritten only if something
changed. A token kept in the database ties the file to one store, so a file left by another database is rebuilt.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.errors import ConfigError
from tragac.fingerprints.pdq import pdq_to_bytes
from tragac.matching.index import INDEX_KINDS, HashIndex
from tragac.store import Store
from tragac.store.models import Bank, BankEntry, StageState

STATE = "bank-index"
_FETCH = 5000


def index_kind(kind: str = "mih") -> type[HashIndex]:
    """The ``bank_index`` setting: ``mih`` (default, ~105 bytes per entry, fastest one query at a time),
    ``compact`` (under 64 bytes per entry from 1M entries, about a fifth of the speed) or ``flat`` (40 bytes, a
    compiled scan: as fast as ``mih`` for batches, slower one query at a time; its cost grows with the bank)."""
    if kind not in INDEX_KINDS:
        raise ConfigError(f"TRAGAC_BANK_INDEX={kind!r}: expected one of {', '.join(INDEX_KINDS)}")
    return INDEX_KINDS[kind]


def index_path(store: Store) -> Path:
    return store.settings.home / "index" / "bank-pdq.npz"


def _token(session: Session) -> str:
    state = session.get(StageState, STATE)
    if state is None:
        state = StageState(name=STATE, cursor=0, info={"token": secrets.token_hex(8)})
        session.add(state)
        session.flush()
    info = state.info or {}
    if "token" not in info:
        state.info = {**info, "token": secrets.token_hex(8)}
    return str((state.info or {})["token"])


def active_pdq_ids(session: Session) -> np.ndarray:
    rows = session.scalars(
        select(BankEntry.id)
        .join(Bank, Bank.id == BankEntry.bank_id)
        .where(BankEntry.signal_type == "pdq", BankEntry.status == "active", Bank.enabled.is_(True))
    )
    return np.fromiter(rows, dtype=np.int64)


def synced_index(store: Store) -> tuple[HashIndex, dict[str, int]]:
    """The index of every active PDQ entry of every enabled bank, loaded and brought up to date."""
    path = index_path(store)
    with store.session() as session:
        token = _token(session)
        token_file = path.with_suffix(".token")
        cls = index_kind(store.settings.bank_index)
        index: HashIndex = cls()
        if path.exists() and token_file.exists() and token_file.read_text().strip() == token:
            try:
                index = cls.load(path)
            except (OSError, ValueError, KeyError):
                index = cls()  # unreadable file: rebuild from the database
        wanted = active_pdq_ids(session)
        have = index.ids()
        stale = np.setdiff1d(have, wanted, assume_unique=True)
        missing = np.setdiff1d(wanted, have, assume_unique=True)
        if len(stale):
            index.remove(stale)
        for start in range(0, len(missing), _FETCH):
            chunk = missing[start : start + _FETCH].tolist()
            rows = session.execute(select(BankEntry.id, BankEntry.value).where(BankEntry.id.in_(chunk))).all()
            index.add([r.id for r in rows], pdq_to_bytes(r.value for r in rows))
    if len(stale) or len(missing) or not path.exists():
        index.save(path)
        path.with_suffix(".token").write_text(token + "\n")
    return index, {"entries": len(index), "added": len(missing), "removed": len(stale)}
