"""Sources: the list with figures, one source's timeline, and the rows behind every figure (``/rows/...``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from tragac.analytics import figures as layer
from tragac.store.models.core import Source
from tragac.web import charts
from tragac.web import dashboard as data
from tragac.web.deps import need_analyst, need_viewer, store_of
from tragac.web.routes._params import day_start, opt_date, opt_int
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)
ROWS_PAGE = 100
_TITLES = {
    "messages": ("Messages", "messages"),
    "service_messages": ("Service messages", "service messages"),
    "authors": ("Authors", "authors"),
    "joins": ("Joins", "joins"),
    "leaves": ("Leaves", "leaves"),
}


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
    link = data.bar_links(fig["days"], str(source_id)) if data.reads_rows(_me.role) else None
    chart = {
        "messages": charts.bars("Messages per day", short, {"messages": fig["messages"]}, link),
        "authors": charts.lines("Active authors per day", short, {"authors": fig["active_authors"]}),
        "members": charts.bars(
            "Joins and leaves per day", short, {"joins": fig["joins"], "leaves": fig["leaves"]}, link
        ),
        "flags": charts.bars("Flags per day by category", short, fig["flags"], link)
        if fig["flags"]
        else charts.empty("Flags per day by category"),
    }
    return render(request, "source.html", src=src, row=row, chart=chart, window=window)


@router.get("/rows/{figure}", response_class=HTMLResponse)
def figure_rows(
    request: Request,
    figure: str,
    _me: Annotated[Principal, Depends(need_analyst)],
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The rows a dashboard or sources figure counts, selected with the figure's own conditions
    (tragac.analytics.figures), so the count at the top equals the number that linked here."""
    if figure not in _TITLES:
        raise HTTPException(404, f"no figure {figure!r} (one of {', '.join(_TITLES)})")
    source_id = opt_int(source, "source")
    first, last = opt_date(since, "since"), opt_date(until, "until")
    start, end = day_start(first), day_start(last + timedelta(days=1)) if last else None
    store = store_of(request)
    offset = (page - 1) * ROWS_PAGE
    events: int | None = None
    rows: list[list[Any]] = []
    with store.session() as s:
        src = s.get(Source, source_id) if source_id is not None else None
        if source_id is not None and src is None:
            raise HTTPException(404, "no such source")
        titles = dict(s.execute(select(Source.id, Source.title)).all())
        if figure in ("messages", "service_messages"):
            q = layer.message_rows(source_id, start, end, service=figure == "service_messages")
            total = int(s.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0)
            header = ["date", "source", "author", "message"]
            for m in s.scalars(q.limit(ROWS_PAGE).offset(offset)):
                body = (m.text or "").strip() or f"({m.media_type or m.kind})"
                rows.append(
                    [
                        m.date.strftime("%Y-%m-%d %H:%M") if m.date else "",
                        titles.get(m.source_id) or m.source_id,
                        m.author_name or "unknown",
                        {"href": f"/messages/{m.id}", "text": body[:120] + ("…" if len(body) > 120 else "")},
                    ]
                )
        elif figure == "authors":
            q = layer.author_rows(source_id, start, end)
            total = int(s.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0)
            header = ["author id", "name seen", "messages", "first", "last"]
            for author_id, name, n, a, b in s.execute(q.limit(ROWS_PAGE).offset(offset)):
                rows.append(
                    [author_id, name or "", n, a.strftime("%Y-%m-%d") if a else "", b.strftime("%Y-%m-%d") if b else ""]
                )
        else:
            q = layer.membership_rows(figure, source_id, start, end)
            sub = q.order_by(None).subquery()
            events, summed = s.execute(select(func.count(), func.coalesce(func.sum(sub.c.member_count), 0))).one()
            total = int(summed)
            header = ["date", "source", "event", "people", "who"]
            for ev in s.scalars(q.limit(ROWS_PAGE).offset(offset)):
                who = ", ".join(n for n in (ev.members or []) if n) or ev.actor_name or ""
                when = ev.date.strftime("%Y-%m-%d %H:%M") if ev.date else ""
                rows.append(
                    [
                        {"href": f"/messages/{ev.message_id}", "text": when} if ev.message_id else when,
                        titles.get(ev.source_id) or ev.source_id,
                        ev.event,
                        ev.member_count,
                        who,
                    ]
                )
    title, unit = _TITLES[figure]
    n_rows = events if events is not None else total
    return render(
        request,
        "rows.html",
        title=title,
        unit=unit,
        total=total,
        events=events,
        rows=rows,
        header=header,
        page=page,
        pages=(n_rows + ROWS_PAGE - 1) // ROWS_PAGE,
        source=source or "",
        source_title=(src.title or f"source {src.id}") if src else None,
        since=since or "",
        until=until or "",
    )
