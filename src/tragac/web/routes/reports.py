"""The Reports page: generate the monitoring report for a period and download it (HTML or PDF).

Any signed-in viewer may generate and download reports (they hold pseudonyms and redacted text only); every
generation and download is written to the audit log. Reports are kept under ``TRAGAC_HOME/reports/<id>/``.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from tragac import audit
from tragac.analytics.report import build_report
from tragac.analytics.scope import Scope
from tragac.errors import TragacError
from tragac.store import Store
from tragac.store.models.core import Source
from tragac.web.deps import client_address, need_viewer, store_of
from tragac.web.routes._params import opt_date
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)
REPORT_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{8}$")
FILES = {"report.html": "text/html; charset=utf-8", "report.pdf": "application/pdf"}
KEEP = 50  # reports listed on the page


def reports_dir(store: Store) -> Path:
    return store.settings.ensure_home() / "reports"


def list_reports(store: Store) -> list[dict[str, Any]]:
    root = reports_dir(store)
    if not root.is_dir():
        return []
    out = []
    for d in sorted(root.iterdir(), reverse=True):
        meta = d / "meta.json"
        if REPORT_ID.match(d.name) and meta.is_file():
            out.append({"id": d.name, **orjson.loads(meta.read_bytes())})
        if len(out) >= KEEP:
            break
    return out


def _sources(store: Store) -> list[tuple[int, str]]:
    with store.session() as s:
        return [
            (sid, title or f"#{sid}")
            for sid, title in s.execute(select(Source.id, Source.title).order_by(Source.title))
        ]


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, _me: Annotated[Principal, Depends(need_viewer)]) -> HTMLResponse:
    store = store_of(request)
    return render(request, "reports/index.html", reports=list_reports(store), sources=_sources(store), error=None)


@router.post("/reports", response_model=None)
def generate(
    request: Request,
    me: Annotated[Principal, Depends(need_viewer)],
    since: Annotated[str, Form(max_length=10)] = "",
    until: Annotated[str, Form(max_length=10)] = "",
    source: Annotated[list[int] | None, Form()] = None,
    lang: Annotated[str, Form(max_length=2)] = "sr",
    examples: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    store = store_of(request)
    try:
        scope = Scope(source_ids=tuple(source or ()), since=opt_date(since, "since"), until=opt_date(until, "until"))
    except TragacError as exc:
        raise HTTPException(400, str(exc)) from None
    if lang not in ("sr", "en"):
        raise HTTPException(400, "lang must be sr or en")
    rid = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(4)
    out = reports_dir(store) / rid
    try:
        result = build_report(store, out, scope=scope, lang=lang, examples=examples == "on")
    except TragacError as exc:
        return render(
            request, "reports/index.html", 400, reports=list_reports(store), sources=_sources(store), error=str(exc)
        )
    overview = result.figures.get("overview", {})
    meta = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "created_by": me.name,
        "lang": lang,
        "examples": examples == "on",
        "since": overview.get("period", {}).get("since"),
        "until": overview.get("period", {}).get("until"),
        "sources": overview.get("sources"),
        "messages": overview.get("messages"),
        "pdf": result.pdf is not None,
        "seconds": round(result.seconds, 1),
    }
    (out / "meta.json").write_bytes(orjson.dumps(meta))
    audit.record(
        store,
        audit.EXPORT,
        actor=me.name,
        target=f"report:{rid}",
        address=client_address(request),
        details={
            "kind": "report",
            "lang": lang,
            "since": since or None,
            "until": until or None,
            "sources": list(scope.source_ids),
            "examples": meta["examples"],
        },
    )
    return RedirectResponse(f"/reports#r-{rid}", status_code=303)


@router.get("/reports/{rid}/{name}")
def download(request: Request, rid: str, name: str, me: Annotated[Principal, Depends(need_viewer)]) -> FileResponse:
    if not REPORT_ID.match(rid) or name not in FILES:
        raise HTTPException(404, "no such report")
    store = store_of(request)
    path = reports_dir(store) / rid / name
    if not path.is_file():
        raise HTTPException(404, "no such report")
    audit.record(
        store,
        audit.EXPORT,
        actor=me.name,
        target=f"report:{rid}/{name}",
        address=client_address(request),
        details={"kind": "report_download"},
    )
    # An attachment: the report's inline styles are for the file, not for the app's strict CSP.
    return FileResponse(path, media_type=FILES[name], filename=f"tragac-{rid}-{name}")
