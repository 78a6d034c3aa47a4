"""`tragac match`: match hashed media against every active bank entry and show what was found."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.progress import reporter


def match(
    full: Annotated[bool, typer.Option("--full", help="Re-match everything; drop stale matches.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many new matches.")] = 50,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Match media (new ones, and everything against new bank entries) against the banks; print a summary."""
    from tragac.matching.match import run_match

    store = store_for(home)
    with reporter(not json) as rep:
        summary = run_match(store, full=full, reporter=rep)
    if json:
        print_json(summary)
        return
    console.print(
        f"checked {summary['media_checked']} media and {summary['entries_checked']} bank entries: "
        f"{summary['matches_added']} new matches, {summary['matches_removed']} removed, "
        f"{summary['matches_total']} in total; {summary['flags_created']} new review item(s)"
        + (f", {summary['flags_revived']} back in the queue" if summary["flags_revived"] else "")
    )
    new = summary["new_matches"]
    if new:
        table = Table("bank", "signal", "distance", "video frames", "entry label", "media sha256")
        for m in new[:limit]:
            share = f"{m['query_match_fraction']:.0%}" if m["query_match_fraction"] is not None else ""
            table.add_row(
                m["bank"], m["signal_type"], str(m["distance"]), share, m["entry_label"] or "", m["media_sha256"][:16]
            )
        console.print(table)
        if len(new) > limit:
            console.print(f"… and {len(new) - limit} more (use --json for all)")


def register(app: typer.Typer) -> None:
    app.command("match")(match)
