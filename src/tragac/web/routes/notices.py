"""Notice pages: the list, one notice with its history, and its steps (approve, send, mark sent by hand,
acknowledged, removed, rejected), plus the download of an ``.eml`` written to the outbox.

States are said as they are: "sent" only when the mail server accepted the message (its reply is shown); without a
mail server the page says "written to outbox, not sent" and offers the file. With the four-eyes rule (on unless an
admin switched it off) the person who drafted a notice does not see an Approve button, and the server refuses her
approval anyway. Every step needs the caseworker role, is CSRF-checked and audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.cases.notices.organisation import organisation
from tragac.cases.notices.service import (
    approve_notice,
    get_notice,
    list_notices,
    mark_notice,
    outbox_file,
    removal_stats,
    send_notice,
)
from tragac.errors import TragacError
from tragac.web.deps import client_address, need_caseworker, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import TEMPLATES, render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(need_caseworker)]
MARKS = ("sent", "acknowledged", "removed", "rejected")


def removal_summary(request: Request) -> dict[str, object]:
    """Time to removal per recipient over every case, for the dashboard's own block (``cases/_removal.html``,
    shown to caseworkers and admins only): the same :func:`removal_stats` the case page and ``tragac notice
    stats`` use."""
    return removal_stats(store_of(request))


TEMPLATES.env.globals["removal_summary"] = removal_summary


def _log(request: Request, me: Principal, action: str, target: str, **details: object) -> None:
    audit.record(
        store_of(request), action, actor=me.name, target=target, address=client_address(request), details=details
    )


def _page(request: Request, notice_id: int, status: int = 200, error: str | None = None) -> HTMLResponse:
    store = store_of(request)
    try:
        notice = get_notice(store, notice_id)
    except TragacError as exc:
        return render(request, "error.html", status=404, title="Not found", detail=str(exc))
    sent = [e for e in notice["events"] if e["event"] in ("sent", "renoticed")]
    return render(
        request, "cases/notice.html", status=status, notice=notice, error=error, org=organisation(store),
        outbox=outbox_file(store, notice_id) is not None, last_sent=sent[-1] if sent else None,
    )  # fmt: skip


@router.get("/notices", response_class=HTMLResponse)
def notices_page(request: Request, me: Caseworker) -> HTMLResponse:
    return render(request, "cases/notices.html", notices=list_notices(store_of(request)))


@router.get("/notices/{notice_id}", response_class=HTMLResponse)
def notice_page(request: Request, me: Caseworker, notice_id: int) -> HTMLResponse:
    return _page(request, notice_id)


@router.get("/notices/{notice_id}/eml")
def notice_eml(request: Request, me: Caseworker, notice_id: int) -> FileResponse:
    """The .eml the outbox holds, to send from her own mail program (then: Mark sent by hand)."""
    try:
        path = outbox_file(store_of(request), notice_id)
    except TragacError:
        raise HTTPException(404, "no such notice") from None
    if path is None:
        raise HTTPException(404, "this notice has no file in the outbox")
    _log(request, me, "notice_eml_download", f"notice:{notice_id}", file=path.name)
    return FileResponse(path, media_type="message/rfc822", filename=path.name, headers={"cache-control": "no-store"})


@router.post("/notices/{notice_id}/{action}", response_model=None)
async def notice_action(
    request: Request,
    me: Caseworker,
    notice_id: int,
    action: str,
    note: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse | RedirectResponse:
    store = store_of(request)
    details: dict[str, object] = {}
    try:
        if action == "approve":
            await run_in_threadpool(lambda: approve_notice(store, notice_id, approver=me.name))
        elif action == "send":
            res = await run_in_threadpool(lambda: send_notice(store, notice_id, actor=me.name))
            details = {"via": res.via, "reply": res.reply, "sent": res.via == "smtp"}
        elif action in MARKS:
            await run_in_threadpool(lambda: mark_notice(store, notice_id, action, actor=me.name, note=note or None))
        else:
            return render(request, "error.html", status=404, title="Not found", detail=f"no action {action!r}")
    except TragacError as exc:
        _log(request, me, f"notice_{action}_refused", f"notice:{notice_id}", error=str(exc)[:200])
        return _page(request, notice_id, 400, error=str(exc))
    _log(request, me, f"notice_{action}", f"notice:{notice_id}", **details)
    return RedirectResponse(f"/notices/{notice_id}", status_code=303)
