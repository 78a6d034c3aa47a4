"""Caseworker pages: cases, their timeline and alerts, and notices (draft, approve, send, mark).

Listed in ``tragac.web.routes.ROUTERS``. Every page needs the caseworker role; every
state-changing request is CSRF-checked by the ``need_caseworker`` dependency and written to the audit log. Watched
identities are never shown here (the CLI's ``case show --identities`` is the one deliberate, logged way).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.cases.notices import TEMPLATES as NOTICE_TEMPLATES
from tragac.cases.notices.service import (
    HotlineReferralRequired,
    approve_notice,
    draft_notice,
    get_notice,
    list_notices,
    mark_notice,
    send_notice,
)
from tragac.cases.service import case_detail, list_cases, mark_alerts_read
from tragac.errors import TragacError
from tragac.web.deps import client_address, need_caseworker, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(need_caseworker)]


def _log(request: Request, me: Principal, action: str, target: str, **details: object) -> None:
    audit.record(
        store_of(request), action, actor=me.name, target=target, address=client_address(request), details=details
    )


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request, me: Caseworker) -> HTMLResponse:
    return render(request, "cases/list.html", cases=list_cases(store_of(request)))


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, me: Caseworker, case_id: int, error: str | None = None) -> HTMLResponse:
    try:
        detail = case_detail(store_of(request), case_id)
    except TragacError as exc:
        return render(request, "error.html", status=404, title="Not found", detail=str(exc))
    _log(request, me, "case_view", f"case:{case_id}")
    return render(request, "cases/case.html", case=detail, templates=NOTICE_TEMPLATES, error=error, referral=None)


@router.post("/cases/{case_id}/alerts/read")
def alerts_read(request: Request, me: Caseworker, case_id: int) -> RedirectResponse:
    mark_alerts_read(store_of(request), case_id)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/notices", response_model=None)
async def draft(
    request: Request,
    me: Caseworker,
    case_id: int,
    template: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
    recipient: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    store = store_of(request)
    try:
        n = await run_in_threadpool(
            draft_notice, store, case_id, template_name=template, language=language, recipient=recipient or None,
            actor=me.name,
        )  # fmt: skip
    except HotlineReferralRequired as exc:
        detail = case_detail(store, case_id)
        return render(request, "cases/case.html", case=detail, templates=NOTICE_TEMPLATES, error=None,
                      referral=exc.text)  # fmt: skip
    except TragacError as exc:
        detail = case_detail(store, case_id)
        return render(request, "cases/case.html", status=400, case=detail, templates=NOTICE_TEMPLATES,
                      error=str(exc), referral=None)  # fmt: skip
    _log(request, me, "notice_draft", f"notice:{n.id}", case=case_id, template=template)
    return RedirectResponse(f"/notices/{n.id}", status_code=303)


@router.get("/notices", response_class=HTMLResponse)
def notices_page(request: Request, me: Caseworker) -> HTMLResponse:
    return render(request, "cases/notices.html", notices=list_notices(store_of(request)))


@router.get("/notices/{notice_id}", response_class=HTMLResponse)
def notice_page(request: Request, me: Caseworker, notice_id: int, error: str | None = None) -> HTMLResponse:
    try:
        notice = get_notice(store_of(request), notice_id)
    except TragacError as exc:
        return render(request, "error.html", status=404, title="Not found", detail=str(exc))
    return render(request, "cases/notice.html", notice=notice, error=error)


@router.post("/notices/{notice_id}/{action}", response_model=None)
async def notice_action(
    request: Request, me: Caseworker, notice_id: int, action: str
) -> HTMLResponse | RedirectResponse:
    store = store_of(request)
    try:
        if action == "approve":
            await run_in_threadpool(approve_notice, store, notice_id, approver=me.name)
        elif action == "send":
            await run_in_threadpool(send_notice, store, notice_id, actor=me.name)
        elif action in ("acknowledged", "removed", "rejected"):
            await run_in_threadpool(mark_notice, store, notice_id, action, actor=me.name)
        else:
            return render(request, "error.html", status=404, title="Not found", detail=f"no action {action!r}")
    except TragacError as exc:
        notice = get_notice(store, notice_id)
        return render(request, "cases/notice.html", status=400, notice=notice, error=str(exc))
    _log(request, me, f"notice_{action}", f"notice:{notice_id}")
    return RedirectResponse(f"/notices/{notice_id}", status_code=303)
