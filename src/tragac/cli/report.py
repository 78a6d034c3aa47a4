"""`tragac report`: the monitoring report as self-contained HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.progress import reporter

SinceOption = Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD, UTC), inclusive.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD, UTC), inclusive.")]
SourceOption = Annotated[
    list[int] | None, typer.Option("--source", help="Only this source id (repeatable; see `tragac stats`).")
]


def report(
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder to write report.html and report.pdf into.")],
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: sr (Serbian) or en.")] = "sr",
    no_examples: Annotated[
        bool, typer.Option("--no-examples", help="Leave out the (redacted) example messages.")
    ] = False,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Write only report.html.")] = False,
    evaluation: Annotated[
        Path | None,
        typer.Option(
            "--evaluation",
            help="`tragac eval text --json` output to quote in Method and limits "
            "(default: TRAGAC_HOME/evaluation/text.json if present).",
        ),
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Write the monitoring report: overview, per source, what is asked for, spread, network, doxxing, method.

    Authors appear only as pseudonyms; example messages are redacted; no image is ever included.
    """
    from tragac.analytics.report import build_report
    from tragac.analytics.scope import Scope, parse_day

    if evaluation is not None and not evaluation.is_file():
        fail(f"--evaluation {evaluation}: no such file")
    scope = Scope(
        source_ids=tuple(source or ()),
        since=parse_day(since, option="--since"),
        until=parse_day(until, option="--until"),
    )
    store = store_for(home)
    with reporter(not json) as rep:
        result = build_report(
            store,
            out,
            scope=scope,
            lang=lang.lower(),
            examples=not no_examples,
            pdf=not no_pdf,
            reporter=rep,
            evaluation=evaluation,
        )
    if json:
        print_json(result.as_json())
        return
    f = result.figures.get("overview", {})
    console.print(f"[bold]report[/]: {result.html}" + (f" and {result.pdf}" if result.pdf else ""))
    days = f.get("period", {}).get("days", 0)
    console.print(
        f"{f.get('sources', 0)} sources, {f.get('messages', 0)} messages over {days} days ({result.seconds:.1f} s)"
    )


def register(app: typer.Typer) -> None:
    app.command("report")(report)
