"""The background worker runs the stages when new data arrives, and stops cleanly."""

from __future__ import annotations

from typing import Any

import pytest

from tragac.store import Store
from tragac.store.models import Message
from tragac.web import worker as worker_mod


def test_runs_only_on_new_data_and_stops(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def fake_run(store: Store, **_: Any) -> dict[str, dict[str, Any]]:
        calls.append(1)
        return {"fake": {"seconds": 0.0}}

    monkeypatch.setattr(worker_mod, "run_stages", fake_run)
    w = worker_mod.PipelineWorker(sqlite_store, interval=0.05)
    assert w.tick() is True  # first look: runs
    assert w.tick() is False  # nothing new
    with sqlite_store.session() as s:
        from tragac.store.models import Source

        src = Source(platform="telegram", platform_id="1", kind="private_group")
        s.add(src)
        s.flush()
        s.add(Message(source_id=src.id, platform_message_id=1, kind="message", text="hi", content_hash="h"))
    assert w.tick() is True
    w.start()
    w.stop(timeout=5)
    assert not w.is_alive()
    assert len(calls) == 2


def test_a_failing_stage_does_not_kill_the_worker(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store: Store, **_: Any) -> dict[str, dict[str, Any]]:
        raise RuntimeError("stage exploded")

    monkeypatch.setattr(worker_mod, "run_stages", broken)
    w = worker_mod.PipelineWorker(sqlite_store, interval=0.05)
    assert w.tick() is False
    assert w.last_error == "RuntimeError: stage exploded"
