"""Fixtures for the source tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def telegram_fixtures(shared_fixtures: Path) -> Path:
    return shared_fixtures / "telegram"
