"""Schemathesis against the OpenAPI document of a live server, with a real token: no input gives a 5xx."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tragac.web.accounts import create_token

from .conftest import Web, live_server

pytestmark = pytest.mark.slow


def _schemathesis() -> list[str]:
    exe = Path(sys.executable).with_name("schemathesis")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("schemathesis")
    if not found:
        pytest.skip("schemathesis is not installed")
    return [found]


def test_no_server_errors_on_any_input(web: Web, tmp_path: Path) -> None:
    token = create_token(web.store, "admin")
    with live_server(web.app) as base:
        r = subprocess.run(
            [
                *_schemathesis(),
                "run",
                f"{base}/api/v1/openapi.json",
                "--checks",
                "not_a_server_error",
                "-H",
                f"Authorization: Bearer {token}",
                "--max-examples",
                "8",
                "--seed",
                "20261124",
                "--workers",
                "1",
                "--phases",
                "examples,coverage,fuzzing",
                "--request-timeout",
                "10",
                "--report",
                "ndjson",
                "--report-dir",
                str(tmp_path),
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=240,
            cwd=tmp_path,  # schemathesis keeps a .schemathesis/ cache in its working folder: not in the repository
        )
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
    # It really exercised the API (a schema it could not load or authenticate against would test nothing).
    assert "No issues found" in r.stdout
    assert re.search(r"Operations:\s+(\d+) selected / \1 total", r.stdout), r.stdout[:2000]
    events = [json.loads(line) for p in tmp_path.glob("*.ndjson") for line in p.read_text().splitlines() if line]
    assert events
