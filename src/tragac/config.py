"""Settings, read from the environment (TRAGAC_*) and overridable per command with ``--home``."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("tragac", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRAGAC_", extra="ignore")

    home: Path = Field(default_factory=default_home, description="data folder: database, indexes, keys")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; empty means SQLite at HOME/tragac.db")
    # Matching thresholds are defaults; banks may carry their own.
    pdq_threshold: int = 31
    pdq_min_quality: int = 50
    video_frame_match_fraction: float = 0.8

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'tragac.db'}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.home


def load_settings(home: Path | None = None) -> Settings:
    """Settings from the environment, with ``home`` (the ``--home`` option) taking precedence."""
    if home is not None:
        return Settings(home=home)
    return Settings()
