"""Readable API documentation served from this server alone: Swagger UI at /docs and ReDoc at /redoc.

The JavaScript and CSS come from the ``fastapi-offline`` wheel (it vendors the Swagger UI and ReDoc release files;
Swagger UI is Apache-2.0, ReDoc MIT), served under /docs/assets/, so the pages work with no network and reference
no CDN. Both read the OpenAPI document at /api/v1/openapi.json (signed-in users). Their pages get the app's
Content-Security-Policy with two relaxations both libraries need: inline styles and a blob: worker (ReDoc's search);
``connect-src 'self'`` still keeps them from fetching anything elsewhere.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

from tragac.web.deps import need_viewer
from tragac.web.sessions import Principal

router = APIRouter(include_in_schema=False)
ASSETS = Path(str(files("fastapi_offline") / "static"))
_SERVED = {"swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"}
OPENAPI_URL = "/api/v1/openapi.json"
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

_SWAGGER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tragač API · Swagger UI</title>
<link rel="icon" href="/docs/assets/favicon.png"><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><p style="margin:0.5rem 1rem;font-family:sans-serif">Tragač API · <a href="/redoc">ReDoc</a>
· <a href="/">back to the app</a></p>
<div id="swagger-ui" data-openapi-url="{url}"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/static/api-docs.js"></script></body></html>
"""
_REDOC = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tragač API · ReDoc</title>
<link rel="icon" href="/docs/assets/favicon.png"></head>
<body><p style="margin:0.5rem 1rem;font-family:sans-serif">Tragač API · <a href="/docs">Swagger UI</a>
· <a href="/">back to the app</a></p>
<redoc spec-url="{url}"></redoc><script src="/docs/assets/redoc.standalone.js"></script></body></html>
"""


def _page(html: str) -> HTMLResponse:
    return HTMLResponse(html.format(url=OPENAPI_URL), headers={"content-security-policy": DOCS_CSP})


@router.get("/docs", response_class=HTMLResponse)
def swagger(_me: Annotated[Principal, Depends(need_viewer)]) -> HTMLResponse:
    return _page(_SWAGGER)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(_me: Annotated[Principal, Depends(need_viewer)]) -> HTMLResponse:
    return _page(_REDOC)


# ReDoc's bundle draws its sidebar logo from cdn.redoc.ly, its one remote fetch: pointed at an empty data URL (the
# image's own error handler then hides it), so the page makes no request beyond this server.
_REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def _redoc_bundle() -> bytes:
    return (ASSETS / "redoc.standalone.js").read_bytes().replace(_REDOC_LOGO, b"data:,")


@router.get("/docs/assets/{name}")
def asset(name: str) -> Response:
    """The vendored files (public release files of the two libraries: no sign-in needed, cacheable)."""
    if name not in _SERVED:
        raise HTTPException(404, "no such file")
    cache = {"cache-control": "public, max-age=86400"}
    if name == "redoc.standalone.js":
        return Response(_redoc_bundle(), media_type="text/javascript", headers=cache)
    return FileResponse(ASSETS / name, headers=cache)
