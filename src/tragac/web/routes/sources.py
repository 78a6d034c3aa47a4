"""Sources: the list with figures, and one source's timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from tragac.store.models.core import Source
from tragac.web import charts
from tragac.web import dashboard as data
from tragac.web.deps import need_viewer, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request, _me: Annotated[Principal, Depends(need_viewer)]) -> HTMLResponse:
    return render(request, "sources.html", rows=data.source_rows(store_of(request)))


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_detail(request: Request, source_id: int, _me: Annotated[Principal, Depends(need_viewer)]) -> HTMLResponse:
    store = store_of(request)
    with store.session() as s:
        src = s.get(Source, source_id)
    if src is None:
        raise HTTPException(404, "no such source")
    window = data.default_window(store, source_id, days=90)
    fig = data.figures(store, window)
    short = [d[5:] for d in fig["days"]]
    row = next((r for r in data.source_rows(store) if r["id"] == source_id), None)
    chart = {
        "messages": charts.bars("Messages per day", short, {"messages": fig["messages"]}),
        "authors": charts.lines("Active authors per day", short, {"authors": fig["active_authors"]}),
        "members": charts.bars("Joins and leaves per day", short, {"joins": fig["joins"], "leaves": fig["leaves"]}),
        "flags": charts.bars("Flags per day by category", short, fig["flags"])
        if fig["flags"]
        else charts.empty("Flags per day by category"),
    }
    return render(request, "source.html", src=src, row=row, chart=chart, window=window)
