"""CSRF: every state-changing request made with a cookie session must carry the session's token."""

from __future__ import annotations

from sqlalchemy import select

from tragac.store.models import Flag
from tragac.web.accounts import create_token

from .conftest import Web


def _state_changes(web: Web) -> list[tuple[str, dict[str, str]]]:
    d = web.data
    return [
        (f"/review/{d.flags['doxxing']}/decision", {"decision": "dismiss"}),
        ("/review/bulk-dismiss", {"rule": d.rule_fp}),
        (f"/media/{d.media[1]}/reveal", {}),
        ("/admin/users", {"name": "mallory", "role": "admin"}),
        ("/admin/users/analyst", {"active": "false"}),
        ("/logout", {}),
    ]


def test_forms_without_or_with_a_wrong_token_are_refused(sqlite_web: Web) -> None:
    me = sqlite_web.login("admin")
    for path, form in _state_changes(sqlite_web):
        for bad in ({}, {"csrf_token": "forged"}):
            r = me.client.post(path, data={**form, **bad}, follow_redirects=False)
            assert r.status_code == 403, (path, bad, r.status_code)
    # Nothing changed: the flags are untouched, no account was added, the admin is still signed in.
    with sqlite_web.store.session() as s:
        assert set(s.scalars(select(Flag.state)).all()) == {"new"}
    assert "mallory" not in me.client.get("/admin/users").text


def test_api_with_cookie_needs_the_header_but_bearer_does_not(sqlite_web: Web) -> None:
    fid = sqlite_web.data.flags["doxxing"]
    me = sqlite_web.login("analyst")
    r = me.client.post(f"/api/v1/flags/{fid}/decision", json={"decision": "confirm"})
    assert r.status_code == 403 and r.json()["title"] == "CSRF check failed"
    r = me.client.post(f"/api/v1/flags/{fid}/decision", json={"decision": "confirm"}, headers={"X-CSRF-Token": me.csrf})
    assert r.status_code == 200 and r.json()["state"] == "confirmed"
    token = create_token(sqlite_web.store, "analyst")
    bearer = sqlite_web.client(headers={"Authorization": f"Bearer {token}"})
    r = bearer.post(f"/api/v1/flags/{fid}/decision", json={"decision": "dismiss"})
    assert r.status_code == 200 and r.json()["state"] == "dismissed"


def test_htmx_header_token_is_accepted(sqlite_web: Web) -> None:
    fid = sqlite_web.data.flags["harassment"]
    me = sqlite_web.login("analyst")
    r = me.client.post(
        f"/review/{fid}/decision",
        data={"decision": "escalate"},
        headers={"X-CSRF-Token": me.csrf, "HX-Request": "true"},
    )
    assert r.status_code == 200
    assert 'class="flag-row state-escalated' in r.text


def test_token_differs_per_session(sqlite_web: Web) -> None:
    a, b = sqlite_web.login("analyst"), sqlite_web.login("analyst")
    assert a.csrf != b.csrf
    fid = sqlite_web.data.flags["harassment"]
    r = a.client.post(f"/review/{fid}/decision", data={"decision": "note", "csrf_token": b.csrf})
    assert r.status_code == 403
