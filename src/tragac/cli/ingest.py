"""`tragac ingest PATH`: load an export (Telegram Desktop JSON or HTML, a platform's download, or a plugin's source)
into the store.

The source is chosen by :func:`tragac.sources.base.source_for` (``--source`` names one). A chat that cannot be
stored at all (a JSON chat without an id) makes the command fail (exit 2) after the rest is stored."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
        Path,
        typer.Argument(
            help="A Telegram Desktop export (result.json, messages.html or their folder), a platform's data "
            "download, or a plugin's input."
        ),
    ],
    timezone: Annotated[
        str,
        typer.Option(
            "--timezone",
            help="Time zone of the export's local times, used only for old exports whose times carry no offset "
            "(JSON without date_unixtime, HTML before 2019; IANA name, e.g. Europe/Belgrade).",
        ),
    ] = "UTC",
    retime: Annotated[
        bool,
        typer.Option(
            "--retime",
            help="The export was ingested before with another --timezone: rewrite its local times in this one.",
        ),
    ] = False,
    same_as: Annotated[
        str | None,
        typer.Option(
            "--same-as",
            metavar="CHAT",
            help="This export is the stored chat CHAT in the other format (its JSON chat id, the html:… key of "
            "an HTML export, or the id `tragac stats` shows): merge into it instead of matching by messages.",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Which source reads PATH (default: the first that recognises it)."),
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Ingest a Telegram Desktop export (JSON or HTML), a platform's download or a plugin's input. Safe to repeat."""
    from tragac.sources.base import source_for

    store = store_for(home)
    try:
        reader = source_for(path.expanduser(), source)
        extra: dict[str, Any] = {}
        for name, value, flag in (("retime", retime, "--retime"), ("same_as", same_as, "--same-as")):
            if value:
                if name not in reader.options:
                    fail(f"{flag} does not apply to {reader.name} input")
                extra[name] = value
        result = _run(store, reader, path, timezone, extra, show_progress=not json)
    except InputError as exc:
        fail(str(exc).replace("\n", " "))
    finally:
        store.close()
    if json:
        print_json(result.to_dict())
    else:
        _summary(result, console)
    if result.unstored:
        fail("; ".join(result.unstored))


def _run(
    store: Store, source: Source, path: Path, timezone: str, extra: dict[str, Any], *, show_progress: bool
) -> IngestResult:
    if not show_progress or not err_console.is_terminal:
        return source.ingest(store, path, timezone=timezone, reporter=NullReporter(), **extra)
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
        return source.ingest(store, path, timezone=timezone, reporter=reporter, **extra)


def _summary(r: IngestResult, out: Console) -> None:
    out.print(f"[bold]{r.path}[/]: {r.sources} chat(s)")
    out.print(
        f"  messages: [green]{r.messages_added} added[/], {r.messages_updated} updated (edits), "
        f"{r.messages_unchanged} unchanged; {r.service_messages} service messages"
    )
    if r.messages_retimed:
        out.print(f"  {r.messages_retimed} message(s) retimed in {r.timezone}")
    if r.messages_merged:
        out.print(f"  {r.messages_merged} message(s) read before from the other export format replaced by this one's")
    out.print(f"  media: {r.media} referenced, {r.media_files_present} file(s) present in the export folder")
    if r.dates_from_local_time:
        out.print(f"  {r.dates_from_local_time} date(s) had no date_unixtime and were read in {r.timezone}")
    if r.unknown:
        shown = ", ".join(f"{k} ×{v}" for k, v in sorted(r.unknown.items())[:10])
        more = f" and {len(r.unknown) - 10} more" if len(r.unknown) > 10 else ""
        out.print(f"  kept but not understood: {shown}{more}")
    if r.skipped:
        out.print(f"  [yellow]{r.skipped} message(s) skipped[/]")
        for e in r.errors[:10]:
            out.print(f"    {e['where']}: {e['why']}", highlight=False)
        if len(r.errors) > 10 or r.skipped > len(r.errors):
            out.print("    … (--json lists up to 100)")
    elif r.errors:
        for e in r.errors[:10]:
            out.print(f"  [yellow]{e['where']}: {e['why']}[/]", highlight=False)
    for w in r.warnings[:10]:
        out.print(f"  [yellow]warning:[/] {w['where']}: {w['why']}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
