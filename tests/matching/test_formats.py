"""Every hash-list format: round trips through a bank, auto-detection, and bad files named by line or record."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from tragac.errors import InputError
from tragac.matching import banks
from tragac.matching.formats import FORMATS, ReadReport, detect_format, get_format
from tragac.matching.formats.tragac_hashes import DIHEDRAL
from tragac.store import Store
from tragac.store.models import BankEntry

from .conftest import random_pdq, write


def _hash_file(rng: np.random.Generator) -> dict:
    frames = [{"frame": i, "timestamp": i * 1.0, "quality": 90, "pdq": random_pdq(rng)} for i in range(5)]
    return {
        "format": "tragac-hashes/1",
        "files": [
            {
                "path": "/home/someone/Pictures/holiday.jpg",
                "kind": "image",
                "sha256": "a" * 64,
                "md5": "b" * 32,
                "pdq": (p := random_pdq(rng)),
                "quality": 92,
                "dihedral": [p] + [random_pdq(rng) for _ in range(7)],
            },
            {"path": "clip.mp4", "kind": "video", "sha256": "c" * 64, "md5": "d" * 32, "frames": frames},
            {"path": "broken.jpg", "kind": "other", "error": "truncated file"},
            {"path": "dark.jpg", "kind": "image", "sha256": "e" * 64, "pdq": random_pdq(rng), "quality": 12},
        ],
    }


def _entries(store: Store, bank: str) -> set[tuple]:
    with store.session() as s:
        b = banks.find_bank(s, bank)
        rows = s.scalars(select(BankEntry).where(BankEntry.bank_id == b.id))
        return {
            (e.signal_type, e.value, e.status, json.dumps(e.frames, sort_keys=True) if e.frames else None) for e in rows
        }


def _bank(store: Store, name: str) -> None:
    with store.session() as s:
        banks.create_bank(s, name, "victim_case")


def test_tragac_hash_file_import_and_round_trip(sqlite_store: Store, tmp_path: Path, rng: np.random.Generator) -> None:
    path = write(tmp_path / "hashes.json", json.dumps(_hash_file(rng)))
    assert detect_format(path).name == "tragac"
    _bank(sqlite_store, "case")
    with sqlite_store.session() as s:
        result = banks.import_hashes(s, "case", path)
    # image: sha256 + md5 + 8 dihedral; video: sha256 + md5 + one video_pdq; dark image: sha256 only.
    assert result["added"] == 10 + 3 + 1
    assert sum(result["skipped"].values()) == 2
    with sqlite_store.session() as s:
        variants = s.scalars(select(BankEntry.variant).where(BankEntry.signal_type == "pdq")).all()
        video = s.scalars(select(BankEntry).where(BankEntry.signal_type == "video_pdq")).one()
    assert sorted(variants) == sorted(DIHEDRAL)
    assert len(video.frames) == 5 and video.label == "clip.mp4" and video.item_key == "c" * 64
    with sqlite_store.session() as s:
        banks.export_hashes(s, "case", "tragac", tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text())
    image = next(f for f in exported["files"] if f["kind"] == "image" and "dihedral" in f)
    assert image["dihedral"] == _hash_file(np.random.default_rng(20260301))["files"][0]["dihedral"]
    _bank(sqlite_store, "copy")
    with sqlite_store.session() as s:
        banks.import_hashes(s, "copy", tmp_path / "out.json")
    assert _entries(sqlite_store, "copy") == _entries(sqlite_store, "case")


@pytest.mark.parametrize("fmt", ["csv", "threatexchange", "stopncii", "tragac"])
def test_every_format_round_trips(fmt: str, sqlite_store: Store, tmp_path: Path, rng: np.random.Generator) -> None:
    supports = {"csv": {"pdq", "md5", "sha256", "video_pdq"}, "threatexchange": {"pdq", "md5", "sha256", "video_pdq"}}
    supports |= {"stopncii": {"pdq", "md5"}, "tragac": {"pdq", "md5", "sha256", "video_pdq"}}
    frames = ";".join(f"{random_pdq(rng)},{q},{i:.3f}" for i, q in enumerate([100, 80, 40]))
    lines = [f"pdq,{random_pdq(rng)},one", f"pdq,{random_pdq(rng)},two", f"md5,{'1' * 32},three"]
    lines += [f"sha256,{'2' * 64},four", f'video_pdq,"{frames}",five']
    write(tmp_path / "in.csv", "signal_type,hash,label\n" + "\n".join(lines) + "\n")
    _bank(sqlite_store, "src")
    with sqlite_store.session() as s:
        assert banks.import_hashes(s, "src", tmp_path / "in.csv")["added"] == 5
    out = tmp_path / f"out{FORMATS[fmt].suffix}"
    with sqlite_store.session() as s:
        banks.export_hashes(s, "src", fmt, out)
    assert detect_format(out).name == fmt
    _bank(sqlite_store, "dst")
    with sqlite_store.session() as s:
        banks.import_hashes(s, "dst", out)
    expected = {e for e in _entries(sqlite_store, "src") if e[0] in supports[fmt]}
    assert _entries(sqlite_store, "dst") == expected


def test_threatexchange_forms(tmp_path: Path, rng: np.random.Generator) -> None:
    p1, p2 = random_pdq(rng), random_pdq(rng)
    text = f"# exported\n{p1.upper()}\n\npdq {p2}\nvideo_md5 {'a' * 32}\n{'b' * 32}\n"
    text += f'vpdq ["{p1},100,0.000", "{p2},90,1.000"]\n'
    report = ReadReport()
    records = list(get_format("threatexchange").read(write(tmp_path / "tx.txt", text), report))
    assert [(r.signal_type, r.value) for r in records[:4]] == [
        ("pdq", p1),
        ("pdq", p2),
        ("md5", "a" * 32),
        ("md5", "b" * 32),
    ]
    assert records[4].signal_type == "video_pdq" and [f["pdq"] for f in records[4].frames] == [p1, p2]


def test_reads_meta_vpdq_sample_hashes(shared_fixtures: Path) -> None:
    path = shared_fixtures / "video" / "chair-19-sd-bar.vpdq.txt"
    assert detect_format(path).name == "threatexchange"
    (record,) = list(get_format("threatexchange").read(path, ReadReport()))
    assert record.signal_type == "video_pdq" and record.label == "chair-19-sd-bar"
    assert len(record.frames) == len(path.read_text().splitlines())
    assert record.frames[1]["pdq"] == "c0f11178372c6aaccddea259648fbfd62f434c89c9e99b249772be216c8d055c"


def test_stopncii_statuses_and_skips(tmp_path: Path, rng: np.random.Generator) -> None:
    records = [
        {"signalType": "ImagePDQ", "hashValue": random_pdq(rng), "hashStatus": "Active", "caseNumbers": {"C1": "x"}},
        {"signalType": "VideoMD5", "hashValue": "f" * 32, "hashStatus": "Withdrawn", "lastModtimestamp": 1767225600},
        {"signalType": "ImagePDQ", "hashValue": random_pdq(rng), "hashStatus": "Deleted"},
        {"signalType": "VideoTMK", "hashValue": "xyz", "hashStatus": "Active"},
    ]
    for name, text in [
        ("list.json", json.dumps(records)),
        ("page.json", json.dumps({"count": 4, "hashRecords": records, "hasMoreRecords": False})),
        ("lines.jsonl", "\n".join(json.dumps(r) for r in records)),
    ]:
        report = ReadReport()
        got = list(get_format("stopncii").read(write(tmp_path / name, text), report))
        assert [r.status for r in got] == ["active", "withdrawn", "deleted"], name
        assert got[0].external_id == "C1" and got[1].status_at is not None
        assert report.skipped == {"StopNCII VideoTMK records (no matching signal here)": 1}


_PDQ_RECORD = '"signalType": "ImagePDQ", "hashValue": "{pdq}"'
BAD_FILES = [
    ("bad.csv", "signal_type,hash,label\npdq,{pdq},ok\npdq,abc,short\n", "line 3"),
    ("bad2.csv", "pdq,{pdq},a,extra\n", "line 1"),
    ("bad3.csv", "phash,{pdq},a\n", "line 1"),
    ("bad.txt", "{pdq}\nnot a hash\n", "line 2"),
    ("frames.txt", "{pdq},100,0.0\n{pdq},101,1.0\n", "line 1"),
    ("bad.json", '{{"hashRecords": [{{' + _PDQ_RECORD + ', "hashStatus": "Gone"}}]}}', "record 1"),
    ("bad2.json", '[{{' + _PDQ_RECORD + ', "hashStatus": "Active"}}, {{"signalType": "ImagePDQ"', "invalid JSON"),
    ("bad3.json", '{{"format": "tragac-hashes/1", "files": [{{"pdq": "{pdq}", "dihedral": ["{pdq}"]}}]}}', "files[0]"),
    ("bad4.json", '{{"format": "tragac-hashes/2", "files": []}}', "not a tragac-hashes/1 file"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "where"), BAD_FILES)
def test_bad_files_name_the_place_and_import_nothing(
    name: str, text: str, where: str, sqlite_store: Store, tmp_path: Path, rng: np.random.Generator
) -> None:
    # SQLite only: the all-or-nothing transaction is tested on both backends below.
    path = write(tmp_path / name, text.format(pdq=random_pdq(rng)))
    _bank(sqlite_store, "case")
    fmt = {"bad4.json": "tragac", "bad2.json": "stopncii"}.get(name, "auto")
    with pytest.raises(InputError) as err, sqlite_store.session() as s:
        banks.import_hashes(s, "case", path, fmt)
    assert where in str(err.value) and name in str(err.value)
    assert _entries(sqlite_store, "case") == set()


def test_unknown_format_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        detect_format(write(tmp_path / "empty.txt", "\n"))
    with pytest.raises(InputError, match="cannot tell"):
        detect_format(write(tmp_path / "prose.txt", "hello there\n"))
    with pytest.raises(InputError, match="unknown format"):
        get_format("photodna")


def test_no_partial_import_of_a_large_file(store: Store, tmp_path: Path, rng: np.random.Generator) -> None:
    # The bad line comes after several full batches have been written inside the transaction.
    lines = [f"pdq,{random_pdq(rng)},x" for _ in range(4500)] + ["md5,nothex,y"]
    path = write(tmp_path / "big.csv", "\n".join(lines) + "\n")
    _bank(store, "case")
    with pytest.raises(InputError, match="line 4501"), store.session() as s:
        banks.import_hashes(s, "case", path)
    assert _entries(store, "case") == set()
