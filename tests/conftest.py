"""Shared fixtures: a fresh store on SQLite and on a real PostgreSQL, and the shared fixtures folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from tragac.config import Settings
from tragac.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"
# Shared 2-core CI machines make timing-based health checks and deadlines flaky; correctness checks stay on.
settings.register_profile("tragac", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tragac")

PG_URL = os.environ.get("TRAGAC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# In CI a PostgreSQL test that skips is a failure: the PostgreSQL path would go untested.
REQUIRE_PG = os.environ.get("CI", "").lower() in {"1", "true", "yes"} or bool(os.environ.get("TRAGAC_REQUIRE_POSTGRES"))

_pg_error: str | None = None
_pg_checked = False


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can (checked once per run)."""
    global _pg_checked, _pg_error
    if not _pg_checked:
        _pg_checked = True
        try:
            engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as c:
                c.execute(sa.text("SELECT 1"))
            engine.dispose()
        except Exception as exc:  # any failure to connect means "not available"
            _pg_error = f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}"
    return _pg_error


def require_postgres() -> None:
    why = postgres_unavailable()
    if why:
        if REQUIRE_PG:
            pytest.fail(f"{why} (CI requires the PostgreSQL tests to run)")
        pytest.skip(why)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for an empty store on each backend."""
    home = tmp_path / "home"
    if request.param == "sqlite":
        yield Settings(home=home)
    else:
        url = request.getfixturevalue("pg_url")
        yield Settings(home=home, database_url=url)


@pytest.fixture
def store(backend: Settings) -> Iterator[Store]:
    s = open_store(backend)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(Settings(home=tmp_path / "home"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    if not SHARED_FIXTURES.is_dir():
        pytest.fail(f"shared fixtures not found at {SHARED_FIXTURES}")
    return SHARED_FIXTURES
