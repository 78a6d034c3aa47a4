"""The few Telethon client calls the collector uses, as a protocol a fake client can implement in tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from pydantic_settings import BaseSettings, SettingsConfigDict

from tragac.errors import ConfigError
from tragac.sources.live.accounts import AccountSecrets


class TelegramSettings(BaseSettings):
    """``TRAGAC_TELEGRAM_*``: the API id/hash from my.telegram.org (only for ``account add``) and collector pace."""

    model_config = SettingsConfigDict(env_prefix="TRAGAC_TELEGRAM_", extra="ignore")

    api_id: int | None = None
    api_hash: str | None = None
    request_interval: float = 1.0  # seconds between API requests, process-wide
    poll_interval: float = 900.0  # seconds between polls of one source (jittered ±20 %)
    rescan_days: float = 7.0  # edits and deletions are looked for in this window
    rescan_interval: float = 6 * 3600.0
    member_interval: float = 6 * 3600.0
    max_media_bytes: int = 20 * 1024 * 1024
    download_media: bool = True  # downloaded to a temporary file, hashed, dropped
    max_flood_wait: float = 900.0  # longer waits reschedule the source instead of blocking the run
    batch_size: int = 200


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
