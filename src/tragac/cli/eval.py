"""`tragac eval text FILE`: precision and recall per category on a labelled JSON-lines set."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, settings_for, store_for
from tragac.cli.scan_text import KeyEnvOption, LexiconOption, ModelOption, WatchOption, build_analyzer
from tragac.errors import InputError

eval_app = typer.Typer(help="Measure detectors on labelled data.")


@eval_app.command("text")
def text(
    file: Annotated[Path, typer.Argument(help='JSON lines: {"id", "text", "labels": [category…]}.')],
    watch: WatchOption = None,
    model: ModelOption = None,
    lexicon: LexiconOption = None,
    key_env: KeyEnvOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Precision and recall of every text detector category on FILE (message level)."""
    from tragac.signals.evaluate import evaluate

    analyzer = build_analyzer(watch, lexicon, key_env, settings_for(home).home if home else None, model)
    try:
        result = evaluate(file, analyzer)
    except InputError as exc:
        fail(str(exc))
    if json:
        print_json(result)
        return
    table = Table(title=f"{result['file']} ({result['messages']} messages)")
    for col in ("category", "precision", "P 95% CI", "recall", "R 95% CI", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for cat, r in result["categories"].items():
        pci, rci = r["precision_ci95"], r["recall_ci95"]
        table.add_row(
            cat,
            f"{r['precision']:.3f}",
            f"{pci[0]:.2f}–{pci[1]:.2f}",
            f"{r['recall']:.3f}",
            f"{rci[0]:.2f}–{rci[1]:.2f}",
            str(r["tp"]),
            str(r["fp"]),
            str(r["fn"]),
        )
    console.print(table)


@eval_app.command("demo")
def demo(
    truth: Annotated[Path, typer.Argument(help="The demo corpus's truth.json (tragac demo generate).")],
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Run the signals stage on a store holding the ingested demo corpus and score it against truth.json."""
    from tragac.signals.demo_truth import score_demo

    store = store_for(home)
    try:
        result = score_demo(store, truth)
    except InputError as exc:
        fail(str(exc))
    if json:
        print_json(result)
        return
    for cat, r in result["recall_by_category"].items():
        console.print(f"{cat:<18} found {r['found']}/{r['planted']} planted (recall {r['recall']:.3f})")
    hn = result["hard_negatives"]
    console.print(f"hard negatives flagged: {hn['flagged']}/{hn['planted']}")
    console.print(f"flags on unplanted messages: {result['flags_on_unplanted_messages']}")


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
