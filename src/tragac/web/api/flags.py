"""Flags: list in review order, read one, decide."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.web import flags as queue
from tragac.web.api.common import IdPath, Limit
from tragac.web.deps import client_address, need_analyst, store_of
from tragac.web.sessions import Principal

router = APIRouter(tags=["flags"])
State = Literal["new", "confirmed", "dismissed", "escalated"]


class FlagOut(BaseModel):
    id: int
    category: str
    subtype: str | None
    score: float
    why: str
    message_id: int | None
    media_id: int | None
    state: str
    rule: str
    detector: str
    spans: list[list[int]]
    source_id: int | None
    possible_minor: bool
    decided_by: str | None
    decided_at: str | None
    note: str | None
    created_at: str | None


class FlagPage(BaseModel):
    items: list[FlagOut]
    next: str | None = Field(description="Cursor for the next page, or null on the last page.")


class DecisionIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    decision: Literal["confirm", "dismiss", "escalate"]
    note: str | None = Field(default=None, max_length=2000, pattern=r"^[^\x00]*$")


@router.get("/flags", response_model=FlagPage)
def list_flags(
    request: Request,
    _me: Annotated[Principal, Depends(need_analyst)],
    category: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z0-9_.-]*$")] = None,
    state: State | None = None,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9_-]*$")] = None,
) -> JSONResponse:
    """Flags in review order (csam_signal first, then by score), optionally filtered."""
    f = queue.FlagFilter(category=category or None, state=state)
    try:
        items, nxt = queue.page(store_of(request), f, limit, cursor or None)
    except queue.BadCursor:
        raise HTTPException(400, "invalid cursor") from None
    # Returned as a ready response: the dicts are built to FlagPage's shape, so validating 500 of them again on every
    # call would only cost time (response_model still documents the shape in OpenAPI).
    return JSONResponse({"items": [queue.as_dict(x) for x in items], "next": nxt})


@router.get("/flags/{flag_id}", response_model=FlagOut)
def get_flag(request: Request, flag_id: IdPath, _me: Annotated[Principal, Depends(need_analyst)]) -> dict[str, object]:
    flag = queue.get(store_of(request), flag_id)
    if flag is None:
        raise HTTPException(404, "no such flag")
    return queue.as_dict(flag)


@router.post("/flags/{flag_id}/decision", response_model=FlagOut)
async def decide(
    request: Request,
    flag_id: IdPath,
    body: Annotated[DecisionIn, Body()],
    me: Annotated[Principal, Depends(need_analyst)],
) -> dict[str, object]:
    """Record a review decision (kept with reviewer and time) and return the updated flag."""
    store = store_of(request)
    note = body.note.strip() if body.note else None
    flag = await run_in_threadpool(queue.decide, store, flag_id, body.decision, me.name, note or None)
    if flag is None:
        raise HTTPException(404, "no such flag")
    await run_in_threadpool(
        audit.record,
        store,
        audit.FLAG_DECISION,
        actor=me.name,
        target=f"flag:{flag_id}",
        address=client_address(request),
        details={"decision": body.decision, "state": flag.state, "via": me.via},
    )
    return queue.as_dict(flag)
