"""`tragac stats`: per-source figures (messages, authors, per-day activity, joins/leaves, top forwarded-from)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.errors import InputError

if TYPE_CHECKING:
    from tragac.store import Store


def resolve_sources(store: Store, values: list[str]) -> list[int]:
    """Store ids for ``--source`` values: a store id, or a platform chat id as the export writes it."""
    from sqlalchemy import select

    from tragac.store.models import Source

    ids: list[int] = []
    with store.session() as s:
        for value in values:
            found = s.scalars(select(Source.id).where(Source.platform_id == value)).all()
            if not found and value.isdigit():
                found = s.scalars(select(Source.id).where(Source.id == int(value))).all()
            if not found:
                raise InputError(f"--source {value}: no such source (use the id shown by `tragac stats`)")
            ids.extend(found)
    return sorted(set(ids))


def stats(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Only this source: its id, or the chat id from the export (repeatable)."),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="First UTC day, YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last UTC day, YYYY-MM-DD (inclusive).")] = None,
    days: Annotated[int, typer.Option("--days", min=0, help="Days of per-day detail shown in the table.")] = 14,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Per source: messages, service messages, authors, first/last message, per-day activity and top forwards."""
    from tragac.analytics.stats import compute_stats

    store = store_for(home)
    try:
        ids = resolve_sources(store, source) if source else None
        result = compute_stats(store, source_ids=ids, since=since, until=until)
    except InputError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json:
        print_json(result)
        return
    _print(result, days)


def _print(result: dict[str, Any], days: int) -> None:
    if not result["sources"]:
        console.print("no sources in the store yet (load an export with `tragac ingest PATH`)")
        return
    table = Table(title="Sources", title_justify="left")
    for col in ("id", "title", "type", "messages", "service", "authors", "first", "last"):
        table.add_column(col, justify="right" if col in {"id", "messages", "service", "authors"} else "left")
    for s in result["sources"]:
        table.add_row(
            str(s["id"]),
            s["title"] or "",
            s["type"],
            f"{s['messages']:,}",
            f"{s['service_messages']:,}",
            f"{s['authors']:,}",
            (s["first"] or "")[:16],
            (s["last"] or "")[:16],
        )
    console.print(table)
    for s in result["sources"]:
        if not s["per_day"] or days == 0:
            continue
        t = Table(title=f"{s['title']} (id {s['id']}): last {min(days, len(s['per_day']))} days", title_justify="left")
        for col in ("date", "messages", "authors", "joins", "leaves"):
            t.add_column(col, justify="left" if col == "date" else "right")
        for row in s["per_day"][-days:]:
            t.add_row(
                row["date"], f"{row['messages']:,}", f"{row['authors']:,}", f"{row['joins']:,}", f"{row['leaves']:,}"
            )
        console.print(t)
        if s["top_forwarded_from"]:
            names = ", ".join(f"{f['name']} ({f['count']})" for f in s["top_forwarded_from"])
            console.print(f"  top forwarded from: {names}")


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
