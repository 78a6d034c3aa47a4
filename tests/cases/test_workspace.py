"""The case workspace's read model on both backends: one row per media with its places and their status, possible
minors never listed, dismissals and removals kept with who and why."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tragac.cases.linker import refresh_cases
from tragac.cases.notices.service import approve_notice, draft_notice, mark_notice, send_notice
from tragac.cases.service import add_to_evidence, dismiss_media, mark_findings_removed
from tragac.cases.workspace import NOTICE_PENDING, REMOVED, STILL_UP, case_workspace
from tragac.config import Settings
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.models import CaseFinding, CustodyEvent, Flag, Media, Sighting

from .helpers import case_with_matches

CFG = Settings().with_values(notifier_name="Mila", notifier_email="mila@ngo.example", notice_min_interval_s=0)


def test_media_rows_statuses_and_actions(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case = case_with_matches(store, n=3)
    refresh_cases(store, config=CFG)
    ws = case_workspace(store, case.id)
    assert len(ws.media) == 3 and all(len(m.sightings) == 1 for m in ws.media)
    assert {m.status for m in ws.media} == {STILL_UP} and ws.withheld == 0
    assert not any(m.in_vault for m in ws.media)  # hash-only case: no thumbnails
    first, second, third = ws.media

    # A notice naming the first place: pending until its removal is marked, then removed with a time.
    n = draft_notice(store, case.id, template_name="telegram", actor="cw", config=CFG,
                     finding_ids=[first.sightings[0].finding_id])  # fmt: skip
    assert case_workspace(store, case.id).media[0].status == NOTICE_PENDING
    approve_notice(store, n.id, approver="Ana")
    send_notice(store, n.id, actor="Ana", config=CFG, eml_dir=tmp_path)
    mark_notice(store, n.id, "sent", actor="Ana")
    mark_notice(store, n.id, "removed", actor="cw")
    ws = case_workspace(store, case.id)
    assert ws.media[0].status == REMOVED and ws.notices[0]["hours_to_removal"] is not None

    # Dismissal needs a reason and is kept; marking a place removed by hand.
    with pytest.raises(InputError, match="reason"):
        dismiss_media(store, case.id, second.media_id, reason="  ", actor="cw")
    dismiss_media(store, case.id, second.media_id, reason="not her picture", actor="cw")
    mark_findings_removed(store, case.id, [third.sightings[0].finding_id], actor="cw")
    ws = case_workspace(store, case.id)
    by_id = {m.media_id: m for m in ws.media}
    assert by_id[second.media_id].dismissed and by_id[second.media_id].dismissed["reason"] == "not her picture"
    assert by_id[third.media_id].status == REMOVED
    with pytest.raises(InputError, match="hashes only"):
        add_to_evidence(store, case.id, [third.media_id], actor="cw")
    with store.session() as s:
        actions = [e.action for e in s.scalars(select(CustodyEvent).where(CustodyEvent.case_id == case.id))]
    assert "finding_dismissed" in actions and "finding_removed" in actions


def test_possible_minor_media_is_never_listed(store: Store) -> None:
    case = case_with_matches(store, n=2)
    refresh_cases(store, config=CFG)
    with store.session() as s:
        media = s.scalars(select(Media).order_by(Media.id)).first()
        assert media is not None
        seen = s.scalars(select(Sighting).where(Sighting.media_id == media.id)).one()
        s.add(Flag(fingerprint="minor-1", detector="t", category="csam_signal", score=1.0, rule="r", why="w",
                   message_id=seen.message_id, possible_minor=True))  # fmt: skip
        withheld_sha = media.sha256
    ws = case_workspace(store, case.id)
    assert ws.withheld == 1 and len(ws.media) == 1 and ws.media[0].sha256 != withheld_sha
    with store.session() as s:
        assert s.scalar(select(CaseFinding.id).where(CaseFinding.media_sha256 == withheld_sha)) is not None
