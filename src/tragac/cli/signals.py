"""`tragac signals …`: run the text detectors over stored messages, list detectors, hash a private lexicon."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer

from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.cli.scan_text import KeyEnvOption, LexiconOption, WatchOption, build_analyzer, key_from_env
from tragac.errors import InputError
from tragac.progress import reporter
from tragac.signals.base import detector_classes
from tragac.signals.stage import analyzer_for, run_signals
from tragac.store.models.signals import SEVERITY
from tragac.text.lexicon import hash_lexicon, load_lexicon

signals_app = typer.Typer(help="Text signals: doxxing, watched identities, CSAM codes, NCII solicitation, harassment.")


@signals_app.command("run")
def run(
    home: HomeOption = None,
    json: JsonOption = False,
    watch: WatchOption = None,
    lexicon: LexiconOption = None,
    key_env: KeyEnvOption = None,
    rescan: Annotated[bool, typer.Option("--rescan", help="Look at every message again, not only new ones.")] = False,
) -> None:
    """Apply every detector to stored messages not scanned before and store the flags (idempotent).

    Without --watch/--lexicon it uses HOME/watch.json and HOME/lexicons/ when they exist."""
    store = store_for(home)
    if watch or lexicon or key_env:
        analyzer = build_analyzer(watch, lexicon, key_env, store.settings.home)
    else:
        try:
            analyzer = analyzer_for(store.settings.home, store)  # also the open cases' watched identities
        except InputError as exc:
            fail(str(exc))
    with reporter(not json) as rep:
        summary = run_signals(store, analyzer, rep, rescan=rescan)
    if json:
        print_json(summary)
        return
    console.print(f"scanned {summary['messages']} messages, {summary['flags']} new flags")
    for cat, n in sorted(summary["by_category"].items(), key=lambda kv: SEVERITY.get(kv[0], 9)):
        console.print(f"  {cat:<18} {n}")


@signals_app.command("detectors")
def detectors(json: JsonOption = False) -> None:
    """List the text detectors, in review order."""
    rows = [
        {"name": c.name, "category": c.category, "severity": SEVERITY.get(c.category, 9), "help": c.help}
        for c in detector_classes()
    ]
    if json:
        print_json({"detectors": rows})
        return
    for r in rows:
        console.print(f"[bold]{r['name']:<18}[/] {r['help']}")


@signals_app.command("hash-lexicon")
def hash_lexicon_cmd(
    source: Annotated[Path, typer.Argument(help="A plain-text lexicon (YAML or JSON).")],
    output: Annotated[Path, typer.Argument(help="Where to write the hashed lexicon (JSON).")],
    key_env: Annotated[str, typer.Option("--key-env", help="Environment variable holding the key.")],
    json: JsonOption = False,
) -> None:
    """Write a lexicon whose phrases are replaced by HMAC-SHA256 hashes, to share a list without its terms.

    Entry ids in the output are opaque (the private list's numbered ids, or keyed hashes for a public one), since ids
    reach flags, exports and reports; nothing printed names a phrase."""
    key = key_from_env(key_env)
    assert key is not None
    try:
        lexicons = load_lexicon(source)
        if len(lexicons) != 1:
            fail(f"{source}: give one lexicon file, not a folder")
        hashed = hash_lexicon(lexicons[0], key)
    except InputError as exc:
        fail(str(exc))
    if output.exists():
        fail(f"{output} exists; refusing to overwrite it")
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(orjson.dumps(hashed, option=orjson.OPT_INDENT_2))
    tmp.replace(output)
    info = {"output": str(output), "entries": len(hashed["entries"])}
    if json:
        print_json(info)
    else:
        console.print(f"wrote {info['entries']} hashed entries to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(signals_app, name="signals")
