"""Pieces every API module uses: page envelopes, id cursors, bounded parameters."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Generic, TypeVar

from fastapi import HTTPException, Path, Query
from pydantic import BaseModel

T = TypeVar("T")

MAX_ID = 2**53
MAX_ID32 = 2**31 - 1  # tables with INTEGER keys (source, bank): PostgreSQL refuses larger values outright
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdPath32 = Annotated[int, Path(ge=1, le=MAX_ID32)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1–500).")]
Cursor = Annotated[
    str | None,
    Query(max_length=200, pattern=r"^[A-Za-z0-9_-]*$", description="The `next` value of the previous page."),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None


def encode_id_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_id_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = raw.split(":", 1)
        if kind != "id":
            raise ValueError
        n = int(value)
        if not 0 <= n <= MAX_ID:
            raise ValueError
        return n
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise HTTPException(400, "invalid cursor") from None


def page_of(rows: list[Any], limit: int, to_dict: Any) -> dict[str, Any]:
    """Rows fetched with ``limit + 1`` into a page envelope whose ``next`` continues after the last id."""
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [to_dict(r) for r in rows], "next": encode_id_cursor(rows[-1].id) if more and rows else None}
