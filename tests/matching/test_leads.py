"""Matches are leads, on SQLite and PostgreSQL, from a generated Telegram export through the real stages: every new
match becomes one review item with its evidence, re-running adds nothing, and a withdrawal retires the item (and
the case finding) instead of leaving a lead on a hash the person took back; re-activation brings it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import func, select

# tests/ is on sys.path (the root conftest's folder): the media tests' pictures and the sources tests' exports.
from media.generated import jpeg_bytes, make_picture
from sources.export_gen import ChatSpec, write_export
from tragac.cases.linker import refresh_cases
from tragac.cases.service import create_case
from tragac.cases.service import import_hashes as import_case_hashes
from tragac.matching import banks
from tragac.matching.leads import CATEGORY, DETECTOR, RETIRED
from tragac.matching.match import run_match
from tragac.media.hasher import HashOptions, hash_file
from tragac.media.hashfile import write_hash_file
from tragac.pipeline import run_stages
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store
from tragac.store.models import Bank, BankEntry, Case, CaseFinding, Flag, Match, Media, Sighting
from tragac.store.models.signals import SEVERITY, FlagDecision
from tragac.web import flags as queue

EVIDENCE_KEYS = {
    "bank", "bank_id", "entry_id", "case_id", "case", "signal_type", "distance", "threshold", "match_id",
    "query_fraction", "entry_fraction", "explain", "sightings",
}  # fmt: skip
SIGHTING_KEYS = {"message_id", "source_id", "source", "seen_at", "link"}


def _stopncii(path: Path, records: list[tuple[str, str, int]]) -> Path:
    """A StopNCII-style file of (pdq, status, lastModtimestamp) records."""
    rows = [
        {"signalType": "ImagePDQ", "hashValue": h, "hashStatus": st, "caseNumbers": {"C-1": st}, "lastModtimestamp": ts}
        for h, st, ts in records
    ]
    path.write_bytes(orjson.dumps({"count": len(rows), "hashRecords": rows}))
    return path


def _queue(store: Store) -> list[Any]:
    rows, _ = queue.page(store, queue.FlagFilter(state="new", category=CATEGORY), limit=100)
    return rows


def _world(store: Store, tmp_path: Path) -> dict[str, Any]:
    """Two chats sharing three benign pictures; the victim hashed her copy of picture 0 on her device, and a
    StopNCII feed carries picture 1's PDQ."""
    pictures = [make_picture(seed) for seed in (21, 22, 23)]
    photos = {f"photos/p{k}.jpg": jpeg_bytes(im.resize((640, 480)), 80) for k, im in enumerate(pictures)}
    chats = [
        ChatSpec(id=1874406217, name="Grupa", type="private_supergroup", messages=100),
        ChatSpec(id=1555000111, name="Druga", type="public_supergroup", messages=60),
    ]
    export = write_export(tmp_path / "export" / "result.json", chats, photos=photos)
    ingest_path(store, export)
    run_stages(store, only=["hash"])

    own = tmp_path / "device"
    own.mkdir()
    (own / "mine.jpg").write_bytes(jpeg_bytes(pictures[0], 95))
    write_hash_file(tmp_path / "her.json", [hash_file(own / "mine.jpg", HashOptions(reference=True))])
    create_case(store, "c1", pseudonym="P.", caseworker="cw")
    import_case_hashes(store, "c1", tmp_path / "her.json", actor="cw")

    feed_pdq = hash_file(export.parent / "photos" / "p1.jpg").pdq
    assert feed_pdq
    with store.session() as s:
        banks.create_bank(s, "feed", "imported_list")
        banks.import_hashes(s, "feed", _stopncii(tmp_path / "feed.json", [(feed_pdq, "Active", 1_790_000_000)]))
    return {"feed_pdq": feed_pdq, "export": export}


def test_every_new_match_is_one_review_item_idempotently_and_withdrawal_retires_it(
    store: Store, tmp_path: Path
) -> None:
    world = _world(store, tmp_path)
    first = run_match(store)
    assert first["matches_added"] == 2 and first["flags_created"] == 2

    with store.session() as s:
        matches = s.scalars(select(Match).order_by(Match.id)).all()
        items = s.scalars(select(Flag).where(Flag.category == CATEGORY).order_by(Flag.id)).all()
        assert len(items) == len(matches) == 2
        case = s.scalars(select(Case).where(Case.name == "c1")).one()
        by_media = {f.media_id: f for f in items}
        for m in matches:
            f = by_media[m.media_id]
            assert (f.detector, f.rule, f.message_id, f.state) == (DETECTOR, f"bank:{m.signal_type}", None, "new")
            assert (
                f.severity
                == SEVERITY["ncii_match"]
                < min(v for k, v in SEVERITY.items() if k not in ("csam_signal", CATEGORY))
            )
            ev = f.evidence or {}
            assert set(ev) == EVIDENCE_KEYS
            assert (ev["match_id"], ev["entry_id"], ev["distance"], ev["signal_type"]) == (
                m.id, m.entry_id, m.distance, "pdq",
            )  # fmt: skip
            assert ev["threshold"] == 31 and m.distance <= 31 and 0.5 <= f.score <= 1.0
            assert str(m.distance) in f.why and ev["bank"] in f.why
            sightings = s.scalars(
                select(Sighting).where(Sighting.media_id == m.media_id).order_by(Sighting.seen_at, Sighting.id)
            ).all()
            assert len(ev["sightings"]) == len(sightings) > 1  # each picture was posted several times
            assert all(set(x) == SIGHTING_KEYS for x in ev["sightings"])
            assert all(x["link"] and x["link"].startswith("https://t.me/") for x in ev["sightings"])
            assert (f.source_id, f.observed_at) == (sightings[0].source_id, sightings[0].seen_at)  # first sighting
            if m.bank_id == case.bank_id:
                assert (ev["case_id"], ev["case"]) == (case.id, "c1")
            else:
                assert (ev["bank"], ev["case_id"], ev["case"]) == ("feed", None, None)
    assert len(_queue(store)) == 2

    # Idempotent: incremental and full re-runs add no item and touch none.
    again = run_match(store)
    full = run_match(store, full=True)
    assert again["flags_created"] == full["flags_created"] == full["flags_revived"] == 0
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Flag).where(Flag.category == CATEGORY)) == 2

    # The case links the match; then the feed's person withdraws, with a timestamp older than our import.
    refresh_cases(store)
    with store.session() as s:
        feed_media = s.scalar(
            select(Media.id)
            .join(Match, Match.media_id == Media.id)
            .join(Bank, Bank.id == Match.bank_id)
            .where(Bank.name == "feed")
        )
    with store.session() as s:
        out = banks.import_hashes(
            s, "feed", _stopncii(tmp_path / "w.json", [(world["feed_pdq"], "Withdrawn", 1_600_000_000)])
        )
        assert out["deactivated"] == 1 and out["matches_removed"] == 1
    with store.session() as s:
        f = s.scalars(select(Flag).where(Flag.media_id == feed_media)).one()
        assert f.state == RETIRED
        (decision,) = s.scalars(select(FlagDecision).where(FlagDecision.flag_id == f.id)).all()
        assert decision.decision == "retire" and "withdrawn" in (decision.note or "")
    assert [r.media_id for r in _queue(store)] != [feed_media] and len(_queue(store)) == 1
    assert run_match(store, full=True)["matches_added"] == 0  # withdrawn: never matches again

    # Re-activated by a newer record: the same item comes back as new.
    with store.session() as s:
        banks.import_hashes(s, "feed", _stopncii(tmp_path / "a.json", [(world["feed_pdq"], "Active", 1_900_000_000)]))
    assert run_match(store)["flags_revived"] == 1
    with store.session() as s:
        f = s.scalars(select(Flag).where(Flag.media_id == feed_media)).one()
        assert f.state == "new" and (f.evidence or {})["match_id"] == s.scalar(
            select(Match.id).where(Match.media_id == feed_media)
        )
    assert len(_queue(store)) == 2

    # Her own withdrawal (set by the caseworker) retires the case finding and the item together.
    with store.session() as s:
        case = s.scalars(select(Case).where(Case.name == "c1")).one()
        bank = s.get(Bank, case.bank_id)
        assert bank is not None
        findings = s.scalars(select(CaseFinding).where(CaseFinding.case_id == case.id, CaseFinding.kind == "match"))
        assert findings.all() and not any((f.reason or {}).get("retired") for f in findings)
        keys = list(s.scalars(select(BankEntry.item_key).where(BankEntry.bank_id == bank.id).distinct()))
        banks.set_status(s, bank.name, "withdrawn", item_keys=[k for k in keys if k], by="cw")
    with store.session() as s:
        findings = s.scalars(select(CaseFinding).where(CaseFinding.case_id == case.id, CaseFinding.kind == "match"))
        assert all((f.reason or {})["retired"]["why"].startswith("bank entry withdrawn") for f in findings)
        states = dict(s.execute(select(Flag.media_id, Flag.state).where(Flag.category == CATEGORY)).all())
        assert states == {feed_media: "new", **{m: RETIRED for m in states if m != feed_media}}
    assert [r.media_id for r in _queue(store)] == [feed_media]

    # She re-activates (with her caseworker): the items and the findings come back, still one of each.
    with store.session() as s:
        banks.set_status(s, bank.name, "active", item_keys=[k for k in keys if k], by="cw")
    assert run_match(store)["flags_revived"] == len(states) - 1
    refresh_cases(store)
    with store.session() as s:
        findings = s.scalars(select(CaseFinding).where(CaseFinding.case_id == case.id, CaseFinding.kind == "match"))
        assert all("retired" not in (f.reason or {}) and f.match_id for f in findings)
    assert len(_queue(store)) == 2


def test_a_match_found_again_after_a_full_run_retracted_it_keeps_one_item(store: Store, tmp_path: Path) -> None:
    """A bank's threshold lowered below the match distance: the full run removes the match and retires its item;
    raising it again finds the match anew and the same item (same fingerprint) returns, never a second one."""
    _world(store, tmp_path)
    run_match(store)
    with store.session() as s:
        case = s.scalars(select(Case).where(Case.name == "c1")).one()
        bank = s.get(Bank, case.bank_id)
        assert bank is not None
        distance = s.scalar(select(Match.distance).where(Match.bank_id == bank.id))
        assert distance is not None and distance > 0, "the victim's copy is a re-encode: some bits differ"
        bank.pdq_threshold = distance - 1
    assert run_match(store, full=True)["matches_removed"] == 1
    with store.session() as s:
        (f,) = s.scalars(select(Flag).where(Flag.evidence["bank_id"].as_integer() == case.bank_id)).all()
        assert f.state == RETIRED
        bank = s.get(Bank, case.bank_id)
        assert bank is not None
        bank.pdq_threshold = 31
    assert run_match(store, full=True)["flags_revived"] == 1
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Flag).where(Flag.category == CATEGORY)) == 2
        assert set(s.scalars(select(Flag.state).where(Flag.category == CATEGORY))) == {"new"}
