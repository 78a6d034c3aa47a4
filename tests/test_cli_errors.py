"""Any command's expected failure (TragacError) is one `error:` line and exit status 2, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tragac.cli.main import app


def test_library_error_becomes_one_line_under_the_test_runner(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bank", "show", "nope", "--home", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["error: no bank named 'nope' (see `tragac bank list`)"]


def test_library_error_becomes_one_line_from_the_console_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tragac", "case", "show", "nobody", "--home", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
