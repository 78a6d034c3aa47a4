"""Login throttling per account and per address, counted from the LoginAttempt table (so it holds across
processes and restarts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models.web import LoginAttempt


@dataclass(frozen=True)
class Limits:
    window: timedelta = timedelta(minutes=15)
    per_account: int = 5  # failures since the account's last success
    per_address: int = 20  # failures from one address, any account


def blocked(store: Store, name: str, address: str, limits: Limits) -> str | None:
    """Why a sign-in must be refused now, or None."""
    since = utcnow() - limits.window
    with store.session() as s:
        by_address = s.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.address == address, LoginAttempt.at >= since, LoginAttempt.success.is_(False))
        )
        if (by_address or 0) >= limits.per_address:
            return "too many failed sign-ins from this address"
        last_ok = s.scalar(
            select(func.max(LoginAttempt.at)).where(LoginAttempt.name == name, LoginAttempt.success.is_(True))
        )
        start = max(since, last_ok) if last_ok else since
        by_account = s.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(LoginAttempt.name == name, LoginAttempt.at >= start, LoginAttempt.success.is_(False))
        )
        if (by_account or 0) >= limits.per_account:
            return "too many failed sign-ins for this account"
    return None


def note(store: Store, name: str, address: str, success: bool) -> None:
    with store.session() as s:
        s.add(LoginAttempt(name=name[:128], address=address[:64], success=success, at=utcnow()))
