"""`tragac audit`: read and verify the hash-chained audit log."""

from __future__ import annotations

from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for

app = typer.Typer(help="The audit log: who did what when, hash-chained.", no_args_is_help=True)


@app.command("verify")
def verify(home: HomeOption = None, json: JsonOption = False) -> None:
    """Check every link of the chain; exit status 1 and the first bad event when it was tampered with."""
    from tragac import audit

    result = audit.verify(store_for(home))
    if json:
        print_json(result.as_dict())
    elif result.ok:
        console.print(f"audit chain intact: {result.events} events")
    if not result.ok:
        if not json:
            fail(f"audit chain broken at event {result.first_bad_seq}: {result.reason}", code=1)
        raise typer.Exit(1)


@app.command("list")
def list_(
    home: HomeOption = None,
    json: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Newest N events.")] = 50,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this user.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Only this action, e.g. media.reveal.")] = None,
) -> None:
    """Show the newest events."""
    from sqlalchemy import select

    from tragac.store.models.web import AuditEvent

    store = store_for(home)
    q = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if actor:
        q = q.where(AuditEvent.actor == actor)
    if action:
        q = q.where(AuditEvent.action == action)
    with store.session() as s:
        events = [
            {
                "seq": e.seq,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "target": e.target,
                "address": e.address,
                "details": e.details,
            }
            for e in s.scalars(q).all()
        ]
    if json:
        print_json({"events": events})
        return
    for e in events:
        console.print(
            f"{e['seq']:>6} {str(e['at'])[:19]} {e['actor'] or '-':<16} {e['action']:<18} {e['target'] or ''}",
            highlight=False,
        )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="audit")
