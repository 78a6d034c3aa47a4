"""Research accounts: the Telethon StringSession (it is a password) and API hash, encrypted at rest.

Encryption reuses the case key ring (:mod:`tragac.keyring`: AES-GCM, ``HOME/keys/case-keys.json`` created 0600,
or ``TRAGAC_CASE_KEY``). Each ciphertext is bound to its account and field, so it cannot be moved to another row.
The plain session exists only in memory while a client runs; it is never logged or written anywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tragac.errors import ConfigError, InputError
from tragac.keyring import load_keyring
from tragac.store.base import utcnow
from tragac.store.db import Store
from tragac.store.models import CollectorAccount

NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
NO_ACCOUNT = "no collector account configured; add one with: tragac collect account add NAME"


@dataclass(frozen=True)
class AccountSecrets:
    """An account with its secrets decrypted, for building a client."""

    id: int
    name: str
    api_id: int
    api_hash: str
    session: str


def _context(name: str, field: str) -> str:
    return f"collector_account:{name}:{field}"


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise InputError(f"account name {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
    return name


def save_account(
    store: Store, home: Path, name: str, api_id: int, api_hash: str, session: str, telegram_user_id: int | None
) -> int:
    """Create or replace the account ``name``; returns its id."""
    check_name(name)
    ring = load_keyring(home)
    with store.session() as s:
        acc = s.scalar(sa.select(CollectorAccount).where(CollectorAccount.name == name))
        if acc is None:
            acc = CollectorAccount(name=name)
            s.add(acc)
        acc.api_id = api_id
        acc.api_hash_enc = ring.encrypt_text(api_hash, _context(name, "api_hash"))
        acc.session_enc = ring.encrypt_text(session, _context(name, "session"))
        acc.telegram_user_id = telegram_user_id
        s.flush()
        return int(acc.id)


def list_accounts(store: Store) -> list[CollectorAccount]:
    with store.session() as s:
        return list(s.scalars(sa.select(CollectorAccount).order_by(CollectorAccount.name)))


def load_account(store: Store, home: Path, name: str | None = None) -> AccountSecrets:
    """The named account, or the only one; a clear :class:`ConfigError` when there is none or the choice is open."""
    with store.session() as s:
        q = sa.select(CollectorAccount).order_by(CollectorAccount.id)
        if name is not None:
            q = q.where(CollectorAccount.name == name)
        accounts = list(s.scalars(q))
    if not accounts:
        if name is not None:
            raise ConfigError(f"no collector account named {name!r}; see: tragac collect account list")
        raise ConfigError(NO_ACCOUNT)
    if len(accounts) > 1 and name is None:
        raise ConfigError("several collector accounts exist; choose one with --account NAME")
    return decrypt(home, accounts[0])


def decrypt(home: Path, acc: CollectorAccount) -> AccountSecrets:
    ring = load_keyring(home, create=False)
    return AccountSecrets(
        id=acc.id,
        name=acc.name,
        api_id=acc.api_id,
        api_hash=ring.decrypt_text(acc.api_hash_enc, _context(acc.name, "api_hash")),
        session=ring.decrypt_text(acc.session_enc, _context(acc.name, "session")),
    )


def touch(store: Store, account_id: int) -> None:
    with store.session() as s:
        s.execute(sa.update(CollectorAccount).where(CollectorAccount.id == account_id).values(last_used_at=utcnow()))


async def interactive_login(
    api_id: int,
    api_hash: str,
    phone: Callable[[], str],
    code: Callable[[], str],
    password: Callable[[], str],
    client_factory: Callable[[str, int, str], Any] | None = None,
) -> tuple[str, int | None]:
    """Log in with a phone code (and the 2FA password if set); returns (StringSession text, Telegram user id).

    The session stays in memory: it is returned to be encrypted, never written to a ``.session`` file.
    """
    if client_factory is None:
        from telethon import TelegramClient
        from telethon.sessions import StringSession

        def client_factory(session: str, api_id: int, api_hash: str) -> Any:
            return TelegramClient(StringSession(session), api_id, api_hash, device_model="Tragac research collector")

    client = client_factory("", api_id, api_hash)
    try:
        await client.start(phone=phone, code_callback=code, password=password)
        me = await client.get_me()
        return str(client.session.save()), getattr(me, "id", None)
    finally:
        await client.disconnect()
