"""`tragac init` and `tragac run`: create or upgrade the store, and run the analysis stages."""

from __future__ import annotations

from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.progress import reporter


def init(home: HomeOption = None, json: JsonOption = False) -> None:
    """Create the data folder and database, or bring an existing one to the newest schema."""
    from tragac.cases.signing import ensure_org_key

    store = store_for(home)
    # The organisation's Ed25519 key, which signs every evidence package, is made once, here, beside the key ring.
    ring, created = ensure_org_key(store.settings.ensure_home())
    info = {
        "database": store.settings.resolved_database_url(),
        "home": str(store.settings.home),
        "signing_key": ring.signing_key.id,
        "signing_key_created": created,
    }
    if json:
        print_json(info)
    else:
        console.print(f"store ready: {info['database']}")
        console.print(
            f"organisation signing key {ring.signing_key.id} ({'created' if created else 'kept'}); "
            "give out its public key with `tragac evidence public-key`",
            highlight=False,
        )


def run(
    home: HomeOption = None,
    json: JsonOption = False,
    stage: Annotated[list[str] | None, typer.Option("--stage", "-s", help="Run only this stage (repeatable).")] = None,
    list_stages: Annotated[bool, typer.Option("--list", help="List the stages and exit.")] = False,
) -> None:
    """Run every analysis stage over what is new in the store (hashing, matching, text signals, spread…)."""
    from tragac.pipeline import run_stages, stages

    if list_stages:
        rows = [{"name": s.name, "order": s.order, "help": s.help} for s in stages()]
        if json:
            print_json({"stages": rows})
        else:
            for r in rows:
                console.print(f"{r['name']:<12} {r['help']}")
        return
    store = store_for(home)
    with reporter(not json) as rep:
        results = run_stages(store, only=stage, reporter=rep)
    if json:
        print_json({"stages": results})
        return
    if not results:
        console.print("no analysis stages are installed")
    for name, summary in results.items():
        details = ", ".join(f"{k}={v}" for k, v in summary.items())
        console.print(f"[bold]{name}[/]: {details}")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("run")(run)
