"""`tragac ingest PATH`: load an export (a Telegram Desktop JSON export today, or a plugin's source) into the store.

The source is chosen by :func:`tragac.sources.base.source_for` (``--source`` names one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, err_console, fail, print_json, store_for
from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter, RichReporter

if TYPE_CHECKING:  # the sources and the store (SQLAlchemy) load when the command runs, not for --help
    from rich.console import Console

    from tragac.sources.base import IngestResult, Source
    from tragac.store import Store


def ingest(
    path: Annotated[
        Path, typer.Argument(help="result.json of a Telegram Desktop JSON export, or its folder (or a plugin's input).")
    ],
    timezone: Annotated[
        str,
        typer.Option(
            "--timezone",
            help="Time zone of the export's local 'date' values, used only for old exports without "
            "date_unixtime (IANA name, e.g. Europe/Belgrade).",
        ),
    ] = "UTC",
    source: Annotated[
        str | None,
        typer.Option("--source", help="Which source reads PATH (default: the first that recognises it)."),
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Ingest a Telegram Desktop JSON export (single chat or full account). Safe to repeat or to restart."""
    from tragac.sources.base import source_for

    store = store_for(home)
    try:
        reader = source_for(path.expanduser(), source)
        result = _run(store, reader, path, timezone, show_progress=not json)
    except InputError as exc:
        fail(str(exc).replace("\n", " "))
    finally:
        store.close()
    if json:
        print_json(result.to_dict())
    else:
        _summary(result, console)


def _run(store: Store, source: Source, path: Path, timezone: str, *, show_progress: bool) -> IngestResult:
    if not show_progress or not err_console.is_terminal:
        return source.ingest(store, path, timezone=timezone, reporter=NullReporter())
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        reporter: Reporter = RichReporter(progress)
        return source.ingest(store, path, timezone=timezone, reporter=reporter)


def _summary(r: IngestResult, out: Console) -> None:
    out.print(f"[bold]{r.path}[/]: {r.sources} chat(s)")
    out.print(
        f"  messages: [green]{r.messages_added} added[/], {r.messages_updated} updated (edits), "
        f"{r.messages_unchanged} unchanged; {r.service_messages} service messages"
    )
    out.print(f"  media: {r.media} referenced, {r.media_files_present} file(s) present in the export folder")
    if r.dates_from_local_time:
        out.print(f"  {r.dates_from_local_time} date(s) had no date_unixtime and were read in {r.timezone}")
    if r.unknown:
        shown = ", ".join(f"{k} ×{v}" for k, v in sorted(r.unknown.items())[:10])
        more = f" and {len(r.unknown) - 10} more" if len(r.unknown) > 10 else ""
        out.print(f"  kept but not understood: {shown}{more}")
    if r.skipped:
        out.print(f"  [yellow]{r.skipped} malformed message(s) skipped[/]")
        for e in r.errors[:10]:
            out.print(f"    {e['where']}: {e['why']}", highlight=False)
        if len(r.errors) > 10 or r.skipped > len(r.errors):
            out.print("    … (--json lists up to 100)")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
