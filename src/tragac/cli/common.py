"""Options and helpers shared by every command: --home, --json, opening the store, one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import orjson
import typer
from rich.console import Console

if TYPE_CHECKING:  # settings (pydantic) and the store (SQLAlchemy, Alembic) load only for commands that use them
    from tragac.config import Settings
    from tragac.store import Store

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar="TRAGAC_HOME",
        help="Data folder (database, indexes, keys). Default: TRAGAC_HOME or the user data dir.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]

console = Console()
err_console = Console(stderr=True)


def settings_for(home: Path | None) -> Settings:
    from tragac.config import load_settings

    return load_settings(home)


def store_for(home: Path | None) -> Store:
    """Open (and migrate) the store for ``--home``; a database that cannot be reached is a one-line error."""
    from sqlalchemy.exc import OperationalError

    from tragac.store import open_store

    settings = settings_for(home)
    try:
        return open_store(settings)
    except OperationalError as exc:
        fail(f"cannot open the database {settings.resolved_database_url()!r}: {exc.orig}")


def fail(message: str, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def print_json(obj: Any) -> None:
    sys.stdout.write(
        orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_INDENT_2, default=str).decode() + "\n"
    )
    sys.stdout.flush()
