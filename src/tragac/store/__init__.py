"""The store: SQLAlchemy models, sessions and migrations over SQLite or PostgreSQL."""

from tragac.store.db import Store, open_store

__all__ = ["Store", "open_store"]
