"""The evaluation targets: precision and recall ≥ 0.9 for every category on the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tragac.signals.analyzer import TextAnalyzer
from tragac.signals.evaluate import CATEGORIES, evaluate


def test_labelled_set_is_large_and_varied(data_dir: Path) -> None:
    rows = [json.loads(line) for line in (data_dir / "text_eval.jsonl").read_text().splitlines()]
    assert len(rows) >= 400
    assert {r["variant"] for r in rows} >= {"original", "cyrillic", "no_diacritics", "leet", "homoglyph", "spaced"}
    negatives = [r for r in rows if not r["labels"]]
    assert len(negatives) >= 150
    texts = " ".join(r["text"] for r in negatives)
    for hard in ("u 18h", "18-godišnji", "ispod 18 stepeni", "razmena iskustava", "0800 100 007", "Petar Marković"):
        assert hard in texts


@pytest.mark.parametrize("category", CATEGORIES)
def test_targets(analyzer: TextAnalyzer, data_dir: Path, category: str) -> None:
    result = evaluate(data_dir / "text_eval.jsonl", analyzer)["categories"][category]
    assert result["precision"] >= 0.9, result
    assert result["recall"] >= 0.9, result
