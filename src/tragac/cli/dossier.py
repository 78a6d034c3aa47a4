"""`tragac dossier …`: a group dossier for a ban request, an author dossier for a civil case (HTML + PDF, sr/en)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.cli.evidence import OperatorOption, tragac_user
from tragac.store import Store

dossier_app = typer.Typer(
    help="Dossiers: one group for a ban request, one author for a civil case (HTML + PDF, sr/en).",
    no_args_is_help=True,
)

OutOption = Annotated[Path, typer.Option("-o", "--out", help="Folder to write <kind>-dossier.<lang>.html/.pdf into.")]
LangOption = Annotated[str, typer.Option("--lang", help="sr or en.")]
PdfOption = Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also print the dossier to an A4 PDF.")]
HandlesOption = Annotated[
    bool,
    typer.Option(
        "--show-handles",
        help="Handles and display names instead of pseudonyms only. Admins only: set TRAGAC_ADMIN_TOKEN to an "
        "administrator's API token. Audit-logged.",
    ),
]


def _make(
    kind: str,
    ref: str,
    out: Path,
    lang: str,
    pdf: bool,
    show_handles: bool,
    operator: str | None,
    home: Path | None,
    json: bool,
) -> dict[str, Any]:
    from tragac import audit
    from tragac.analytics.dossier import (
        DOSSIER_EXPORT,
        Context,
        build_author_dossier,
        build_group_dossier,
        write_files,
    )
    from tragac.progress import reporter

    store: Store = store_for(home)
    who = tragac_user(operator)
    if show_handles:
        _require_admin(store)
    ctx = Context.make(store, lang=lang, show_handles=show_handles, operator=who)
    with reporter(not json) as rep:
        rep.start(f"{kind} dossier", total=2)
        doc = build_group_dossier(ctx, ref) if kind == "group" else build_author_dossier(ctx, ref)
        rep.advance()
        paths = write_files(doc, out, pdf=pdf)
        rep.advance()
    target = (
        f"dossier:group:{doc['source']['id']}" if kind == "group" else f"dossier:author:{doc['author']['author_id']}"
    )
    audit.record(
        store,
        DOSSIER_EXPORT,
        actor=who,
        target=target,
        details={"lang": lang, "pdf": pdf, "show_handles": show_handles, "via": "cli"},
    )
    return {"files": {k: str(v) for k, v in paths.items()}, "dossier": doc}


def _require_admin(store: Store) -> None:
    """Handles are for administrators (as raw ids in exports are): the token in TRAGAC_ADMIN_TOKEN must be one."""
    from tragac.cli.common import fail
    from tragac.web.sessions import token_principal

    token = (store.settings.admin_token or "").strip()
    p = token_principal(store, token) if token else None
    if p is None or p.role != "admin":
        fail("--show-handles is for administrators: set TRAGAC_ADMIN_TOKEN to an active administrator's API token")


def _print(res: dict[str, Any], json: bool) -> None:
    if json:
        print_json(res)
        return
    for kind, path in res["files"].items():
        console.print(f"{kind}: {path}", highlight=False, soft_wrap=True)


@dossier_app.command("group")
def group(
    source: Annotated[str, typer.Argument(help="The group: Tragač id, platform id, @username or exact title.")],
    out: OutOption = Path("dossier"),
    lang: LangOption = "sr",
    pdf: PdfOption = True,
    show_handles: HandlesOption = False,
    operator: OperatorOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """One group's systematic abuse for a ban request: size and growth, admins and most active posters, solicitation,
    codes and doxxing over time, victims' matched media (hashes only), spread, masked examples, evidence packages,
    notices and their outcome."""
    _print(_make("group", source, out, lang, pdf, show_handles, operator, home, json), json)


@dossier_app.command("author")
def author(
    author_ref: Annotated[str, typer.Argument(metavar="AUTHOR", help="Tragač author id, platform id or pseudonym P-…")],
    out: OutOption = Path("dossier"),
    lang: LangOption = "sr",
    pdf: PdfOption = True,
    show_handles: HandlesOption = False,
    operator: OperatorOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """One account for a civil case: first sightings of victims' media, names over time, groups and activity,
    accounts seen in the same role; each statement with the message it rests on."""
    _print(_make("author", author_ref, out, lang, pdf, show_handles, operator, home, json), json)


def register(app: typer.Typer) -> None:
    app.add_typer(dossier_app, name="dossier")
