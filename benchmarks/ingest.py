"""Telegram export ingestion benchmark: messages per second and peak memory, against orjson's raw parse (JSON) or
BeautifulSoup with lxml parsing the same pages (HTML).

    .venv/bin/python benchmarks/ingest.py [--messages 1000000] [--shape full|single] [--keep DIR]
    .venv/bin/python benchmarks/ingest.py --format html [--messages 1000000] [--also 100000]

``--format html`` writes a generated Telegram Desktop HTML export (``tests/sources/html_gen.py``: one chat, 1000
messages a page) and times the whole command a user types, ``python -m tragac ingest --json FOLDER``, in a fresh
process (its peak RSS from ``wait4``), then BeautifulSoup(lxml) reading the same pages and picking out each message's
id, sender, date and text (no store) in another fresh process (on the first ``--bs4-messages`` messages' pages: it
is slow), compared as messages per second. ``--also N`` repeats the tragac run on the first N
messages' worth of pages, so the peak RSS at two sizes shows whether memory stays flat. Targets: >= 10,000
messages/s, peak RSS not growing with the export.

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


_BS4_CHILD = """
import json, re, resource, sys, time
from pathlib import Path
from bs4 import BeautifulSoup
pages = sorted(Path(sys.argv[1]).glob("messages*.html"), key=lambda p: int(p.stem[8:] or 1))[: int(sys.argv[2])]
t0, c0 = time.perf_counter(), time.process_time()
n, sender = 0, None
for page in pages:
    soup = BeautifulSoup(page.read_bytes(), "lxml")
    for div in soup.select("div.message"):
        if div.get("id", "message-").startswith("message-"):
            continue  # a day separator
        body = div.find("div", class_="body", recursive=False) or div
        name = body.find("div", class_="from_name", recursive=False)
        if name is not None:
            sender = name.get_text(strip=True)
        date = body.find("div", class_="date")
        text = body.find("div", class_="text", recursive=False)
        record = (div["id"], sender, date["title"] if date else None, text.get_text() if text else "")
        n += 1
    soup.decompose()
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"seconds": t1 - t0, "cpu_seconds": c1 - c0, "messages": n,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, REPO / "tests" / "sources" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _generator() -> Any:
    return _load("export_gen")


def _command(args: list[str]) -> dict[str, Any]:
    """Run a whole command in a fresh process: wall and CPU seconds, peak RSS (wait4), and its JSON output."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"{' '.join(args)} failed: {err.read().decode()[-2000:]}")
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_kb": usage.ru_maxrss,
        "output": json.loads(out),
    }


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


def _tragac_ingest(folder: Path, home: Path) -> dict[str, Any]:
    return _command([sys.executable, "-m", "tragac", "ingest", "--home", str(home), "--json", str(folder)])


def run_html(messages: int, also: int | None, bs4_messages: int, keep: Path | None) -> dict[str, Any]:
    _load("export_gen")
    html_gen = _load("html_gen")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="tragac-bench-ingest-html-"))
    folder = work / "export"
    info = machine()
    t0 = time.perf_counter()
    try:
        html_gen.write_html_export(folder, _generator().ChatSpec(1, "Velika grupa", messages=messages))
        generated = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in folder.glob("messages*.html"))
        runs: dict[str, Any] = {}
        if also:
            # The first pages alone: a smaller export of the same chat, for the memory comparison.
            small = work / "small"
            small.mkdir()
            for n in range(1, also // html_gen.PER_PAGE + 1):
                name = "messages.html" if n == 1 else f"messages{n}.html"
                os.link(folder / name, small / name)
            runs[str(also)] = _tragac_ingest(small, work / "home-small")
        runs[str(messages)] = _tragac_ingest(folder, work / "home")
        soup = _child(_BS4_CHILD, str(folder), str(max(1, bs4_messages // html_gen.PER_PAGE)))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_average_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    big = runs[str(messages)]
    result = big["output"]
    stored = result["messages_added"] + result["messages_unchanged"] + result["messages_updated"]
    rate = messages / big["seconds"]
    peaks = {n: round(r["peak_rss_kb"] / 1024, 1) for n, r in runs.items()}
    return {
        "benchmark": "ingest",
        "format": "html",
        "command": f"{Path(sys.executable).name} -m tragac ingest --home HOME --json FOLDER",
        "messages": messages,
        "messages_stored": stored,
        "pages": len(list(range(0, messages, html_gen.PER_PAGE))),
        "html_bytes": size,
        "generate_seconds": round(generated, 2),
        "seconds": round(big["seconds"], 2),
        "messages_per_s": round(rate),
        "cpu_seconds": round(big["cpu_seconds"], 2),
        "messages_per_cpu_s": round(messages / big["cpu_seconds"]),
        "peak_rss_mb_by_messages": peaks,
        "smaller_run": (
            {"messages": also, "seconds": round(runs[str(also)]["seconds"], 2)} if also and str(also) in runs else None
        ),
        "bs4_lxml_seconds": round(soup["seconds"], 2),
        "bs4_lxml_messages": soup["messages"],
        "bs4_lxml_messages_per_s": round(soup["messages"] / soup["seconds"]),
        "bs4_lxml_peak_rss_mb": round(soup["peak_rss_kb"] / 1024, 1),
        "speedup_over_bs4_lxml": round((messages / big["seconds"]) / (soup["messages"] / soup["seconds"]), 1),
        "targets_met": {"messages_per_s>=10000": rate >= 10_000},
        "result": result,
        "machine": info,
        "work_dir": str(work) if keep else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--format", choices=("json", "html"), default="json")
    ap.add_argument("--shape", choices=("full", "single"), default="full", help="JSON only")
    ap.add_argument("--also", type=int, default=100_000, help="HTML only: also ingest the first N messages' pages")
    ap.add_argument(
        "--bs4-messages",
        type=int,
        default=50_000,
        help="HTML only: BeautifulSoup reads the first N messages' pages (it runs at a few hundred messages/s)",
    )
    ap.add_argument("--keep", type=Path, help="write the export and store here and keep them")
    args = ap.parse_args()
    if args.format == "html":
        also = args.also if 0 < args.also < args.messages else None
        out = run_html(args.messages, also, min(args.bs4_messages, args.messages), args.keep)
    else:
        out = run(args.messages, args.shape, args.keep)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
