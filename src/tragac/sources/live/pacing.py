"""Being a good citizen towards Telegram: a clock we can fake, one global request pace, jitter and backoff."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Time as the collector sees it; tests pass a fake one so that a 30 s flood wait takes no time."""

    def now(self) -> datetime:
        """Aware UTC wall-clock time."""

    def monotonic(self) -> float:
        """Seconds, only for measuring intervals."""

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (may return early when the collector is stopping)."""


class RealClock:
    def __init__(self, stop: asyncio.Event | None = None) -> None:
        self.stop = stop

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if self.stop is None:
            await asyncio.sleep(seconds)
            return
        # A shutdown signal ends any wait at once, so SIGTERM never waits out a long flood wait.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stop.wait(), timeout=seconds)


class FakeClock:
    """Advances only when slept on; records every sleep."""

    def __init__(self, start: datetime | None = None) -> None:
        self.t = start or datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
        self.mono = 0.0
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.t

    def monotonic(self) -> float:
        return self.mono

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.mono += max(seconds, 0.0)
        self.t += timedelta(seconds=max(seconds, 0.0))


def jittered(seconds: float, fraction: float, rng: random.Random) -> float:
    """``seconds`` spread by ±``fraction`` so that many collectors never fire in step."""
    return max(0.0, seconds * (1 + rng.uniform(-fraction, fraction)))


def backoff(failures: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [base/2, min(cap, base·2^(failures-1))]."""
    ceiling = min(cap, base * 2 ** max(failures - 1, 0))
    return rng.uniform(min(base / 2, ceiling), ceiling)


class RateLimiter:
    """One request pace for every account and source in the process: at least ``interval`` s between requests."""

    def __init__(self, clock: Clock, interval: float, jitter: float = 0.2, rng: random.Random | None = None) -> None:
        self.clock = clock
        self.interval = interval
        self.jitter = jitter
        self.rng = rng or random.Random()
        self._next = 0.0
        self._lock = asyncio.Lock()
        self.requests = 0

    async def acquire(self) -> None:
        async with self._lock:
            wait = self._next - self.clock.monotonic()
            if wait > 0:
                await self.clock.sleep(wait)
            self.requests += 1
            self._next = self.clock.monotonic() + jittered(self.interval, self.jitter, self.rng)
