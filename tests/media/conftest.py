"""Fixtures for the media tests: Meta's PDQ and vPDQ reference data, read in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def pdq_fixtures(shared_fixtures: Path) -> Path:
    return shared_fixtures / "pdq"


@pytest.fixture(scope="session")
def expected_pdq(pdq_fixtures: Path) -> dict[str, dict[str, object]]:
    return json.loads((pdq_fixtures / "expected-pdq.json").read_text())["images"]


@pytest.fixture(scope="session")
def video_fixtures(shared_fixtures: Path) -> Path:
    return shared_fixtures / "video"
