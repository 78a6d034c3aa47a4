"""`tragac case …`: a victim's case from first hash to confirmed removal (create, watch, import-hashes, show, close)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for

case_app = typer.Typer(
    help="Victim cases: watched identities, her hash bank, findings and alerts.", no_args_is_help=True
)

ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Who does this (recorded in the custody log). Default: TRAGAC_USER or your login."),
]


def actor(by: str | None) -> str:
    from tragac.config import load_settings

    return by or load_settings().user or getpass.getuser()


@case_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="A label for the case (never the victim's name), e.g. case-2026-014.")],
    pseudonym: Annotated[str, typer.Option("--pseudonym", help="The victim's pseudonym, as reports show her.")],
    caseworker: Annotated[str, typer.Option("--caseworker", help="The caseworker responsible.")],
    consent_notes: Annotated[
        str | None, typer.Option("--consent-notes", help="What she consented to (stored encrypted).")
    ] = None,
    possible_minor: Annotated[
        bool, typer.Option("--possible-minor", help="May involve a person under 18: no media, hotline referral only.")
    ] = False,
    vault: Annotated[bool, typer.Option("--vault", help="Opt in to keeping encrypted evidence copies.")] = False,
    alert_email: Annotated[str | None, typer.Option("--alert-email", help="Caseworker address for alerts.")] = None,
    alert_webhook: Annotated[str | None, typer.Option("--alert-webhook", help="URL for signed alert webhooks.")] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Create a case and its own hash bank."""
    from tragac.cases.service import create_case

    store = store_for(home)
    case = create_case(
        store,
        name,
        pseudonym=pseudonym,
        caseworker=caseworker,
        consent_notes=consent_notes,
        possible_minor=possible_minor,
        vault=vault,
        alert_email=alert_email,
        alert_webhook=alert_webhook,
    )
    out = {"id": case.id, "name": case.name, "bank_id": case.bank_id, "state": case.state}
    if json:
        print_json(out)
    else:
        console.print(
            f"case [bold]{case.name}[/] created (id {case.id}); add her hashes with `tragac case import-hashes`"
        )


@case_app.command("list")
def list_(home: HomeOption = None, json: JsonOption = False) -> None:
    """List cases with their findings and unread alerts."""
    from tragac.cases.service import list_cases

    rows = list_cases(store_for(home))
    if json:
        print_json({"cases": rows})
        return
    table = Table("id", "name", "pseudonym", "caseworker", "state", "findings", "unread alerts")
    for r in rows:
        state = r["state"] + (" · possible minor" if r["possible_minor"] else "")
        table.add_row(
            str(r["id"]), r["name"], r["pseudonym"], r["caseworker"], state, str(r["findings"]), str(r["unread_alerts"])
        )
    console.print(table)


@case_app.command("show")
def show(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    identities: Annotated[
        bool, typer.Option("--identities", help="Also decrypt and print the watched identities (logged).")
    ] = False,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Show a case: bank, timeline of findings, alerts and notices."""
    from tragac.cases import custody
    from tragac.cases.service import case_detail, case_identities, get_case

    store = store_for(home)
    detail = case_detail(store, case)
    if identities:
        detail["watched_identities"] = case_identities(store, case)
        with store.session() as s:
            custody.append(s, get_case(s, case).id, actor=actor(by), action="identities_viewed")
    if json:
        print_json(detail)
        return
    console.print(
        f"[bold]{detail['name']}[/] ({detail['state']}) pseudonym {detail['pseudonym']}, caseworker "
        f"{detail['caseworker']}; bank entries {detail['bank']['entries']}; identities watched: {detail['identities']}"
        + ("; [red]possible minor: hotline referral only[/]" if detail["possible_minor"] else "")
    )
    table = Table("id", "kind", "location", "posted", "found", "why")
    for f in detail["timeline"]:
        r = f["reason"] or {}
        why = r.get("rule", "")
        if r.get("distance") is not None:
            why += f" d={r['distance']}"
        table.add_row(str(f["id"]), f["kind"], f["url"] or "", str(f["posted_at"] or ""), str(f["found_at"]), why)
    console.print(table)
    for n in detail["notices"]:
        console.print(f"notice {n['id']}: {n['template']} to {n['recipient']} — {n['state']}")
    if identities:
        console.print(orjson.dumps(detail["watched_identities"], option=orjson.OPT_INDENT_2).decode())


@case_app.command("watch")
def watch(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    name: Annotated[str | None, typer.Option("--name", help="Her name as others write it.")] = None,
    handle: Annotated[list[str] | None, typer.Option("--handle", help="A username/handle (repeatable).")] = None,
    phone: Annotated[list[str] | None, typer.Option("--phone", help="A phone number (repeatable).")] = None,
    address: Annotated[list[str] | None, typer.Option("--address", help="A street address (repeatable).")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help='Watch-list JSON {"identities": [{"name","handles","phones","addresses"}]}'),
    ] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Add watched identities (stored encrypted; never printed or logged)."""
    from tragac.cases.service import add_identities

    new: list[dict[str, object]] = []
    if file is not None:
        try:
            data = orjson.loads(file.read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            fail(f"{file}: cannot read watch list ({exc})")
        if not isinstance(data, dict) or not isinstance(data.get("identities"), list):
            fail(f'{file}: expected {{"identities": [...]}}')
        new += data["identities"]
    if name or handle or phone or address:
        new.append({"name": name or "", "handles": handle or [], "phones": phone or [], "addresses": address or []})
    if not new:
        fail("nothing to watch: give --name/--handle/--phone/--address or --file")
    total = add_identities(store_for(home), case, new, actor=actor(by))
    if json:
        print_json({"added": len(new), "identities": total})
    else:
        console.print(f"{len(new)} identit{'y' if len(new) == 1 else 'ies'} added; the case watches {total}")


@case_app.command("import-hashes")
def import_hashes(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    file: Annotated[Path, typer.Argument(help="The tragac-hashes/1 file she made with `tragac hash`.")],
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Feed the case's bank with her hash file (all or nothing)."""
    from tragac.cases.service import import_hashes as do_import

    counts = do_import(store_for(home), case, file, actor=actor(by))
    if json:
        print_json(counts)
    else:
        console.print(
            f"{counts['items']} file(s): {counts['entries_added']} new hash entries "
            f"({counts['skipped']} skipped); run `tragac run` to match"
        )


@case_app.command("refresh")
def refresh(home: HomeOption = None, json: JsonOption = False) -> None:
    """Link new matches, identity flags and spread clusters to cases and send alerts (the `cases` stage)."""
    from tragac.cases.linker import refresh_cases

    out = refresh_cases(store_for(home))
    if json:
        print_json(out)
    else:
        console.print(f"{out['new_findings']} new finding(s) in {out['cases']} open case(s); {out['alerts']} alert(s)")


@case_app.command("alerts")
def alerts(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    mark_read: Annotated[bool, typer.Option("--mark-read", help="Mark the case's alerts read.")] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """The case's in-app alerts and how each was delivered."""
    from tragac.cases.service import case_detail, mark_alerts_read

    store = store_for(home)
    rows = case_detail(store, case)["alerts"]
    marked = mark_alerts_read(store, case) if mark_read else 0
    if json:
        print_json({"alerts": rows, "marked_read": marked})
        return
    for a in rows:
        status = "read" if a["read_at"] else "unread"
        console.print(f"{a['id']} {a['created_at']:%Y-%m-%d %H:%M} [{status}] {a['summary']}")


@case_app.command("vault")
def vault(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    enable: Annotated[bool, typer.Option("--enable/--disable", help="Keep encrypted evidence copies, or stop.")],
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Opt the case in to (or out of) the evidence vault. Disabling destroys its copies."""
    from tragac.cases import custody
    from tragac.cases.service import get_case
    from tragac.cases.vault import purge_case

    store = store_for(home)
    with store.session() as s:
        c = get_case(s, case)
        if enable and c.possible_minor:
            fail("a case that may involve a minor never keeps media")
        purged = 0 if enable else purge_case(store, s, c)
        c.vault_enabled = enable
        custody.append(
            s, c.id, actor=actor(by), action="vault_enabled" if enable else "vault_disabled", details={"purged": purged}
        )
    if json:
        print_json({"case": case, "vault": enable, "purged": purged})
    else:
        console.print(f"vault {'enabled' if enable else f'disabled ({purged} copies destroyed)'}")


@case_app.command("mark-minor")
def mark_minor(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Mark a case as possibly involving a minor: vault copies destroyed, notices replaced by hotline referral."""
    from tragac.cases.service import set_possible_minor

    set_possible_minor(store_for(home), case, actor=actor(by))
    if json:
        print_json({"case": case, "possible_minor": True})
    else:
        console.print("marked: no media will be kept; use `tragac notice draft` to get the hotline referral text")


@case_app.command("close")
def close(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Close a case (its history stays; no new findings are linked)."""
    from tragac.cases.service import close_case

    close_case(store_for(home), case, actor=actor(by))
    if json:
        print_json({"case": case, "state": "closed"})
    else:
        console.print(f"case {case} closed")


@case_app.command("withdraw")
def withdraw(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm: her hashes stop matching and identities are erased.")
    ] = False,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """The victim withdraws: her bank entries stop matching at once; identities and vault copies are erased."""
    from tragac.cases.service import withdraw_case

    if not yes:
        fail("withdrawal erases her identities and stops her hashes matching; repeat with --yes to confirm")
    out = withdraw_case(store_for(home), case, actor=actor(by))
    if json:
        print_json(out)
    else:
        console.print(
            f"withdrawn: {out['entries_withdrawn']} hash entries stopped, {out['matches_removed']} matches removed, "
            f"{out['vault_purged']} vault copies destroyed, identities erased"
        )


@case_app.command("rotate-key")
def rotate_key(by: ByOption = None, home: HomeOption = None, json: JsonOption = False) -> None:
    """Create a new encryption key and re-encrypt every case field and vault file with it."""
    from tragac.cases.service import rotate_key as do_rotate

    out = do_rotate(store_for(home), actor=actor(by))
    if json:
        print_json(out)
    else:
        console.print(
            f"new key {out['key_id']}: {out['fields_rewritten']} fields and {out['vault_files_rewritten']} vault files "
            "re-encrypted"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")
