"""`tragac signals run` on the demo corpus finds the planted messages (small scale, to stay fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tragac.signals.demo_truth import score_demo
from tragac.store import Store

pytestmark = pytest.mark.slow


def test_planted_messages_are_found(sqlite_store: Store, tmp_path: Path) -> None:
    from tragac.demo.generate import generate_corpus
    from tragac.sources.telegram_json import ingest_path

    out = generate_corpus(tmp_path / "demo", seed=7, days=30, scale=0.05)
    ingest_path(sqlite_store, out)
    result = score_demo(sqlite_store, out / "truth.json")
    recall = {c: r["recall"] for c, r in result["recall_by_category"].items()}
    # Measured on the default corpus (scale 1): csam 1.0, doxxing 1.0, harassment 0.75, identity 0.57, ncii 0.58;
    # identity misses are first-name-only mentions, which the detector deliberately ignores (docs/text-signals.md).
    assert recall["csam_signal"] >= 0.9
    assert recall["doxxing"] >= 0.9
    assert recall.get("harassment", 1.0) >= 0.5
    assert result["hard_negatives"]["flagged"] == 0
    assert sum(result["flags_on_unplanted_messages"].values()) <= 2
