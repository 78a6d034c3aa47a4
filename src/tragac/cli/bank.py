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


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bank")
