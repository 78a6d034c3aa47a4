"""A `tragac ingest` killed with SIGKILL at random points and restarted ends with exactly the rows of a clean run."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from export_gen import ChatSpec, write_export
from ingest_helpers import count, snapshot

from tragac.config import Settings
from tragac.sources.telegram_json import ingest_path
from tragac.store import open_store

pytestmark = pytest.mark.slow


def _ingest_cmd(path: Path, home: Path) -> list[str]:
    return [sys.executable, "-m", "tragac", "ingest", str(path), "--home", str(home), "--json"]


def _messages(home: Path) -> int:
    db = home / "tragac.db"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return int(c.execute("SELECT count(*) FROM message").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _finished_exports(home: Path) -> int:
    db = home / "tragac.db"
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
        try:
            return int(c.execute("SELECT count(*) FROM export_file WHERE finished_at IS NOT NULL").fetchone()[0])
        except sqlite3.OperationalError:  # killed before the schema was created
            return 0


def test_kill_minus_nine_and_restart(tmp_path: Path) -> None:
    photos = {f"chats/chat_001/photos/photo_{i}@01-06-2026_10-00-00.jpg": os.urandom(2000) for i in range(20)}
    chats = [
        ChatSpec(2001, "Velika grupa", messages=10_000),
        ChatSpec(2002, "Kanal", type="public_channel", messages=4_000),
        ChatSpec(2003, "Napuštena", messages=2_000, left=True),
    ]
    export = write_export(tmp_path / "exp" / "result.json", chats, photos=photos)

    clean = open_store(Settings(home=tmp_path / "clean"))
    ingest_path(clean, export)
    expected = snapshot(clean)
    assert len(expected["message"]) == 16_000 and expected["sighting"]
    clean.close()

    home = tmp_path / "killed"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    rnd = random.Random(20260601)
    started = time.monotonic()
    seen: list[int] = []
    finished_early = 0  # on a loaded machine a run may finish before its kill lands
    # One kill at a random moment of start-up, then kills once the store holds a random number of messages
    # (plus a random extra delay), so they land in the middle of batches, media hashing and chat changes.
    plan: list[tuple[int, float]] = [(0, rnd.uniform(0.1, 1.0))]
    plan += [
        (rnd.randrange(lo, hi), rnd.uniform(0.0, 0.3))
        for lo, hi in ((1, 4000), (4000, 8000), (8000, 12000), (12000, 15500))
    ]
    for target, extra in plan:
        proc = subprocess.Popen(
            _ingest_cmd(export, home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        while proc.poll() is None and target and _messages(home) < target:
            time.sleep(0.02)
        time.sleep(extra)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        finished_early += proc.wait(timeout=60) == 0
        seen.append(_messages(home))
    print("messages stored at each kill:", seen)
    assert any(0 < n < 16_000 for n in seen), f"no kill landed mid-ingest: {seen}"
    # A kill can also land after a run stamped its ExportFile row finished but before the process exited (the run
    # then reads as killed), so count the runs that finished from the rows, not from exit codes.
    finished_before = _finished_exports(home)
    assert finished_before >= finished_early
    done = subprocess.run(_ingest_cmd(export, home), capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr

    store = open_store(Settings(home=home))
    assert snapshot(store) == expected
    # The killed runs' unfinished ExportFile row was reused, not duplicated; a run that finished keeps its own row.
    assert count(store, "export_file") == 1 + finished_before
    assert _finished_exports(home) == 1 + finished_before  # and no unfinished row is left behind
    store.close()
    assert time.monotonic() - started < 120
