"""Statistics: exactly what `tragac stats --json` prints, from the analytics module."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import Field

from tragac.web.api.common import MAX_ID32
from tragac.web.deps import need_viewer, store_of
from tragac.web.sessions import Principal

router = APIRouter(tags=["stats"])


@router.get("/stats")
def stats(
    request: Request,
    _me: Annotated[Principal, Depends(need_viewer)],
    source_id: Annotated[list[Annotated[int, Field(ge=1, le=MAX_ID32)]] | None, Query(max_length=100)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    """The same object as `tragac stats --json` (optionally for some sources and a time range)."""
    try:
        module = importlib.import_module("tragac.analytics.stats")
    except ModuleNotFoundError:
        raise HTTPException(503, "statistics are not available in this installation yet") from None
    for value in (since, until):
        if value is not None and value.tzinfo is None:
            raise HTTPException(400, "dates need a time zone, e.g. 2026-01-31T00:00:00Z")
    result: dict[str, Any] = module.compute_stats(store_of(request), source_ids=source_id, since=since, until=until)
    return result
