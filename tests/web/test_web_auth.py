"""Sign-in, cookies, throttling, sign-out, expiry, and what anonymous callers get."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from tragac.store.base import utcnow
from tragac.store.models import AuditEvent, WebSession
from tragac.web.sessions import expire_all_before

from .conftest import PASSWORD, Web, login


def _post_login(web: Web, name: str, password: str, client=None, next_: str = "/"):  # type: ignore[no-untyped-def]
    c = client or web.client()
    token = re.search(r'name="login_token" value="([^"]+)"', c.get("/login").text)
    assert token
    return c, c.post(
        "/login",
        data={"username": name, "password": password, "login_token": token.group(1), "next": next_},
        follow_redirects=False,
    )


def test_healthz_needs_no_login(web: Web) -> None:
    r = web.client().get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_anonymous_html_redirects_to_login_and_api_gets_401(web: Web) -> None:
    c = web.client()
    r = c.get("/review?category=doxxing", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Freview%3Fcategory%3Ddoxxing"
    for path in ("/api/v1/flags", "/api/v1/stats", "/api/v1/sources", "/api/v1/openapi.json"):
        r = c.get(path)
        assert r.status_code == 401, path
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
    r = c.post("/api/v1/flags/1/decision", json={"decision": "confirm"})
    assert r.status_code == 401


def test_login_sets_strict_httponly_cookie_and_redirects_to_next(sqlite_web: Web) -> None:
    web = sqlite_web
    _, r = _post_login(web, "analyst", PASSWORD, next_="/review")
    assert r.status_code == 303 and r.headers["location"] == "/review"
    cookie = r.headers["set-cookie"]
    assert "tragac_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie.split("tragac_login")[0]


def test_cookie_is_secure_over_https(sqlite_web: Web) -> None:
    web = sqlite_web
    c = web.client(base_url="https://testserver")
    _, r = _post_login(web, "analyst", PASSWORD, client=c)
    assert r.status_code == 303
    assert "Secure" in r.headers["set-cookie"].split("tragac_login")[0]


def test_open_redirects_are_refused(sqlite_web: Web) -> None:
    web = sqlite_web
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        _, r = _post_login(web, "analyst", PASSWORD, next_=target)
        assert r.headers["location"] == "/"


def test_login_form_needs_its_token(sqlite_web: Web) -> None:
    web = sqlite_web
    c = web.client()
    c.get("/login")
    r = c.post("/login", data={"username": "analyst", "password": PASSWORD, "login_token": "forged"})
    assert r.status_code == 403
    assert "tragac_session" not in c.cookies


def test_wrong_password_is_refused_and_audited(sqlite_web: Web) -> None:
    web = sqlite_web
    _, r = _post_login(web, "analyst", "wrong password!")
    assert r.status_code == 401 and "Wrong name or password" in r.text
    _, r = _post_login(web, "nobody", "wrong password!")
    assert r.status_code == 401
    with web.store.session() as s:
        actions = [(e.action, e.actor) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    assert ("login_failed", "analyst") in actions and ("login_failed", "nobody") in actions


def test_throttling_per_account(web: Web) -> None:
    # The fixture allows 3 failures per account: the 4th attempt is refused even with the right password.
    for _ in range(3):
        assert _post_login(web, "viewer", "bad password 1")[1].status_code == 401
    _, r = _post_login(web, "viewer", PASSWORD)
    assert r.status_code == 429
    # Other accounts from the same address are still fine (below the per-address limit).
    assert _post_login(web, "analyst", PASSWORD)[1].status_code == 303


def test_throttling_per_address(sqlite_web: Web) -> None:
    web = sqlite_web
    # 6 failures from one address spread over several names block every account from there.
    for i in range(6):
        assert _post_login(web, f"ghost{i}", "bad password 1")[1].status_code == 401
    assert _post_login(web, "admin", PASSWORD)[1].status_code == 429


def test_logout_ends_the_session_server_side(web: Web) -> None:
    me = web.login("analyst")
    cookie = me.client.cookies.get("tragac_session")
    assert me.client.get("/review").status_code == 200
    r = me.client.post("/logout", data={"csrf_token": me.csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    # Replaying the old cookie does not work: the session is gone from the database.
    replay = web.client(cookies={"tragac_session": cookie})
    assert replay.get("/review", follow_redirects=False).status_code == 303
    with web.store.session() as s:
        assert s.scalars(select(WebSession)).all() == []


def test_expired_sessions_are_refused(sqlite_web: Web) -> None:
    web = sqlite_web
    me = web.login("analyst")
    expire_all_before(web.store, utcnow() - timedelta(seconds=1))
    assert me.client.get("/review", follow_redirects=False).status_code == 303
    assert me.client.get("/api/v1/flags").status_code == 401


def test_disabled_user_loses_access(sqlite_web: Web) -> None:
    web = sqlite_web
    me = web.login("analyst")
    admin = web.login("admin")
    r = admin.client.post(
        "/admin/users/analyst", data={"csrf_token": admin.csrf, "active": "false"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert me.client.get("/review", follow_redirects=False).status_code == 303
    assert _post_login(web, "analyst", PASSWORD)[1].status_code == 401


def test_login_helper_roundtrip(sqlite_web: Web) -> None:
    web = sqlite_web
    me = login(web.client(), "viewer")
    assert me.client.get("/").status_code == 200
