"""`tragac demo` run twice on one home keeps the admin account and its password, and a taken port is one clear line
and a non-zero exit, before any work."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.store import open_store
from tragac.web import server
from tragac.web.accounts import get_user, verify_password

runner = CliRunner()
TINY = ["--scale", "0.01", "--days", "3", "--seed", "5"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_second_run_keeps_the_admin_and_says_how_to_reset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[Any, ...]] = []
    monkeypatch.setattr(server, "serve", lambda settings, host, port: served.append((host, port)))
    home = tmp_path / "home"
    port = str(_free_port())
    first = runner.invoke(app, ["demo", *TINY, "--port", port, "--home", str(home)])
    assert first.exit_code == 0, first.output
    assert "one-time password" in first.stdout
    password = first.stdout.split("one-time password", 1)[1].split()[0]
    store = open_store(Settings(home=home))
    try:
        with store.session() as s:
            user = get_user(s, "admin")
            assert user is not None and verify_password(user.password_hash, password)
            hash_before = user.password_hash

        second = runner.invoke(app, ["demo", *TINY, "--port", port, "--home", str(home)])
        assert second.exit_code == 0, second.output
        assert "kept" in second.stdout and "--reset-admin" in second.stdout
        assert password not in second.stdout
        with store.session() as s:
            user = get_user(s, "admin")
            assert user is not None and user.password_hash == hash_before  # the first password still signs in

        third = runner.invoke(app, ["demo", *TINY, "--port", port, "--reset-admin", "--home", str(home), "--json"])
        assert third.exit_code == 0, third.output

        login = json.loads(third.stdout)["login"]
        assert login["kept"] is False and login["password"] != password
        with store.session() as s:
            user = get_user(s, "admin")
            assert user is not None and verify_password(user.password_hash, login["password"])
            assert not verify_password(user.password_hash, password)
    finally:
        store.close()
    assert served == [("127.0.0.1", int(port))] * 3


def test_a_taken_port_is_one_line_and_exit_2_before_any_work(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        started = time.monotonic()
        res = subprocess.run(
            [sys.executable, "-m", "tragac", "demo", *TINY, "--port", str(port), "--home", str(home)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        elapsed = time.monotonic() - started
    assert res.returncode == 2, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: port "), res.stderr
    assert f"port {port} is taken" in lines[0] and "--port" in lines[0]
    assert "Traceback" not in res.stderr + res.stdout
    assert not (home / "demo").exists()  # nothing generated: the check comes first
    assert elapsed < 60
