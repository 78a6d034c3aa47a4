"""The ``tragac`` command. Command groups live in sibling modules and are found automatically."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import typer
from typer.core import TyperGroup

import tragac
import tragac.cli
from tragac.errors import TragacError


class _Group(TyperGroup):
    """Turns an expected failure (``TragacError``) from any command into one ``error:`` line and exit status 2.

    Doing it here, once, means commands call the library and let its errors through, and the same behaviour holds
    under ``typer.testing.CliRunner``, which bypasses :func:`main`.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TragacError as exc:
            from tragac.cli.common import fail

            fail(str(exc))


app = typer.Typer(
    cls=_Group,
    name="tragac",
    help="Tragač: find, prove and help take down image-based sexual abuse circulating in messaging groups.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tragac {tragac.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Every command takes --home (or TRAGAC_HOME) and, where a script wants it, --json."""


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(tragac.cli.__path__), key=lambda m: m.name):
        if info.name in {"main", "common"}:
            continue
        module = importlib.import_module(f"tragac.cli.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_discover()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
