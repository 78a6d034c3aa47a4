"""`tragac web-watch …`: watch listed web pages for a victim's images and videos (polite, hash-only)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tragac.cli.case import ByOption, actor
from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.progress import reporter

webwatch_app = typer.Typer(help="Watch web pages for banked images and videos.", no_args_is_help=True)
# Only for tests that serve pages on 127.0.0.1; never needed against real sites.
LoopbackOption = Annotated[bool, typer.Option("--allow-loopback", hidden=True)]


@webwatch_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="A page (or a direct media URL) to watch.")],
    allow_loopback: LoopbackOption = False,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """List a page for watching (private, loopback and link-local addresses are refused)."""
    from tragac.sources.web.watch import add_page

    page = add_page(store_for(home), url, actor=actor(by), allow_loopback=allow_loopback)
    if json:
        print_json({"id": page.id, "url": page.url})
    else:
        console.print(f"watching {page.url} (id {page.id})")


@webwatch_app.command("list")
def list_(home: HomeOption = None, json: JsonOption = False) -> None:
    """List watched pages with their last run."""
    from tragac.sources.web.watch import list_pages

    rows = list_pages(store_for(home))
    if json:
        print_json({"pages": rows})
        return
    table = Table("id", "url", "last run", "status", "media", "matches")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["url"],
            str(r["last_run_at"] or ""),
            r["last_status"] or "",
            str(r["media_seen"]),
            str(r["matches_found"]),
        )
    console.print(table)


@webwatch_app.command("run")
def run(
    allow_loopback: LoopbackOption = False,
    refresh: Annotated[bool, typer.Option("--refresh/--no-refresh", help="Link new matches to cases after.")] = True,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Fetch every watched page and its media politely, hash, match against the banks, record sightings."""
    from tragac.cases.linker import refresh_cases
    from tragac.sources.base import collector_named

    store = store_for(home)
    collector = collector_named("web")
    with reporter(not json) as rep:
        out = collector.collect_once(store, allow_loopback=allow_loopback, reporter=rep)
    if refresh:
        out["cases"] = refresh_cases(store)
    if json:
        print_json(out)
        return
    for line in collector.summary(out):
        console.print(line)


def register(app: typer.Typer) -> None:
    app.add_typer(webwatch_app, name="web-watch")
