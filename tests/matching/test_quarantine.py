"""Flood quarantine from the real path: an imported entry suddenly matches more distinct media than allowed, is held
(no matches, no leads), stays held on later runs, and is released or withdrawn through the CLI (audited)."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from policy.helpers import Post, ingest_and_run, signed_in, write_export
from tragac.cli.main import app as cli
from tragac.demo.media import jpeg_bytes, picture
from tragac.matching import banks
from tragac.matching.match import run_match
from tragac.media.hasher import HashOptions, hash_file
from tragac.store import Store
from tragac.store.models import AuditEvent, BankEntry, EntryFeedback, EntryQuarantine, Flag, Match

from .conftest import write

LIMIT = 3
BANNER, OTHER = "channel-banner-stand-in", "one-reported-picture"


def _file(seed: str, quality: int) -> bytes:
    """A generated stand-in saved at one JPEG quality: every re-upload is a different file of the same picture."""
    return jpeg_bytes(picture(seed, label=seed), quality)


def _cli(store: Store, *args: str) -> dict:
    env = {"TRAGAC_HOME": str(store.settings.home)}
    if store.settings.database_url:
        env["TRAGAC_DATABASE_URL"] = store.settings.database_url
    res = CliRunner().invoke(cli, [*args, "--json"], env=env)
    assert res.exit_code == 0, res.output
    return orjson.loads(res.output)


def _matches(store: Store, entry_id: int) -> int:
    with store.session() as s:
        return len(s.scalars(select(Match.id).where(Match.entry_id == entry_id)).all())


def _setup(store: Store, tmp_path: Path) -> tuple[bytes, dict[str, int]]:
    """A plain banner-like picture and one list entry equal to its PDQ (a bad hash: it matches every copy)."""
    store.settings = store.settings.with_values(quarantine_max_media=LIMIT, quarantine_window_hours=24.0)
    (tmp_path / "banner.jpg").write_bytes(_file(BANNER, 85))
    pdq = hash_file(tmp_path / "banner.jpg", HashOptions(reference=False)).pdq
    (tmp_path / "other.jpg").write_bytes(_file(OTHER, 85))
    other_pdq = hash_file(tmp_path / "other.jpg", HashOptions(reference=False)).pdq
    with store.session() as s:
        banks.create_bank(s, "open-list", "imported_list")
        banks.import_hashes(s, "open-list", write(tmp_path / "l.csv", f"pdq,{pdq},banner\npdq,{other_pdq},other\n"))
        ids = {e.label: e.id for e in s.scalars(select(BankEntry))}
    return _file(BANNER, 95), ids


def test_a_flooding_entry_is_held_then_released(store: Store, tmp_path: Path) -> None:
    banner, ids = _setup(store, tmp_path)
    # Five distinct files of the banner (every re-upload is re-encoded) and the one reported picture.
    posts = [Post(i + 1, "", photo=_file(BANNER, 60 + 7 * i)) for i in range(5)]
    posts.append(Post(9, "", photo=_file(OTHER, 80)))
    ingest_and_run(store, write_export(tmp_path / "e1", posts))

    with store.session() as s:
        [q] = s.scalars(select(EntryQuarantine)).all()
        assert (q.entry_id, q.state, q.media_count, q.max_media, q.held_media) == (ids["banner"], "held", 5, LIMIT, 5)
        leads = [f.evidence["entry_id"] for f in s.scalars(select(Flag).where(Flag.category == "ncii_match"))]
    assert leads == [ids["other"]]  # the other entry is not affected
    assert _matches(store, ids["banner"]) == 0

    # Held: a later post of the banner is not matched either.
    ingest_and_run(store, write_export(tmp_path / "e2", [Post(20, "", photo=banner, offset_s=60)]))
    assert _matches(store, ids["banner"]) == 0
    [row] = _cli(store, "bank", "quarantine", "list")["quarantine"]
    assert (row["entry_id"], row["state"], row["held_media"]) == (ids["banner"], "held", 6)

    # A reviewer decides the picture really is spreading: released, and the next run matches all six.
    assert (
        _cli(store, "bank", "quarantine", "release", str(ids["banner"]), "--by", "ana", "--note", "real")["state"]
        == "released"
    )
    summary = run_match(store)
    assert summary["matches_added"] == 6 and summary["entries_quarantined"] == 0
    assert _matches(store, ids["banner"]) == 6
    with store.session() as s:
        events = [(e.action, e.actor, e.target) for e in s.scalars(select(AuditEvent))]
    assert ("quarantine.release", "ana", f"bank_entry:{ids['banner']}") in events
    assert _cli(store, "bank", "quarantine", "list")["quarantine"] == []


def test_withdrawing_a_quarantined_entry_in_the_web_app_records_a_deconfirm(store: Store, tmp_path: Path) -> None:
    _, ids = _setup(store, tmp_path)
    posts = [Post(i + 1, "", photo=_file(BANNER, 55 + 8 * i)) for i in range(4)]
    ingest_and_run(store, write_export(tmp_path / "e1", posts))
    with signed_in(store, "ana", "analyst", lambda m: None) as c:
        page = c.http.get("/matching").text
        assert f'action="/matching/quarantine/{ids["banner"]}"' in page
        r = c.http.post(
            f"/matching/quarantine/{ids['banner']}",
            data={"action": "withdraw", "note": "a channel banner", "csrf_token": c.csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        again = c.http.post(f"/matching/quarantine/{ids['banner']}", data={"action": "release", "csrf_token": c.csrf})
        assert again.status_code == 400 and "already withdrawn" in again.text
    with store.session() as s:
        entry = s.get(BankEntry, ids["banner"])
        assert entry is not None and entry.status == "withdrawn"
        assert [(f.entry_id, f.opinion) for f in s.scalars(select(EntryFeedback))] == [(ids["banner"], "deconfirm")]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "quarantine.withdraw")).one()
        assert (event.actor, event.target) == ("ana", f"bank_entry:{ids['banner']}")
    assert run_match(store, full=True)["matches_added"] == 0
    res = CliRunner().invoke(
        cli, ["bank", "quarantine", "release", str(ids["banner"])], env={"TRAGAC_HOME": str(store.settings.home)}
    )
    assert res.exit_code == 2 and "error:" in res.output


def test_only_an_admin_edits_a_banks_thresholds(store: Store) -> None:
    with store.session() as s:
        banks.create_bank(s, "case-9", "victim_case")
    form = {
        "pdq_threshold": "24",
        "video_match_fraction": "0.9",
        "robust": "on",
        "robust_candidate_threshold": "56",
        "robust_min_inliers": "15",
    }
    with signed_in(store, "ana", "analyst", lambda m: None) as c:
        assert "case-9" in c.http.get("/matching").text
        r = c.http.post("/matching/banks/case-9", data={**form, "csrf_token": c.csrf})
        assert r.status_code == 403
    with signed_in(store, "root", "admin", lambda m: None) as c:
        r = c.http.post("/matching/banks/case-9", data={**form, "csrf_token": c.csrf})
        assert r.status_code == 200 and "Saved case-9" in r.text
        bad = c.http.post("/matching/banks/case-9", data={**form, "pdq_threshold": "300", "csrf_token": c.csrf})
        assert bad.status_code == 400 and "pdq_threshold" in bad.text
    with store.session() as s:
        info = banks.bank_info(s, banks.find_bank(s, "case-9"))
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "bank.configure")).one()
    assert (info["threshold"], info["video_match_fraction"], info["robust"]) == (24, 0.9, True)
    assert (info["robust_candidate_threshold"], info["robust_min_inliers"]) == (56, 15)
    assert event.actor == "root" and event.details["pdq_threshold"] == [31, 24]
