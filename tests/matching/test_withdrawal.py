"""Withdrawal wins: StopNCII ``Withdrawn``/``Deleted`` records deactivate an entry whatever their timestamp says
against our import time, and within one file the newest record of a hash wins (ties: the later one in the file),
including across the importer's batches. Each case is checked by what matching then does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pytest
from sqlalchemy import select

from tragac.matching import banks
from tragac.matching.match import run_match
from tragac.store import Store
from tragac.store.models import BankEntry, Match

from .conftest import World, random_pdq

OLD, MID, NEW = 1_600_000_000, 1_700_000_000, 1_800_000_000  # all before the import's wall-clock time


def _file(path: Path, records: list[tuple[str, str, int | None]]) -> Path:
    rows = []
    for h, status, ts in records:
        row: dict[str, object] = {"signalType": "ImagePDQ", "hashValue": h, "hashStatus": status}
        if ts is not None:
            row["lastModtimestamp"] = ts
        rows.append(row)
    path.write_bytes(orjson.dumps({"hashRecords": rows}))
    return path


def _import(store: Store, path: Path) -> dict[str, object]:
    with store.session() as s:
        return banks.import_hashes(s, "feed", path)


def _status(store: Store, h: str) -> str:
    with store.session() as s:
        return s.scalars(select(BankEntry.status).where(BankEntry.value == h)).one()


@pytest.fixture
def world(store: Store) -> tuple[World, str]:
    """A picture posted once, and an empty StopNCII-fed bank; returns the picture's PDQ."""
    w = World(store)
    h = random_pdq(np.random.default_rng(5))
    media = w.media("pic", pdq=h)
    w.sighting(media, w.source("Grupa"), 1)
    with store.session() as s:
        banks.create_bank(s, "feed", "imported_list")
    return w, h


def _matched(store: Store) -> int:
    run_match(store)
    with store.session() as s:
        return len(s.scalars(select(Match)).all())


def test_a_withdrawal_older_than_our_import_still_stops_matching(
    store: Store, world: tuple[World, str], tmp_path: Path
) -> None:
    _, h = world
    _import(store, _file(tmp_path / "a.json", [(h, "Active", NEW)]))
    assert _matched(store) == 1
    out = _import(store, _file(tmp_path / "w.json", [(h, "Withdrawn", OLD)]))  # older than the Active record too
    assert out["deactivated"] == 1 and out["matches_removed"] == 1
    assert _status(store, h) == "withdrawn" and _matched(store) == 0
    # An old Active record does not revive it; a newer one (she re-submitted) does.
    _import(store, _file(tmp_path / "old.json", [(h, "Active", MID)]))
    assert _status(store, h) == "withdrawn" and _matched(store) == 0
    _import(store, _file(tmp_path / "new.json", [(h, "Active", NEW + 10)]))
    assert _status(store, h) == "active" and _matched(store) == 1


def test_deleted_stops_matching_whatever_its_time(store: Store, world: tuple[World, str], tmp_path: Path) -> None:
    _, h = world
    _import(store, _file(tmp_path / "a.json", [(h, "Active", None)]))  # no timestamp: stamped with import time
    assert _matched(store) == 1
    _import(store, _file(tmp_path / "d.json", [(h, "Deleted", OLD)]))
    assert _status(store, h) == "deleted" and _matched(store) == 0


@pytest.mark.parametrize(
    ("records", "final"),
    [
        ([("Withdrawn", MID), ("Active", NEW)], "active"),  # withdrawn, then re-activated
        ([("Active", NEW), ("Withdrawn", MID)], "active"),  # out of order: the newer Active wins
        ([("Withdrawn", NEW), ("Active", MID)], "withdrawn"),  # out of order: the newer withdrawal wins
        ([("Active", MID), ("Withdrawn", MID)], "withdrawn"),  # a tie: the later in the file
        ([("Withdrawn", MID), ("Active", MID)], "active"),
        ([("Active", NEW), ("Deleted", OLD), ("Withdrawn", MID)], "active"),
    ],
)
def test_within_one_file_the_newest_record_wins(
    store: Store, world: tuple[World, str], tmp_path: Path, records: list[tuple[str, int]], final: str
) -> None:
    _, h = world
    _import(store, _file(tmp_path / "f.json", [(h, st, ts) for st, ts in records]))
    assert _status(store, h) == final
    assert _matched(store) == (1 if final == "active" else 0)


@pytest.mark.parametrize(("first", "last", "final"), [(("Active", NEW), ("Withdrawn", MID), "active"),
                                                      (("Withdrawn", MID), ("Active", NEW), "active"),
                                                      (("Active", MID), ("Withdrawn", NEW), "withdrawn")])  # fmt: skip
def test_the_newest_record_wins_across_import_batches(
    store: Store,
    world: tuple[World, str],
    tmp_path: Path,
    first: tuple[str, int],
    last: tuple[str, int],
    final: str,
) -> None:
    """The importer works in batches of 2,000 records: the two records of the hash land in different batches."""
    _, h = world
    rng = np.random.default_rng(9)
    filler = [(random_pdq(rng), "Active", MID) for _ in range(2_100)]
    _import(store, _file(tmp_path / "big.json", [(h, *first), *filler, (h, *last)]))
    assert _status(store, h) == final
    assert _matched(store) == (1 if final == "active" else 0)


def test_withdrawal_of_a_hash_already_known_in_the_same_import_batch_is_not_undone_by_older_active(
    store: Store, world: tuple[World, str], tmp_path: Path
) -> None:
    """A file that first brings a hash (new to the bank) as Withdrawn, later an older Active: stays withdrawn."""
    _, h = world
    rng = np.random.default_rng(3)
    filler = [(random_pdq(rng), "Active", MID) for _ in range(2_100)]
    _import(store, _file(tmp_path / "f.json", [(h, "Withdrawn", NEW), *filler, (h, "Active", OLD)]))
    assert _status(store, h) == "withdrawn" and _matched(store) == 0
