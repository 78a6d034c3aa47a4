from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

from tragac.sources.live.accounts import save_account
from tragac.sources.live.client import TelegramSettings
from tragac.sources.live.pacing import FakeClock
from tragac.sources.telegram_live import LiveCollector, add_source
from tragac.store import Store

from . import fakes

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@dataclass
class Live:
    store: Store
    client: fakes.FakeClient
    clock: FakeClock
    collector: LiveCollector
    account_id: int
    cs_id: int
    source_id: int


def make_live(store: Store, client: fakes.FakeClient | None = None, **settings: Any) -> Live:
    client = client or fakes.FakeClient([fakes.channel(), fakes.user(123, "Marko", "Test"), fakes.user(124, "Ana")])
    account_id = save_account(store, store.settings.home, "research1", 12345, "0123abcd", "1FAKESESSION", 999)
    row = run(add_source(store, client, account_id, "@test_grupa_fict"))
    clock = FakeClock(fakes.T0 + __import__("datetime").timedelta(days=1))
    opts = {"request_interval": 0.5, "batch_size": 50, **settings}
    collector = LiveCollector(
        store, client, account_id=account_id, settings=TelegramSettings(**opts), clock=clock, rng=random.Random(7)
    )
    from sqlalchemy import select

    from tragac.store.models import CollectorSource

    with store.session() as s:
        cs_id = s.scalar(select(CollectorSource.id).where(CollectorSource.source_id == row["source_id"]))
    assert cs_id is not None
    return Live(store, client, clock, collector, account_id, cs_id, row["source_id"])


@pytest.fixture
def live(store: Store) -> Live:
    return make_live(store)


@pytest.fixture
def live_sqlite(sqlite_store: Store) -> Live:
    return make_live(sqlite_store)
