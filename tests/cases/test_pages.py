"""The caseworker pages: roles, CSRF, drafting and approving a notice from the browser's forms."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tragac.cases.linker import refresh_cases
from tragac.cases.service import add_identities
from tragac.store import Store
from tragac.web.accounts import create_user
from tragac.web.app import create_app

from .helpers import case_with_matches

PASSWORD = "a long test password"


def _signed_in(client: TestClient, name: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token
    r = client.post("/login", data={"username": name, "password": PASSWORD, "login_token": token.group(1), "next": "/"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert csrf
    return csrf.group(1)


def test_caseworker_pages(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "settings", sqlite_store.settings.with_values(notifier_email="mila@ngo.example"))
    case = case_with_matches(sqlite_store, "web")
    add_identities(sqlite_store, "web", [{"name": "Fiktivna Osoba", "phones": ["+381 60 000 0000"]}], actor="cw")
    refresh_cases(sqlite_store)
    create_user(sqlite_store, "mila", "caseworker", PASSWORD)
    create_user(sqlite_store, "ana", "analyst", PASSWORD)
    app = create_app(sqlite_store.settings, store=sqlite_store)

    analyst = TestClient(app, base_url="https://testserver")
    _signed_in(analyst, "ana")
    assert analyst.get("/cases").status_code == 403

    cw = TestClient(app, base_url="https://testserver")
    csrf = _signed_in(cw, "mila")
    listing = cw.get("/cases")
    assert listing.status_code == 200 and "web" in listing.text
    page = cw.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "https://t.me/c/1874406217/" in page.text
    assert "Fiktivna" not in page.text and "000 0000" not in page.text  # identities never on pages

    assert cw.post(f"/cases/{case.id}/notices", data={"template": "telegram", "language": "sr"}).status_code == 403
    r = cw.post(f"/cases/{case.id}/notices", data={"template": "telegram", "language": "sr", "csrf_token": csrf},
                follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/notices/")
    notice_url = r.headers["location"]
    assert "dobroj veri" in cw.get(notice_url).text
    r = cw.post(f"{notice_url}/approve", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert "approved" in cw.get(notice_url).text and "mila" in cw.get(notice_url).text
    assert cw.get("/notices").status_code == 200
