"""The ``tragac`` command. Command groups live in sibling modules and are found automatically."""

from __future__ import annotations

import importlib
import pkgutil

import typer

import tragac
import tragac.cli
from tragac.errors import TragacError

app = typer.Typer(
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
    except TragacError as exc:
        from tragac.cli.common import err_console

        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
