"""Administration: accounts and the audit log (with filters and chain verification)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from tragac import audit
from tragac.errors import InputError
from tragac.store.models.web import ROLES, AuditEvent, User
from tragac.web import accounts
from tragac.web.deps import client_address, need_admin, store_of
from tragac.web.routes._params import day_start, opt_date
from tragac.web.sessions import Principal, end_user_sessions
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, _me: Annotated[Principal, Depends(need_admin)]) -> HTMLResponse:
    return render(
        request, "admin_users.html", users=accounts.list_users(store_of(request)), roles=ROLES, created=None, error=None
    )


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(
    request: Request,
    me: Annotated[Principal, Depends(need_admin)],
    name: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=16)],
) -> HTMLResponse:
    store = store_of(request)
    try:
        password = accounts.create_user(store, name, role)
    except InputError as exc:
        return render(
            request,
            "admin_users.html",
            400,
            users=accounts.list_users(store),
            roles=ROLES,
            created=None,
            error=str(exc),
        )
    audit.record(
        store,
        audit.USER_ADD,
        actor=me.name,
        target=f"user:{name.strip()}",
        address=client_address(request),
        details={"role": role},
    )
    # The generated password is shown once, on this page only.
    return render(
        request,
        "admin_users.html",
        users=accounts.list_users(store),
        roles=ROLES,
        created={"name": name.strip(), "password": password},
        error=None,
    )


@router.post("/admin/users/{name}")
def change_user(
    request: Request,
    name: str,
    me: Annotated[Principal, Depends(need_admin)],
    role: Annotated[str, Form(max_length=16)] = "",
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    store = store_of(request)
    if name == me.name and (active == "false" or (role and role != "admin")):
        raise HTTPException(400, "you cannot lock yourself out of administration")
    try:
        accounts.update_user(store, name, role=role or None, active=None if not active else active == "true")
    except InputError as exc:
        raise HTTPException(400, str(exc)) from None
    with store.session() as s:
        user = s.scalar(select(User).where(User.name == name))
    if user is not None and (active == "false" or role):
        end_user_sessions(store, user.id)  # a changed role takes effect at the next sign-in
    audit.record(
        store,
        audit.USER_CHANGE,
        actor=me.name,
        target=f"user:{name}",
        address=client_address(request),
        details={k: v for k, v in {"role": role, "active": active}.items() if v},
    )
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    _me: Annotated[Principal, Depends(need_admin)],
    actor: Annotated[str, Query(max_length=128)] = "",
    action: Annotated[str, Query(max_length=48)] = "",
    target: Annotated[str, Query(max_length=128)] = "",
    since: str | None = None,
    until: str | None = None,
    before: Annotated[int | None, Query(ge=1)] = None,
    verify: bool = False,
) -> HTMLResponse:
    store = store_of(request)
    q = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(100)
    if actor:
        q = q.where(AuditEvent.actor == actor)
    if action:
        q = q.where(AuditEvent.action == action)
    if target:
        q = q.where(AuditEvent.target == target)
    if (d := opt_date(since, "since")) is not None:
        q = q.where(AuditEvent.at >= day_start(d))
    if (d := opt_date(until, "until")) is not None:
        q = q.where(AuditEvent.at < day_start(d + timedelta(days=1)))
    if before:
        q = q.where(AuditEvent.seq < before)
    with store.session() as s:
        events = list(s.scalars(q).all())
        actions = sorted(s.scalars(select(AuditEvent.action).distinct()).all())
    result = audit.verify(store).as_dict() if verify else None
    filters = {"actor": actor, "action": action, "target": target, "since": since or "", "until": until or ""}
    return render(request, "admin_audit.html", events=events, actions=actions, filters=filters, result=result)


@router.get("/admin/organisation", response_class=HTMLResponse)
def organisation_page(request: Request, _me: Annotated[Principal, Depends(need_admin)]) -> HTMLResponse:
    from tragac.cases.notices.organisation import organisation

    return render(request, "admin_org.html", org=organisation(store_of(request)), error=None, saved=False)


@router.post("/admin/organisation", response_class=HTMLResponse)
def save_organisation(
    request: Request,
    me: Annotated[Principal, Depends(need_admin)],
    notifier_name: Annotated[str, Form(max_length=128)],
    notifier_email: Annotated[str, Form(max_length=256)],
    name: Annotated[str, Form(max_length=256)] = "",
    four_eyes: Annotated[str, Form(max_length=3)] = "",
) -> HTMLResponse:
    """Who signs notices and the four-eyes rule; the change is audited (``settings.change``, target organisation)."""
    from tragac.cases.notices.organisation import organisation, update_organisation

    store = store_of(request)
    try:
        org = update_organisation(
            store, actor=me.name, notifier_name=notifier_name, notifier_email=notifier_email, name=name,
            four_eyes=four_eyes == "on", address=client_address(request),
        )  # fmt: skip
    except InputError as exc:
        return render(request, "admin_org.html", 400, org=organisation(store), error=str(exc), saved=False)
    return render(request, "admin_org.html", org=org, error=None, saved=True)
