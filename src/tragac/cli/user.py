"""`tragac user`: accounts for the web app and API."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.store.models.web import ROLES

app = typer.Typer(help="Web app accounts: add, list, change role, disable.", no_args_is_help=True)
RoleOption = Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.")]


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: RoleOption,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input instead of generating one.")
    ] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Add an account. Without --password-stdin a password is generated and printed once."""
    from tragac import audit
    from tragac.web import accounts

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    store = store_for(home)
    generated = accounts.create_user(store, name, role, password)
    audit.record(store, audit.USER_ADD, actor=_cli_actor(), target=f"user:{name.strip()}", details={"role": role})
    shown = None if password_stdin else generated
    if json:
        print_json({"name": name.strip(), "role": role, "password": shown})
    elif shown:
        console.print(f"added {name.strip()} ({role}); one-time password: {shown}", highlight=False)
    else:
        console.print(f"added {name.strip()} ({role})", highlight=False)


@app.command("list")
def list_(home: HomeOption = None, json: JsonOption = False) -> None:
    """List accounts."""
    from tragac.web import accounts

    users = accounts.list_users(store_for(home))
    if json:
        print_json({"users": users})
        return
    if not users:
        console.print("no users yet: add one with `tragac user add NAME --role admin`")
    for u in users:
        state = "" if u["active"] else " (disabled)"
        console.print(f"{u['name']:<24} {u['role']:<11}{state}", highlight=False)


@app.command("set")
def set_(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str | None, typer.Option("--role", help=f"New role: {', '.join(ROLES)}.")] = None,
    disable: Annotated[bool, typer.Option("--disable", help="Block sign-in and tokens.")] = False,
    enable: Annotated[bool, typer.Option("--enable", help="Allow sign-in again.")] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Change an account's role, or disable / enable it (ends its sessions)."""
    from tragac import audit
    from tragac.errors import InputError
    from tragac.web import accounts
    from tragac.web.sessions import end_user_sessions

    if disable and enable:
        raise InputError("choose --disable or --enable, not both")
    store = store_for(home)
    active = False if disable else (True if enable else None)
    accounts.update_user(store, name, role=role, active=active)
    with store.session() as s:
        user = accounts.get_user(s, name)
        user_id = user.id if user else None
    if user_id is not None:
        end_user_sessions(store, user_id)
    details = {k: v for k, v in {"role": role, "active": active}.items() if v is not None}
    audit.record(store, audit.USER_CHANGE, actor=_cli_actor(), target=f"user:{name}", details=details)
    if json:
        print_json({"name": name, **details})
    else:
        console.print(f"updated {name}: {details}", highlight=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="user")
