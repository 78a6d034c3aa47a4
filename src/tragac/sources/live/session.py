"""A connected, authorised Telethon client for a research account, and live Telegram as a registered collector."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from tragac.errors import ConfigError
from tragac.progress import Reporter
from tragac.sources.base import Collector

if TYPE_CHECKING:
    from tragac.sources.live.accounts import AccountSecrets
    from tragac.sources.telegram_live import LiveCollector
    from tragac.store import Store

T = TypeVar("T")


async def with_client(store: Store, account: str | None, work: Callable[[Any, AccountSecrets], Awaitable[T]]) -> T:
    """Connect the account's encrypted session, check it is still authorised, run ``work``, disconnect."""
    from tragac.sources.live import accounts
    from tragac.sources.live import client as live_client

    secrets = accounts.load_account(store, store.settings.ensure_home(), account)
    client = live_client.make_client(secrets)
    try:
        await client.connect()
    except (ConnectionError, OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach Telegram: {exc or type(exc).__name__}") from None
    try:
        if not await client.is_user_authorized():
            raise ConfigError(
                f"the session of account {secrets.name!r} is no longer valid; run: tragac collect account add "
                f"{secrets.name}"
            )
        accounts.touch(store, secrets.id)
        return await work(client, secrets)
    finally:
        await client.disconnect()


def _collector(store: Store, client: Any, secrets: AccountSecrets) -> LiveCollector:
    """The account's collector; Ctrl-C or SIGTERM ask it for a clean stop after the batch in flight."""
    from tragac.sources.telegram_live import LiveCollector

    collector = LiveCollector(store, client, account_id=secrets.id, settings=store.settings.telegram)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, collector.request_stop)
    return collector


class TelegramLive(Collector):
    """The chats a research account follows (``tragac collect sources add``), read through Telethon."""

    name = "telegram"
    help = "live Telegram groups and channels of a research account"
    options: ClassVar[frozenset[str]] = frozenset({"account"})

    def collect_once(self, store: Store, *, reporter: Reporter, **options: Any) -> dict[str, Any]:
        async def work(client: Any, secrets: AccountSecrets) -> list[dict[str, Any]]:
            return [o.to_dict() for o in await _collector(store, client, secrets).run_once(reporter)]

        return {"sources": asyncio.run(with_client(store, options.get("account"), work))}

    def collect_forever(self, store: Store, *, account: str | None = None) -> None:
        """Live updates plus a poll of each chat when due, until Ctrl-C or SIGTERM (only Telegram runs continuously)."""

        async def work(client: Any, secrets: AccountSecrets) -> None:
            await _collector(store, client, secrets).run_forever()

        asyncio.run(with_client(store, account, work))

    def summary(self, out: dict[str, Any]) -> list[str]:
        lines = []
        for o in out["sources"]:
            line = (
                f"{o['title'] or o['source_id']}: +{o['added']} new, {o['updated']} edited, {o['deleted']} deleted, "
                f"{o['media_downloaded']} media hashed"
            )
            if o["member_count"] is not None:
                line += f", {o['member_count']:,} members"
            if o["error"]:
                line += f" [red]({o['error']})[/]"
            lines.append(line)
        return lines
