"""The few Telethon client calls the collector uses, as a protocol a fake client can implement in tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from tragac.config import TelegramSettings as TelegramSettings  # declared with every other setting
from tragac.errors import ConfigError
from tragac.sources.live.accounts import AccountSecrets


class CollectorClient(Protocol):
    """What :class:`tragac.sources.telegram_live.LiveCollector` needs from a Telethon ``TelegramClient``."""

    def iter_messages(self, entity: Any, *args: Any, **kwargs: Any) -> AsyncIterator[Any]: ...

    async def get_entity(self, entity: Any) -> Any: ...

    async def __call__(self, request: Any) -> Any: ...

    async def download_media(self, message: Any, file: Any = None, **kwargs: Any) -> Any: ...

    async def connect(self) -> None: ...

    async def disconnect(self) -> None: ...

    def is_connected(self) -> bool: ...

    def add_event_handler(self, callback: Callable[[Any], Awaitable[None]], event: Any = None) -> None: ...


def telethon_client(account: AccountSecrets) -> Any:
    """A real client for ``account``: StringSession in memory, no automatic flood sleeping (we log and wait)."""
    try:
        from telethon import TelegramClient
        from telethon.sessions import StringSession
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ConfigError(f"Telethon is not installed: {exc}") from exc
    return TelegramClient(
        StringSession(account.session),
        account.api_id,
        account.api_hash,
        flood_sleep_threshold=0,
        receive_updates=True,
        device_model="Tragac research collector",
    )


# Tests replace this with a factory returning a fake client.
ClientFactory = Callable[[AccountSecrets], Any]
make_client: ClientFactory = telethon_client
