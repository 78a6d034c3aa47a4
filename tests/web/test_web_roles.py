"""The role matrix, route by route: viewer reads dashboards and figures only; analyst and caseworker review;
admin also manages users and reads the audit log. Checked for pages (cookie session + CSRF) and for the API
(cookie session and bearer token)."""

from __future__ import annotations

from typing import Any

import pytest

from tragac.web.accounts import create_token
from tragac.web.roles import RANK

from .conftest import ROLES, Web

Route = tuple[str, str, str, dict[str, Any] | None]  # method, path, lowest role allowed, form or JSON body


def routes(web: Web, role: str) -> list[Route]:
    d = web.data
    sid, mid, fid, med = d.sources[0], d.messages[0], d.flags["harassment"], d.media[1]
    return [
        ("GET", "/", "viewer", None),
        ("GET", "/sources", "viewer", None),
        ("GET", f"/sources/{sid}", "viewer", None),
        ("GET", f"/messages/{mid}", "analyst", None),
        ("GET", "/review", "analyst", None),
        ("GET", "/review/export.csv", "analyst", None),
        ("GET", f"/media/{med}", "analyst", None),
        ("GET", f"/media/{med}/thumb", "analyst", None),
        ("GET", "/search?q=slike", "analyst", None),
        ("GET", "/admin/users", "admin", None),
        ("GET", "/admin/audit", "admin", None),
        ("POST", f"/review/{fid}/decision", "analyst", {"decision": "note", "note": "seen"}),
        ("POST", "/review/bulk-dismiss", "analyst", {"rule": "no.such.rule"}),
        ("POST", f"/media/{med}/reveal", "analyst", {}),
        ("POST", "/admin/users", "admin", {"name": f"new-{role}", "role": "viewer"}),
        ("POST", "/admin/users/viewer", "admin", {"role": "viewer"}),
    ]


def api_routes(web: Web) -> list[Route]:
    d = web.data
    return [
        ("GET", "/api/v1/sources", "viewer", None),
        ("GET", f"/api/v1/sources/{d.sources[0]}", "viewer", None),
        ("GET", "/api/v1/stats", "viewer", None),
        ("GET", "/api/v1/openapi.json", "viewer", None),
        ("GET", "/api/v1/messages", "analyst", None),
        ("GET", f"/api/v1/messages/{d.messages[0]}", "analyst", None),
        ("GET", "/api/v1/flags", "analyst", None),
        ("GET", f"/api/v1/flags/{d.flags['doxxing']}", "analyst", None),
        ("POST", f"/api/v1/flags/{d.flags['harassment']}/decision", "analyst", {"decision": "escalate"}),
        ("GET", "/api/v1/media", "analyst", None),
        ("GET", f"/api/v1/media/{d.media[0]}", "analyst", None),
        ("GET", "/api/v1/matches", "analyst", None),
        ("GET", "/api/v1/clusters", "analyst", None),
        ("GET", f"/api/v1/clusters/{d.cluster}", "analyst", None),
    ]


def _ok(status: int) -> bool:
    # 503: /stats answers "not available yet" until the analytics module lands; it is still past the role check.
    return status in (200, 303, 503)


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(sqlite_web: Web, role: str) -> None:
    me = sqlite_web.login(role)
    for method, path, needed, body in routes(sqlite_web, role):
        if method == "GET":
            r = me.client.get(path, follow_redirects=False)
        else:
            r = me.client.post(path, data={**(body or {}), "csrf_token": me.csrf}, follow_redirects=False)
        allowed = RANK[role] >= RANK[needed]
        assert _ok(r.status_code) if allowed else r.status_code == 403, (role, method, path, r.status_code)


def test_api_matrix_with_tokens_on_both_backends(web: Web) -> None:
    for role in ROLES:
        token = create_token(web.store, role)
        c = web.client(headers={"Authorization": f"Bearer {token}"})
        for method, path, needed, body in api_routes(web):
            r = c.request(method, path, json=body)
            allowed = RANK[role] >= RANK[needed]
            if allowed:
                assert _ok(r.status_code), (role, path, r.status_code, r.text)
            else:
                assert r.status_code == 403, (role, path, r.status_code)
                assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_api_matrix_with_sessions(sqlite_web: Web, role: str) -> None:
    me = sqlite_web.login(role)
    for method, path, needed, body in api_routes(sqlite_web):
        r = me.client.request(method, path, json=body, headers={"X-CSRF-Token": me.csrf})
        allowed = RANK[role] >= RANK[needed]
        assert _ok(r.status_code) if allowed else r.status_code == 403, (role, path, r.status_code)


def test_nav_shows_only_what_the_role_may_open(sqlite_web: Web) -> None:
    viewer = sqlite_web.login("viewer").client.get("/").text
    assert 'href="/review"' not in viewer and 'href="/admin/users"' not in viewer
    analyst = sqlite_web.login("analyst").client.get("/").text
    assert 'href="/review"' in analyst and 'href="/admin/users"' not in analyst
    admin = sqlite_web.login("admin").client.get("/").text
    assert 'href="/admin/audit"' in admin
