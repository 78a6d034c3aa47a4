"""Matching review: each bank's thresholds (an administrator edits them), the flood quarantine (analysts release or
withdraw held entries), the negative bank, and the explain view of one match. Hashes and numbers only, never
pictures; every change is audited (the quarantine decisions by :mod:`tragac.matching.quarantine` itself)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from tragac import audit
from tragac.errors import InputError
from tragac.matching import banks, quarantine
from tragac.matching.negative import list_negative
from tragac.web.deps import client_address, need_admin, need_analyst, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(request: Request, status: int = 200, error: str | None = None, saved: str | None = None) -> HTMLResponse:
    store = store_of(request)
    with store.session() as s:
        bank_rows = banks.list_banks(s)
        held = quarantine.list_quarantine(s, quarantine.HELD)
        decided = [q for q in quarantine.list_quarantine(s, None) if q["state"] != quarantine.HELD][:50]
        negative = list_negative(s)[:100]
    return render(
        request,
        "matching.html",
        status,
        banks=bank_rows,
        held=held,
        decided=decided,
        negative=negative,
        error=error,
        saved=saved,
        organisation=store.settings.matching.organisation,
        quarantine_max=store.settings.matching.quarantine_max_media,
        quarantine_hours=store.settings.matching.quarantine_window_hours,
    )


@router.get("/matching", response_class=HTMLResponse)
def matching_page(request: Request, _me: Annotated[Principal, Depends(need_analyst)]) -> HTMLResponse:
    return _page(request)


@router.post("/matching/banks/{name}", response_class=HTMLResponse)
def save_bank(
    request: Request,
    name: str,
    me: Annotated[Principal, Depends(need_admin)],
    pdq_threshold: Annotated[int, Form(ge=0, le=128)],
    video_match_fraction: Annotated[float, Form(ge=0.0, le=1.0)],
    robust_candidate_threshold: Annotated[int, Form(ge=0, le=128)],
    robust_min_inliers: Annotated[int, Form(ge=3, le=256)],
    robust: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    store = store_of(request)
    try:
        with store.session() as s:
            result = banks.configure_bank(
                s,
                name,
                threshold=pdq_threshold,
                video_match_fraction=video_match_fraction,
                robust=robust == "on",
                robust_candidate_threshold=robust_candidate_threshold,
                robust_min_inliers=robust_min_inliers,
            )
    except InputError as exc:
        return _page(request, 400, error=str(exc))
    if result["changed"]:
        audit.record(
            store,
            banks.AUDIT_CONFIGURE,
            actor=me.name,
            target=f"bank:{name}",
            address=client_address(request),
            details=result["changed"],
        )
    return _page(request, saved=f"{name}: " + (", ".join(result["changed"]) or "nothing changed"))


@router.post("/matching/quarantine/{entry_id}")
def decide_quarantine(
    request: Request,
    entry_id: int,
    me: Annotated[Principal, Depends(need_analyst)],
    action: Annotated[Literal["release", "withdraw"], Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    store = store_of(request)
    act = quarantine.release if action == "release" else quarantine.withdraw
    try:
        act(store, entry_id, by=me.name, note=note.strip() or None, address=client_address(request))
    except InputError as exc:
        return _page(request, 400, error=str(exc))
    return RedirectResponse("/matching", status_code=303)


@router.get("/matching/matches/{match_id}", response_class=HTMLResponse)
def explain_view(request: Request, match_id: int, _me: Annotated[Principal, Depends(need_analyst)]) -> HTMLResponse:
    from tragac.matching.match import explain_match

    store = store_of(request)
    try:
        with store.session() as s:
            info = explain_match(s, match_id)
    except InputError:
        raise HTTPException(404, "no such match") from None
    return render(request, "match_explain.html", m=info, e=info["explain"])
