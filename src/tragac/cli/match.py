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
    if summary["suppressed_by_negative_bank"]:
        console.print(f"{summary['suppressed_by_negative_bank']} match(es) suppressed: reviewers marked them false")
    if summary["entries_quarantined"] or summary["held_by_quarantine"]:
        console.print(
            f"{summary['entries_quarantined']} entry(ies) newly quarantined for matching too many media; "
            f"{summary['held_by_quarantine']} match(es) held (see `tragac bank quarantine list`)"
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


def match_explain(
    match_id: Annotated[int, typer.Argument(help="Match id (from `tragac match --json`).", show_default=False)],
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Explain one match: which fingerprint and window, distance, quality, verifier inliers, review and opinions."""
    from tragac.matching.match import explain_match

    store = store_for(home)
    with store.session() as s:
        info = explain_match(s, match_id)
    if json:
        print_json(info)
        return
    e = info["explain"]
    console.print(
        f"match {match_id}: {info['media_kind']} {info['media_sha256'][:16]} ~ entry {info['entry_id']} "
        f"({info['entry_label'] or 'no label'}) of bank {info['bank']}"
    )
    console.print(f"  fingerprint {e['fingerprint']}, rule {e['rule']}, distance {e['distance']}")
    if e.get("window"):
        console.print(f"  windows: query {e['window']['query']} ~ reference {e['window']['reference']}")
    if e.get("quality"):
        console.print(f"  quality: query {e['quality']['query']}, reference {e['quality']['reference']}")
    if e.get("inliers") is not None:
        needed = info["bank_settings"]["robust_min_inliers"]
        console.print(f"  verifier: {e['inliers']} keypoints agree on one transform (needs {needed})")
    if info["flag"]:
        console.print(f"  review item {info['flag']['id']}: {info['flag']['state']}")
    for fb in info["entry_feedback"]:
        console.print(f"  {fb['opinion']} by {fb['reviewer'] or 'unknown'} at {fb['at'][:19]}")


def register(app: typer.Typer) -> None:
    app.command("match")(match)
    app.command("match-explain")(match_explain)
