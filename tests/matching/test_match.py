"""The match stage end to end: import a bank, match, withdraw, re-match; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from tragac.errors import ConfigError
from tragac.matching import banks
from tragac.matching.bank_index import index_path, synced_index
from tragac.matching.match import lookup_pdq, run_match
from tragac.pipeline import run_stages, stages
from tragac.store import Store
from tragac.store.models import Bank, Match

from .conftest import World, flip_bits, random_pdq, write


def _matches(store: Store) -> set[tuple[int, str, int]]:
    with store.session() as s:
        return {(m.media_id, m.signal_type, m.distance) for m in s.scalars(select(Match))}


def _stopncii(path: Path, records: list[tuple[str, str, str]], when: int) -> Path:
    rows = [
        {"signalType": t, "hashValue": h, "hashStatus": st, "caseNumbers": {"SN-1": st}, "lastModtimestamp": when}
        for t, h, st in records
    ]
    return write(path, json.dumps({"hashRecords": rows}))


def test_import_match_withdraw_rematch(store: Store, world: World, tmp_path: Path, rng: np.random.Generator) -> None:
    victim = random_pdq(rng)
    src = world.source("group-a")
    reposted = world.media("repost", pdq=flip_bits(victim, 12, rng))
    far = world.media("other", pdq=flip_bits(victim, 40, rng))
    low_quality = world.media("dark", pdq=victim, quality=30)
    for m in (reposted, far, low_quality):
        world.sighting(m, src, 1)
    with store.session() as s:
        banks.create_bank(s, "case-7", "victim_case")
        banks.import_hashes(s, "case-7", write(tmp_path / "h.csv", f"pdq,{victim},photo 1\n"))

    summary = run_match(store)
    assert summary["matches_added"] == 1
    assert _matches(store) == {(reposted, "pdq", 12)}
    assert summary["new_matches"][0]["bank"] == "case-7" and summary["new_matches"][0]["entry_label"] == "photo 1"

    with store.session() as s:
        result = banks.set_status(s, "case-7", "withdrawn", labels=["photo 1"], by="caseworker")
    assert result["matches_removed"] == 1
    assert _matches(store) == set()  # gone at once, before any re-match
    assert run_match(store)["matches_added"] == 0
    assert run_match(store, full=True)["matches_added"] == 0
    assert _matches(store) == set()
    assert lookup_pdq(store, [victim]) == [[]]


def test_stopncii_withdrawal_removes_the_match(
    store: Store, world: World, tmp_path: Path, rng: np.random.Generator
) -> None:
    photo, video_md5 = random_pdq(rng), "0123456789abcdef" * 2
    src = world.source("group-b")
    m1 = world.media("p", pdq=flip_bits(photo, 3, rng))
    m2 = world.media("v", kind="video", md5=video_md5)
    world.sighting(m1, src, 1)
    world.sighting(m2, src, 2)
    with store.session() as s:
        banks.create_bank(s, "stopncii", "imported_list")
        path = _stopncii(tmp_path / "a.json", [("ImagePDQ", photo, "Active"), ("VideoMD5", video_md5, "Active")], 1)
        banks.import_hashes(s, "stopncii", path)
    run_match(store)
    assert _matches(store) == {(m1, "pdq", 3), (m2, "md5", 0)}

    records = [("ImagePDQ", photo, "Withdrawn"), ("VideoMD5", video_md5, "Deleted")]
    withdrawn = _stopncii(tmp_path / "b.json", records, 2)
    with store.session() as s:
        result = banks.import_hashes(s, "stopncii", withdrawn)
    assert result["deactivated"] == 2 and result["matches_removed"] == 2
    assert _matches(store) == set()
    run_match(store, full=True)
    assert _matches(store) == set()
    # An older record saying "Active" does not bring the hash back; neither does a plain re-import.
    with store.session() as s:
        banks.import_hashes(s, "stopncii", _stopncii(tmp_path / "c.json", [("ImagePDQ", photo, "Active")], 1))
        banks.import_hashes(s, "stopncii", write(tmp_path / "d.txt", photo + "\n"))
    run_match(store, full=True)
    assert _matches(store) == set()
    # The persisted index no longer holds it either.
    index, _ = synced_index(store)
    assert len(index) == 0


def test_incremental_new_media_and_new_entries(
    store: Store, world: World, tmp_path: Path, rng: np.random.Generator
) -> None:
    a, b = random_pdq(rng), random_pdq(rng)
    src = world.source("group-c")
    old = world.media("old", pdq=flip_bits(b, 5, rng))
    world.sighting(old, src, 1)
    with store.session() as s:
        banks.create_bank(s, "strict", "analyst_confirmed", threshold=10)
        banks.import_hashes(s, "strict", write(tmp_path / "a.txt", a + "\n"))
    assert run_match(store)["matches_added"] == 0
    # A new media matching an existing entry; then a new entry matching an old media.
    new = world.media("new", pdq=flip_bits(a, 9, rng))
    assert run_match(store)["matches_added"] == 1
    with store.session() as s:
        banks.import_hashes(s, "strict", write(tmp_path / "b.txt", b + "\n"))
    summary = run_match(store)
    assert summary["matches_added"] == 1 and summary["media_checked"] == 0
    assert _matches(store) == {(new, "pdq", 9), (old, "pdq", 5)}
    # Nothing new: nothing to do, nothing duplicated.
    assert run_match(store)["matches_added"] == 0
    # Lowering the bank threshold and re-matching in full drops the match at 9.
    with store.session() as s:
        s.scalars(select(Bank)).one().pdq_threshold = 8
    assert run_match(store, full=True)["matches_removed"] == 1
    assert _matches(store) == {(old, "pdq", 5)}


def test_exact_and_dihedral_and_disabled_bank(
    store: Store, world: World, tmp_path: Path, rng: np.random.Generator
) -> None:
    original, mirrored = random_pdq(rng), random_pdq(rng)
    doc = {
        "format": "tragac-hashes/1",
        "files": [
            {
                "path": "x.jpg",
                "kind": "image",
                "sha256": "ab" * 32,
                "md5": "cd" * 16,
                "pdq": original,
                "quality": 100,
                "dihedral": [original, random_pdq(rng), random_pdq(rng), random_pdq(rng), mirrored]
                + [random_pdq(rng) for _ in range(3)],
            }
        ],
    }
    flipped = world.media("mirror", pdq=flip_bits(mirrored, 4, rng))
    exact = world.media("same-bytes", md5="cd" * 16)
    with store.session() as s:
        banks.create_bank(s, "case", "victim_case")
        banks.import_hashes(s, "case", write(tmp_path / "h.json", json.dumps(doc)))
    run_match(store)
    assert _matches(store) == {(flipped, "pdq", 4), (exact, "md5", 0)}
    with store.session() as s:
        s.scalars(select(Bank)).one().enabled = False
    run_match(store, full=True)
    assert _matches(store) == set()


def test_video_matches_by_vpdq_rule(store: Store, world: World, tmp_path: Path, shared_fixtures: Path) -> None:
    sample = (shared_fixtures / "video" / "chair-19-sd-bar.vpdq.txt").read_text().splitlines()
    features = [line.split(",") for line in sample]  # frame,quality,hex,timestamp: every frame of the reference
    reference = [(f[2], int(f[1])) for f in features]
    # A monitored copy hashed at 1 frame per second (every 30th frame): all its frames are in the reference.
    per_second = reference[::30]
    clip = reference[100:220:30]  # a 4-second clip
    other = [(h[::-1], q) for h, q in reference[::30]]  # unrelated frames
    v1, v2, v3 = world.media("v1", frames=per_second), world.media("v2", frames=clip), world.media("v3", frames=other)
    with store.session() as s:
        banks.create_bank(s, "videos", "victim_case")
        banks.import_hashes(s, "videos", shared_fixtures / "video" / "chair-19-sd-bar.vpdq.txt")
    summary = run_match(store)
    with store.session() as s:
        found = {m.media_id: m for m in s.scalars(select(Match))}
    assert set(found) == {v1, v2}
    # Neighbouring frames look alike, so more reference frames match than were sampled, but far from all.
    assert found[v1].query_match_fraction == 1.0 and 0.03 < found[v1].entry_match_fraction < 0.5
    assert found[v2].signal_type == "video_pdq" and found[v2].distance == 0
    assert summary["found_by_signal"] == {"video_pdq": 2}
    assert v3 not in found


def test_stage_is_registered_and_index_persists(
    store: Store, world: World, tmp_path: Path, rng: np.random.Generator
) -> None:
    assert {"match", "spread"} <= {s.name for s in stages()}
    h = random_pdq(rng)
    world.media("m", pdq=h)
    with store.session() as s:
        banks.create_bank(s, "b", "imported_list")
        banks.import_hashes(s, "b", write(tmp_path / "a.txt", h + "\n"))
    results = run_stages(store, only=["match"])
    assert results["match"]["matches_added"] == 1 and "new_matches" not in results["match"]
    assert index_path(store).exists()
    index, info = synced_index(store)
    assert len(index) == 1 and info == {"entries": 1, "added": 0, "removed": 0}
    assert lookup_pdq(store, [h, random_pdq(rng)])[0][0]["bank"] == "b"


def test_low_memory_index_kind_gives_the_same_matches(
    sqlite_store: Store, tmp_path: Path, rng: np.random.Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World(sqlite_store)
    bank_hashes = [random_pdq(rng) for _ in range(50)]
    media = [world.media(f"m{i}", pdq=flip_bits(h, i % 40, rng)) for i, h in enumerate(bank_hashes)]
    with sqlite_store.session() as s:
        banks.create_bank(s, "b", "imported_list")
        banks.import_hashes(s, "b", write(tmp_path / "a.txt", "\n".join(bank_hashes) + "\n"))
    run_match(sqlite_store)
    with_mih = _matches(sqlite_store)
    assert {m for m, _, _ in with_mih} == {m for i, m in enumerate(media) if i % 40 <= 31}
    # the bank_index setting (TRAGAC_BANK_INDEX); the flat index reads the file the MIH index wrote
    monkeypatch.setattr(sqlite_store, "settings", sqlite_store.settings.with_values(bank_index="flat"))
    assert run_match(sqlite_store, full=True)["matches_removed"] == 0
    assert _matches(sqlite_store) == with_mih
    monkeypatch.setattr(sqlite_store, "settings", sqlite_store.settings.with_values(bank_index="nope"))
    with pytest.raises(ConfigError):
        run_match(sqlite_store)
