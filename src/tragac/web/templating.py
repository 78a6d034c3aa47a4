"""Jinja2 templates with the caller, their CSRF token and role checks available to every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tragac.text.labels import label as pii_label
from tragac.web import roles
from tragac.web.deps import current_principal
from tragac.web.text_marks import segments

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _dt(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.strftime(fmt) if value else "—"


def _subtype(subtype: str | None, category: str | None = None) -> str:
    """A flag's subtype as pages show it: kinds of personal data (doxxing, identity flags) by the one vocabulary
    of personal-data labels (``tragac.text.labels``), other subtypes as they are."""
    if category in ("doxxing", "identity") and subtype:
        return pii_label(subtype)
    return subtype or ""


def _hours(value: float | None) -> str:
    """A duration in hours as a caseworker reads it: "12 min", "5.5 h", "3 d 4 h"; "—" while unknown."""
    if value is None:
        return "—"
    if value < 1 / 60:
        return "under a minute"
    if value < 1:
        return f"{round(value * 60)} min"
    if value < 48:
        return f"{value:.1f} h"
    return f"{int(value // 24)} d {int(value % 24)} h"


def _notice_state(state: str) -> str:
    from tragac.cases.notices.service import STATE_LABELS

    return STATE_LABELS.get(state, state)


TEMPLATES.env.filters["dt"] = _dt
TEMPLATES.env.filters["hours"] = _hours
TEMPLATES.env.filters["notice_state"] = _notice_state
TEMPLATES.env.globals["segments"] = segments
TEMPLATES.env.filters["subtype"] = _subtype
# Templates ship inside the package and do not change while serving: skip the per-render file stat of every
# template a page uses (the review page has three).
TEMPLATES.env.auto_reload = False


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    me = current_principal(request)
    ctx.update(
        me=me,
        csrf=me.csrf_token if me else None,
        can=lambda needed: bool(me and roles.allows(me.role, needed)),
        path=request.url.path,
    )
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status)
