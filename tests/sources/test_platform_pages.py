"""The report and the message pages show each source's platform, for messages read from the platforms'
downloads through the real ingest (tests/data/platforms)."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from tragac.analytics.report import render_html
from tragac.progress import NullReporter
from tragac.sources.base import source_for
from tragac.store import Store
from tragac.web.accounts import create_user
from tragac.web.app import create_app

PLATFORMS = Path(__file__).resolve().parents[1] / "data" / "platforms"
PASSWORD = "a long test password"


def _ingest_all(store: Store) -> None:
    for name in ("instagram", "facebook", "x_archive"):
        path = PLATFORMS / name
        source_for(path).ingest(store, path, timezone="UTC", reporter=NullReporter())


def test_report_names_the_platform_of_each_source(sqlite_store: Store) -> None:
    _ingest_all(sqlite_store)
    html, figures = render_html(sqlite_store, lang="en")
    per = {r["title"]: r for r in figures["per_source"]}
    assert per["Comments on milica.fiktivna's posts"]["platform"] == "instagram"
    assert per["Drugarice"]["platform"] == "facebook"
    assert per["Ekipa 🍻"]["platform"] == "x"
    assert sorted({r["platform"] for r in figures["per_source"]}) == ["facebook", "instagram", "x"]
    assert "<th>Platform</th>" in html
    assert "<td>Drugarice</td><td>Facebook</td>" in html and "<td>Instagram</td>" in html


def test_message_page_names_the_platform(sqlite_store: Store) -> None:
    _ingest_all(sqlite_store)
    create_user(sqlite_store, "ana", "analyst", PASSWORD)
    with sqlite_store.engine.connect() as c:
        mid = c.execute(
            sa.text(
                "SELECT m.id FROM message m JOIN source s ON s.id = m.source_id WHERE s.title = 'Drugarice' LIMIT 1"
            )
        ).scalar_one()
    app = create_app(sqlite_store.settings, store=sqlite_store)
    with TestClient(app) as client:
        token = re.search(r'name="login_token" value="([^"]+)"', client.get("/login").text)
        assert token
        r = client.post(
            "/login",
            data={"username": "ana", "password": PASSWORD, "login_token": token.group(1), "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        page = client.get(f"/messages/{mid}")
    assert page.status_code == 200, page.text
    assert re.search(r'Drugarice</a> <span class="platform">\(Facebook\)</span></h1>', page.text)
