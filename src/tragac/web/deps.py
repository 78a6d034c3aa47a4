"""FastAPI dependencies: the store, who is calling, role checks and CSRF on every state-changing request."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from tragac.store import Store
from tragac.web import roles
from tragac.web.problems import CsrfFailed, Forbidden, NotAuthenticated
from tragac.web.sessions import COOKIE, Principal, session_principal, token_principal

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_principal(request: Request) -> Principal | None:
    """The caller from a bearer token or the session cookie (cached on the request)."""
    if "principal" in request.state._state:
        cached: Principal | None = request.state.principal
        return cached
    store = store_of(request)
    found: Principal | None = None
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        found = token_principal(store, auth[7:].strip())
    elif cookie := request.cookies.get(COOKIE):
        found = session_principal(store, cookie, request.app.state.session_idle)
    request.state.principal = found
    return found


async def _check_csrf(request: Request, p: Principal) -> None:
    # Bearer tokens are never sent by a browser on its own, so only cookie sessions need the token.
    if request.method in SAFE_METHODS or p.via != "session":
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not p.csrf_token or not hmac.compare_digest(sent, p.csrf_token):
        raise CsrfFailed()


def need(role: str) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that admits callers whose role is at least ``role`` (and checks CSRF for cookie sessions)."""

    async def dependency(request: Request) -> Principal:
        p = await run_in_threadpool(current_principal, request)
        if p is None:
            raise NotAuthenticated()
        await _check_csrf(request, p)
        if not roles.allows(p.role, role):
            raise Forbidden(f"the {p.role} role cannot do this (needs {role} or above)")
        return p

    dependency.__name__ = f"need_{role}"
    return dependency


need_viewer = need(roles.READ_REPORTS)
need_analyst = need(roles.REVIEW)
need_caseworker = need(roles.CASES)
need_admin = need(roles.ADMIN)
