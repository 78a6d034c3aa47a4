"""The JSON API under /api/v1: token or session authentication, the same role matrix as the pages,
RFC 9457 problem details, cursor pagination."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from tragac.web.api import catalogue, flags, lookup, stats
from tragac.web.deps import need_viewer
from tragac.web.problems import PROBLEM_RESPONSES
from tragac.web.sessions import Principal

router = APIRouter(prefix="/api/v1", responses=PROBLEM_RESPONSES)
router.include_router(catalogue.router)
router.include_router(flags.router)
router.include_router(stats.router)
router.include_router(lookup.router)


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, _me: Annotated[Principal, Depends(need_viewer)]) -> JSONResponse:
    doc: dict[str, Any] = request.app.openapi()
    return JSONResponse(doc)
