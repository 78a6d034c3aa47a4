"""The docs are part of done: every command is documented, and the assembled pages match their fragments."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import typer.main

from tragac.cli.main import app

REPO = Path(__file__).resolve().parents[1]


def _build_docs_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_docs", REPO / "tools" / "build_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_docs"] = module
    spec.loader.exec_module(module)
    return module


def _command_paths(cmd: Any, prefix: str = "tragac") -> list[str]:
    paths = []
    names = cmd.list_commands(None) if hasattr(cmd, "list_commands") else []  # the root loads its commands lazily
    if names:
        for name in names:
            paths += _command_paths(cmd.get_command(None, name), f"{prefix} {name}")
    else:
        paths.append(prefix)
    return paths


def test_assembled_docs_are_up_to_date() -> None:
    for path, text in _build_docs_module().outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"run tools/build_docs.py: {path.name} is stale"


def test_every_command_is_in_the_cli_reference() -> None:
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [p for p in _command_paths(typer.main.get_command(app)) if p not in reference]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_readme_quick_start_is_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
