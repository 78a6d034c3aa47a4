"""Query parameters shared by the pages: dates and optional ids from HTML forms (where empty means "any")."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from fastapi import HTTPException


def opt_int(value: str | None, name: str) -> int | None:
    if value is None or value.strip() == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise HTTPException(400, f"{name} must be a whole number") from None


def opt_date(value: str | None, name: str) -> date | None:
    if value is None or value.strip() == "":
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"{name} must be a date like 2026-01-31") from None


def day_start(d: date | None) -> datetime | None:
    return datetime.combine(d, time(), tzinfo=UTC) if d else None
