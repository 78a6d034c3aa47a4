"""``tragac worker``: take the pipeline's heavy stage (hashing) in leased batches, then run the rest as one job.

Any number of workers on any number of machines may share one PostgreSQL store. The hash stage is cut into id
ranges of media (:mod:`tragac.distributed.queue`); each batch is hashed with the same functions as ``tragac run``
(:mod:`tragac.media.stage`) and its rows plus its ``done`` mark are committed in one transaction. The cheap,
cursor-driven stages after it (match, spread, link, signals) are not batched: one worker at a time runs them,
holding a session-level advisory lock that PostgreSQL releases by itself if that worker dies.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tragac.distributed.queue import (
    Claimed,
    LeaseLost,
    claim,
    complete,
    enqueue,
    renew,
    require_postgres,
    worker_name,
)
from tragac.media.hasher import FileHashes, HashOptions
from tragac.media.pool import HashJob, hash_files

# The hash stage's own helpers: where a media's file is, how a result lands on its row (one home for both).
from tragac.media.stage import (
    CHANGED_FILE,
    NO_FILE,
    apply_hashes,
    candidate_paths,
    monitored_hash_options,
    readable_path,
)
from tragac.pipeline import run_stages, stages
from tragac.progress import NullReporter
from tragac.store import Store
from tragac.store.models import Media, WorkBatch

HASH_STAGE = "hash"
# pg_try_advisory_lock key held while one worker runs the stages after hashing.
_STAGES_LOCK = 0x7472_6167_6163_0018
# An idle worker re-runs the later stages this often: an ingest may add text (signals) without any media.
STAGES_EVERY_SECONDS = 60.0


@dataclass
class WorkerOptions:
    batch_size: int = 100
    lease_seconds: float = 300.0  # a batch not committed this long after its claim goes back to the queue
    poll_seconds: float = 2.0
    processes: int = 1  # hashing subprocesses per worker (0: hash in this process)
    exit_when_idle: bool = False
    pause_before_commit: float = 0.0  # fault-injection for the kill -9 test and demos; 0 in real use
    hash_options: HashOptions | None = None


@dataclass
class WorkerSummary:
    worker: str
    batches: int = 0
    hashed: int = 0
    errors: int = 0
    missing_files: int = 0
    changed_files: int = 0
    leases_lost: int = 0
    stage_runs: int = 0
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def unhashed_media() -> sa.Select[Any]:
    return sa.select(Media.id).where(Media.hashed_at.is_(None))


def hash_batch(store: Store, batch: Claimed, owner: str, options: WorkerOptions) -> dict[str, int]:
    """Hash the batch's media and commit them with the batch's done mark; raises LeaseLost if it was taken over."""
    with store.session() as s:
        pending = dict(
            s.execute(
                sa.select(Media.id, Media.sha256).where(
                    Media.id.between(batch.first_id, batch.last_id), Media.hashed_at.is_(None)
                )
            ).all()
        )
        candidates = candidate_paths(s, list(pending)) if pending else {}
    found: dict[int, Path] = {}
    missing: list[int] = []
    for media_id in sorted(pending):
        path = readable_path(candidates.get(media_id, []))
        if path is None:
            missing.append(media_id)
        else:
            found[media_id] = path
    hash_options = options.hash_options or monitored_hash_options(store)
    jobs = [HashJob(mid, str(path)) for mid, path in found.items()]
    results: list[tuple[int, FileHashes]] = []
    renewed = time.monotonic()
    for item in hash_files(jobs, hash_options, options.processes):
        results.append(item)
        # A batch of long videos may outlast its lease: extend it at half-time, or stop early if it was lost.
        if time.monotonic() - renewed > options.lease_seconds / 2:
            if not renew(store, batch.id, owner, options.lease_seconds):
                raise LeaseLost(f"batch {batch.id} was taken over while it was being hashed")
            renewed = time.monotonic()
    if options.pause_before_commit:
        time.sleep(options.pause_before_commit)
    counts = {"media": len(pending), "hashed": 0, "errors": 0, "missing_files": len(missing), "changed_files": 0}
    with store.session() as s:
        if missing:
            s.execute(sa.update(Media).where(Media.id.in_(missing)).values(hash_error=NO_FILE))
        for media_id, result in results:
            media = s.get(Media, media_id)
            if media is None:  # deleted while we were hashing
                continue
            if result.sha256 is not None and result.sha256 != pending[media_id]:
                media.hash_error = CHANGED_FILE
                counts["changed_files"] += 1
                continue
            apply_hashes(media, result)
            counts["errors" if result.error else "hashed"] += 1
        # Same transaction as the rows above: if the lease was lost, LeaseLost rolls all of them back.
        complete(s, batch.id, owner, dict(counts))
    return counts


def _hash_work_left(store: Store) -> bool:
    with store.session() as s:
        n = s.scalar(
            sa.select(sa.func.count())
            .select_from(WorkBatch)
            .where(WorkBatch.stage == HASH_STAGE, WorkBatch.status != "done")
        )
        return bool(n)


def run_later_stages(store: Store, summary: WorkerSummary) -> bool:
    """Run every stage after hashing if no other worker is running them; True if this worker ran them."""
    names = [st.name for st in stages() if st.name != HASH_STAGE]
    with store.engine.connect() as conn:
        if not conn.execute(sa.select(sa.func.pg_try_advisory_lock(_STAGES_LOCK))).scalar():
            return False
        conn.commit()  # the session-level lock outlives this transaction; only the connection's end drops it
        try:
            summary.stages = run_stages(store, only=names, reporter=NullReporter())
            summary.stage_runs += 1
        finally:
            conn.execute(sa.select(sa.func.pg_advisory_unlock(_STAGES_LOCK)))
            conn.commit()
    return True


def run_worker(
    store: Store,
    options: WorkerOptions | None = None,
    *,
    owner: str | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_batch: Callable[[dict[str, int]], None] | None = None,
) -> WorkerSummary:
    """Work until stopped (or, with ``exit_when_idle``, until every batch is done and the later stages ran)."""
    require_postgres(store)
    options = options or WorkerOptions()
    owner = owner or worker_name()
    summary = WorkerSummary(worker=owner)
    stages_due = True  # run the later stages once at start-up: an ingest may have brought text without media
    last_stages = 0.0
    while not should_stop():
        enqueue(store, HASH_STAGE, unhashed_media(), options.batch_size)
        batch = claim(store, HASH_STAGE, owner, options.lease_seconds)
        if batch is not None:
            try:
                counts = hash_batch(store, batch, owner, options)
            except LeaseLost:
                summary.leases_lost += 1
                continue
            summary.batches += 1
            for key in ("hashed", "errors", "missing_files", "changed_files"):
                setattr(summary, key, getattr(summary, key) + counts[key])
            if on_batch:
                on_batch(counts)
            stages_due = True
            continue
        if _hash_work_left(store):  # other workers hold leases: wait, one may expire and need taking over
            time.sleep(options.poll_seconds)
            continue
        if stages_due or time.monotonic() - last_stages > STAGES_EVERY_SECONDS:
            # False when another worker holds the lock: it is running them over the same finished batches.
            run_later_stages(store, summary)
            stages_due, last_stages = False, time.monotonic()
            if options.exit_when_idle:
                break
            continue
        time.sleep(options.poll_seconds)
    return summary
