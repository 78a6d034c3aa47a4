from __future__ import annotations

from pathlib import Path

import pytest

from tragac.signals.analyzer import TextAnalyzer
from tragac.text.lexicon import build_matcher
from tragac.text.watch import WatchList

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def eval_watch() -> Path:
    return DATA / "text_eval_watch.json"


@pytest.fixture(scope="session")
def analyzer(eval_watch: Path) -> TextAnalyzer:
    return TextAnalyzer(build_matcher(), WatchList.load(eval_watch))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
