"""The background worker: runs the pipeline stages whenever new data has arrived, in its own thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import func, select

from tragac.pipeline import run_stages
from tragac.store import Store
from tragac.store.models.core import ExportFile, Media, Message

log = logging.getLogger("tragac.worker")


def data_mark(store: Store) -> tuple[Any, ...]:
    """A cheap fingerprint of the store's inputs; when it changes, there is new work."""
    with store.session() as s:
        return (
            s.scalar(select(func.max(Message.id))),
            s.scalar(select(func.max(Message.updated_at))),
            s.scalar(select(func.max(Media.id))),
            s.scalar(select(func.max(ExportFile.id))),
        )


class PipelineWorker(threading.Thread):
    """Checks for new data every ``interval`` seconds and runs every stage when there is some.

    Stages are idempotent and incremental, so a run that finds nothing new is cheap and a crash mid-run is
    repaired by the next one. ``stop()`` lets the current stage finish and ends the thread.
    """

    def __init__(self, store: Store, interval: float = 30.0) -> None:
        super().__init__(name="tragac-pipeline", daemon=True)
        self.store = store
        self.interval = interval
        self.runs = 0
        self.last_result: dict[str, Any] | None = None
        self.last_error: str | None = None
        self._stop_event = threading.Event()
        self._mark: tuple[Any, ...] | None = None

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.tick()
            self._stop_event.wait(self.interval)

    def tick(self) -> bool:
        """One check; returns True when the stages ran."""
        try:
            mark = data_mark(self.store)
            if mark == self._mark:
                return False
            self.last_result = run_stages(self.store)
            self.runs += 1
            self.last_error = None
            # Read the mark again: the stages themselves may have written (media rows, for instance).
            self._mark = data_mark(self.store)
            log.info("pipeline ran: %s", {k: v.get("seconds") for k, v in self.last_result.items()})
            return True
        except Exception as exc:  # a failing stage must not kill the server; it is retried next tick
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("pipeline run failed")
            return False

    def stop(self, timeout: float | None = 60.0) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
