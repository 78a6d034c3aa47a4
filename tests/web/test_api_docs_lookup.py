"""API docs served offline (/docs, /redoc: vendored assets, no CDN anywhere) and POST /api/v1/lookup (PDQ / MD5 /
SHA-256 → active hash-list entries, through the matching module's lookups; role-checked and audited without the
hashes)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.matching import banks
from tragac.store.models.web import AuditEvent
from tragac.web.accounts import create_token

from .conftest import PASSWORD, Web, live_server

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PDQ = "f" * 16 + "0" * 16 + "a5" * 16  # fictional hashes: no picture behind them
MD5 = "0123456789abcdef" * 2
SHA = "ab" * 32


def _flip(h: str, bits: int) -> str:
    """``h`` with its first ``bits`` bits inverted (Hamming distance ``bits``)."""
    n = int(h, 16) ^ (((1 << bits) - 1) << (256 - bits))
    return f"{n:064x}"


def _api(web: Web, role: str) -> TestClient:
    return web.client(headers={"Authorization": f"Bearer {create_token(web.store, role)}"})


def _bank(web: Web, tmp_path: Path) -> None:
    lines = tmp_path / "case.txt"
    lines.write_text(f"pdq {PDQ}\nmd5 {MD5}\nvideo_sha256 {SHA}\n")
    with web.store.session() as s:
        banks.create_bank(s, "lookup-case", "victim_case", created_by="test")
        banks.import_hashes(s, "lookup-case", lines, added_by="test", label="reference 1")


def test_lookup_finds_pdq_within_the_threshold_and_exact_hashes(web: Web, tmp_path: Path) -> None:
    _bank(web, tmp_path)
    api = _api(web, "analyst")
    near, edge, far = _flip(PDQ, 5), _flip(PDQ, PDQ_MATCH_THRESHOLD), _flip(PDQ, PDQ_MATCH_THRESHOLD + 1)
    r = api.post("/api/v1/lookup", json={"signal_type": "pdq", "hashes": [PDQ, near.upper(), edge, far]})
    assert r.status_code == 200, r.text
    got = [[(m["bank"], m["distance"], m["label"]) for m in x["matches"]] for x in r.json()["results"]]
    hit = ("lookup-case", "reference 1")
    assert [[(b, label) for b, _, label in x] for x in got] == [[hit], [hit], [hit], []]
    assert [[d for _, d, _ in x] for x in got] == [[0], [5], [PDQ_MATCH_THRESHOLD], []]
    assert r.json()["results"][1]["hash"] == near  # canonical (lower-case) form
    r = api.post("/api/v1/lookup", json={"signal_type": "md5", "hashes": [MD5, "f" * 32]})
    assert [len(x["matches"]) for x in r.json()["results"]] == [1, 0]
    r = api.post("/api/v1/lookup", json={"signal_type": "sha256", "hashes": [SHA]})
    assert r.json()["results"][0]["matches"][0]["distance"] == 0
    # The seeded bank's entry (a media's PDQ) is found too: lookups read every enabled bank.
    with web.store.session() as s:
        from tragac.store.models import Media

        seeded = s.scalar(select(Media.pdq).where(Media.id == web.data.media[0]))
    r = api.post("/api/v1/lookup", json={"signal_type": "pdq", "hashes": [seeded]})
    assert [m["bank"] for m in r.json()["results"][0]["matches"]] == ["case-0001"]


def test_withdrawn_entries_stop_matching_at_once(web: Web, tmp_path: Path) -> None:
    _bank(web, tmp_path)
    api = _api(web, "analyst")
    with web.store.session() as s:
        banks.set_status(s, "lookup-case", "withdrawn", hashes=[PDQ, MD5], by="test")
    for kind, h in (("pdq", PDQ), ("md5", MD5)):
        r = api.post("/api/v1/lookup", json={"signal_type": kind, "hashes": [h]})
        assert r.json()["results"][0]["matches"] == [], kind


def test_lookup_is_role_checked_validated_and_audited_without_hashes(web: Web, tmp_path: Path) -> None:
    _bank(web, tmp_path)
    body = {"signal_type": "pdq", "hashes": [PDQ]}
    assert web.client().post("/api/v1/lookup", json=body).status_code == 401
    assert _api(web, "viewer").post("/api/v1/lookup", json=body).status_code == 403
    api = _api(web, "caseworker")
    assert api.post("/api/v1/lookup", json=body).status_code == 200
    bad = api.post("/api/v1/lookup", json={"signal_type": "pdq", "hashes": ["xyz"]})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    assert api.post("/api/v1/lookup", json={"signal_type": "video_pdq", "hashes": [PDQ]}).status_code == 422
    assert api.post("/api/v1/lookup", json={"signal_type": "md5", "hashes": []}).status_code == 422
    with web.store.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "hash.lookup")))
    assert len(events) == 1
    assert events[0].actor == "caseworker" and events[0].details["hashes"] == 1 and events[0].details["matched"] == 1
    assert PDQ not in str(events[0].details) + str(events[0].target)


def _same_origin_refs(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_docs_and_redoc_are_served_from_here(sqlite_web: Web) -> None:
    anon = sqlite_web.client()
    assert anon.get("/docs", follow_redirects=False).status_code == 303  # sign in first
    me = sqlite_web.login("viewer")
    for path, marker in (("/docs", 'id="swagger-ui"'), ("/redoc", "<redoc spec-url")):
        page = me.client.get(path)
        assert page.status_code == 200 and marker in page.text
        assert not re.search(r"https?://|//cdn|unpkg|jsdelivr", page.text), path
        for ref in _same_origin_refs(page.text):
            assert ref.startswith("/"), ref
            asset = me.client.get(ref)
            assert asset.status_code == 200, ref
        assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert b"cdn.redoc.ly" not in me.client.get("/docs/assets/redoc.standalone.js").content
    assert me.client.get("/docs/assets/../app.py").status_code == 404
    assert me.client.get("/docs/assets/secret.js").status_code == 404
    spec = me.client.get("/api/v1/openapi.json").json()
    assert "/api/v1/lookup" in spec["paths"]


def test_no_page_references_a_cdn(sqlite_web: Web) -> None:
    """Every page a signed-in admin can open without an id, and every template, loads scripts, styles and fonts
    from this server only."""
    me = sqlite_web.login("admin")
    from tragac.web.routes import ROUTERS

    pages = sorted(
        {
            route.path
            for router in ROUTERS
            for route in router.routes
            if isinstance(route, APIRoute) and "GET" in route.methods and "{" not in route.path
        }
    )
    assert {"/", "/sources", "/search", "/docs", "/redoc"} <= set(pages)
    external = re.compile(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)
    for path in pages:
        r = me.client.get(path, follow_redirects=False)
        if r.headers.get("content-type", "").startswith("text/html"):
            assert not external.search(r.text), path
    templates = Path(__file__).resolve().parents[2] / "src" / "tragac" / "web" / "templates"
    for t in templates.rglob("*.html"):
        assert not external.search(t.read_text()), t


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_swagger_and_redoc_render_offline_in_chromium(sqlite_web: Web, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    with live_server(sqlite_web.app) as base:
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{base}/login?next=%2Fdocs")
        page.fill("input[name=username]", "viewer")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/lookup")).to_be_visible(timeout=20_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "api-swagger.png"))
        page.goto(f"{base}/redoc")
        expect(page.get_by_text("Tragač API").first).to_be_visible(timeout=20_000)
        expect(page.get_by_text("/api/v1/lookup").first).to_be_attached(timeout=20_000)
        page.screenshot(path=str(SHOTS / "api-redoc.png"))
    outside = [u for u in requests if not (u.startswith(base) or u.startswith(("data:", "blob:")))]
    assert outside == [] and problems == []
