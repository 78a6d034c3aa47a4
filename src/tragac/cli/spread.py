"""`tragac spread`: near-duplicate clusters of media and where each one travelled."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.progress import reporter


def spread(
    min_sources: Annotated[int, typer.Option("--min-sources", help="Only clusters seen in this many sources.")] = 1,
    limit: Annotated[int, typer.Option("--limit", help="At most this many clusters (0: all).")] = 20,
    threshold: Annotated[
        int | None,
        typer.Option(
            "--threshold", help=f"PDQ distance for near-duplicates (default: settings, {PDQ_MATCH_THRESHOLD})."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Recompute even if nothing changed.")] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Group near-duplicate media into clusters; show first sighting, sources, sightings and timeline of each."""
    from tragac.matching.spread import run_spread, spread_report

    if min_sources < 1 or limit < 0:
        fail("--min-sources must be at least 1 and --limit at least 0")
    store = store_for(home)
    with reporter(not json) as rep:
        summary = run_spread(store, threshold=threshold, force=force, reporter=rep)
    with store.session() as s:
        clusters = spread_report(s, min_sources=min_sources, limit=limit or None)
    if json:
        print_json({"summary": summary, "clusters": clusters})
        return
    console.print(f"{summary['clusters']} clusters, {summary['clusters_in_several_sources']} seen in several sources")
    if not clusters:
        return
    table = Table("cluster", "kind", "sources", "sightings", "media", "first seen", "where")
    for c in clusters:
        first = c["first_seen"] or {}
        table.add_row(
            c["key"][:12], c["kind"], str(c["source_count"]), str(c["sighting_count"]), str(c["media_count"]),
            first.get("time") or "?", f"{first.get('source') or '?'} #{first.get('message_id') or '?'}",
        )  # fmt: skip
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("spread")(spread)
