"""The compact index behind the match stage: the same matches as ``mih``, from its own file and from ``mih``'s."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from tragac.matching import banks
from tragac.matching.bank_index import index_path, synced_index
from tragac.matching.index import CompactMIHIndex
from tragac.matching.match import run_match
from tragac.store import Store
from tragac.store.models import Match

from .conftest import World, flip_bits, random_pdq, write


def _matches(store: Store) -> set[tuple[int, str, int]]:
    with store.session() as s:
        return {(m.media_id, m.signal_type, m.distance) for m in s.scalars(select(Match))}


def test_compact_bank_index_gives_the_same_matches(
    sqlite_store: Store, tmp_path: Path, rng: np.random.Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(sqlite_store)
    bank_hashes = [random_pdq(rng) for _ in range(60)]
    media = [world.media(f"m{i}", pdq=flip_bits(h, i % 40, rng)) for i, h in enumerate(bank_hashes)]
    with sqlite_store.session() as s:
        banks.create_bank(s, "b", "imported_list")
        banks.import_hashes(s, "b", write(tmp_path / "a.txt", "\n".join(bank_hashes) + "\n"))
    run_match(sqlite_store)
    with_mih = _matches(sqlite_store)
    assert {m for m, _, _ in with_mih} == {m for i, m in enumerate(media) if i % 40 <= 31}
    # TRAGAC_BANK_INDEX=compact: the first run reads the file mih wrote (and rewrites nothing: same entries) ...
    monkeypatch.setattr(sqlite_store, "settings", sqlite_store.settings.with_values(bank_index="compact"))
    assert run_match(sqlite_store, full=True)["matches_removed"] == 0
    assert _matches(sqlite_store) == with_mih
    # ... and once the compact index has written its own file, it loads that file as it is.
    index, info = synced_index(sqlite_store)
    assert isinstance(index, CompactMIHIndex) and info["entries"] == 60
    index.save(index_path(sqlite_store))
    again, _ = synced_index(sqlite_store)
    assert isinstance(again, CompactMIHIndex) and len(again) == 60
    assert run_match(sqlite_store, full=True)["matches_removed"] == 0
    assert _matches(sqlite_store) == with_mih
