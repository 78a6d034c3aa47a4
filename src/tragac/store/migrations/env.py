"""Alembic environment: runs on the engine the store hands over (see tragac.store.db.upgrade)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import tragac.store.models  # noqa: F401  (fills the metadata)
from tragac.store.base import Base

config = context.config
target_metadata = Base.metadata

engine = config.attributes.get("engine")
if engine is None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
