"""Full-text search over message text, with source and date filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from tragac.store.models.core import Source
from tragac.web import search as engine
from tragac.web.deps import need_analyst, store_of
from tragac.web.routes._params import day_start, opt_date, opt_int
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    _me: Annotated[Principal, Depends(need_analyst)],
    q: Annotated[str, Query(max_length=300)] = "",
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> HTMLResponse:
    store = store_of(request)
    end = opt_date(until, "until")
    filters = engine.Filters(
        source_id=opt_int(source, "source"),
        since=day_start(opt_date(since, "since")),
        until=day_start(end + timedelta(days=1)) if end else None,
    )
    hits, total = engine.search(store, q, filters, PAGE, (page - 1) * PAGE) if q.strip() else ([], 0)
    with store.session() as s:
        sources = list(s.scalars(select(Source).order_by(Source.title)).all())
    return render(
        request,
        "search.html",
        q=q,
        hits=hits,
        total=total,
        page=page,
        pages=(total + PAGE - 1) // PAGE,
        sources=sources,
        source=source or "",
        since=since or "",
        until=until or "",
    )
