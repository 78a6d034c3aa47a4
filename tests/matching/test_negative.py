"""The negative bank from the real path: an export is ingested, hashed and matched; an analyst dismisses the match
as false in the web app; a re-encode of the same picture arrives in a later export and brings no new lead for that
entry (while another entry still matches it). SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sqlalchemy import select

from policy.helpers import Post, ingest_and_run, signed_in, write_export
from tragac.demo.media import jpeg_bytes, picture, transformed_jpeg
from tragac.matching import banks
from tragac.matching.match import run_match
from tragac.matching.negative import list_negative
from tragac.media.hasher import HashOptions, hash_file
from tragac.store import Store
from tragac.store.models import BankEntry, EntryFeedback, Flag, Media, NegativeEntry

from .conftest import flip_bits, write


def _pdq_of(path: Path) -> str:
    result = hash_file(path, HashOptions(reference=False))
    assert result.pdq is not None and (result.quality or 0) >= 50
    return result.pdq


def _leads(store: Store, entry_id: int) -> list[Flag]:
    with store.session() as s:
        flags = s.scalars(select(Flag).where(Flag.category == "ncii_match")).all()
        return [f for f in flags if (f.evidence or {}).get("entry_id") == entry_id]


def test_dismissed_match_and_its_reencodes_stay_suppressed(store: Store, tmp_path: Path) -> None:
    # A stock-like picture (not anyone's intimate image) that an open list's hash happens to sit near.
    poster = jpeg_bytes(picture("poster-stand-in", label="SALE"))
    (tmp_path / "poster.jpg").write_bytes(poster)
    near = flip_bits(_pdq_of(tmp_path / "poster.jpg"), 18, np.random.default_rng(7))
    exact = _pdq_of(tmp_path / "poster.jpg")
    with store.session() as s:
        banks.create_bank(s, "open-list", "imported_list")
        banks.import_hashes(s, "open-list", write(tmp_path / "list.csv", f"pdq,{near},colliding\npdq,{exact},right\n"))
    ingest_and_run(store, write_export(tmp_path / "export-1", [Post(1, "nova", photo=poster)]))
    with store.session() as s:
        entries = {e.label: e.id for e in s.scalars(select(BankEntry))}
    colliding, right = entries["colliding"], entries["right"]
    [lead] = _leads(store, colliding)
    assert lead.state == "new" and lead.evidence["distance"] <= 31
    assert len(_leads(store, right)) == 1

    with signed_in(store, "ana", "analyst", lambda m: None) as c:
        r = c.http.post(
            f"/review/{lead.id}/decision",
            data={"decision": "dismiss", "note": "a shop poster, not the reported picture", "csrf_token": c.csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text

    with store.session() as s:
        [neg] = s.scalars(select(NegativeEntry)).all()
        assert (neg.entry_id, neg.organisation, neg.added_by) == (colliding, "default", "ana")
        assert neg.reason == "a shop poster, not the reported picture"
        opinions = [(f.entry_id, f.opinion) for f in s.scalars(select(EntryFeedback))]
        assert opinions == [(colliding, "deconfirm")]
        assert list_negative(s)[0]["bank"] == "open-list"

    # A later export re-posts the poster re-encoded (smaller, lower quality): a different file, a near-duplicate.
    reencoded = transformed_jpeg(poster, "resize_75_q60")
    assert reencoded != poster
    ingest_and_run(store, write_export(tmp_path / "export-2", [Post(2, "opet", photo=reencoded, offset_s=600)]))
    with store.session() as s:
        media = s.scalars(select(Media).order_by(Media.id)).all()
        assert len(media) == 2 and media[1].pdq is not None and media[1].sha256 != media[0].sha256
    assert [f.id for f in _leads(store, colliding)] == [lead.id]  # no new lead for the dismissed entry
    assert len(_leads(store, right)) == 2  # the other entry still matches the re-encode

    # A full re-run does not bring the suppressed pair back either, and keeps the dismissed lead as it was.
    summary = run_match(store, full=True)
    assert summary["suppressed_by_negative_bank"] == 2  # the dismissed media and its re-encode
    [again] = _leads(store, colliding)
    assert (again.id, again.state) == (lead.id, "dismissed")
