"""Telegram export ingestion benchmark: messages per second and peak memory, against orjson's raw parse.

    .venv/bin/python benchmarks/ingest.py [--messages 1000000] [--shape full|single] [--keep DIR]

Streams a generated Telegram Desktop export of N messages to a temporary folder (a full-account export with one big
group, a channel and a left group by default; ``--shape single`` writes a single-chat export), then, in a child
process, ingests it into a fresh SQLite store with ``ingest_path`` and reports wall and CPU time and the child's peak
RSS. In another child it times ``orjson.loads`` of the same file (the whole document in memory, no store) as the
yardstick of raw parsing speed. Prints one JSON object. Targets: >= 20,000 messages/s, peak RSS < 300 MB.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

_INGEST_CHILD = """
import json, resource, sys, time
from pathlib import Path
from tragac.config import Settings
from tragac.store import open_store
from tragac.sources.telegram_json import ingest_path
store = open_store(Settings(home=Path(sys.argv[2])))
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0, c0 = time.perf_counter(), time.process_time()
r = ingest_path(store, sys.argv[1])
t1, c1 = time.perf_counter(), time.process_time()
store.close()
print(json.dumps({"seconds": t1 - t0, "cpu_seconds": c1 - c0, "result": r.to_dict(),
                  "rss_before_kb": rss0, "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

_ORJSON_CHILD = """
import json, resource, sys, time
import orjson
t0, c0 = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as f:
    doc = orjson.loads(f.read())
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"seconds": t1 - t0, "cpu_seconds": c1 - c0,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("export_gen", REPO / "tests" / "sources" / "export_gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["export_gen"] = module
    spec.loader.exec_module(module)
    return module


def _child(code: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": platform.platform(),
        "load_average_at_start": load,
    }


def run(messages: int, shape: str, keep: Path | None) -> dict[str, Any]:
    gen = _generator()
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="tragac-bench-ingest-"))
    export = work / "export" / "result.json"
    info = machine()
    t0 = time.perf_counter()
    if shape == "single":
        chats = [gen.ChatSpec(1, "Grupa", messages=messages)]
    else:
        big = messages * 8 // 10
        chats = [
            gen.ChatSpec(1, "Velika grupa", messages=big),
            gen.ChatSpec(2, "Kanal", type="public_channel", messages=messages // 10),
            gen.ChatSpec(3, "Napuštena grupa", messages=messages - big - messages // 10, left=True),
        ]
    try:
        gen.write_export(export, chats, single=shape == "single")
        generated = time.perf_counter() - t0
        size = export.stat().st_size
        ingest = _child(_INGEST_CHILD, str(export), str(work / "home"))
        raw = _child(_ORJSON_CHILD, str(export))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_average_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    result = ingest["result"]
    stored = result["messages_added"] + result["messages_unchanged"] + result["messages_updated"]
    return {
        "benchmark": "ingest",
        "shape": shape,
        "messages": messages,
        "messages_stored": stored,
        "file_bytes": size,
        "generate_seconds": round(generated, 2),
        "seconds": round(ingest["seconds"], 2),
        "messages_per_s": round(messages / ingest["seconds"]),
        "cpu_seconds": round(ingest["cpu_seconds"], 2),
        "messages_per_cpu_s": round(messages / ingest["cpu_seconds"]),
        "cpu_us_per_message": round(ingest["cpu_seconds"] / messages * 1e6, 1),
        "mb_per_s": round(size / 1e6 / ingest["seconds"], 1),
        "peak_rss_mb": round(ingest["peak_rss_kb"] / 1024, 1),
        "rss_before_ingest_mb": round(ingest["rss_before_kb"] / 1024, 1),
        "orjson_loads_seconds": round(raw["seconds"], 2),
        "orjson_peak_rss_mb": round(raw["peak_rss_kb"] / 1024, 1),
        "ratio_to_orjson": round(ingest["seconds"] / raw["seconds"], 1),
        "targets_met": {
            "messages_per_s>=20000": messages / ingest["seconds"] >= 20_000,
            "peak_rss_mb<300": ingest["peak_rss_kb"] / 1024 < 300,
        },
        "result": result,
        "machine": info,
        "work_dir": str(work) if keep else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--shape", choices=("full", "single"), default="full")
    ap.add_argument("--keep", type=Path, help="write the export and store here and keep them")
    args = ap.parse_args()
    print(json.dumps(run(args.messages, args.shape, args.keep), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
