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
    monkeypatch.setattr(sqlite_store, "settings", sqlite_store.settings.with_values(notice_min_interval_s=0))
    case = case_with_matches(sqlite_store, "web")
    add_identities(sqlite_store, "web", [{"name": "Fiktivna Osoba", "phones": ["+381 60 000 0000"]}], actor="cw")
    refresh_cases(sqlite_store)
    for name, role in (("mila", "caseworker"), ("ana", "caseworker"), ("an", "analyst"), ("root", "admin")):
        create_user(sqlite_store, name, role, PASSWORD)
    app = create_app(sqlite_store.settings, store=sqlite_store)

    analyst = TestClient(app, base_url="https://testserver")
    _signed_in(analyst, "an")
    assert analyst.get("/cases").status_code == 403
    assert analyst.get(f"/cases/{case.id}").status_code == 403

    cw = TestClient(app, base_url="https://testserver")
    csrf = _signed_in(cw, "mila")
    listing = cw.get("/cases")
    assert listing.status_code == 200 and "web" in listing.text
    page = cw.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "https://t.me/c/1874406217/" in page.text
    assert page.text.count('class="media-group') == 2 and "hashes only" in page.text  # no vault: no thumbnails
    assert "Fiktivna" not in page.text and "000 0000" not in page.text  # identities never on pages
    assert "Administration → Organisation" in page.text  # no notifier yet: the page says who must set it

    # No notifier saved and none in the environment: drafting says so instead of failing later.
    fids = [int(x) for x in re.findall(r'name="finding" value="(\d+)"', page.text)]
    r = cw.post(f"/cases/{case.id}/selection", data={"action": "notice", "finding": fids[:1], "csrf_token": csrf})
    assert r.status_code == 400 and "Organisation" in r.text
    # Only an admin edits the organisation settings; the change is audited.
    assert cw.get("/admin/organisation").status_code == 403
    admin = TestClient(app, base_url="https://testserver")
    admin_csrf = _signed_in(admin, "root")
    r = admin.post(
        "/admin/organisation", data={"notifier_name": "Vesna", "notifier_email": "nope", "csrf_token": admin_csrf}
    )
    assert r.status_code == 400 and "not an address" in r.text
    org = {"notifier_name": "Vesna Fiktivna", "notifier_email": "v@ngo.example", "name": "Fiktivna NVO"}
    r = admin.post("/admin/organisation", data={**org, "four_eyes": "on", "csrf_token": admin_csrf})
    assert r.status_code == 200 and "Saved." in r.text
    assert "settings.change" in admin.get("/admin/audit?target=organisation").text

    # Dismissing a match needs a reason, CSRF, and is kept with who and why.
    media_id = re.findall(r'data-media="(\d+)"', page.text)[1]
    assert cw.post(f"/cases/{case.id}/media/{media_id}/dismiss", data={"reason": "x"}).status_code == 403
    r = cw.post(f"/cases/{case.id}/media/{media_id}/dismiss", data={"reason": " ", "csrf_token": csrf})
    assert r.status_code == 400 and "needs a reason" in r.text
    r = cw.post(f"/cases/{case.id}/media/{media_id}/dismiss", data={"reason": "not her", "csrf_token": csrf})
    assert r.status_code == 200 and "dismissed by mila: not her" in r.text

    # A notice for the ticked place: drafted by mila, who cannot approve it herself (four-eyes).
    pick = {"action": "notice", "finding": fids[:1], "template": "telegram", "language": "sr", "csrf_token": csrf}
    r = cw.post(f"/cases/{case.id}/selection", data=pick, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/notices/")
    notice_url = r.headers["location"]
    drafted = cw.get(notice_url).text
    assert "dobroj veri" in drafted and "Vesna Fiktivna" in drafted and 'id="approve"' not in drafted
    r = cw.post(f"{notice_url}/approve", data={"csrf_token": csrf})
    assert r.status_code == 400 and "second person" in r.text
    ana = TestClient(app, base_url="https://testserver")
    ana_csrf = _signed_in(ana, "ana")
    assert ana.post(f"{notice_url}/approve", data={"csrf_token": ana_csrf}, follow_redirects=False).status_code == 303
    # No mail server: "written to outbox, not sent", with the file to download; nothing counted as sent.
    assert ana.post(f"{notice_url}/send", data={"csrf_token": ana_csrf}, follow_redirects=False).status_code == 303
    shown = ana.get(notice_url).text
    assert "written to outbox, not sent" in shown and "0 time(s)" in shown and "sent (mail server" not in shown
    eml = ana.get(f"{notice_url}/eml")
    assert eml.status_code == 200 and b"abuse@telegram.org" in eml.content
    assert ana.post(f"{notice_url}/sent", data={"csrf_token": ana_csrf}, follow_redirects=False).status_code == 303
    assert ana.post(f"{notice_url}/removed", data={"csrf_token": ana_csrf}, follow_redirects=False).status_code == 303
    after = cw.get(f"/cases/{case.id}").text
    assert "Time to removal per recipient" in after and 'class="ttr">under a minute</td>' in after
    assert cw.get("/notices").status_code == 200
