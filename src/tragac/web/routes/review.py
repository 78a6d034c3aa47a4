"""The review queue: filters, one decision per flag (htmx or plain form), bulk dismiss, CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac import audit
from tragac.store.models.core import Media, Message, Source
from tragac.store.models.signals import Flag
from tragac.web import flags
from tragac.web.deps import client_address, need_analyst, store_of
from tragac.web.media import never_reveal_among
from tragac.web.routes._params import day_start, opt_date, opt_int
from tragac.web.sessions import Principal
from tragac.web.templating import render
from tragac.web.text_marks import segments

router = APIRouter(include_in_schema=False)
PAGE = 50


def _filters(
    category: str | None, state: str | None, source: str | None, since: str | None, until: str | None
) -> flags.FlagFilter:
    st = state if state in flags.STATES else ("new" if state is None else None)
    end = opt_date(until, "until")
    from datetime import timedelta

    return flags.FlagFilter(
        category=category or None,
        state=st,
        source_id=opt_int(source, "source"),
        since=day_start(opt_date(since, "since")),
        until=day_start(end + timedelta(days=1)) if end else None,
    )


def _rows(
    request: Request, items: Sequence[Flag | flags.FlagRow], s: Session, sources: Sequence[Any] | None = None
) -> list[dict[str, Any]]:
    """What each queue row shows: the flag, its message text with highlights, and its media's safety.

    A few narrow batched queries in the caller's session whatever the page size: only the columns a row shows
    (a message's text, not its entities, edits or raw export), and the possible-minor check for every media at once.
    ``sources`` (id, title) rows already read for the page's filter menu save looking the titles up again.
    """
    msg_ids = {f.message_id for f in items if f.message_id}
    media_ids = {f.media_id for f in items if f.media_id}
    msgs = (
        {m.id: m for m in s.execute(select(Message.id, Message.text, Message.source_id).where(Message.id.in_(msg_ids)))}
        if msg_ids
        else {}
    )
    if sources is not None:
        srcs = {x.id: x for x in sources}
    else:
        src_ids = {f.source_id for f in items if f.source_id} | {m.source_id for m in msgs.values()}
        srcs = (
            {x.id: x for x in s.execute(select(Source.id, Source.title).where(Source.id.in_(src_ids)))}
            if src_ids
            else {}
        )
    medias = (
        {m.id: m for m in s.execute(select(Media.id, Media.in_vault, Media.sha256).where(Media.id.in_(media_ids)))}
        if media_ids
        else {}
    )
    hidden = never_reveal_among(s, media_ids)
    present = request.app.state.media_present
    rows = []
    for f in items:
        m = msgs.get(f.message_id) if f.message_id else None
        md = medias.get(f.media_id) if f.media_id else None
        withheld = f.category == "csam_signal" or f.possible_minor or (md is not None and md.id in hidden)
        rows.append(
            {
                "flag": f,
                "message": m,
                "source": srcs.get(f.source_id or (m.source_id if m else -1)),
                "segments": segments(m.text or "", f.spans or []) if m else [],
                "media": md,
                "withheld": withheld,
                "has_bytes": bool(md is not None and not withheld and present(md)),
            }
        )
    return rows


@router.get("/review", response_class=HTMLResponse)
def queue(
    request: Request,
    _me: Annotated[Principal, Depends(need_analyst)],
    category: str | None = None,
    state: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    cursor: str | None = None,
) -> HTMLResponse:
    store = store_of(request)
    f = _filters(category, state, source, since, until)
    with store.session() as s:
        try:
            items, nxt = flags.page(store, f, PAGE, cursor or None, session=s)
        except flags.BadCursor:
            raise HTTPException(400, "invalid page cursor") from None
        sources = list(s.execute(select(Source.id, Source.title).order_by(Source.title)).all())
        rows = _rows(request, items, s, sources)
    q = {
        k: v
        for k, v in {"category": category, "state": state, "source": source, "since": since, "until": until}.items()
        if v
    }
    return render(
        request,
        "review.html",
        rows=rows,
        next_cursor=nxt,
        facets=flags.facets(store),
        sources=sources,
        q=q,
        states=flags.STATES,
        state=f.state or "",
    )


@router.post("/review/{flag_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request,
    flag_id: int,
    me: Annotated[Principal, Depends(need_analyst)],
    decision: Annotated[Literal["confirm", "dismiss", "escalate", "note"], Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    store = store_of(request)
    flag = flags.decide(store, flag_id, decision, me.name, note.strip() or None)
    if flag is None:
        raise HTTPException(404, "no such flag")
    audit.record(
        store,
        audit.FLAG_DECISION,
        actor=me.name,
        target=f"flag:{flag_id}",
        address=client_address(request),
        details={"decision": decision, "state": flag.state, "note": bool(note.strip())},
    )
    if request.headers.get("hx-request"):
        with store.session() as s:
            row = _rows(request, [flag], s)[0]
        return render(request, "_flag_row.html", row=row, selected=True)
    return RedirectResponse("/review", status_code=303)


@router.post("/review/bulk-dismiss")
def bulk_dismiss(
    request: Request,
    me: Annotated[Principal, Depends(need_analyst)],
    rule: Annotated[str, Form(min_length=1, max_length=128)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    store = store_of(request)
    n = flags.bulk_dismiss(store, rule, me.name, note.strip() or f"bulk dismiss of rule {rule}")
    audit.record(
        store,
        audit.FLAG_BULK_DISMISS,
        actor=me.name,
        target=f"rule:{rule}",
        address=client_address(request),
        details={"dismissed": n},
    )
    return RedirectResponse("/review", status_code=303)


@router.get("/review/export.csv")
def export_csv(
    request: Request,
    me: Annotated[Principal, Depends(need_analyst)],
    category: str | None = None,
    state: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    """The filtered flags as CSV (reasons and decisions, no message text): an audited export."""
    store = store_of(request)
    f = _filters(category, state, source, since, until)
    out = io.StringIO()
    w = csv.writer(out)
    cols = [
        "id",
        "category",
        "subtype",
        "rule",
        "score",
        "state",
        "message_id",
        "media_id",
        "source_id",
        "decided_by",
        "decided_at",
        "why",
    ]
    w.writerow(cols)
    cursor, n = None, 0
    while True:
        items, cursor = flags.page(store, f, 1000, cursor)
        for fl in items:
            d = flags.as_dict(fl)
            w.writerow([d[c] for c in cols])
            n += 1
        if cursor is None:
            break
    audit.record(
        store,
        audit.EXPORT,
        actor=me.name,
        target="flags.csv",
        address=client_address(request),
        details={"rows": n, "filters": {k: v for k, v in request.query_params.items()}},
    )
    return Response(
        out.getvalue(), media_type="text/csv", headers={"content-disposition": 'attachment; filename="flags.csv"'}
    )
