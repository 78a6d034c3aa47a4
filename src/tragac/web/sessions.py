"""Server-side sessions: the cookie carries a random id, the database keeps its digest, role and CSRF token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models.web import ApiToken, User, WebSession

COOKIE = "tragac_session"
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
# Writing last_seen on every request would turn every page view into a write; a minute's resolution is plenty.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Principal:
    """Who is calling, and how they proved it."""

    user_id: int
    name: str
    role: str
    via: str  # "session" | "token"
    session_id: str | None = None
    csrf_token: str | None = None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create_session(
    store: Store, user: User, address: str | None, user_agent: str | None, idle: timedelta = IDLE
) -> tuple[str, str]:
    """Start a session; returns (cookie value, csrf token)."""
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    with store.session() as s:
        s.add(
            WebSession(
                id=_digest(cookie),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
                expires_at=now + min(idle, ABSOLUTE),
                address=address,
                user_agent=(user_agent or "")[:300],
            )
        )
        # Opportunistic clean-up keeps the table small without a scheduler.
        s.execute(delete(WebSession).where(WebSession.expires_at < now))
    return cookie, csrf


def session_principal(store: Store, cookie: str, idle: timedelta = IDLE) -> Principal | None:
    sid = _digest(cookie)
    now = utcnow()
    with store.session() as s:
        row = s.execute(
            select(WebSession, User).join(User, User.id == WebSession.user_id).where(WebSession.id == sid)
        ).first()
        if row is None:
            return None
        ws, user = row
        if ws.expires_at <= now or not user.active:
            s.delete(ws)
            return None
        if now - ws.last_seen_at >= TOUCH_EVERY:
            new_expiry = min(now + idle, ws.created_at + ABSOLUTE)
            s.execute(update(WebSession).where(WebSession.id == sid).values(last_seen_at=now, expires_at=new_expiry))
        return Principal(user.id, user.name, user.role, "session", sid, ws.csrf_token)


def token_principal(store: Store, token: str) -> Principal | None:
    digest = _digest(token)
    with store.session() as s:
        row = s.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
        ).first()
        if row is None or not row[1].active:
            return None
        tok, user = row
        now = utcnow()
        if tok.last_used_at is None or now - tok.last_used_at >= TOUCH_EVERY:
            tok.last_used_at = now
        return Principal(user.id, user.name, user.role, "token")


def end_session(store: Store, session_id: str) -> None:
    with store.session() as s:
        s.execute(delete(WebSession).where(WebSession.id == session_id))


def end_user_sessions(store: Store, user_id: int) -> None:
    with store.session() as s:
        s.execute(delete(WebSession).where(WebSession.user_id == user_id))


def expire_all_before(store: Store, when: datetime) -> None:
    with store.session() as s:
        s.execute(update(WebSession).values(expires_at=when))
