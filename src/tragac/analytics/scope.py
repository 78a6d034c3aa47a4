"""What a report or export covers: which sources and which days (UTC, both ends inclusive)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, true

from tragac.errors import InputError


def parse_day(value: str | date | None, *, option: str) -> date | None:
    """A day from ``YYYY-MM-DD`` (or a full ISO timestamp, of which only the day counts)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date (expected YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Scope:
    source_ids: tuple[int, ...] = ()
    since: date | None = None
    until: date | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise InputError(f"--since {self.since} is after --until {self.until}")

    @property
    def start(self) -> datetime | None:
        return datetime.combine(self.since, time(), UTC) if self.since else None

    @property
    def end(self) -> datetime | None:
        """Exclusive upper bound: midnight after ``until``."""
        return datetime.combine(self.until + timedelta(days=1), time(), UTC) if self.until else None

    def where(self, date_col: Any, source_col: Any | None) -> ColumnElement[bool]:
        """A SQL condition restricting ``date_col`` to the period and ``source_col`` to the chosen sources."""
        conds: list[ColumnElement[bool]] = []
        if self.start is not None:
            conds.append(date_col >= self.start)
        if self.end is not None:
            conds.append(date_col < self.end)
        if self.source_ids and source_col is not None:
            conds.append(source_col.in_(self.source_ids))
        return and_(true(), *conds)

    def contains(self, when: datetime | None) -> bool:
        if when is None:
            return self.start is None and self.end is None
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)
