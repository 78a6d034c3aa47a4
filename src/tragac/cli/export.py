"""`tragac export`: research exports (CSV, Parquet, JSON Lines) and the network of groups (GEXF, GraphML)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.cli.report import SinceOption, SourceOption, UntilOption
from tragac.progress import reporter

if TYPE_CHECKING:
    from tragac.store import Store

ADMIN_TOKEN_ENV = "TRAGAC_ADMIN_TOKEN"

export_app = typer.Typer(
    name="export",
    help="Research exports, pseudonymised by default: messages, flags, media, sightings, clusters, network.",
    no_args_is_help=True,
)

FormatOption = Annotated[str, typer.Option("--format", "-f", help="csv, parquet or jsonl.")]
OutOption = Annotated[Path, typer.Option("-o", "--out", help="File to write (written whole or not at all).")]
RawIdsOption = Annotated[
    bool,
    typer.Option(
        "--raw-ids",
        help=f"Real author ids and names instead of pseudonyms. Admins only: set {ADMIN_TOKEN_ENV} to an "
        "administrator's API token. Audit-logged.",
    ),
]


def admin_actor(store: Store) -> str:
    """The administrator whose API token is in TRAGAC_ADMIN_TOKEN, or a one-line refusal."""
    from tragac.web.sessions import token_principal

    token = (store.settings.admin_token or "").strip()
    if not token:
        fail(f"--raw-ids is for administrators: set {ADMIN_TOKEN_ENV} to an administrator's API token")
    p = token_principal(store, token)
    if p is None or p.role != "admin":
        fail(f"--raw-ids: the token in {ADMIN_TOKEN_ENV} is not an active administrator's token")
    return p.name


def _audit(store: Store, actor: str, table: str, details: dict[str, Any]) -> None:
    from tragac import audit

    audit.record(store, audit.EXPORT, actor=actor, target=f"export:{table}", details=details)


def _table_command(name: str, help_text: str) -> None:
    def command(
        out: OutOption,
        fmt: FormatOption = "csv",
        since: SinceOption = None,
        until: UntilOption = None,
        source: SourceOption = None,
        raw_ids: RawIdsOption = False,
        home: HomeOption = None,
        json: JsonOption = False,
    ) -> None:
        from tragac.analytics.exports import FORMATS, export_table
        from tragac.analytics.scope import Scope, parse_day

        if fmt.lower() not in FORMATS:
            fail(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")

        scope = Scope(
            source_ids=tuple(source or ()),
            since=parse_day(since, option="--since"),
            until=parse_day(until, option="--until"),
        )
        store = store_for(home)
        actor = admin_actor(store) if raw_ids else f"cli:{getpass.getuser()}"
        with reporter(not json) as rep:
            result = export_table(store, name, fmt.lower(), out, scope=scope, raw_ids=raw_ids, reporter=rep)
        _audit(store, actor, name, {"format": result.format, "rows": result.rows, "raw_ids": raw_ids, "via": "cli"})
        if json:
            print_json(result.as_json())
        else:
            console.print(
                f"{result.rows} {name} rows written to {result.path} ({'raw ids' if raw_ids else 'pseudonymised'})"
            )

    command.__doc__ = f"Export {help_text}."
    export_app.command(name)(command)


def _register_tables() -> None:
    from tragac.analytics.exports import TABLES

    for name, t in TABLES.items():
        _table_command(name, t.help)


@export_app.command("network")
def network(
    out: OutOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="gexf or graphml (both open in Gephi).")] = "gexf",
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Export the network of groups (forwards and shared media, Louvain communities) for Gephi."""
    from tragac.analytics.network import FORMATS, build_network, summary, write_network
    from tragac.analytics.scope import Scope, parse_day

    if fmt.lower() not in FORMATS:
        fail(f"unknown network format {fmt!r} (choose gexf or graphml)")

    scope = Scope(
        source_ids=tuple(source or ()),
        since=parse_day(since, option="--since"),
        until=parse_day(until, option="--until"),
    )
    if out.is_dir() or not out.parent.is_dir():
        fail(f"-o {out}: give a file name in an existing folder")
    store = store_for(home)
    g = build_network(store, scope)
    write_network(g, out, fmt.lower())
    _audit(
        store,
        f"cli:{getpass.getuser()}",
        "network",
        {"format": fmt.lower(), "nodes": g.number_of_nodes(), "via": "cli"},
    )
    s = summary(g)
    info = {
        "table": "network",
        "format": fmt.lower(),
        "path": str(out),
        "nodes": s.nodes,
        "edges": s.edges,
        "communities": s.communities,
    }
    if json:
        print_json(info)
    else:
        console.print(f"network of {s.nodes} groups, {s.edges} links, {s.communities} communities written to {out}")


_register_tables()


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
