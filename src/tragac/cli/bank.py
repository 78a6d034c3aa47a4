"""`tragac bank …`: create hash lists, import and export them in the formats other programmes use, withdraw hashes."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
from tragac.matching import banks
from tragac.matching.formats import FORMATS

app = typer.Typer(
    help="Hash lists (banks): victim cases, imported lists, analyst-confirmed media.", no_args_is_help=True
)

NameArg = Annotated[str, typer.Argument(help="Bank name (letters, digits, . _ - @ +).", show_default=False)]
ByOption = Annotated[str | None, typer.Option("--by", help="Who makes the change (default: your login name).")]
FORMAT_NAMES = ", ".join(FORMATS)


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _print_info(info: dict[str, Any]) -> None:
    console.print(f"[bold]{info['name']}[/] ({info['kind']}), PDQ threshold {info['threshold']}")
    console.print(f"  {info['active']} active of {info['entries']} entries, {info['matches']} matches")
    for signal, per in sorted(info["by_signal"].items()):
        console.print(f"  {signal}: " + ", ".join(f"{n} {status}" for status, n in sorted(per.items())))
    if info["robust"]:
        console.print(
            f"  robust matching: {info['robust_entries']} entries carry a robust fingerprint; candidates within "
            f"{info['robust_candidate_threshold']} bits, confirmed by {info['robust_min_inliers']} keypoints"
        )


@app.command("create")
def create(
    name: NameArg,
    kind: Annotated[
        str, typer.Option("--kind", help="victim_case, imported_list or analyst_confirmed.", show_default=False)
    ],
    threshold: Annotated[
        int, typer.Option("--threshold", help=f"PDQ match distance (<= {PDQ_MATCH_THRESHOLD} is Meta's default).")
    ] = PDQ_MATCH_THRESHOLD,
    description: Annotated[str | None, typer.Option("--description", help="Free text.")] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Create an empty bank."""
    store = store_for(home)
    with store.session() as s:
        bank = banks.create_bank(s, name, kind, threshold=threshold, description=description, created_by=_who(by))
        info = banks.bank_info(s, bank)
    if json:
        print_json(info)
    else:
        console.print(f"created bank [bold]{name}[/] ({kind}, PDQ threshold {threshold})")


@app.command("list")
def list_(home: HomeOption = None, json: JsonOption = False) -> None:
    """List the banks with their entry and match counts."""
    store = store_for(home)
    with store.session() as s:
        rows = banks.list_banks(s)
    if json:
        print_json({"banks": rows})
        return
    if not rows:
        console.print("no banks yet: `tragac bank create NAME --kind victim_case`")
        return
    table = Table("name", "kind", "threshold", "active", "entries", "matches", "enabled")
    for r in rows:
        table.add_row(
            r["name"], r["kind"], str(r["threshold"]), str(r["active"]), str(r["entries"]), str(r["matches"]),
            "yes" if r["enabled"] else "no",
        )  # fmt: skip
    console.print(table)


@app.command("show")
def show(name: NameArg, home: HomeOption = None, json: JsonOption = False) -> None:
    """Show one bank: settings, entries by signal type and status, matches."""
    store = store_for(home)
    with store.session() as s:
        info = banks.bank_info(s, banks.find_bank(s, name))
    if json:
        print_json(info)
    else:
        _print_info(info)


@app.command("import")
def import_(
    name: NameArg,
    file: Annotated[Path, typer.Argument(help="The hash-list file.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help=f"auto, {FORMAT_NAMES}.")] = "auto",
    label: Annotated[str | None, typer.Option("--label", help="Label every new entry with this.")] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Import hashes into a bank, all or nothing. Re-importing StopNCII records applies their status changes."""
    store = store_for(home)
    with store.session() as s:
        result = banks.import_hashes(s, name, file, fmt, added_by=_who(by), label=label)
    if json:
        print_json(result)
        return
    console.print(
        f"{result['file']} ({result['format']}): {result['read']} read, {result['added']} added, "
        f"{result['status_changed']} status changes, {result['unchanged']} already there"
    )
    if result["deactivated"]:
        console.print(
            f"{result['deactivated']} entries withdrawn or deleted; {result['matches_removed']} matches removed"
        )
    for reason, n in result["skipped"].items():
        console.print(f"skipped {n}: {reason}")


@app.command("export")
def export(
    name: NameArg,
    fmt: Annotated[str, typer.Option("--format", help=f"{FORMAT_NAMES}.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.", show_default=False)],
    all_entries: Annotated[
        bool | None,
        typer.Option("--all/--active-only", help="Include withdrawn and deleted entries (default: only for stopncii)."),
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Write a bank to a file in one of the interchange formats."""
    store = store_for(home)
    with store.session() as s:
        result = banks.export_hashes(s, name, fmt, output, include_inactive=all_entries)
    if json:
        print_json(result)
    else:
        console.print(f"wrote {result['written']} records to {result['file']} ({result['format']})")


@app.command("withdraw")
def withdraw(
    name: NameArg,
    hashes: Annotated[list[str] | None, typer.Option("--hash", help="Hash value (repeatable).")] = None,
    labels: Annotated[list[str] | None, typer.Option("--label", help="Every entry with this label.")] = None,
    items: Annotated[list[str] | None, typer.Option("--item", help="Every hash of this item (its SHA-256).")] = None,
    status: Annotated[str, typer.Option("--status", help="withdrawn, deleted, or active to undo.")] = "withdrawn",
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Withdraw entries: they stop matching at once and their matches are removed."""
    store = store_for(home)
    with store.session() as s:
        result = banks.set_status(
            s, name, status, hashes=hashes or [], labels=labels or [], item_keys=items or [], by=_who(by)
        )
    if json:
        print_json(result)
    else:
        console.print(
            f"{result['changed']} of {result['selected']} entries now {status}; "
            f"{result['matches_removed']} matches removed"
        )


@app.command("delete")
def delete(
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Delete a bank with all its entries and matches."""
    if not yes:
        if json:
            fail("deleting a bank needs --yes with --json")
        typer.confirm(f"Delete bank {name!r} with all its entries and matches?", abort=True)
    store = store_for(home)
    with store.session() as s:
        result = banks.delete_bank(s, name)
    if json:
        print_json(result)
    else:
        console.print(f"deleted bank {name}: {result['entries']} entries, {result['matches']} matches")


@app.command("configure")
def configure(
    name: NameArg,
    threshold: Annotated[int | None, typer.Option("--threshold", help="PDQ match distance.")] = None,
    video_fraction: Annotated[
        float | None, typer.Option("--video-fraction", help="Share of a video's frames that must match (0-1).")
    ] = None,
    robust: Annotated[
        bool | None,
        typer.Option(
            "--robust/--no-robust",
            help="Robust matching (crops, screenshots, rotations) for this bank's entries that carry robust "
            "fingerprints; monitored media get theirs when hashed from now on (docs/matching.md).",
        ),
    ] = None,
    candidate_threshold: Annotated[
        int | None, typer.Option("--candidate-threshold", help="Window distance that makes a robust candidate.")
    ] = None,
    min_inliers: Annotated[
        int | None, typer.Option("--min-inliers", help="Keypoints the verifier needs to confirm a candidate.")
    ] = None,
    enabled: Annotated[bool | None, typer.Option("--enable/--disable", help="Match this bank at all.")] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Change a bank's matching settings (audited); `tragac match --full` applies them to earlier matches."""
    from tragac import audit

    store = store_for(home)
    with store.session() as s:
        result = banks.configure_bank(
            s,
            name,
            threshold=threshold,
            video_match_fraction=video_fraction,
            robust=robust,
            robust_candidate_threshold=candidate_threshold,
            robust_min_inliers=min_inliers,
            enabled=enabled,
        )
    if result["changed"]:
        audit.record(store, banks.AUDIT_CONFIGURE, actor=_who(by), target=f"bank:{name}", details=result["changed"])
    if json:
        print_json(result)
    elif result["changed"]:
        for key, (before, after) in result["changed"].items():
            console.print(f"{name}: {key.replace('_', ' ')} {before} -> {after}")
    else:
        console.print(f"{name}: nothing changed")


@app.command("feedback")
def feedback(
    name: NameArg,
    fmt: Annotated[
        str, typer.Option("--format", help="stopncii (SubmitFeedback body) or opinions (ThreatExchange-style).")
    ] = "stopncii",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.", show_default=False)] = Path(
        "feedback.json"
    ),
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Write reviewers' confirm / deconfirm opinions on the bank's entries as a feedback file (audited)."""
    from tragac import audit
    from tragac.matching.feedback import export_feedback

    store = store_for(home)
    with store.session() as s:
        result = export_feedback(s, name, fmt, output)
    audit.record(store, audit.EXPORT, actor=_who(by), target=f"bank:{name}", details={"feedback": fmt, **result})
    if json:
        print_json(result)
    else:
        console.print(f"wrote {result['written']} opinions to {result['file']} ({fmt})")


quarantine_app = typer.Typer(help="Entries held for matching too many media at once.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
EntryArg = Annotated[int, typer.Argument(help="Bank entry id (see `tragac bank quarantine list`).", show_default=False)]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why (kept with the decision).")]


@quarantine_app.command("list")
def quarantine_list(
    state: Annotated[str, typer.Option("--state", help="held, released, withdrawn or all.")] = "held",
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """List quarantined entries: how many media each matched, and what was decided."""
    from tragac.matching.quarantine import list_quarantine

    store = store_for(home)
    with store.session() as s:
        rows = list_quarantine(s, None if state == "all" else state)
    if json:
        print_json({"quarantine": rows})
        return
    if not rows:
        console.print(f"no {'' if state == 'all' else state + ' '}entries in quarantine")
        return
    table = Table("entry", "bank", "label", "state", "media", "limit", "held matches", "held at", "decided by")
    for r in rows:
        table.add_row(
            str(r["entry_id"]),
            r["bank"],
            r["entry_label"] or "",
            r["state"],
            str(r["media_count"]),
            f"{r['max_media']} / {r['window_hours']:g} h",
            str(r["held_media"]),
            r["held_at"][:19],
            r["decided_by"] or "",
        )
    console.print(table)


@quarantine_app.command("release")
def quarantine_release(
    entry: EntryArg, note: NoteOption = None, by: ByOption = None, home: HomeOption = None, json: JsonOption = False
) -> None:
    """The entry is genuine: matching resumes and the next run matches it against every media (audited)."""
    from tragac.matching.quarantine import release

    result = release(store_for(home), entry, by=_who(by), note=note)
    if json:
        print_json(result)
    else:
        console.print(f"entry {entry} released; the next `tragac match` matches it again")


@quarantine_app.command("withdraw")
def quarantine_withdraw(
    entry: EntryArg, note: NoteOption = None, by: ByOption = None, home: HomeOption = None, json: JsonOption = False
) -> None:
    """The hash is bad: withdraw the entry and record a deconfirm opinion for the exchange (audited)."""
    from tragac.matching.quarantine import withdraw

    result = withdraw(store_for(home), entry, by=_who(by), note=note)
    if json:
        print_json(result)
    else:
        console.print(f"entry {entry} withdrawn; {result['matches_removed']} matches removed")


negative_app = typer.Typer(help="The negative bank: matches reviewers marked false.", no_args_is_help=True)
app.add_typer(negative_app, name="negative")


@negative_app.command("list")
def negative_list(
    bank: Annotated[str | None, typer.Option("--bank", help="Only this bank's entries.")] = None,
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="Only this organisation's (default: all).")
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """List the (entry, media) pairs marked false: those entries never match these media or their near-duplicates."""
    from tragac.matching.negative import list_negative

    store = store_for(home)
    with store.session() as s:
        rows = list_negative(s, organisation, bank)
    if json:
        print_json({"negative": rows})
        return
    if not rows:
        console.print("the negative bank is empty")
        return
    table = Table("organisation", "bank", "entry", "label", "media sha256", "by", "when", "reason")
    for r in rows:
        table.add_row(
            r["organisation"],
            r["bank"],
            str(r["entry_id"]),
            r["entry_label"] or "",
            (r["media_sha256"] or "")[:16],
            r["added_by"] or "",
            r["added_at"][:19],
            r["reason"] or "",
        )
    console.print(table)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bank")
