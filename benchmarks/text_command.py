"""The text signals' speed as a user meets it: ``tragac scan-text`` against Presidio's equivalent command
(``benchmarks/presidio_scan_text.py``), each a fresh process reading the same JSON-lines file of generated messages
(``benchmarks/text.py``'s corpus) and writing one line per message. Start-up, imports and set-up are in the time:
that is what a user waits for. Each command runs on one core; CPU time is the children's user + system time.

    .venv/bin/python benchmarks/text_command.py [--messages 100000] [--seed 1] [--repeat 3]

Prints one JSON object; the ratio is Presidio's CPU seconds over tragač's, on the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from text import BENIGN, SIGNALS, machine, messages

HERE = Path(__file__).resolve().parent


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(command: list[str], source: Path, sink: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with source.open("rb") as stdin, sink.open("wb") as stdout:
        subprocess.run(command, stdin=stdin, stdout=stdout, check=True, preexec_fn=_pin)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": wall, "cpu_seconds": cpu}


def run(command: list[str], source: Path, sink: Path, n: int, repeat: int) -> dict[str, Any]:
    runs = [timed(command, source, sink) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["cpu_seconds"])
    lines = sum(1 for _ in sink.open("rb"))
    if lines != n:
        raise SystemExit(f"{command[1]}: {lines} output lines for {n} messages")
    return {
        "command": " ".join(Path(c).name if c.endswith(".py") or i == 0 else c for i, c in enumerate(command))
        + " < messages.jsonl",
        "seconds": round(best["seconds"], 2),
        "cpu_seconds": round(best["cpu_seconds"], 2),
        "cpu_seconds_of_each_run": [round(r["cpu_seconds"], 2) for r in runs],
        "messages_per_cpu_s": round(n / best["cpu_seconds"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each command; the least CPU time is reported")
    args = ap.parse_args()
    msgs = messages(args.messages, args.seed)
    with tempfile.TemporaryDirectory(prefix="tragac-bench-") as tmp:
        source, sink = Path(tmp) / "messages.jsonl", Path(tmp) / "out.jsonl"
        source.write_text(
            "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(msgs)),
            encoding="utf-8",
        )
        tragac = run([sys.executable, "-m", "tragac", "scan-text"], source, sink, len(msgs), args.repeat)
        flagged = sum(1 for line in sink.open("rb") if json.loads(line)["flags"])
        presidio = run([sys.executable, str(HERE / "presidio_scan_text.py")], source, sink, len(msgs), args.repeat)
    result = {
        "benchmark": "text signals, whole command, fresh process each",
        "messages": len(msgs),
        "distinct_messages": len(set(msgs)),
        "mean_chars": round(sum(map(len, msgs)) / len(msgs), 1),
        "templates": {"benign": len(BENIGN), "signals": len(SIGNALS), "total": len(BENIGN) + len(SIGNALS)},
        "tragac": {**tragac, "flagged_messages": flagged},
        "presidio": presidio,
        "speedup_vs_presidio_cpu": round(presidio["cpu_seconds"] / tragac["cpu_seconds"], 1),
        **machine(),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
