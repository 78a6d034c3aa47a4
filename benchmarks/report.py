"""Benchmark: the monitoring report (HTML + PDF) and the research exports on the demo corpus.

Generates the demo corpus (or reuses a store given with --home), ingests it, runs every stage, then times
``tragac.analytics.report.build_report`` section by section and each export table in CSV and Parquet. The issue's
target is a report in under 30 s on the default demo corpus. Prints one JSON object.

    .venv/bin/python benchmarks/report.py [--scale 1.0] [--days 30] [--home DIR]

There is no peer: building such a report by hand took the NGO months.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson


def prepare(root: Path, scale: float, days: int) -> tuple[Any, dict[str, float]]:
    from tragac.config import Settings
    from tragac.demo.generate import generate_corpus
    from tragac.pipeline import run_stages
    from tragac.sources.telegram_json import ingest_path
    from tragac.store import open_store

    t: dict[str, float] = {}
    t0 = time.perf_counter()
    export = generate_corpus(root / "export", seed=7, days=days, scale=scale)
    t["generate"] = time.perf_counter() - t0
    store = open_store(Settings(home=root / "home"))
    t0 = time.perf_counter()
    ingest_path(store, export)
    t["ingest"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_stages(store)
    t["stages"] = time.perf_counter() - t0
    return store, t


def pages(pdf: Path) -> int | None:
    """Page count from poppler's pdfinfo (WeasyPrint compresses its page tree, so it cannot be grepped)."""
    try:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(found.group(1)) if found else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--home", type=Path, help="an existing TRAGAC_HOME to report on instead of the demo corpus")
    args = ap.parse_args()

    from tragac.analytics.exports import TABLES, export_table
    from tragac.analytics.report import build_report

    with tempfile.TemporaryDirectory(prefix="tragac-report-bench-") as tmp:
        root = Path(tmp)
        if args.home:
            from tragac.config import Settings
            from tragac.store import open_store

            store, setup = open_store(Settings(home=args.home)), {}
        else:
            store, setup = prepare(root, args.scale, args.days)
        report = build_report(store, root / "report", lang="sr")
        pdf_pages = pages(report.pdf) if report.pdf else 0
        exports: dict[str, dict[str, float]] = {}
        for name in TABLES:
            for fmt in ("csv", "parquet"):
                t0 = time.perf_counter()
                r = export_table(store, name, fmt, root / f"{name}.{fmt}")
                secs = time.perf_counter() - t0
                exports[f"{name}.{fmt}"] = {"rows": r.rows, "seconds": round(secs, 2),
                                            "rows_per_s": round(r.rows / secs) if secs else 0}  # fmt: skip
        o = report.figures["overview"]
        out = {
            "corpus": {
                "scale": args.scale,
                "days": args.days,
                "messages": o["messages"],
                "sources": o["sources"],
                "media_posts": o["media_posts"],
                "home": str(args.home) if args.home else None,
            },
            "setup_seconds": {k: round(v, 1) for k, v in setup.items()},
            "report": {
                "seconds": round(report.seconds, 2),
                "target_seconds": 30,
                "sections": {k: round(v, 2) for k, v in report.timings.items()},
                "html_bytes": report.html.stat().st_size,
                "pdf_bytes": report.pdf.stat().st_size if report.pdf else 0,
                "pdf_pages": pdf_pages,
            },
            "exports": exports,
            # Peak of this process (the stages' hashing workers are separate processes).
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "machine": {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count()},
        }
        store.close()
    sys.stdout.write(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode() + "\n")


if __name__ == "__main__":
    main()
