"""The hashing pool's workers: forked from a forkserver that preloads only the hashing code; crashes cost one file."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
import time
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from tragac.media.decode import DecodeLimits
from tragac.media.hasher import HashOptions
from tragac.media.pool import WORKER_MODULE, HashJob, hash_files, worker_context

from .generated import jpeg_bytes, make_picture
from .test_bad_files import png_bomb

needs_forkserver = pytest.mark.skipif("forkserver" not in mp.get_all_start_methods(), reason="no forkserver here")


@needs_forkserver
def test_workers_come_from_a_forkserver_preloading_the_hashing_code() -> None:
    ctx = worker_context()
    assert ctx.get_start_method() == "forkserver"
    from multiprocessing import forkserver

    assert forkserver._forkserver._preload_modules == [WORKER_MODULE]  # type: ignore[attr-defined]


def test_the_worker_module_imports_no_cli_store_or_web() -> None:
    import subprocess

    code = f"import sys, {WORKER_MODULE}; print(*sorted(sys.modules))"
    names = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert not {n for n in names if n.startswith(("tragac.cli", "tragac.store", "tragac.web", "tragac.config"))}
    assert not {"sqlalchemy", "typer", "pydantic", "telethon", "fastapi"} & {n.split(".")[0] for n in names}


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_that_dies_costs_its_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as `tragac` does (cli.main._workers_skip_the_cli): workers must not re-run pytest's script, whose CPU time
    # would look like hashing below
    monkeypatch.setattr(sys.modules["__main__"], "__spec__", ModuleSpec("tragac.__main__", None), raising=False)
    slow = tmp_path / "slow.png"
    slow.write_bytes(png_bomb(6000, 6500))  # decodes for a few tenths of a second inside C code
    goods = []
    for seed in range(3):
        goods.append(tmp_path / f"good{seed}.jpg")
        goods[-1].write_bytes(jpeg_bytes(make_picture(seed, (300, 200))))
    killed: list[int] = []

    def kill_the_busy_worker() -> None:  # once the first worker has spent ~50 ms of CPU on the slow file
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for child in mp.active_children():
                try:
                    if child.pid and _cpu_ticks(child.pid) >= 5:
                        os.kill(child.pid, 9)
                        killed.append(child.pid)
                        return
                except (FileNotFoundError, ProcessLookupError):
                    pass
            time.sleep(0.005)

    killer = threading.Thread(target=kill_the_busy_worker, daemon=True)
    killer.start()
    jobs = [HashJob("slow", str(slow)), *(HashJob(p.name, str(p)) for p in goods)]
    results = dict(hash_files(jobs, HashOptions(limits=DecodeLimits(max_seconds=60)), workers=1))
    killer.join(5)
    assert killed, "the worker was never seen busy"
    assert results["slow"].error is not None and "crashed" in results["slow"].error
    assert results["slow"].sha256 is not None  # the parent still records the exact hashes
    assert all(results[p.name].error is None and results[p.name].pdq for p in goods)  # a fresh worker went on
