"""Hash many files in worker processes with a hard per-file time limit.

A decoder stuck inside C code cannot be interrupted from Python, so each worker is a separate process that the
parent kills when a file overruns its deadline (or when the worker dies, e.g. a decoder crash); the file gets a
recorded error, a fresh worker takes its place, and the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from tragac.media.hasher import FileHashes, HashOptions, hash_file

GRACE_SECONDS = 10.0  # on top of the cooperative limit, before the worker is killed
START_SECONDS = 60.0


@dataclass(frozen=True)
class HashJob:
    key: Any  # returned with the result (a media id, an index…)
    path: str
    display_path: str | None = None


def _serve(conn: Connection, options: HashOptions) -> None:
    import tragac.media.video  # noqa: F401  (imported before "ready" so start-up is not billed to the first file)

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


def _failed(job: HashJob, error: str) -> FileHashes:
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
    options = options or HashOptions()
    if workers <= 0:
        for job in jobs:
            yield job.key, hash_file(job.path, options, job.display_path)
        return
    ctx = mp.get_context("spawn")  # no fork: the parent may hold database connections and threads
    hard_limit = options.limits.max_seconds + grace_seconds
    pending = iter(jobs)
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    everyone: list[_Worker] = []

    def spawn() -> _Worker:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, options), daemon=True)
        proc.start()
        child.close()
        if not parent.poll(START_SECONDS) or parent.recv() != "ready":
            proc.kill()
            raise RuntimeError("a hashing worker process did not start")
        w = _Worker(proc, parent)
        everyone.append(w)
        return w

    def retire(w: _Worker) -> None:
        w.process.kill()
        w.process.join(5)
        w.conn.close()
        everyone.remove(w)

    exhausted = False
    try:
        while True:
            while not exhausted and (idle or len(busy) < workers):
                nxt = next(pending, None)
                if nxt is None:
                    exhausted = True
                    break
                w = idle.pop() if idle else spawn()
                w.job, w.deadline = nxt, time.monotonic() + hard_limit
                w.conn.send(nxt)
                busy[w.conn] = w
            if not busy:
                return
            timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
            for ready in wait(list(busy), timeout=timeout):
                w = busy.pop(ready)  # type: ignore[call-overload]
                assert w.job is not None
                try:
                    key, result = w.conn.recv()
                except (EOFError, OSError):
                    w.process.join(1)
                    crashed, code = w.job, w.process.exitcode
                    retire(w)
                    yield crashed.key, _failed(crashed, f"the decoder crashed on this file (exit code {code})")
                    continue
                w.job = None
                idle.append(w)
                yield key, result
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if w.deadline <= now and w.job is not None:
                    busy.pop(conn)
                    retire(w)
                    yield w.job.key, _failed(w.job, f"took longer than the {options.limits.max_seconds:g} s limit")
    finally:
        for w in list(everyone):
            try:
                if w.job is None:
                    w.conn.send(None)
                    w.process.join(2)
            except (OSError, BrokenPipeError):
                pass
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
