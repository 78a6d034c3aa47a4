"""The CLI starts fast: commands load lazily from a static table, and `tragac --help` imports nothing heavy."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

import tragac.cli
from tragac.cli.main import COMMANDS, app

# Imported by no part of `tragac --help` (roots of the import tree; a submodule counts as its root).
HEAVY = {
    "telethon", "alembic", "faiss", "pyarrow", "numba", "weasyprint", "matplotlib", "fastapi", "starlette", "argon2",
    "PIL", "numpy", "pdqhash", "av", "sqlalchemy", "pydantic", "pydantic_settings", "jinja2", "networkx", "onnxruntime",
    "hyperscan", "ahocorasick", "phonenumbers", "orjson", "ijson",
}  # fmt: skip


def _registered() -> dict[str, str]:
    """command name → module, from what every ``tragac.cli`` module's ``register`` adds."""
    found: dict[str, str] = {}
    for info in pkgutil.iter_modules(tragac.cli.__path__):
        module = importlib.import_module(f"tragac.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is None:
            continue
        holder = typer.Typer()
        register(holder)
        for name in typer.main.get_group(holder).commands:
            assert name not in found, f"{name} is registered by both {found[name]} and {info.name}"
            found[name] = info.name
    return found


def test_table_names_every_registered_command() -> None:
    assert {name: module for name, (module, _) in COMMANDS.items()} == _registered(), (
        "add the command to COMMANDS in src/tragac/cli/main.py (name → module, one-line help)"
    )


def test_table_help_is_the_commands_own() -> None:
    for name, (module, help_text) in COMMANDS.items():
        holder = typer.Typer()
        importlib.import_module(f"tragac.cli.{module}").register(holder)
        command = typer.main.get_group(holder).commands[name]
        own = " ".join((command.short_help or command.help or "").split("\n\n")[0].split())
        assert help_text == own, f"COMMANDS[{name!r}] help differs from the command's own first paragraph"


_DUMP_MODULES = """
import atexit, sys
atexit.register(lambda: print("MODULES", *sorted(sys.modules), file=sys.__stderr__))
sys.argv = ["tragac", *sys.argv[1:]]
from tragac.cli.main import main
main()
"""


def _imported_by(args: list[str]) -> set[str]:
    """Every module in ``sys.modules`` at the exit of a fresh ``tragac ARGS`` process."""
    out = subprocess.run([sys.executable, "-c", _DUMP_MODULES, *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    dumped = [line for line in out.stderr.splitlines() if line.startswith("MODULES ")]
    assert dumped, out.stderr[-2000:]
    return set(dumped[-1].split()[1:])


def test_help_imports_no_command_and_nothing_heavy() -> None:
    names = _imported_by(["--help"])
    assert not {n.split(".")[0] for n in names} & HEAVY, sorted(n for n in names if n.split(".")[0] in HEAVY)
    assert {n for n in names if n.startswith("tragac")} == {"tragac", "tragac.cli", "tragac.cli.main", "tragac.errors"}


def test_version_imports_no_command() -> None:
    names = _imported_by(["--version"])
    assert {n for n in names if n.startswith("tragac")} == {"tragac", "tragac.cli", "tragac.cli.main", "tragac.errors"}


def test_a_command_imports_only_its_own_module() -> None:
    names = _imported_by(["hash", "--help"])
    cli = {n for n in names if n.startswith("tragac.cli.")}
    assert cli == {"tragac.cli.main", "tragac.cli.hash", "tragac.cli.common"}
    assert not {"numpy", "PIL", "sqlalchemy", "pydantic_settings"} & {n.split(".")[0] for n in names}


def test_help_lists_every_command_with_its_help() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for name, (_, help_text) in COMMANDS.items():
        assert name in result.output and help_text.split()[0] in result.output


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_help_works(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert f"tragac {name}" in result.output


def test_unknown_command_and_version() -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["no-such-command"])
    assert unknown.exit_code == 2 and "No such command" in unknown.output
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("tragac ")


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (["hash", "pics"], True),
        (["hash", "pics", "--workers", "3"], True),
        (["hash", "pics", "--workers", "0"], False),
        (["hash", "--workers=0", "pics"], False),
        (["hash", "--help"], False),
        (["hash", "-h"], False),
        (["bank", "list"], False),
        (["--version"], False),
        ([], False),
    ],
)
def test_hash_workers_start_early_only_when_they_will_be_used(
    args: list[str], starts: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tragac.cli.main as cli_main
    import tragac.media.pool as pool

    calls: list[bool] = []
    monkeypatch.setattr(pool, "start_workers_early", lambda: calls.append(True))
    cli_main._start_hash_workers_early(args)
    assert bool(calls) is starts
