"""Accounts and API tokens: argon2id password hashes, generated passwords, hashed bearer tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models.web import ROLES, ApiToken, User

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile (t=3, m=64 MiB, p=4).
_hasher = PasswordHasher()
# Verifying against this when the account does not exist keeps timing the same for known and unknown names.
_DUMMY_HASH = _hasher.hash("not a real password")
TOKEN_PREFIX = "trg_"
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    return secrets.token_urlsafe(15)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise InputError(f"invalid user name {name!r}: use 1–64 letters, digits and . _ - @")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def create_user(store: Store, name: str, role: str, password: str | None = None) -> str:
    """Create an account and return its password (generated when ``password`` is None)."""
    name, role = _check_name(name), _check_role(role)
    if password is None:
        password = generate_password()
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password too short: use at least {MIN_PASSWORD_LENGTH} characters")
    with store.session() as s:
        if s.scalar(select(User.id).where(User.name == name)) is not None:
            raise InputError(f"user {name!r} already exists")
        s.add(User(name=name, role=role, password_hash=hash_password(password)))
    return password


def set_password(store: Store, name: str, password: str | None = None) -> str:
    """Give an existing account a new password (generated when None) and return it."""
    if password is None:
        password = generate_password()
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password too short: use at least {MIN_PASSWORD_LENGTH} characters")
    with store.session() as s:
        user = get_user(s, name)
        if user is None:
            raise InputError(f"no user named {name!r}")
        user.password_hash = hash_password(password)
    return password


def one_time_login(store: Store, name: str, role: str) -> str:
    """A fresh password for ``name``, creating the account if needed: what `tragac demo` prints once."""
    with store.session() as s:
        exists = get_user(s, name) is not None
    return set_password(store, name) if exists else create_user(store, name, role)


def get_user(s: Session, name: str) -> User | None:
    return s.scalar(select(User).where(User.name == name))


def list_users(store: Store) -> list[dict[str, object]]:
    with store.session() as s:
        users = s.scalars(select(User).order_by(User.name)).all()
        return [
            {
                "name": u.name,
                "role": u.role,
                "active": u.active,
                "created_at": u.created_at.isoformat(),
                "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
            }
            for u in users
        ]


def update_user(store: Store, name: str, *, role: str | None = None, active: bool | None = None) -> None:
    with store.session() as s:
        user = get_user(s, name)
        if user is None:
            raise InputError(f"no user named {name!r}")
        if role is not None:
            user.role = _check_role(role)
        if active is not None:
            user.active = active


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(store: Store, user_name: str, label: str | None = None) -> str:
    """A new bearer token for ``user_name``; only its digest is stored, so this is the one chance to see it."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.session() as s:
        user = get_user(s, user_name)
        if user is None:
            raise InputError(f"no user named {user_name!r}")
        s.add(ApiToken(user_id=user.id, token_hash=token_digest(token), label=label))
    return token


def revoke_tokens(store: Store, user_name: str) -> int:
    with store.session() as s:
        user = get_user(s, user_name)
        if user is None:
            raise InputError(f"no user named {user_name!r}")
        tokens = s.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
        for t in tokens:
            t.revoked_at = utcnow()
        return len(tokens)
