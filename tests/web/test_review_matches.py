"""Reviewing hash-match items (``ncii_match``) and bulk dismissal, over a store the real pipeline filled.

Two generated Telegram exports (two groups) are ingested; a victim's picture, hashed on her device, is re-posted in
both. The match stage writes one review item per matched bank entry (``tragac.matching.leads``), the text stage
flags solicitation, a "-18" request and harassment. Nothing here builds a Flag row by hand.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from policy.helpers import Client, Post, ingest_and_run, original, signed_in, victim_case, write_export
from tragac.cases.package import export_package
from tragac.demo.media import transformed_jpeg
from tragac.store import Store
from tragac.store.models import AuditEvent, CaseFinding, CustodyEvent, Flag, FlagDecision, Media, Message, Source

GROUP_A, GROUP_B = 1874406217, 1600000001
ASK_EX = "ima li neko slike od bivše, šaljite u inbox"


@dataclass
class World:
    store: Store
    media_id: int
    picture: bytes
    group_a: int  # source ids
    group_b: int
    seen_in: list[int]  # message ids that carry the picture


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    (mine,) = victim_case(store, tmp_path, "m1", ["victim-m1"], vault=False)
    repost = transformed_jpeg(mine, "telegram_like")
    a = [
        Post(1, "evo je opet", repost),
        Post(3, ASK_EX, None, 60),
        Post(4, "pošaljite gole slike sestre, daću svoje", None, 120),
        Post(5, "ko ima -18 trade?", None, 180),
        Post(6, "glupačo jedna, sramota si za porodicu", None, 240),
    ]
    ingest_and_run(store, write_export(tmp_path / "a", a, chat_id=GROUP_A, name="Grupa A"))
    b = [Post(2, "pogledajte ovo", repost, 300), Post(7, ASK_EX, None, 360)]
    ingest_and_run(store, write_export(tmp_path / "b", b, chat_id=GROUP_B, name="Grupa B"))
    with store.session() as s:
        mid = s.scalar(select(Media.id).where(Media.sha256 == hashlib.sha256(repost).hexdigest()))
        src = {x.platform_id: x.id for x in s.scalars(select(Source))}
        seen = list(
            s.scalars(
                select(Message.id).where(Message.platform_message_id.in_([1, 2])).order_by(Message.platform_message_id)
            )
        )
    assert mid is not None
    return World(store, mid, repost, src[str(GROUP_A)], src[str(GROUP_B)], seen)


def _client(w: World) -> AbstractContextManager[Client]:
    return signed_in(w.store, "ana", "analyst", lambda m: w.picture if m.id == w.media_id else original(str(m.id)))


def _match_flags(w: World) -> list[Flag]:
    with w.store.session() as s:
        return list(s.scalars(select(Flag).where(Flag.category == "ncii_match").order_by(Flag.id)))


def _states(w: World) -> dict[int, str]:
    with w.store.session() as s:
        return {f.id: f.state for f in s.scalars(select(Flag))}


def test_match_row_shows_the_blurred_picture_bank_case_distance_and_where_it_was_seen(world: World) -> None:
    flags = _match_flags(world)
    assert flags and all(f.media_id == world.media_id and f.message_id is None for f in flags)
    with _client(world) as me:
        page = me.http.get("/review?category=ncii_match").text
        rows = re.findall(r'<li class="flag-row[^"]*" id="flag-(\d+)"', page)
        assert [int(r) for r in rows] == [f.id for f in sorted(flags, key=lambda f: (-f.score, f.id))]
        assert (
            "Bank <strong>case:m1</strong>" in page and '<span class="case">m1</span>' in page
        )  # no case link: analyst
        assert re.search(r"pdq distance <span class=\"distance\">\d+</span>", page)
        assert "Grupa A" in page and "Grupa B" in page
        for msg_id in world.seen_in:  # Tragač's own message pages, not t.me
            assert f'href="/messages/{msg_id}"' in page
        assert f'<img class="blurred" src="/media/{world.media_id}/thumb"' in page
        thumb = me.http.get(f"/media/{world.media_id}/thumb")
        assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
        assert "reason (needed to dismiss)" in page and "Confirm (add to case evidence)" in page


def test_confirming_a_match_adds_it_to_the_case_evidence_audited(world: World, tmp_path: Path) -> None:
    flag = _match_flags(world)[0]
    with _client(world) as me:
        r = me.http.post(
            f"/review/{flag.id}/decision",
            data={"decision": "confirm", "csrf_token": me.csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303
    with world.store.session() as s:
        findings = list(
            s.scalars(select(CaseFinding).where(CaseFinding.media_id == world.media_id, CaseFinding.kind == "match"))
        )
        assert len(findings) == 2  # one per group where it was seen
        for f in findings:
            assert f.reason["confirmed"]["by"] == "ana" and f.reason["confirmed"]["flag_id"] == flag.id
        custody = list(s.scalars(select(CustodyEvent).where(CustodyEvent.action == "finding_confirmed")))
        assert sorted(e.item for e in custody) == sorted(f"finding:{f.id}" for f in findings)
        audit = s.scalars(select(AuditEvent).where(AuditEvent.target == f"flag:{flag.id}")).one()
        assert sorted(audit.details["evidence"]["confirmed"]) == sorted(f.id for f in findings)
        assert s.get(Flag, flag.id).state == "confirmed"  # type: ignore[union-attr]
    out = tmp_path / "m1.zip"
    export_package(world.store, "m1", out, actor="mila")
    manifest = orjson.loads(zipfile.ZipFile(out).read("manifest.json"))
    matched = [it for it in manifest["items"] if it["kind"] == "match"]
    assert matched and all(it["reason"]["confirmed"]["by"] == "ana" for it in matched)


def test_dismissing_a_match_needs_a_reason_and_keeps_it(world: World) -> None:
    flag = _match_flags(world)[0]
    with _client(world) as me:
        r = me.http.post(f"/review/{flag.id}/decision", data={"decision": "dismiss", "csrf_token": me.csrf})
        assert r.status_code == 400 and "reason" in r.text
        assert _states(world)[flag.id] == "new"
        why = "not her: a similar background picture"
        r = me.http.post(
            f"/review/{flag.id}/decision",
            data={"decision": "dismiss", "note": why, "csrf_token": me.csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303
    with world.store.session() as s:
        d = s.scalars(select(FlagDecision).where(FlagDecision.flag_id == flag.id)).one()
        assert (d.decision, d.note, d.reviewer) == ("dismiss", why, "ana")
    assert _states(world)[flag.id] == "dismissed"


def _bulk(me: Client, **form: str) -> tuple[int, str]:
    r = me.http.post("/review/bulk-dismiss", data={**form, "csrf_token": me.csrf}, follow_redirects=False)
    return r.status_code, r.text


def test_bulk_dismiss_follows_the_filters_asks_and_never_touches_minors_or_matches(world: World) -> None:
    before = _states(world)
    with world.store.session() as s:
        cats = {f.id: (f.category, f.source_id) for f in s.scalars(select(Flag))}
        assert {"csam_signal", "ncii_match", "ncii_solicitation"} <= {c for c, _ in cats.values()}
        eligible = {
            fid for fid, (cat, src) in cats.items() if src == world.group_a and cat not in ("csam_signal", "ncii_match")
        }
        in_b = s.scalar(select(func.count()).select_from(Flag).where(Flag.source_id == world.group_b))
    assert eligible and in_b
    src = str(world.group_a)
    with _client(world) as me:
        # Step 1 only asks: the count under the current filters, nothing changes.
        status, page = _bulk(me, source=src)
        assert status == 200 and f"<strong>{len(eligible)}</strong> open flag" in page
        assert 'name="confirm"' in page and f'name="expected" value="{len(eligible)}"' in page
        # The server insists on the reason and the confirmation, whatever a browser's script does.
        assert _bulk(me, source=src, confirm="yes", expected=str(len(eligible)))[0] == 400
        assert _bulk(me, source=src, note="generic asks", expected=str(len(eligible)))[0] == 200
        status, page = _bulk(me, source=src, note="generic asks", confirm="yes", expected="999")
        assert status == 200 and "count changed" in page
        assert _states(world) == before
        status, _ = _bulk(me, source=src, note="generic asks", confirm="yes", expected=str(len(eligible)))
        assert status == 303
    after = _states(world)
    assert {fid for fid, st in after.items() if st == "dismissed"} == eligible
    for fid, (cat, srcid) in cats.items():
        if cat in ("csam_signal", "ncii_match") or srcid != world.group_a:
            assert after[fid] == "new", (cat, srcid)
    with world.store.session() as s:
        notes = set(s.scalars(select(FlagDecision.note).where(FlagDecision.flag_id.in_(eligible))))
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "flag.bulk_dismiss")).one()
    assert notes == {"generic asks"}
    assert audit.details["dismissed"] == len(eligible) and audit.details["filters"] == {"source": src}
