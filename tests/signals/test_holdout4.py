"""The fourth held-out set: written blind (its author never saw the rules or the other sets), so it measures how
the rules generalise. It is scored for docs/text-signals.md and never tuned on; these tests only keep it whole."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from tragac.signals.evaluate import CATEGORIES

SET = "text_eval_holdout4.jsonl"
GENERATOR = Path(__file__).parents[1] / "text" / "eval_sets" / "make_text_eval_holdout4.py"


def _rows(data_dir: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (data_dir / SET).read_text(encoding="utf-8").splitlines()]


def test_holdout4_is_large_and_varied(data_dir: Path) -> None:
    rows = _rows(data_dir)
    assert len(rows) >= 250 and len({r["id"] for r in rows}) == len(rows)
    text = " ".join(str(r["text"]) for r in rows)
    assert any("\u0400" <= c <= "\u04ff" for c in text)  # both scripts
    assert sum(1 for r in rows if not r["labels"]) >= 70  # hard negatives
    per = {c: sum(1 for r in rows if c in r["labels"]) for c in CATEGORIES}  # type: ignore[operator]
    assert min(per.values()) >= 35, per


def test_holdout4_is_what_its_generator_writes(data_dir: Path) -> None:
    gen = runpy.run_path(str(GENERATOR))
    assert [(r["text"], r["labels"]) for r in _rows(data_dir)] == list(gen["W"])
    watch = json.loads((data_dir / "text_eval_holdout4_watch.json").read_text(encoding="utf-8"))
    assert len(watch["identities"]) == 2
