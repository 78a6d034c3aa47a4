"""``tragac demo``: generate the demo corpus under TRAGAC_HOME, ingest it, run every stage, open the demo case
(the fictional victim's hashes and watched identity, via ``tragac.cases.demo``) and summarise.

Public API: :func:`demo_export_dir`, :func:`ensure_corpus`, :func:`run_demo`. Serving the web app is left to the
caller (the CLI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from tragac.analytics.stats import compute_stats
from tragac.cases.demo import DEMO_CASE, create_demo_case
from tragac.cases.notices.organisation import demo_organisation
from tragac.config import Settings
from tragac.demo.generate import GENERATOR_VERSION, TRUTH_FILE, generate_corpus
from tragac.pipeline import run_stages
from tragac.progress import NullReporter, Reporter
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store

STAMP = ".tragac-demo.json"


def demo_export_dir(settings: Settings) -> Path:
    return settings.home / "demo" / "export"


def _options(seed: int, days: int, scale: float) -> dict[str, Any]:
    return {"seed": seed, "days": days, "scale": scale, "generator": GENERATOR_VERSION}


def ensure_corpus(
    settings: Settings, *, seed: int, days: int, scale: float, reporter: Reporter | None = None
) -> tuple[Path, bool]:
    """The demo export for these options, generating it unless it is already there; returns (folder, generated)."""
    out = demo_export_dir(settings)
    stamp = out / STAMP
    wanted = _options(seed, days, scale)
    if stamp.is_file() and (out / "result.json").is_file() and (out / TRUTH_FILE).is_file():
        try:
            if orjson.loads(stamp.read_bytes()) == wanted:
                return out, False
        except orjson.JSONDecodeError:
            pass
    generate_corpus(out, seed=seed, days=days, scale=scale, reporter=reporter)
    stamp.write_bytes(orjson.dumps(wanted))
    return out, True


def run_demo(
    store: Store, *, seed: int = 7, days: int = 30, scale: float = 1.0, reporter: Reporter | None = None
) -> dict[str, Any]:
    """Generate (or reuse) the corpus, ingest it, run every pipeline stage; returns the summary dict."""
    reporter = reporter or NullReporter()
    export, generated = ensure_corpus(store.settings, seed=seed, days=days, scale=scale, reporter=reporter)
    ingest = ingest_path(store, export, timezone="Europe/Belgrade", reporter=reporter)
    truth = orjson.loads((export / TRUTH_FILE).read_bytes())
    # The case goes in before the stages so its bank and watched identity are matched and scanned on the first run;
    # the second call links what the stages found and fills the case's evidence vault.
    create_demo_case(store, export, truth)
    stages = run_stages(store, reporter=reporter)
    create_demo_case(store, export, truth)
    # Issue 12 (caseworker workspace): fictional notifier settings, so drafting a notice works in the demo without
    # environment variables; an admin's saved settings are kept.
    demo_organisation(store)
    summary = summarise(compute_stats(store))
    summary["matches"] = _count_matches(store)
    return {
        "export": str(export),
        "generated": generated,
        "options": {"seed": seed, "days": days, "scale": scale},
        "ingest": ingest.to_dict(),
        "stages": stages,
        "demo_case": DEMO_CASE,
        "summary": summary,
    }


def _count_matches(store: Store) -> int:
    from sqlalchemy import func, select

    from tragac.store.models import Match

    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(Match)) or 0)


def summarise(stats: dict[str, Any]) -> dict[str, Any]:
    """Totals over every source and the busiest UTC day (messages summed across sources)."""
    per_day: dict[str, int] = {}
    for src in stats["sources"]:
        for row in src["per_day"]:
            per_day[row["date"]] = per_day.get(row["date"], 0) + row["messages"]
    busiest = max(sorted(per_day), key=lambda d: per_day[d]) if per_day else None
    return {
        "sources": len(stats["sources"]),
        "messages": sum(s["messages"] for s in stats["sources"]),
        "service_messages": sum(s["service_messages"] for s in stats["sources"]),
        "joins": sum(r["joins"] for s in stats["sources"] for r in s["per_day"]),
        "leaves": sum(r["leaves"] for s in stats["sources"] for r in s["per_day"]),
        "busiest_day": {"date": busiest, "messages": per_day[busiest]} if busiest else None,
        "per_source": [
            {"id": s["id"], "title": s["title"], "type": s["type"], "messages": s["messages"]} for s in stats["sources"]
        ],
    }
