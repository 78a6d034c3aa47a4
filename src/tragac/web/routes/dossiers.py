"""Dossier pages: a group dossier (analysts and above) and an author dossier (caseworkers and above), in Serbian or
English, viewed in the browser or downloaded as an A4 PDF.

Authors are pseudonymised; only administrators see handles and display names (as only they may export raw ids).
Every view and every download is written to the audit log with who, which group or author, and the language.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from tragac import audit
from tragac.analytics.dossier import (
    CSS,
    DOSSIER_EXPORT,
    DOSSIER_VIEW,
    Context,
    build_author_dossier,
    build_group_dossier,
    pdf_bytes,
    render_html,
)
from tragac.errors import InputError
from tragac.store.models.core import Message, Source
from tragac.web import roles
from tragac.web.deps import client_address, need_analyst, need_caseworker, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)
Lang = Annotated[str, Query(pattern="^(sr|en)$")]


def _context(request: Request, me: Principal, lang: str) -> Context:
    return Context.make(store_of(request), lang=lang, show_handles=roles.allows(me.role, roles.ADMIN), operator=me.name)


def _audit(request: Request, me: Principal, action: str, target: str, lang: str, handles: bool) -> None:
    audit.record(
        store_of(request),
        action,
        actor=me.name,
        target=target,
        address=client_address(request),
        details={"lang": lang, "show_handles": handles, "via": "web"},
    )


def _nav(base: str, lang: str) -> list[tuple[str, str]]:
    other = "en" if lang == "sr" else "sr"
    return [("← Dossiers", "/dossiers"), (other.upper(), f"{base}?lang={other}"), ("PDF", f"{base}/pdf?lang={lang}")]


def _page(doc: dict[str, Any], base: str, lang: str) -> HTMLResponse:
    return HTMLResponse(render_html(doc, web=True, css_href="/dossiers/dossier.css", nav=_nav(base, lang)))


def _pdf(doc: dict[str, Any], name: str) -> Response:
    return Response(
        pdf_bytes(render_html(doc)),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/dossiers/dossier.css")
def stylesheet(_me: Annotated[Principal, Depends(need_analyst)]) -> FileResponse:
    return FileResponse(CSS, media_type="text/css")


@router.get("/dossiers", response_class=HTMLResponse)
def index(request: Request, _me: Annotated[Principal, Depends(need_analyst)]) -> HTMLResponse:
    store = store_of(request)
    with store.session() as s:
        n = func.count(Message.id)
        groups = s.execute(
            select(Source.id, Source.title, Source.kind, n)
            .outerjoin(Message, Message.source_id == Source.id)
            .group_by(Source.id, Source.title, Source.kind)
            .order_by(n.desc(), Source.id)
        ).all()
    return render(request, "dossiers/index.html", groups=groups, error=request.query_params.get("error"))


def _group(request: Request, me: Principal, source_id: int, lang: str, action: str) -> dict[str, Any]:
    ctx = _context(request, me, lang)
    try:
        doc = build_group_dossier(ctx, source_id)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    _audit(request, me, action, f"dossier:group:{source_id}", lang, ctx.show_handles)
    return doc


@router.get("/dossiers/group/{source_id}", response_class=HTMLResponse)
def group_page(
    request: Request, source_id: int, me: Annotated[Principal, Depends(need_analyst)], lang: Lang = "sr"
) -> HTMLResponse:
    doc = _group(request, me, source_id, lang, DOSSIER_VIEW)
    return _page(doc, f"/dossiers/group/{source_id}", lang)


@router.get("/dossiers/group/{source_id}/pdf")
def group_pdf(
    request: Request, source_id: int, me: Annotated[Principal, Depends(need_analyst)], lang: Lang = "sr"
) -> Response:
    doc = _group(request, me, source_id, lang, DOSSIER_EXPORT)
    return _pdf(doc, f"group-{source_id}-dossier.{lang}.pdf")


@router.get("/dossiers/author")
def author_lookup(
    _me: Annotated[Principal, Depends(need_caseworker)], ref: Annotated[str, Query(max_length=64)] = ""
) -> RedirectResponse:
    ref = ref.strip()
    if not ref or "/" in ref:
        return RedirectResponse("/dossiers?error=give+an+author+id+or+pseudonym", status_code=303)
    return RedirectResponse(f"/dossiers/author/{ref}", status_code=303)


def _author(request: Request, me: Principal, ref: str, lang: str, action: str) -> dict[str, Any]:
    ctx = _context(request, me, lang)
    try:
        doc = build_author_dossier(ctx, ref)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    # The author's Tragač id, not what was typed: the log says exactly whose dossier was read.
    _audit(request, me, action, f"dossier:author:{doc['author']['author_id']}", lang, ctx.show_handles)
    return doc


@router.get("/dossiers/author/{ref}", response_class=HTMLResponse)
def author_page(
    request: Request, ref: str, me: Annotated[Principal, Depends(need_caseworker)], lang: Lang = "sr"
) -> HTMLResponse:
    doc = _author(request, me, ref, lang, DOSSIER_VIEW)
    return _page(doc, f"/dossiers/author/{doc['author']['author_id']}", lang)


@router.get("/dossiers/author/{ref}/pdf")
def author_pdf(
    request: Request, ref: str, me: Annotated[Principal, Depends(need_caseworker)], lang: Lang = "sr"
) -> Response:
    doc = _author(request, me, ref, lang, DOSSIER_EXPORT)
    return _pdf(doc, f"author-{doc['author']['author_id']}-dossier.{lang}.pdf")
