"""Pages: dashboard charts, message context with highlighted spans, review queue, media safety, search."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from PIL import Image, ImageStat
from sqlalchemy import delete, select, update

from tragac.store.models import AuditEvent, Flag, Message
from tragac.web import media as media_mod
from tragac.web import search

from .conftest import Web
from .seed import picture


def test_dashboard_draws_every_chart_with_data(sqlite_web: Web) -> None:
    page = sqlite_web.login("viewer").client.get("/").text
    for title in (
        "Messages per day",
        "Active authors per day",
        "Joins and leaves per day",
        "Flags per day by category",
        "Most widely spread media",
    ):
        assert f'aria-label="{title}' in page, title
    assert page.count('<svg class="chart"') == 5
    assert "no data in this period" not in page
    assert page.count('class="bar"') > 14
    assert "<script>" not in page  # the CSP forbids inline scripts; charts are plain SVG
    per_source = sqlite_web.login("viewer").client.get(f"/?source={sqlite_web.data.sources[1]}").text
    assert page != per_source


def test_dashboard_for_an_empty_period_says_so(sqlite_web: Web) -> None:
    page = sqlite_web.login("viewer").client.get("/?since=2020-01-01&until=2020-01-31").text
    assert "no data in this period" in page


def test_message_in_context_with_highlighted_spans(web: Web) -> None:
    fid = web.data.flags["doxxing"]
    with web.store.session() as s:
        flag = s.get(Flag, fid)
        assert flag is not None and flag.message_id is not None
        msg = s.get(Message, flag.message_id)
        assert msg is not None
    page = web.login("analyst").client.get(f"/messages/{msg.id}").text
    marks = re.findall(r"<mark>(.*?)</mark>", page)
    assert marks == ["Javorova 12, Novi Sad", "064 000 0000"]
    assert "pii.address matched" in page  # the flag's why
    assert page.count('class="msg"') >= 5  # neighbours before and after


def test_review_queue_order_filters_and_bulk_dismiss(sqlite_web: Web) -> None:
    me = sqlite_web.login("analyst")
    page = me.client.get("/review").text
    cats = re.findall(r'<span class="cat cat-([a-z_]+)">', page)
    assert cats[0] == "csam_signal" and cats[1] == "ncii_match"
    assert "withheld: possible minor" in page
    assert "hashes only" not in page  # the stand-in vault has bytes for every media
    assert '<img class="blurred" src="/media/' in page
    only = me.client.get("/review?category=doxxing").text
    assert re.findall(r'<span class="cat cat-([a-z_]+)">', only) == ["doxxing"]
    rule = sqlite_web.data.rule_fp
    # Two steps: the first post only shows the count and asks for a confirmation; the second dismisses.
    ask = me.client.post("/review/bulk-dismiss", data={"rule": rule, "note": "generic greeting", "csrf_token": me.csrf})
    with sqlite_web.store.session() as s:
        n = len(s.scalars(select(Flag.id).where(Flag.rule == rule, Flag.state == "new")).all())
    assert ask.status_code == 200 and f"<strong>{n}</strong> open flag" in ask.text
    r = me.client.post(
        "/review/bulk-dismiss",
        data={"rule": rule, "note": "generic greeting", "confirm": "yes", "expected": str(n), "csrf_token": me.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    with sqlite_web.store.session() as s:
        states = set(s.scalars(select(Flag.state).where(Flag.rule == rule)).all())
        others = set(s.scalars(select(Flag.state).where(Flag.rule != rule)).all())
    assert states == {"dismissed"} and others == {"new"}
    assert rule not in me.client.get("/review").text


def test_thumbnails_are_blurred_greyscale_and_reveal_is_logged(sqlite_web: Web) -> None:
    mid = sqlite_web.data.media[1]
    me = sqlite_web.login("analyst")
    r = me.client.get(f"/media/{mid}/thumb")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    thumb = Image.open(io.BytesIO(r.content))
    assert thumb.mode == "L"
    original = Image.open(io.BytesIO(picture(mid))).convert("L").resize(thumb.size)
    # Blurring removes edges: far less local contrast than the original at the same size.
    assert _edge_energy(thumb) < 0.25 * _edge_energy(original)
    page = me.client.get(f"/media/{mid}").text
    assert "Reveal this item (logged)" in page
    r = me.client.post(f"/media/{mid}/reveal", data={"csrf_token": me.csrf})
    assert r.status_code == 200 and 'src="data:image/jpeg;base64,' in r.text
    with sqlite_web.store.session() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "media.reveal")).all()
    assert [(e.actor, e.target) for e in ev] == [("analyst", f"media:{mid}")]


def _edge_energy(im: Image.Image) -> float:
    from PIL import ImageFilter

    edges = im.filter(ImageFilter.FIND_EDGES)
    # The filter's own border artefacts are not picture content.
    return float(ImageStat.Stat(edges.crop((4, 4, im.width - 4, im.height - 4))).mean[0])


def test_possible_minor_is_never_shown(sqlite_web: Web) -> None:
    mid = sqlite_web.data.csam_media
    me = sqlite_web.login("admin")
    assert me.client.get(f"/media/{mid}/thumb").status_code == 403
    r = me.client.post(f"/media/{mid}/reveal", data={"csrf_token": me.csrf})
    assert r.status_code == 403
    page = me.client.get(f"/media/{mid}").text
    assert "never displayed" in page and "/thumb" not in page and "Reveal this item" not in page
    with sqlite_web.store.session() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "media.reveal")).one()
    assert ev.details == {"refused": "possible minor"}
    assert media_mod.never_reveal(sqlite_web.store, mid)


def test_no_bytes_means_no_thumbnail(sqlite_web: Web) -> None:
    sqlite_web.app.state.media_reader = lambda _m: None
    sqlite_web.app.state.media_present = lambda _m: False
    me = sqlite_web.login("analyst")
    assert me.client.get(f"/media/{sqlite_web.data.media[1]}/thumb").status_code == 404
    assert "hashes only" in me.client.get("/review").text


def test_search_finds_words_and_stays_in_sync(web: Web) -> None:
    store = web.store
    me = web.login("analyst")
    page = me.client.get("/search?q=nove+slike").text
    n = int(re.search(r'id="result-count">(\d+) message', page).group(1))  # type: ignore[union-attr]
    assert n == len([m for m in _texts(web) if "nove slike" in m.lower()]) > 0
    # New, edited and deleted messages are reflected at once (triggers / expression index).
    with store.session() as s:
        m = Message(
            source_id=web.data.sources[0],
            platform_message_id=99999,
            kind="message",
            date=datetime(2026, 3, 20, tzinfo=UTC),
            text="sasvim novi zeppelin tekst",
            content_hash="x",
        )
        s.add(m)
    hits, total = search.search(store, "zeppelin", search.Filters())
    assert total == 1 and hits[0].message_id == m.id
    with store.session() as s:
        s.execute(update(Message).where(Message.id == m.id).values(text="promenjeno"))
    assert search.search(store, "zeppelin", search.Filters())[1] == 0
    assert search.search(store, "promenjeno", search.Filters())[1] == 1
    with store.session() as s:
        s.execute(delete(Message).where(Message.id == m.id))
    assert search.search(store, "promenjeno", search.Filters())[1] == 0
    # Filters: by source and by date.
    src = web.data.sources[1]
    hits, _ = search.search(store, "slike", search.Filters(source_id=src))
    assert hits and all(h.source_id == src for h in hits)
    hits, _ = search.search(store, "slike", search.Filters(since=datetime(2030, 1, 1, tzinfo=UTC)))
    assert hits == []
    # Hostile input is just words, never query syntax.
    for q in ['"', "a OR", "NEAR(", "*", "slike)", "-", "\\", "'"]:
        assert me.client.get("/search", params={"q": q}).status_code == 200


def _texts(web: Web) -> list[str]:
    with web.store.session() as s:
        return list(s.scalars(select(Message.text)).all())


def test_sqlite_search_folds_diacritics(sqlite_web: Web) -> None:
    _, total_plain = search.search(sqlite_web.store, "tragac", search.Filters())
    _, total_marked = search.search(sqlite_web.store, "tragač", search.Filters())
    assert total_plain == total_marked > 0


def test_sources_pages(sqlite_web: Web) -> None:
    me = sqlite_web.login("viewer")
    page = me.client.get("/sources").text
    assert "Grupa Alfa" in page and "Ćaskanje Gama" in page
    detail = me.client.get(f"/sources/{sqlite_web.data.sources[0]}").text
    assert detail.count('<svg class="chart"') == 4
    assert me.client.get("/sources/424242").status_code == 404


def test_thumbnails_come_from_the_evidence_vault_by_default(sqlite_web: Web) -> None:
    from tragac.cases.vault import Vault
    from tragac.keyring import load_keyring
    from tragac.store.models import Media
    from tragac.web.app import create_app

    from .conftest import login

    store = sqlite_web.store
    kept, hashes_only = sqlite_web.data.media[1], sqlite_web.data.media[2]
    data = picture(7)
    sha, _ = Vault(store, load_keyring(store.settings.ensure_home())).put_bytes(data)
    with store.session() as s:
        md = s.get(Media, kept)
        assert md is not None
        md.sha256, md.in_vault = sha, True
    app = create_app(store.settings, store=store)  # no stand-in reader: the real vault
    me = login(TestClient(app), "analyst")
    r = me.client.get(f"/media/{kept}/thumb")
    assert r.status_code == 200 and Image.open(io.BytesIO(r.content)).mode == "L"
    assert me.client.get(f"/media/{hashes_only}/thumb").status_code == 404
    assert "Hashes only" in me.client.get(f"/media/{hashes_only}").text


def test_a_video_gets_no_picture_preview_and_no_crash(sqlite_web: Web, shared_fixtures: Path) -> None:
    # The vault holds a real video file's bytes: Pillow cannot draw it, so there is no preview (415), not a 500.
    video = (shared_fixtures / "video" / "pattern-sd-grey-bar.mp4").read_bytes()
    sqlite_web.app.state.media_reader = lambda _m: video
    mid = sqlite_web.data.media[1]
    me = sqlite_web.login("analyst")
    r = me.client.get(f"/media/{mid}/thumb")
    assert r.status_code == 415 and "no preview" in r.text
    r = me.client.post(f"/media/{mid}/reveal", data={"csrf_token": me.csrf})
    assert r.status_code == 415
    with sqlite_web.store.session() as s:
        assert not s.scalars(select(AuditEvent).where(AuditEvent.action == "media.reveal")).all()
