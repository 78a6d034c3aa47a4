"""The possible-minor rule across stages, end to end, on the rows the product really writes.

A Telegram Desktop export (generated here) holds the message "ko ima -18 trade?" carrying a re-post of a picture a
victim hashed on her own device. It is ingested and analysed by the real pipeline: the text stage flags the
*message* (``csam_signal``, ``Flag.media_id`` empty), the match stage matches the *media* against her case's bank,
and the two meet only through ``Sighting``. Every place that could handle the picture must withhold it: the web
pages, the review queue, the vault, the evidence package and the notice workflow. No Flag row is built by hand.
"""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import select

from tragac import policy
from tragac.cases.notices.service import (
    HotlineReferralRequired,
    NoticeCancelled,
    approve_notice,
    draft_notice,
    get_notice,
    mark_notice,
    run_renotices,
    send_notice,
)
from tragac.cases.package import export_package, verify_package
from tragac.cases.service import case_detail, get_case, keyring
from tragac.cases.vault import Vault, VaultRefused, capture, collect_case_media
from tragac.config import Settings
from tragac.demo.media import transformed_jpeg
from tragac.matching.banks import set_status
from tragac.store import Store
from tragac.store.models import CaseFinding, Flag, Match, Media, Message, Notice, Sighting, VaultCapture

from .helpers import CHAT_ID, Post, ingest_and_run, original, signed_in, victim_case, write_export

CFG = Settings().with_values(notifier_name="Mila", notifier_email="mila@ngo.example", notice_min_interval_s=0)
ASK = "ko ima -18 trade?"


def _media_id(store: Store, data: bytes) -> int:
    with store.session() as s:
        mid = s.scalar(select(Media.id).where(Media.sha256 == hashlib.sha256(data).hexdigest()))
    assert mid is not None
    return mid


def test_minus_18_message_withholds_its_matching_picture_everywhere(store: Store, tmp_path: Path) -> None:
    (picture,) = victim_case(store, tmp_path, "v1", ["victim-a"])
    repost = transformed_jpeg(picture, "telegram_like")  # re-encoded and scaled, as a re-upload would be
    control = original("someone-else")  # a picture in no bank, posted with harmless text
    root = write_export(
        tmp_path / "export",
        [Post(1, "zdravo svima"), Post(2, ASK, repost, 60), Post(3, "nove slike iz grupe", control, 120)],
    )
    ingest_and_run(store, root)
    mid, other = _media_id(store, repost), _media_id(store, control)

    # The shapes the product writes: the text flag sits on the message, the match on the media, a sighting links them.
    with store.session() as s:
        msg = s.scalars(select(Message).where(Message.platform_message_id == 2)).one()
        text_flags = s.scalars(select(Flag).where(Flag.message_id == msg.id)).all()
        assert [(f.category, f.media_id, f.possible_minor) for f in text_flags] == [("csam_signal", None, True)]
        assert s.scalars(select(Sighting).where(Sighting.media_id == mid, Sighting.message_id == msg.id)).one()
        assert s.scalars(select(Match).where(Match.media_id == mid)).first() is not None, "the re-post must match"
        assert policy.withheld_media(s, [mid, other]) == {mid}
        findings = s.scalars(select(CaseFinding).where(CaseFinding.media_id == mid)).all()
        assert findings and all(f.possible_minor for f in findings)

    # Web: the picture is never shown, not even blurred; the harmless one is.
    with signed_in(store, "ana", "analyst", lambda m: {mid: repost, other: control}.get(m.id)) as me:
        client, csrf = me.http, me.csrf
        assert client.get(f"/media/{mid}/thumb").status_code == 403
        assert client.post(f"/media/{mid}/reveal", data={"csrf_token": csrf}).status_code == 403
        page = client.get(f"/media/{mid}").text
        assert "never displayed" in page and f"/media/{mid}/thumb" not in page
        assert client.get(f"/media/{other}/thumb").status_code == 200
        queue = client.get("/review").text
        # The -18 message's row (and the match's row) show the picture's slot as withheld, with no thumbnail.
        assert "withheld: possible minor" in queue and f"/media/{mid}/thumb" not in queue
        assert f'href="/media/{mid}"' in queue

    # Vault: refused by media id and by the bytes alone; collecting the case's media keeps nothing of it.
    with store.session() as s:
        case = get_case(s, "v1")
        for media_id in (mid, None):
            with pytest.raises(VaultRefused, match="minor"):
                capture(store, s, keyring(store), case, repost, media_id=media_id, source="Razmena 018",
                        link=f"https://t.me/c/{CHAT_ID}/2", collector="mila")  # fmt: skip
    counts = collect_case_media(store, "v1", collector="mila")
    assert counts["captured"] == 0 and counts["refused"] >= 1
    assert not Vault(store, keyring(store)).has(hashlib.sha256(repost).hexdigest())
    with store.session() as s:
        assert s.scalars(select(VaultCapture)).first() is None

    # Evidence package: a hotline reference only, no file, no hash, no match details of the picture.
    out = tmp_path / "v1.zip"
    export_package(store, "v1", out, actor="mila")
    assert verify_package(out).ok
    with zipfile.ZipFile(out) as zf:
        assert not [n for n in zf.namelist() if n.startswith("media/")]
        manifest = orjson.loads(zf.read("manifest.json"))
        everything = b"".join(zf.read(n) for n in zf.namelist())
    url = f"https://t.me/c/{CHAT_ID}/2"
    item = next(it for it in manifest["items"] if it["url"] == url)
    assert item["possible_minor"] and item["hotline_referral"] and item["media"] is None and item["file"] is None
    assert item["matches"] == [] and item["message"] is None
    assert {"item": item["id"], "url": url} in manifest["hotline_referrals"]
    assert hashlib.sha256(repost).hexdigest().encode() not in everything

    # Notice: a hotline referral naming the location, never a takedown notice.
    with pytest.raises(HotlineReferralRequired) as referral:
        draft_notice(store, "v1", template_name="telegram", actor="mila", config=CFG)
    assert url in referral.value.text and "report.cybertip.org" in referral.value.text
    with store.session() as s:
        assert s.scalars(select(Notice)).first() is None


def test_minus_18_flag_after_drafting_blocks_approve_send_and_renotice(store: Store, tmp_path: Path) -> None:
    (picture,) = victim_case(store, tmp_path, "v2", ["victim-b"])
    repost = transformed_jpeg(picture, "watermark")
    first = [Post(10, "nove slike iz grupe", repost)]
    ingest_and_run(store, write_export(tmp_path / "export-1", first))
    t0 = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    outbox = tmp_path / "outbox"
    drafted = draft_notice(store, "v2", template_name="telegram", actor="mila", config=CFG)
    approved = draft_notice(store, "v2", template_name="telegram", actor="mila", config=CFG)
    approve_notice(store, approved.id, approver="Ana")
    sent = draft_notice(store, "v2", template_name="telegram", actor="mila", config=CFG)
    approve_notice(store, sent.id, approver="Ana")
    send_notice(store, sent.id, actor="mila", config=CFG, eml_dir=outbox, clock=lambda: t0)
    mark_notice(store, sent.id, "sent", actor="mila", at=t0)  # the outboxed .eml, sent by hand
    assert len(list(outbox.glob("*.eml"))) == 1

    # A later export: the same picture re-posted under "ko ima -18 trade?". The text stage flags that message only.
    # Another re-encoding of the picture (another file, so another media): the spread stage ties it to the first.
    second = [*first, Post(11, ASK, transformed_jpeg(picture, "telegram_like"), 3600)]
    ingest_and_run(store, write_export(tmp_path / "export-2", second))
    with store.session() as s:
        assert policy.media_withheld(s, _media_id(store, repost))
    # The finding linked before the re-post (message 10) now reads as possible minor on the case too.
    timeline = case_detail(store, "v2")["timeline"]
    assert {f["url"] for f in timeline if f["kind"] == "match" and f["possible_minor"]} == {
        f"https://t.me/c/{CHAT_ID}/10",
        f"https://t.me/c/{CHAT_ID}/11",
    }

    with pytest.raises(HotlineReferralRequired) as at_approve:
        approve_notice(store, drafted.id, approver="Ana")
    assert f"https://t.me/c/{CHAT_ID}/10" in at_approve.value.text
    with pytest.raises(HotlineReferralRequired):
        send_notice(store, approved.id, actor="mila", config=CFG, eml_dir=outbox, clock=lambda: t0)
    out = run_renotices(store, config=CFG, eml_dir=outbox, clock=lambda: t0 + timedelta(hours=25))
    assert out["blocked"] == 1 and out["renoticed"] == 0
    assert len(list(outbox.glob("*.eml"))) == 1  # nothing more left
    for n in (drafted, approved, sent):
        detail = get_notice(store, n.id)
        assert detail["state"] == "referred" and detail["next_renotice_at"] is None
        assert any(e["event"] == "referred" and e["reason"] == policy.POSSIBLE_MINOR for e in detail["events"])
    # Once referred, never approved or sent afterwards either.
    with pytest.raises(Exception, match="referred"):
        approve_notice(store, drafted.id, approver="Ana")
    with pytest.raises(HotlineReferralRequired):
        draft_notice(store, "v2", template_name="telegram", actor="mila", config=CFG)


def test_withdrawn_bank_entry_stops_a_notice_at_every_step(store: Store, tmp_path: Path) -> None:
    (picture,) = victim_case(store, tmp_path, "v3", ["victim-c"])
    ingest_and_run(store, write_export(tmp_path / "export", [Post(20, "nove slike", picture)]))
    drafted = draft_notice(store, "v3", template_name="telegram", actor="mila", config=CFG)
    approved = draft_notice(store, "v3", template_name="telegram", actor="mila", config=CFG)
    approve_notice(store, approved.id, approver="Ana")
    # She withdraws the hash (StopNCII "Withdrawn"): it stops matching at once.
    with store.session() as s:
        res = set_status(s, "case:v3", "withdrawn", item_keys=[hashlib.sha256(picture).hexdigest()], by="mila")
    assert res["status"] == "withdrawn"
    with pytest.raises(NoticeCancelled, match="withdrawn"):
        approve_notice(store, drafted.id, approver="Ana")
    with pytest.raises(NoticeCancelled):
        send_notice(store, approved.id, actor="mila", config=CFG, eml_dir=tmp_path / "outbox")
    assert get_notice(store, drafted.id)["state"] == "cancelled"
    assert get_notice(store, approved.id)["state"] == "cancelled"
    assert not (tmp_path / "outbox").exists()
    with pytest.raises(Exception, match="no location"):
        draft_notice(store, "v3", template_name="telegram", actor="mila", config=CFG)
