"""Hash many files in worker processes with a hard per-file time limit.

A decoder stuck inside C code cannot be interrupted from Python, so each worker is a separate process that the
parent kills when a file overruns its deadline (or when the worker dies, e.g. a decoder crash); the file gets a
recorded error, a fresh worker takes its place, and the run goes on.

Workers are forked from a *forkserver*: a clean process, started on first use, that imports
:mod:`tragac.media.worker_entry` (the hashing code and nothing else) once. So a worker starts in milliseconds, all
of them in parallel, none of them imports the CLI or the store, and none inherits the caller's threads or database
connections (plain ``fork`` would). Where there is no forkserver (Windows) workers are spawned.
This module itself imports nothing heavy, so that the forkserver can start while the caller is still importing.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tragac.media.hasher import FileHashes, HashOptions

GRACE_SECONDS = 10.0  # on top of the cooperative limit, before the worker is killed
START_SECONDS = 60.0
WORKER_MODULE = "tragac.media.worker_entry"  # what the forkserver preloads


@dataclass(frozen=True)
class HashJob:
    key: Any  # returned with the result (a media id, an index…)
    path: str
    display_path: str | None = None


def worker_context() -> BaseContext:
    """The multiprocessing context workers start from: a forkserver preloading :data:`WORKER_MODULE`."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([WORKER_MODULE])
    return ctx


def start_workers_early() -> None:
    """Start the forkserver now, so that it imports the hashing code while the caller does something else.

    Optional: :func:`hash_files` starts it anyway. Calling this before the caller's own heavy imports makes the two
    happen on two cores at once.
    """
    if worker_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _serve(conn: Connection, options: HashOptions) -> None:
    """A worker: say "ready", then hash each job received until ``None``, sending ``(job.key, FileHashes)`` back."""
    import tragac.media.worker_entry  # noqa: F401  (preloaded by the forkserver; a spawned worker imports it here)
    from tragac.media.hasher import hash_file

    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send((job.key, hash_file(job.path, options, job.display_path)))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: HashJob | None = None
    deadline: float = 0.0
    started: bool = False  # it has said "ready"


def _failed(job: HashJob, error: str) -> FileHashes:
    from tragac.media.hasher import FileHashes

    result = FileHashes(path=job.display_path if job.display_path is not None else job.path, error=error)
    try:  # exact hashes are cheap and safe even when decoding is not (but never open a pipe or device)
        from tragac.media.exact import file_digests

        if not Path(job.path).is_file():
            return result
        exact = file_digests(job.path)
        result.sha256, result.md5, result.size = exact.sha256, exact.md5, exact.size
    except OSError:
        pass
    return result


def hash_files(
    jobs: Iterable[HashJob],
    options: HashOptions | None = None,
    workers: int = 2,
    grace_seconds: float = GRACE_SECONDS,
) -> Iterator[tuple[Any, FileHashes]]:
    """Yield ``(job.key, FileHashes)`` as files finish (not in input order). ``workers=0`` hashes in-process.

    A worker still busy ``grace_seconds`` after the file's own time limit is killed and replaced.
    """
    if workers <= 0:
        from tragac.media.hasher import HashOptions, hash_file

        options = options or HashOptions()
        for job in jobs:
            yield job.key, hash_file(job.path, options, job.display_path)
        return
    ctx = worker_context()
    start_workers_early()  # the forkserver imports the hashing code while this process imports the same below
    from tragac.media.hasher import HashOptions

    options = options or HashOptions()
    hard_limit = options.limits.max_seconds + grace_seconds
    pending = iter(jobs)
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    everyone: list[_Worker] = []

    def spawn() -> _Worker:
        """Start a worker without waiting for it: its first job is queued at once, its "ready" comes later."""
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, options), daemon=True)  # type: ignore[attr-defined]
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        everyone.append(w)
        return w

    def retire(w: _Worker) -> None:
        w.process.kill()
        w.process.join(5)
        w.conn.close()
        everyone.remove(w)

    def did_not_start(w: _Worker) -> RuntimeError:
        retire(w)
        return RuntimeError("a hashing worker process did not start")

    exhausted = False
    try:
        while True:
            while not exhausted and (idle or len(busy) < workers):
                nxt = next(pending, None)
                if nxt is None:
                    exhausted = True
                    break
                w = idle.pop() if idle else spawn()
                now = time.monotonic()
                w.job, w.deadline = nxt, now + (hard_limit if w.started else START_SECONDS)
                w.conn.send(nxt)
                busy[w.conn] = w
            if not busy:
                return
            timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
            for ready in wait(list(busy), timeout=timeout):
                w = busy[ready]  # type: ignore[index]
                assert w.job is not None
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    busy.pop(w.conn)
                    if not w.started:
                        raise did_not_start(w) from None
                    w.process.join(1)
                    crashed, code = w.job, w.process.exitcode
                    retire(w)
                    yield crashed.key, _failed(crashed, f"the decoder crashed on this file (exit code {code})")
                    continue
                if not w.started:
                    if message != "ready":
                        busy.pop(w.conn)
                        raise did_not_start(w)
                    w.started, w.deadline = True, time.monotonic() + hard_limit
                    continue
                busy.pop(w.conn)
                key, result = message
                w.job = None
                idle.append(w)
                yield key, result
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if w.deadline <= now and w.job is not None:
                    busy.pop(conn)
                    if not w.started:
                        raise did_not_start(w)
                    retire(w)
                    yield w.job.key, _failed(w.job, f"took longer than the {options.limits.max_seconds:g} s limit")
    finally:
        for w in everyone:  # ask every idle worker to stop, then wait for them all together
            if w.job is None:
                try:
                    w.conn.send(None)
                except OSError:
                    w.process.kill()
        for w in everyone:
            if w.job is None:
                w.process.join(2)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(2)
            w.conn.close()


def hash_paths(
    paths: Iterable[str | Path], options: HashOptions | None = None, workers: int = 2
) -> Iterator[FileHashes]:
    """Convenience: hash paths, yielding results as they finish."""
    for _, result in hash_files((HashJob(str(p), str(p)) for p in paths), options, workers):
        yield result
