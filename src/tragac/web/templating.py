"""Jinja2 templates with the caller, their CSRF token and role checks available to every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tragac.web import roles
from tragac.web.deps import current_principal

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _dt(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.strftime(fmt) if value else "—"


TEMPLATES.env.filters["dt"] = _dt
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
