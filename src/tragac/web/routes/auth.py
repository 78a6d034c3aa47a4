"""Sign-in with throttling, sign-out, and the unauthenticated health check."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.store.base import utcnow
from tragac.web.accounts import get_user, verify_password
from tragac.web.deps import client_address, current_principal, need_viewer, store_of
from tragac.web.sessions import COOKIE, Principal, create_session, end_session
from tragac.web.templating import render
from tragac.web.throttle import blocked, note

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "tragac_login"  # double-submit token: stops other sites from signing a browser in to their account


def _safe_next(target: str | None) -> str:
    # Only same-site paths: "//evil.example" and "/\\evil" would leave the site.
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    store_of(request).ping()
    return JSONResponse({"status": "ok"})


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if current_principal(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    token = secrets.token_urlsafe(24)
    resp = render(request, "login.html", next=_safe_next(next), login_token=token, error=None)
    resp.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login")
    return resp


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=128)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    login_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    store = store_of(request)
    address = client_address(request)
    cookie_token = request.cookies.get(LOGIN_COOKIE, "")

    def again(status: int, error: str) -> Response:
        token = secrets.token_urlsafe(24)
        resp = render(request, "login.html", status, next=_safe_next(next), login_token=token, error=error)
        resp.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login")
        return resp

    if not cookie_token or not login_token or not hmac.compare_digest(cookie_token, login_token):
        return again(403, "The sign-in form expired. Please try again.")
    name = username.strip()
    reason = blocked(store, name, address, request.app.state.throttle)
    if reason:
        audit.record(store, audit.LOGIN_FAILED, actor=name or None, address=address, details={"reason": reason})
        return again(429, "Too many failed sign-ins. Wait a few minutes and try again.")
    with store.session() as s:
        user = get_user(s, name) if name else None
        ok = verify_password(user.password_hash if user else None, password) and bool(user and user.active)
        if ok and user is not None:
            user.last_login_at = utcnow()
    note(store, name, address, ok)
    if not ok or user is None:
        audit.record(store, audit.LOGIN_FAILED, actor=name or None, address=address, details={"reason": "wrong"})
        return again(401, "Wrong name or password.")
    cookie, _csrf = create_session(
        store, user, address, request.headers.get("user-agent"), request.app.state.session_idle
    )
    audit.record(store, audit.LOGIN, actor=user.name, address=address)
    resp = RedirectResponse(_safe_next(next), status_code=303)
    resp.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", secure=_secure(request), path="/")
    resp.delete_cookie(LOGIN_COOKIE, path="/login")
    return resp


@router.post("/logout")
async def logout(request: Request, me: Annotated[Principal, Depends(need_viewer)]) -> Response:
    store = store_of(request)
    if me.session_id:
        await run_in_threadpool(end_session, store, me.session_id)
    await run_in_threadpool(audit.record, store, audit.LOGOUT, actor=me.name, address=client_address(request))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE, path="/")
    return resp
