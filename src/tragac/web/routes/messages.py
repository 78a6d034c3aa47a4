"""One message in its context. Every view is written to the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from tragac import audit
from tragac.web import messages as data
from tragac.web.deps import client_address, need_analyst, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/messages/{message_id}", response_class=HTMLResponse)
def message(request: Request, message_id: int, me: Annotated[Principal, Depends(need_analyst)]) -> HTMLResponse:
    store = store_of(request)
    ctx = data.context(store, message_id)
    if ctx is None:
        raise HTTPException(404, "no such message")
    audit.record(
        store, audit.MESSAGE_VIEW, actor=me.name, target=f"message:{message_id}", address=client_address(request)
    )
    return render(request, "message.html", ctx=ctx)
