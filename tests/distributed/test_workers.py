"""Several `tragac worker` processes on one PostgreSQL store: batches leased with SKIP LOCKED, committed whole, a
killed worker's batch taken over, nothing lost or done twice, and the hashes exactly those of `tragac run`."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from distributed.corpus import write_pictures
from sources.export_gen import ChatSpec, write_export
from tragac.config import Settings
from tragac.distributed import queue
from tragac.distributed.worker import HASH_STAGE, WorkerOptions, hash_batch, unhashed_media
from tragac.pipeline import run_stages
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store, open_store
from tragac.store.base import utcnow
from tragac.store.models import Media, WorkBatch

pytestmark = pytest.mark.postgres


def _export(tmp_path: Path, pictures: int) -> Path:
    files = write_pictures(tmp_path / "pics", pictures)
    photos = {f"chats/chat_001/photos/{p.name}": p.read_bytes() for p in files if p.suffix == ".jpg"}
    chat = ChatSpec(3001, "Grupa za test", messages=pictures * 60)
    return write_export(tmp_path / "export" / "result.json", [chat], photos=photos)


def _hash_columns(store: Store) -> dict[str, tuple[Any, ...]]:
    with store.session() as s:
        rows = s.execute(
            sa.select(Media.sha256, Media.kind, Media.md5, Media.pdq, Media.pdq_quality, Media.width, Media.hash_error)
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _worker(home: Path, url: str, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TRAGAC_DATABASE_URL": url, "TRAGAC_HOME": str(home)}
    cmd = [sys.executable, "-m", "tragac", "worker", "--processes", "0", "--poll", "0.2", "--json", *extra]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_three_workers_and_a_kill_minus_nine(tmp_path: Path, pg_url: str) -> None:
    export = _export(tmp_path, 48)
    reference = open_store(Settings(home=tmp_path / "single"))  # the single-process result, on SQLite
    ingest_path(reference, export)
    run_stages(reference, only=["hash"])
    expected = _hash_columns(reference)
    reference.close()

    home = tmp_path / "home"
    store = open_store(Settings(home=home, database_url=pg_url))
    ingest_path(store, export)
    with store.session() as s:
        media = s.scalar(sa.select(sa.func.count(Media.id))) or 0
    assert media == len(expected) >= 40

    args = ("--batch-size", "4", "--lease", "4", "--exit-when-idle", "--pause-before-commit", "0.4")
    workers = [_worker(home, pg_url, *args) for _ in range(3)]
    victim = workers[0]
    held: int | None = None
    deadline = time.monotonic() + 90
    while held is None and time.monotonic() < deadline:  # wait until the first worker holds a batch, then kill it
        with store.session() as s:
            held = s.scalar(
                sa.select(WorkBatch.id).where(
                    WorkBatch.status == "leased", WorkBatch.lease_owner.like(f"%:{victim.pid}:%")
                )
            )
        time.sleep(0.05)
    assert held is not None, "the first worker never claimed a batch"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    summaries = []
    for w in workers[1:]:
        out, err = w.communicate(timeout=180)
        assert w.returncode == 0, err.decode()
        summaries.append(orjson.loads(out))

    with store.session() as s:
        batches = s.scalars(sa.select(WorkBatch).order_by(WorkBatch.first_id)).all()
        unhashed = s.scalar(sa.select(sa.func.count(Media.id)).where(Media.hashed_at.is_(None)))
    assert batches and all(b.status == "done" for b in batches), "a batch was lost"
    # The ranges are disjoint and cover every media once; each batch's counts were committed exactly once.
    for a, b in itertools.pairwise(batches):
        assert a.last_id < b.first_id
    assert sum(b.size for b in batches) == media
    assert sum(b.result["media"] for b in batches if b.result) == media
    assert sum(b.result["hashed"] for b in batches if b.result) == media
    assert unhashed == 0
    taken_over = next(b for b in batches if b.id == held)
    assert taken_over.attempts >= 2 and str(victim.pid) not in (taken_over.done_by or "")
    survivors = {sm["worker"]: sm for sm in summaries}
    assert sum(sm["batches"] for sm in summaries) == sum(1 for b in batches if b.done_by in survivors)
    assert sum(sm["stage_runs"] for sm in summaries) >= 1  # the later stages ran, by one worker at a time
    # Exactly the single-process hashes, media by media.
    assert _hash_columns(store) == expected
    store.close()


def test_a_worker_that_lost_its_lease_commits_nothing(tmp_path: Path, pg_url: str) -> None:
    store = open_store(Settings(home=tmp_path / "home", database_url=pg_url))
    ingest_path(store, _export(tmp_path, 6))
    assert queue.enqueue(store, HASH_STAGE, unhashed_media(), 100) == 1
    assert queue.enqueue(store, HASH_STAGE, unhashed_media(), 100) == 0  # already queued: never twice
    slow = queue.claim(store, HASH_STAGE, "slow", lease_seconds=60)
    assert slow is not None
    assert queue.claim(store, HASH_STAGE, "other", lease_seconds=60) is None  # leased and not expired
    with store.session() as s:  # the slow worker's lease runs out
        s.execute(sa.update(WorkBatch).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
    fast = queue.claim(store, HASH_STAGE, "fast", lease_seconds=60)
    assert fast is not None and fast.id == slow.id and fast.attempts == 2
    assert queue.renew(store, fast.id, "fast", 60) and not queue.renew(store, slow.id, "slow", 60)
    with pytest.raises(queue.LeaseLost):
        hash_batch(store, slow, "slow", WorkerOptions(processes=0))
    with store.session() as s:
        assert s.scalar(sa.select(sa.func.count(Media.id)).where(Media.hashed_at.is_not(None))) == 0  # rolled back
    counts = hash_batch(store, fast, "fast", WorkerOptions(processes=0))
    assert counts["hashed"] == counts["media"] == 6
    with store.session() as s:
        batch = s.get(WorkBatch, fast.id)
        assert batch is not None and batch.status == "done" and batch.done_by == "fast"
    assert queue.counts(store) == {HASH_STAGE: {"done": 1}}
    store.close()


def test_worker_refuses_sqlite(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TRAGAC_DATABASE_URL"}
    env["TRAGAC_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-m", "tragac", "worker", "--exit-when-idle"], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("error:") == 1 and "PostgreSQL" in err and "tragac run" in err
    assert not (tmp_path / "home" / "tragac.db").exists()  # refused before any SQLite file was made
