from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tragac.store.models  # noqa: F401
from tragac.store import Store, open_store
from tragac.store.base import Base
from tragac.store.db import upgrade
from tragac.store.models import Message, Source


def test_migrations_create_every_table_and_match_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    assert set(Base.metadata.tables) <= set(sa.inspect(store.engine).get_table_names())


def test_upgrade_is_idempotent(store: Store) -> None:
    upgrade(store.engine)
    upgrade(store.engine)
    with store.engine.connect() as c:
        assert c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()


def test_utc_round_trip_and_unique_message(store: Store) -> None:
    when = datetime(2026, 6, 19, 11, 26, 50, tzinfo=UTC)
    with store.session() as s:
        src = Source(platform="telegram", platform_id="42", kind="public_supergroup", title="Grupa")
        s.add(src)
        s.flush()
        s.add(Message(source_id=src.id, platform_message_id=-999678450, kind="message", date=when, content_hash="x"))
    with store.session() as s:
        m = s.scalars(sa.select(Message)).one()
        assert m.date == when and m.date.tzinfo is not None
        assert m.platform_message_id == -999678450


def test_sqlite_runs_in_wal_mode(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_reopen_existing_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tragac.config import Settings

    settings = Settings(home=tmp_path / "h")
    open_store(settings).close()
    open_store(settings).close()
    assert (tmp_path / "h" / "tragac.db").exists()
