"""`tragac token`: bearer tokens for scripts using the JSON API."""

from __future__ import annotations

from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for

app = typer.Typer(help="API tokens (Authorization: Bearer TOKEN).", no_args_is_help=True)
UserOption = Annotated[str, typer.Option("--user", help="The account the token acts as (same role).")]


@app.command("create")
def create(
    user: UserOption,
    label: Annotated[str | None, typer.Option("--label", help="What the token is for.")] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Create a token and print it alone (it is stored hashed: this is the only time it is shown)."""
    from tragac import audit
    from tragac.web import accounts

    store = store_for(home)
    token = accounts.create_token(store, user, label)
    audit.record(store, audit.TOKEN_CREATE, actor="cli", target=f"user:{user}", details={"label": label})
    if json:
        print_json({"user": user, "token": token})
    else:
        typer.echo(token)


@app.command("revoke")
def revoke(user: UserOption, home: HomeOption = None, json: JsonOption = False) -> None:
    """Revoke every token of an account."""
    from tragac import audit
    from tragac.web import accounts

    store = store_for(home)
    n = accounts.revoke_tokens(store, user)
    audit.record(store, "token.revoke", actor="cli", target=f"user:{user}", details={"revoked": n})
    if json:
        print_json({"user": user, "revoked": n})
    else:
        console.print(f"revoked {n} token(s) of {user}", highlight=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="token")
