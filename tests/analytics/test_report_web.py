"""The Reports page: viewers generate and download the report; everything is audited; nothing else is served."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store.models import AuditEvent

from .report_fixtures import build_corpus

PASSWORD = "a long test password"


def _login(client: TestClient, name: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token, page.text
    r = client.post(
        "/login",
        data={"username": name, "password": PASSWORD, "login_token": token.group(1), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert csrf
    return csrf.group(1)


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[Store, TestClient]]:
    from tragac.web.accounts import create_user
    from tragac.web.app import create_app

    store = open_store(Settings(home=tmp_path / "home"))
    build_corpus(store)
    app = create_app(store.settings, store=store)
    create_user(store, "vera", "viewer", PASSWORD)
    with TestClient(app) as client:
        yield store, client
    store.close()


def test_viewer_generates_and_downloads(web: tuple[Store, TestClient]) -> None:
    store, client = web
    assert client.get("/reports", follow_redirects=False).status_code == 303  # sign in first
    csrf = _login(client, "vera")
    page = client.get("/reports")
    assert page.status_code == 200 and "Generate report" in page.text and "Grupa Alfa" in page.text
    # Without the CSRF token nothing is generated.
    assert client.post("/reports", data={"lang": "en"}).status_code == 403
    r = client.post(
        "/reports",
        data={"csrf_token": csrf, "lang": "en", "since": "2026-06-01", "until": "2026-06-05", "examples": "on"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    rid = r.headers["location"].split("#r-")[1]
    listing = client.get("/reports").text
    assert f"/reports/{rid}/report.pdf" in listing and "vera" in listing
    html = client.get(f"/reports/{rid}/report.html")
    assert html.status_code == 200 and "Monitoring report" in html.text
    assert "attachment" in html.headers["content-disposition"]
    pdf = client.get(f"/reports/{rid}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for bad in (f"/reports/{rid}/meta.json", "/reports/..%2F..%2Fetc/report.html", "/reports/x/report.html"):
        assert client.get(bad).status_code == 404
    with store.session() as s:
        targets = set(s.scalars(select(AuditEvent.target).where(AuditEvent.action == "export")))
    assert {f"report:{rid}", f"report:{rid}/report.html", f"report:{rid}/report.pdf"} <= targets


def test_bad_dates_are_refused(web: tuple[Store, TestClient]) -> None:
    _, client = web
    csrf = _login(client, "vera")
    r = client.post("/reports", data={"csrf_token": csrf, "since": "2026-06-09", "until": "2026-06-01"})
    assert r.status_code == 400 and "after" in r.text
    r = client.post("/reports", data={"csrf_token": csrf, "since": "yesterday"})
    assert r.status_code == 400
