"""Presidio's equivalent of ``tragac scan-text``: {"id", "text"} JSON lines on stdin, one JSON line of results out
per input, with the pattern-recogniser engine of ``benchmarks/text.py``. ``benchmarks/text_command.py`` times it
against tragač's command on the same file.

    .venv/bin/python benchmarks/presidio_scan_text.py < messages.jsonl > results.jsonl
"""

from __future__ import annotations

import json
import sys

from text import presidio_engine  # benchmarks/ is this script's folder, so first on sys.path


def main() -> None:
    engine = presidio_engine()
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        row = json.loads(line)
        found = engine.analyze(text=row["text"], language="en")
        results = [{"type": r.entity_type, "start": r.start, "end": r.end, "score": r.score} for r in found]
        out.write(json.dumps({"id": row.get("id"), "results": results}) + "\n")


if __name__ == "__main__":
    main()
