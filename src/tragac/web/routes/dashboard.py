"""The dashboard: daily charts per source and overall."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from tragac.web import charts
from tragac.web import dashboard as data
from tragac.web.deps import need_viewer, store_of
from tragac.web.routes._params import opt_date, opt_int
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    _me: Annotated[Principal, Depends(need_viewer)],
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    store = store_of(request)
    source_id = opt_int(source, "source")
    window = data.default_window(store, source_id)
    start, end = opt_date(since, "since"), opt_date(until, "until")
    if end:
        window.end = end
    if start:
        window.start = start
    if window.start > window.end or window.end - window.start > timedelta(days=366):
        window.start = window.end - timedelta(days=data.DEFAULT_DAYS - 1)
    fig = data.figures(store, window)
    days = fig["days"]
    short = [d[5:] for d in days]
    top = fig["top_clusters"]
    link = data.bar_links(days, "" if source_id is None else str(source_id)) if data.reads_rows(_me.role) else None
    chart = {
        "messages": charts.bars("Messages per day", short, {"messages": fig["messages"]}, link),
        "authors": charts.lines("Active authors per day", short, {"authors": fig["active_authors"]}),
        "members": charts.bars(
            "Joins and leaves per day", short, {"joins": fig["joins"], "leaves": fig["leaves"]}, link
        ),
        "flags": charts.bars("Flags per day by category", short, fig["flags"], link)
        if fig["flags"]
        else charts.empty("Flags per day by category"),
        "clusters": charts.hbars(
            "Most widely spread media (chats reached)",
            [f"cluster {c['id']} ({c['kind']})" for c in top],
            [c["sources"] for c in top],
        ),
    }
    totals = fig["totals"]  # tragac.analytics.figures: the numbers `tragac stats` and the report print
    return render(
        request,
        "dashboard.html",
        chart=chart,
        totals=totals,
        window=window,
        sources=data.source_choices(store),
        source_id=source_id,
        top=top,
    )
