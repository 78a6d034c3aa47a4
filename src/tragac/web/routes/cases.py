"""Caseworker pages: the case workspace (her media with every sighting, mentions, doxxing, timeline, alerts), its
actions (confirm / dismiss with reason, add to evidence, draft a notice for selected items, mark removed) and
evidence packages built, downloaded and verified from the page.

Listed in ``tragac.web.routes.ROUTERS``. Every page needs the caseworker role; every state-changing request is
CSRF-checked by the ``need_caseworker`` dependency and written to the audit log. Watched identities are never
shown here (the CLI's ``case show --identities`` is the one deliberate, logged way); media that may involve a minor
is never listed (``tragac.policy``, through ``tragac.cases.workspace``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.analytics.pseudonyms import Pseudonymizer
from tragac.cases.notices import TEMPLATES as NOTICE_TEMPLATES
from tragac.cases.notices.organisation import organisation
from tragac.cases.notices.service import HotlineReferralRequired, draft_notice, removal_stats
from tragac.cases.service import add_to_evidence, dismiss_media, list_cases, mark_alerts_read, mark_findings_removed
from tragac.cases.workspace import case_workspace
from tragac.errors import TragacError
from tragac.store.models.signals import Flag
from tragac.web import charts
from tragac.web import flags as review_rules
from tragac.web.deps import client_address, need_caseworker, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(need_caseworker)]
PACKAGE_NAME = re.compile(r"^[A-Za-z0-9._-]{1,120}\.zip$")


def _log(request: Request, me: Principal, action: str, target: str, **details: object) -> None:
    audit.record(
        store_of(request), action, actor=me.name, target=target, address=client_address(request), details=details
    )


def _packages_dir(request: Request, case_id: int) -> Path:
    """Packages built from the web stay under TRAGAC_HOME/packages/case-<id>/ (the only folder downloads read)."""
    return store_of(request).settings.ensure_home() / "packages" / f"case-{case_id}"


def _page(request: Request, case_id: int, status: int = 200, **extra: Any) -> HTMLResponse:
    store = store_of(request)
    try:
        ws = case_workspace(store, case_id)
    except TragacError as exc:
        return render(request, "error.html", status=404, title="Not found", detail=str(exc))
    pseudonym = Pseudonymizer.for_home(store.settings.ensure_home())
    posters = {
        m.media_id: pseudonym(*m.first.author) if m.first and m.first.author else None for m in ws.media
    }  # fmt: skip
    timeline = charts.bars(
        "Her media seen, and messages naming her, per day",
        [d for d, _, _ in ws.days],
        {"media sightings": [n for _, n, _ in ws.days], "mentions and doxxing": [n for _, _, n in ws.days]},
    ) if ws.days else charts.empty("Nothing found yet")  # fmt: skip
    ctx: dict[str, Any] = {
        "ws": ws,
        "case": ws.case,
        "posters": posters,
        "timeline": timeline,
        "templates": NOTICE_TEMPLATES,
        "org": organisation(store),
        "removal": removal_stats(store, case_ref=case_id),
        "error": None,
        "referral": None,
        "done": None,
        "made": None,
        "verified": None,
    }
    ctx.update(extra)
    return render(request, "cases/case.html", status=status, **ctx)


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request, me: Caseworker) -> HTMLResponse:
    return render(request, "cases/list.html", cases=list_cases(store_of(request)))


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, me: Caseworker, case_id: int) -> HTMLResponse:
    response = _page(request, case_id)
    if response.status_code == 200:
        _log(request, me, "case_view", f"case:{case_id}")
    return response


@router.post("/cases/{case_id}/alerts/read")
def alerts_read(request: Request, me: Caseworker, case_id: int) -> RedirectResponse:
    mark_alerts_read(store_of(request), case_id)
    return RedirectResponse(f"/cases/{case_id}#alerts", status_code=303)


def _media_flags(request: Request, case_id: int, media_id: int) -> list[int]:
    """The review items (``ncii_match`` flags) of this media for this case: deciding goes through the review rules,
    so the queue, the media page and the case page agree."""
    with store_of(request).session() as s:
        rows = s.scalars(
            select(Flag).where(Flag.category == "ncii_match", Flag.media_id == media_id).order_by(Flag.id)
        ).all()
        return [f.id for f in rows if (f.evidence or {}).get("case_id") in (case_id, None) and f.state != "retired"]


@router.post("/cases/{case_id}/media/{media_id}/confirm", response_model=None)
async def confirm_media(request: Request, me: Caseworker, case_id: int, media_id: int) -> Response:
    store = store_of(request)
    flag_ids = await run_in_threadpool(_media_flags, request, case_id, media_id)
    if not flag_ids:
        return _page(request, case_id, 400, error=f"media {media_id} has no open match to confirm")
    confirmed: list[int] = []
    for fid in flag_ids:
        _flag, effects = await run_in_threadpool(review_rules.review, store, fid, "confirm", me.name)
        confirmed += (effects.get("evidence") or {}).get("confirmed", [])
    _log(request, me, audit.FLAG_DECISION, f"media:{media_id}", decision="confirm", case=case_id, flags=flag_ids,
         findings=confirmed)  # fmt: skip
    return RedirectResponse(f"/cases/{case_id}#media-{media_id}", status_code=303)


@router.post("/cases/{case_id}/media/{media_id}/dismiss", response_model=None)
async def dismiss(
    request: Request, me: Caseworker, case_id: int, media_id: int, reason: Annotated[str, Form(max_length=500)] = ""
) -> Response:
    store = store_of(request)
    try:
        findings = await run_in_threadpool(dismiss_media, store, case_id, media_id, reason=reason, actor=me.name)
        flag_ids = await run_in_threadpool(_media_flags, request, case_id, media_id)
        for fid in flag_ids:
            await run_in_threadpool(review_rules.review, store, fid, "dismiss", me.name, reason)
    except TragacError as exc:
        return _page(request, case_id, 400, error=str(exc))
    _log(request, me, audit.FLAG_DECISION, f"media:{media_id}", decision="dismiss", case=case_id, flags=flag_ids,
         findings=findings, reason=reason.strip()[:200])  # fmt: skip
    return RedirectResponse(f"/cases/{case_id}#media-{media_id}", status_code=303)


async def _form_ints(request: Request, name: str) -> list[int]:
    form = await request.form()
    return sorted({int(v) for v in form.getlist(name) if isinstance(v, str) and v.isdigit()})


@router.post("/cases/{case_id}/selection", response_model=None)
async def selection(
    request: Request,
    me: Caseworker,
    case_id: int,
    action: Annotated[str, Form(max_length=16)],
    template: Annotated[str, Form(max_length=32)] = "telegram",
    language: Annotated[str, Form(max_length=8)] = "en",
    recipient: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """What the caseworker does with the places she ticked: draft one notice naming them, keep their media as
    evidence, or record that they are gone."""
    store = store_of(request)
    finding_ids = await _form_ints(request, "finding")
    media_ids = await _form_ints(request, "media")
    try:
        if action == "notice":
            if not finding_ids:
                return _page(request, case_id, 400, error="tick the places the notice should name")
            n = await run_in_threadpool(
                lambda: draft_notice(store, case_id, template_name=template, language=language,
                                     recipient=recipient or None, finding_ids=finding_ids, actor=me.name)
            )  # fmt: skip
            _log(request, me, "notice_draft", f"notice:{n.id}", case=case_id, template=template, findings=finding_ids)
            return RedirectResponse(f"/notices/{n.id}", status_code=303)
        if action == "evidence":
            counts = await run_in_threadpool(lambda: add_to_evidence(store, case_id, media_ids, actor=me.name))
            _log(request, me, "case_add_evidence", f"case:{case_id}", media=media_ids, **counts)
            done = (f"Evidence vault: {counts['captured']} copied, {counts['already']} already kept, "
                    f"{counts['missing']} no longer on disk, {counts['refused']} refused.")  # fmt: skip
            return _page(request, case_id, done=done)
        if action == "removed":
            await run_in_threadpool(lambda: mark_findings_removed(store, case_id, finding_ids, actor=me.name))
            _log(request, me, "case_mark_removed", f"case:{case_id}", findings=finding_ids)
            return RedirectResponse(f"/cases/{case_id}", status_code=303)
    except HotlineReferralRequired as exc:
        return _page(request, case_id, referral=exc.text)
    except TragacError as exc:
        return _page(request, case_id, 400, error=str(exc))
    return _page(request, case_id, 400, error=f"no action {action!r}")


@router.post("/cases/{case_id}/notices", response_model=None)
async def draft(
    request: Request,
    me: Caseworker,
    case_id: int,
    template: Annotated[str, Form()],
    language: Annotated[str, Form()] = "en",
    recipient: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """A notice naming every place of the case the template fits."""
    store = store_of(request)
    try:
        n = await run_in_threadpool(
            draft_notice, store, case_id, template_name=template, language=language, recipient=recipient or None,
            actor=me.name,
        )  # fmt: skip
    except HotlineReferralRequired as exc:
        return _page(request, case_id, referral=exc.text)
    except TragacError as exc:
        return _page(request, case_id, 400, error=str(exc))
    _log(request, me, "notice_draft", f"notice:{n.id}", case=case_id, template=template)
    return RedirectResponse(f"/notices/{n.id}", status_code=303)


# --- evidence packages ---------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/packages", response_model=None)
async def build_package(
    request: Request,
    me: Caseworker,
    case_id: int,
    lang: Annotated[str, Form(max_length=2)] = "en",
    pdf: Annotated[str, Form(max_length=3)] = "",
    plain: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Build the case's evidence package. Encrypted by default under a passphrase made now and shown once on the
    answer page (stored nowhere); a plain package only when the caseworker ticks the explicit choice (logged)."""
    from tragac.cases.package import export_package

    store = store_of(request)
    folder = _packages_dir(request, case_id)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = folder / f"case-{case_id}-{stamp}.zip"
    encrypt = plain != "yes"
    try:
        res = await run_in_threadpool(
            lambda: export_package(store, case_id, out, actor=me.name, encrypt=encrypt, pdf=pdf == "yes", lang=lang)
        )
    except TragacError as exc:
        return _page(request, case_id, 400, error=str(exc))
    _log(request, me, audit.EXPORT, f"case:{case_id}", kind="evidence_package", file=out.name, sha256=res.sha256,
         encrypted=encrypt, media_encryption=res.media_encryption, items=res.items,
         media_files=res.media_files)  # fmt: skip
    made = {
        "file": out.name,
        "sha256": res.sha256,
        "items": res.items,
        "media_files": res.media_files,
        "encryption": res.media_encryption,
        "passphrase": res.passphrase,  # shown on this answer only
        "plain": not encrypt,
    }
    return _page(request, case_id, made=made)


def _package_path(request: Request, case_id: int, name: str) -> Path:
    if not PACKAGE_NAME.match(name):
        raise HTTPException(404, "no such package")
    path = _packages_dir(request, case_id) / name
    if not path.is_file():
        raise HTTPException(404, "no such package")
    return path


@router.get("/cases/{case_id}/packages/{name}")
def download_package(request: Request, me: Caseworker, case_id: int, name: str) -> FileResponse:
    path = _package_path(request, case_id, name)
    _log(request, me, "evidence.download", f"case:{case_id}", file=name)
    return FileResponse(path, media_type="application/zip", filename=name, headers={"cache-control": "no-store"})


@router.post("/cases/{case_id}/packages/{name}/verify", response_class=HTMLResponse)
async def verify(request: Request, me: Caseworker, case_id: int, name: str) -> HTMLResponse:
    from tragac.cases.package import verify_package

    path = _package_path(request, case_id, name)
    try:
        v = await run_in_threadpool(verify_package, path)
    except TragacError as exc:
        return _page(request, case_id, 400, error=str(exc))
    _log(request, me, "evidence.verify", f"case:{case_id}", file=name, ok=v.ok, problems=len(v.problems))
    verified = {"file": name, "ok": v.ok, "items": v.items, "files": v.files, "custody": v.custody_entries,
                "problems": v.problems[:20], "signature": v.signature, "timestamps": len(v.timestamps),
                "queued": len(v.timestamps_queued)}  # fmt: skip
    return _page(request, case_id, verified=verified)
