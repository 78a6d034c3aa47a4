"""`tragac demo` (generate, ingest, analyse, serve) and `tragac demo generate OUT_DIR` (just write the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, settings_for, store_for
from tragac.errors import TragacError
from tragac.progress import reporter

if TYPE_CHECKING:
    from tragac.store import Store

SeedOption = Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives byte-identical files.")]
DaysOption = Annotated[int, typer.Option("--days", min=2, max=366, help="Days of activity to simulate.")]
ScaleOption = Annotated[
    float, typer.Option("--scale", min=0.001, max=10.0, help="Volume factor (1 = ≥25,000 messages, 50,000+ joins).")
]

DEMO_ADMIN = "admin"

app = typer.Typer()


@app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    seed: SeedOption = 7,
    days: DaysOption = 30,
    scale: ScaleOption = 1.0,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Stop after the summary; do not serve the web app.")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Address the web app listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port the web app listens on.")] = 8000,
    reset_admin: Annotated[
        bool, typer.Option("--reset-admin", help="Give the demo's admin account a new one-time password.")
    ] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Generate the demo corpus under TRAGAC_HOME/demo/export (once per options), ingest it, run every analysis
    stage, print a summary, then serve the web app on http://HOST:PORT unless --no-serve. Run again on the same
    home it reuses the corpus and keeps the admin account and its password (--reset-admin issues a new one)."""
    if ctx.invoked_subcommand is not None:
        return
    from tragac.demo.run import run_demo
    from tragac.web.server import ensure_port_free, serve

    try:
        if not no_serve:
            ensure_port_free(host, port)  # before minutes of work, not after
    except TragacError as exc:
        fail(str(exc))
    store = store_for(home)
    try:
        with reporter(not json) as rep:
            result = run_demo(store, seed=seed, days=days, scale=scale, reporter=rep)
        if not no_serve:
            result["login"] = _admin_login(store, reset_admin)
    except TragacError as exc:
        fail(str(exc))
    finally:
        store.close()
    result["served"] = not no_serve
    if json:
        print_json(result)
    else:
        _print_summary(result)
    if no_serve:
        return
    if not json:
        login = result["login"]
        if login["password"] is None:
            console.print(
                f"\n[bold]Open http://{host}:{port}[/] and sign in as [bold]{login['user']}[/] with the password you "
                "were given on the first run (kept). Forgot it? Stop the server and run [bold]tragac demo "
                "--reset-admin[/] ([bold]make demo RESET_ADMIN=1[/]) for a new one.  (Ctrl+C stops the server.)"
            )
        else:
            console.print(
                f"\n[bold]Open http://{host}:{port}[/] and sign in as [bold]{login['user']}[/] with the one-time "
                f"password [bold]{login['password']}[/] (shown once)  "
                "(Ctrl+C stops the server)."
            )
    serve(settings_for(home), host, port)


def _admin_login(store: Store, reset: bool) -> dict[str, Any]:
    """The demo's admin: created with a one-time password on the first run, kept (password unchanged) on later runs
    unless ``reset``. The password is shown once and never stored in plain text."""
    from tragac.web.accounts import get_user, one_time_login

    with store.session() as s:
        exists = get_user(s, DEMO_ADMIN) is not None
    if exists and not reset:
        return {"user": DEMO_ADMIN, "password": None, "kept": True}
    return {"user": DEMO_ADMIN, "password": one_time_login(store, DEMO_ADMIN, "admin"), "kept": False}


def _print_summary(result: dict[str, Any]) -> None:
    s = result["summary"]
    ing = result["ingest"]
    verb = "generated" if result["generated"] else "reused"
    console.print(f"[bold]demo export[/] ({verb}): {result['export']}")
    console.print(
        f"ingest: {ing['messages_added']:,} messages added, {ing['messages_unchanged']:,} unchanged, "
        f"{ing['service_messages']:,} service messages, {ing['media_files_present']:,} media files, "
        f"{ing['skipped']} skipped"
    )
    table = Table(title="Sources", title_justify="left")
    for col in ("id", "title", "type", "messages"):
        table.add_column(col, justify="right" if col in {"id", "messages"} else "left")
    for src in s["per_source"]:
        table.add_row(str(src["id"]), src["title"] or "", src["type"], f"{src['messages']:,}")
    console.print(table)
    console.print(
        f"{s['sources']} sources, {s['messages']:,} messages, {s['service_messages']:,} service messages, "
        f"{s['joins']:,} joins, {s['leaves']:,} leaves"
    )
    if s["busiest_day"]:
        console.print(f"busiest day: {s['busiest_day']['date']} with {s['busiest_day']['messages']:,} messages")
    if result["demo_case"]:
        console.print(
            f"case [bold]{result['demo_case']}[/]: the fictional victim's hashes and watched identity; "
            f"{s['matches']:,} media matches in the store"
        )
    if not result["stages"]:
        console.print("analysis stages: none installed yet")
    for name, summary in result["stages"].items():
        details = ", ".join(f"{k}={v}" for k, v in summary.items())
        console.print(f"stage [bold]{name}[/]: {details}")


@app.command("generate")
def generate(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the export into (new, empty, or a demo corpus).")],
    seed: SeedOption = 7,
    days: DaysOption = 30,
    scale: ScaleOption = 1.0,
    home: HomeOption = None,  # accepted like everywhere; the corpus goes to OUT_DIR, not the store
    json: JsonOption = False,
) -> None:
    """Write the synthetic Telegram Desktop full-account export (result.json, media) and truth.json to OUT_DIR."""
    from tragac.demo.generate import TRUTH_FILE, generate_corpus

    with reporter(not json) as rep:
        out = generate_corpus(out_dir, seed=seed, days=days, scale=scale, reporter=rep)
    truth = orjson.loads((out / TRUTH_FILE).read_bytes())
    info = {
        "export": str(out),
        "result_json": str(out / "result.json"),
        "truth_json": str(out / TRUTH_FILE),
        "seed": seed,
        "days": days,
        "scale": scale,
        "chats": len(truth["chats"]),
        "totals": truth["totals"],
        "busiest_day": truth["busiest_day"],
        "planted_messages": len(truth["planted_messages"]),
        "media_clusters": len(truth["planted_media"]["clusters"]),
        "victim_items": len(truth["planted_media"]["victim_items"]),
        "media_bytes": truth["generator"]["media_bytes"],
        "seconds": truth["generator"]["seconds"],
    }
    if json:
        print_json(info)
        return
    t = info["totals"]
    console.print(f"[bold]wrote[/] {info['result_json']} and {info['truth_json']}")
    console.print(
        f"{info['chats']} chats, {t['messages']:,} messages, {t['service_messages']:,} service messages, "
        f"{t['joins']:,} joins, {t['leaves']:,} leaves; busiest day {info['busiest_day']['date']} "
        f"({info['busiest_day']['messages']:,}); {info['planted_messages']} planted messages, "
        f"{info['media_clusters']} media clusters, {info['victim_items']} victim items; {info['seconds']} s"
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="demo")
