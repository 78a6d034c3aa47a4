"""The review queue: filters, one decision per flag (htmx or plain form), bulk dismiss, CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tragac import audit, policy
from tragac.store.models.core import Media, Message, Sighting, Source
from tragac.store.models.signals import Flag
from tragac.web import flags
from tragac.web.deps import client_address, need_analyst, store_of
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
    # A text flag's message may carry pictures (the text pipeline flags the message, the media hangs off it through
    # its sightings): the row shows them too, so "ko ima -18 trade?" and its photo are seen, withheld, together.
    # Read with the message in one statement (a row per picture), so the page's query count stays flat.
    msgs: dict[int, Any] = {}
    carried: dict[int, list[int]] = {}
    if msg_ids:
        for r in s.execute(
            select(Message.id, Message.text, Message.source_id, Sighting.media_id)
            .outerjoin(Sighting, Sighting.message_id == Message.id)
            .where(Message.id.in_(msg_ids))
            .order_by(Message.id, Sighting.id)
        ):
            msgs.setdefault(r.id, r)
            if r.media_id is not None:
                carried.setdefault(r.id, []).append(r.media_id)
    if sources is not None:
        srcs = {x.id: x for x in sources}
    else:
        src_ids = {f.source_id for f in items if f.source_id} | {m.source_id for m in msgs.values()}
        srcs = (
            {x.id: x for x in s.execute(select(Source.id, Source.title).where(Source.id.in_(src_ids)))}
            if src_ids
            else {}
        )
    media_ids |= {m for ms in carried.values() for m in ms}
    medias = (
        {m.id: m for m in s.execute(select(Media.id, Media.in_vault, Media.sha256).where(Media.id.in_(media_ids)))}
        if media_ids
        else {}
    )
    hidden = policy.withheld_media(s, media_ids)
    seen = _seen_in(s, {f.media_id for f in items if f.category == "ncii_match" and f.media_id})
    present = request.app.state.media_present
    rows = []
    for f in items:
        m = msgs.get(f.message_id) if f.message_id else None
        in_message = carried.get(f.message_id, []) if f.message_id else []
        media_id = f.media_id or (in_message[0] if in_message else None)
        md = medias.get(media_id) if media_id else None
        withheld = policy.flag_says_minor(f) or (md is not None and md.id in hidden)
        rows.append(
            {
                "flag": f,
                "message": m,
                "source": srcs.get(f.source_id or (m.source_id if m else -1)),
                "segments": segments(m.text or "", f.spans or []) if m else [],
                "media": md,
                "more_media": max(0, len(in_message) - 1) if not f.media_id else 0,
                "withheld": withheld,
                "has_bytes": bool(md is not None and not withheld and present(md)),
                "match": _match_info(f, seen.get(f.media_id or -1)) if f.category == "ncii_match" else None,
                "needs_reason": f.category in flags.NEEDS_REASON,
            }
        )
    return rows


SIGHTINGS_SHOWN = 10


def _seen_in(s: Session, media_ids: set[int]) -> dict[int, tuple[list[dict[str, Any]], int]]:
    """Where each media was seen, now (a flag's evidence lists the sightings known when it matched; later re-posts
    add more): the first ``SIGHTINGS_SHOWN`` per media and the total, in one statement for the whole page."""
    if not media_ids:
        return {}
    order = (Sighting.seen_at, Sighting.id)
    inner = (
        select(
            Sighting.media_id,
            Sighting.message_id,
            Sighting.source_id,
            Sighting.seen_at,
            Sighting.url,
            func.row_number().over(partition_by=Sighting.media_id, order_by=order).label("n"),
            func.count().over(partition_by=Sighting.media_id).label("total"),
        )
        .where(Sighting.media_id.in_(media_ids))
        .subquery()
    )
    rows = s.execute(
        select(inner, Source.title, Source.username)
        .outerjoin(Source, Source.id == inner.c.source_id)
        .where(inner.c.n <= SIGHTINGS_SHOWN)
        .order_by(inner.c.media_id, inner.c.n)
    ).all()
    out: dict[int, tuple[list[dict[str, Any]], int]] = {}
    for r in rows:
        listed, _ = out.get(r.media_id, ([], 0))
        listed.append(
            {
                "message_id": r.message_id,
                "source": r.title or r.username or r.url or (f"source {r.source_id}" if r.source_id else "—"),
                "seen_at": r.seen_at.strftime("%Y-%m-%d %H:%M UTC") if r.seen_at else None,
            }
        )
        out[r.media_id] = (listed, int(r.total))
    return out


def _match_info(f: Flag | flags.FlagRow, seen: tuple[list[dict[str, Any]], int] | None) -> dict[str, Any]:
    """What a hash-match row shows: the bank and case, the signal and distance (from the evidence the match stage
    wrote with the flag), and the groups where the media was seen, each linking to Tragač's own message page."""
    ev = f.evidence if isinstance(f.evidence, dict) else {}
    if seen is None:  # no sighting rows (yet): what the evidence recorded
        listed = [
            {
                "message_id": x.get("message_id") if isinstance(x.get("message_id"), int) else None,
                "source": x.get("source") or "—",
                "seen_at": x.get("seen_at"),
            }
            for x in ev.get("sightings") or []
            if isinstance(x, dict)
        ]
        seen = (listed[:SIGHTINGS_SHOWN], len(listed))
    return {
        "bank": ev.get("bank"),
        "case": ev.get("case"),
        "case_id": ev.get("case_id") if isinstance(ev.get("case_id"), int) else None,
        "signal_type": ev.get("signal_type") or f.subtype,
        "distance": ev.get("distance"),
        "match_id": ev.get("match_id") if isinstance(ev.get("match_id"), int) else None,
        "sightings": seen[0],
        "more": max(0, seen[1] - len(seen[0])),
    }


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
    flag, effects = flags.review(store, flag_id, decision, me.name, note.strip() or None)
    if flag is None:
        raise HTTPException(404, "no such flag")
    audit.record(
        store,
        audit.FLAG_DECISION,
        actor=me.name,
        target=f"flag:{flag_id}",
        address=client_address(request),
        details={"decision": decision, "state": flag.state, "note": bool(note.strip()), **effects},
    )
    if request.headers.get("hx-request"):
        with store.session() as s:
            row = _rows(request, [flag], s)[0]
        return render(request, "_flag_row.html", row=row, selected=True)
    return RedirectResponse("/review", status_code=303)


@router.post("/review/bulk-dismiss", response_class=HTMLResponse)
def bulk_dismiss(
    request: Request,
    me: Annotated[Principal, Depends(need_analyst)],
    rule: Annotated[str, Form(max_length=128)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    category: Annotated[str, Form(max_length=32)] = "",
    source: Annotated[str, Form(max_length=20)] = "",
    since: Annotated[str, Form(max_length=10)] = "",
    until: Annotated[str, Form(max_length=10)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
    expected: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Dismiss the open flags the queue's current filters (and optionally one rule) select, in two steps that the
    server enforces: the first answer shows how many flags that is and asks for a reason and a confirmation; only
    a second post carrying the reason, ``confirm=yes`` and the count it was shown dismisses them. csam_signal and
    ncii_match flags (and any flag marking a possible minor) are never bulk-dismissed."""
    store = store_of(request)
    f = _filters(category, "new", source, since, until)
    f.rule = rule.strip() or None
    n = flags.bulk_count(store, f)
    q = {
        k: v
        for k, v in {"category": category, "source": source, "since": since, "until": until, "rule": f.rule}.items()
        if v
    }
    reason = note.strip()
    error = None
    if confirm == "yes":
        if not reason:
            error = "Give a reason: it is kept with every dismissed flag."
        elif expected != str(n):
            error = f"The count changed since you were asked ({expected or '?'} then, {n} now): confirm again."
        elif n == 0:
            error = "No open flag matches these filters."
        else:
            done = flags.bulk_dismiss(store, f, me.name, reason)
            audit.record(
                store,
                audit.FLAG_BULK_DISMISS,
                actor=me.name,
                target=f"rule:{f.rule}" if f.rule else "filters",
                address=client_address(request),
                # The reason itself stays in flag_decision: note texts are never written to the audit log.
                details={"dismissed": done, "filters": q, "note": True},
            )
            back = {k: v for k, v in q.items() if k != "rule"}
            return RedirectResponse("/review" + (f"?{urlencode(back)}" if back else ""), status_code=303)
    return render(
        request,
        "review_bulk.html",
        status=400 if error and confirm == "yes" and not reason else 200,
        count=n,
        q=q,
        rule=f.rule or "",
        note=reason,
        error=error,
        never=flags.NEVER_BULK,
    )


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
