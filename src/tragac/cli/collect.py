"""`tragac collect …`: live collection from Telegram groups and channels with a dedicated research account."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, err_console, fail, print_json, settings_for, store_for
from tragac.errors import InputError, TragacError
from tragac.progress import reporter as progress_reporter

if TYPE_CHECKING:  # Telethon and the store load only when a command runs (not for --help)
    from tragac.sources.live import accounts

app = typer.Typer(
    help="Live collection from Telegram groups and channels the research account belongs to (never joins, "
    "invites, messages or lists members).",
    no_args_is_help=True,
)
account_app = typer.Typer(help="Research accounts (encrypted Telethon sessions).", no_args_is_help=True)
sources_app = typer.Typer(help="Monitored chats.", no_args_is_help=True)
app.add_typer(account_app, name="account")
app.add_typer(sources_app, name="sources")

AccountOption = Annotated[
    str | None, typer.Option("--account", help="Account name (needed only when several are configured).")
]


def _home(home: Path | None) -> Path:
    return settings_for(home).ensure_home()


def _logging(quiet: bool) -> None:
    from rich.logging import RichHandler

    logging.getLogger("tragac.collect").setLevel(logging.INFO)
    handler = RichHandler(console=err_console, show_path=False, level=logging.WARNING if quiet else logging.INFO)
    root = logging.getLogger("tragac.collect")
    root.handlers = [handler]
    root.propagate = False


@account_app.command("add")
def account_add(
    name: Annotated[str, typer.Argument(help="A name for this account, e.g. research1.")],
    api_id: Annotated[
        int | None,
        typer.Option("--api-id", help="API id from my.telegram.org (default: the telegram.api_id setting)."),
    ] = None,
    api_hash: Annotated[
        str | None,
        typer.Option("--api-hash", help="API hash from my.telegram.org (default: the telegram.api_hash setting)."),
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Log in interactively (phone, code, 2FA password) and store the session encrypted under TRAGAC_HOME."""
    from tragac.sources.live import accounts

    accounts.check_name(name)
    store = store_for(home)
    telegram = store.settings.telegram  # TRAGAC_TELEGRAM_API_ID / _API_HASH
    api_id = api_id or telegram.api_id or typer.prompt("API id (my.telegram.org)", type=int)
    api_hash = api_hash or telegram.api_hash or typer.prompt("API hash", hide_input=True)
    try:
        session, user_id = asyncio.run(
            accounts.interactive_login(
                api_id,
                api_hash,
                phone=lambda: str(typer.prompt("Phone number of the research account (+381…)")),
                code=lambda: str(typer.prompt("Login code Telegram sent")),
                password=lambda: str(typer.prompt("Two-step verification password", hide_input=True)),
            )
        )
        account_id = accounts.save_account(store, _home(home), name, api_id, api_hash, session, user_id)
    except TragacError as exc:
        fail(str(exc))
    except Exception as exc:  # Telethon's login errors (bad code, bad password, network) as one line
        fail(f"login failed: {type(exc).__name__}: {exc}")
    finally:
        store.close()
    if json:
        print_json({"account": name, "id": account_id, "telegram_user_id": user_id})
    else:
        console.print(f"account [bold]{name}[/] saved (session encrypted)")


@account_app.command("list")
def account_list(home: HomeOption = None, json: JsonOption = False) -> None:
    """List research accounts (names and ids only; secrets are never shown)."""
    from tragac.sources.live import accounts

    store = store_for(home)
    try:
        rows = [
            {
                "name": a.name,
                "id": a.id,
                "telegram_user_id": a.telegram_user_id,
                "created_at": a.created_at,
                "last_used_at": a.last_used_at,
            }
            for a in accounts.list_accounts(store)
        ]
    finally:
        store.close()
    if json:
        print_json(rows)
        return
    table = Table("name", "telegram user", "created", "last used")
    for r in rows:
        table.add_row(
            str(r["name"]),
            str(r["telegram_user_id"] or ""),
            str(r["created_at"])[:19],
            str(r["last_used_at"] or "")[:19],
        )
    console.print(table)


@sources_app.command("add")
def sources_add(
    ref: Annotated[str, typer.Argument(help="@name, a t.me link, or a numeric chat id the account belongs to.")],
    account: AccountOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Monitor a group or channel the account is already a member of."""
    from tragac.sources.live.session import with_client
    from tragac.sources.telegram_live import add_source

    store = store_for(home)
    try:

        async def work(client: Any, secrets: accounts.AccountSecrets) -> dict[str, Any]:
            return await add_source(store, client, secrets.id, ref)

        row = asyncio.run(with_client(store, account, work))
    except TragacError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json:
        print_json(row)
    else:
        console.print(
            f"monitoring [bold]{row['title']}[/] ({row['kind']}, id {row['platform_id']}); "
            f"resuming after message {row['last_message_id']}"
        )


@sources_app.command("list")
def sources_list(home: HomeOption = None, json: JsonOption = False) -> None:
    """List monitored chats."""
    _status(home, json, full=False)


@app.command("status")
def collect_status(home: HomeOption = None, json: JsonOption = False) -> None:
    """Per source: last message id, last success, last error, next run, stored messages, member count."""
    _status(home, json, full=True)


def _status(home: Path | None, json: bool, *, full: bool) -> None:
    from tragac.sources.telegram_live import status

    store = store_for(home)
    try:
        rows = status(store)
    finally:
        store.close()
    if json:
        print_json(rows)
        return
    if not rows:
        console.print("no sources; add one with: tragac collect sources add @name")
        return
    cols = ["id", "title", "ref", "last msg id", "messages"]
    if full:
        cols += ["deleted", "members", "last success", "next run", "last error"]
    table = Table(*cols)
    for r in rows:
        cells = [str(r["source_id"]), r["title"] or "", r["ref"], str(r["last_message_id"]), str(r["messages"])]
        if full:
            cells += [
                str(r["deleted"]),
                "" if r["member_count"] is None else f"{r['member_count']:,}",
                str(r["last_success_at"] or "never")[:19],
                str(r["next_run_at"] or "now")[:19],
                (r["last_error"] or "")[:80],
            ]
        table.add_row(*cells)
    console.print(table)


@app.command("run")
def collect_run(
    once: Annotated[bool, typer.Option("--once", help="One pass over every source, then exit.")] = False,
    source: Annotated[
        str,
        typer.Option("--source", help="Collector to run: telegram (default), web, or one a plugin registers."),
    ] = "telegram",
    account: AccountOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Collect new messages, edits, deletions, member counts and media hashes; continuously unless --once.

    Ctrl-C or SIGTERM stops cleanly after the batch in flight. --source runs another registered collector once
    (web: the same pass as tragac web-watch run).
    """
    from tragac.sources.base import collector_named
    from tragac.sources.live.session import TelegramLive

    _logging(quiet=json)
    store = store_for(home)
    try:
        collector = collector_named(source)
        if once:
            options = {"account": account} if "account" in collector.options else {}
            with progress_reporter(not json) as rep:
                out = collector.collect_once(store, reporter=rep, **options)
        elif isinstance(collector, TelegramLive):
            collector.collect_forever(store, account=account)
            out = {"sources": []}
        else:
            raise InputError(f"collector {source!r} runs one pass at a time: add --once")
    except TragacError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json:
        print_json(out)
        return
    for line in collector.summary(out):
        console.print(line)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="collect")
