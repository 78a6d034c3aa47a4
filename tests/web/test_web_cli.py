"""`tragac user`, `tragac token`: the contract scripts rely on."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tragac.config import Settings
from tragac.store import open_store
from tragac.web.app import create_app

runner = CliRunner()


def _cli(*args: str, input: str | None = None) -> tuple[int, str]:
    from tragac.cli.main import app
    from tragac.errors import TragacError

    r = runner.invoke(app, list(args), input=input)
    if isinstance(r.exception, TragacError):
        # `tragac` (cli.main.main) prints these as one line and exits 2; CliRunner calls the app underneath it.
        return 2, str(r.exception)
    return r.exit_code, r.stdout + (r.stderr or "")


def test_user_add_token_create_and_api_call(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    code, out = _cli(
        "user", "add", "ana", "--role", "analyst", "--password-stdin", "--home", home, input="a fine long password\n"
    )
    assert code == 0, out
    code, out = _cli("user", "add", "vid", "--role", "viewer", "--home", home, "--json")
    assert code == 0 and '"password": "' in out
    code, token = _cli("token", "create", "--user", "ana", "--home", home)
    assert code == 0
    token = token.strip()
    assert token.startswith("trg_") and "\n" not in token and " " not in token
    code, out = _cli("user", "list", "--home", home, "--json")
    assert '"ana"' in out and '"viewer"' in out
    store = open_store(Settings(home=Path(home)))
    client = TestClient(create_app(store.settings, store=store))
    r = client.get("/api/v1/flags", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json() == {"items": [], "next": None}
    code, out = _cli("token", "revoke", "--user", "ana", "--home", home)
    assert code == 0
    assert client.get("/api/v1/flags", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    store.close()


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    for args, needle in [
        (("user", "add", "x", "--role", "wizard", "--home", home), "unknown role"),
        (("user", "add", "bad name!", "--role", "viewer", "--home", home), "invalid user name"),
        (("token", "create", "--user", "ghost", "--home", home), "no user named"),
    ]:
        code, out = _cli(*args)
        assert code == 2 and needle in out, (args, code, out)
    code, out = _cli("user", "add", "short", "--role", "viewer", "--password-stdin", "--home", home, input="abc\n")
    assert code == 2 and "too short" in out


def test_real_command_prints_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "tragac", "user", "add", "x", "--role", "wizard", "--home", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr.strip().startswith("error: unknown role") and len(r.stderr.strip().splitlines()) == 1
