"""The sets written blind (their authors never saw the rules or the other sets): holdout4, holdout5 and holdout6 were
scored and then tuned on (docs/text-signals.md). These tests only keep each set whole and equal to what its generator
writes."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from tragac.signals.evaluate import CATEGORIES

EVAL_SETS = Path(__file__).parents[1] / "text" / "eval_sets"
BLIND = ["holdout4", "holdout5", "holdout6"]


def _rows(data_dir: Path, name: str) -> list[dict[str, object]]:
    path = data_dir / f"text_eval_{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", BLIND)
def test_a_blind_set_is_large_and_varied(data_dir: Path, name: str) -> None:
    rows = _rows(data_dir, name)
    assert len(rows) >= 250 and len({r["id"] for r in rows}) == len(rows)
    text = " ".join(str(r["text"]) for r in rows)
    assert any("\u0400" <= c <= "\u04ff" for c in text)  # both scripts
    assert sum(1 for r in rows if not r["labels"]) >= 70  # hard negatives
    per = {c: sum(1 for r in rows if c in r["labels"]) for c in CATEGORIES}  # type: ignore[operator]
    assert min(per.values()) >= 35, per


@pytest.mark.parametrize("name", BLIND)
def test_a_blind_set_is_what_its_generator_writes(data_dir: Path, name: str) -> None:
    gen = runpy.run_path(str(EVAL_SETS / f"make_text_eval_{name}.py"))
    assert [(r["text"], r["labels"]) for r in _rows(data_dir, name)] == list(gen["W"])
    watch = json.loads((data_dir / f"text_eval_{name}_watch.json").read_text(encoding="utf-8"))
    assert len(watch["identities"]) == 2
