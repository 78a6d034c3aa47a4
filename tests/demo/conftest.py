"""A small demo corpus, generated once per test session (scale 0.03: ~800 messages, every planted kind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tragac.demo.generate import generate_corpus

SMALL = {"seed": 11, "days": 30, "scale": 0.03}


@pytest.fixture(scope="session")
def small_options() -> dict[str, float]:
    return dict(SMALL)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_corpus(tmp_path_factory.mktemp("demo") / "export", **SMALL)
