"""Full-text search over message text: SQLite FTS5 or PostgreSQL tsvector, kept in sync by the database itself.

SQLite: an external-content FTS5 table over ``message`` with insert/update/delete triggers. PostgreSQL: a GIN
expression index on ``to_tsvector('simple', text)``, which every write maintains. Both are created with
IF NOT EXISTS when the app starts, so they work on any store the migrations produced, new or old.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String, bindparam, column, text

from tragac.store import Store
from tragac.store.base import UTCDateTime

_SQLITE_DDL = [
    # unicode61 with remove_diacritics folds č/ć/š/ž/đ so "tragac" finds "tragač".
    "CREATE VIRTUAL TABLE IF NOT EXISTS message_fts USING fts5(text, content='message', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS message_fts_ai AFTER INSERT ON message BEGIN "
    "INSERT INTO message_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS message_fts_ad AFTER DELETE ON message BEGIN "
    "INSERT INTO message_fts(message_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS message_fts_au AFTER UPDATE OF text ON message BEGIN "
    "INSERT INTO message_fts(message_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO message_fts(rowid, text) VALUES (new.id, new.text); END",
]
_PG_DDL = "CREATE INDEX IF NOT EXISTS ix_message_text_fts ON message USING gin (to_tsvector('simple', text))"
# The review queue's exact order (severity, score descending, id): one index walk instead of a sort of every open flag.
_QUEUE_DDL = "CREATE INDEX IF NOT EXISTS ix_flag_review_order ON flag (state, severity, score DESC, id)"
_DDL_LOCK_KEY = 0x7472_6964  # "trid"


def ensure_index(store: Store) -> None:
    """Create the search index (and the review-queue index) if missing; on SQLite, fill the search index from
    messages written before it existed."""
    with store.engine.begin() as c:
        if store.dialect == "sqlite":
            existed = c.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'message_fts'")).first() is not None
            for ddl in _SQLITE_DDL:
                c.execute(text(ddl))
            if not existed:
                c.execute(text("INSERT INTO message_fts(message_fts) VALUES ('rebuild')"))
        elif store.dialect == "postgresql":
            # `serve --workers N` starts N apps at once; two concurrent CREATE INDEX IF NOT EXISTS of a missing index
            # collide on PostgreSQL's catalogue (one worker then dies), so they take turns.
            c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DDL_LOCK_KEY})
            c.execute(text(_PG_DDL))
        c.execute(text(_QUEUE_DDL))


_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_query(q: str) -> str | None:
    """User words as an FTS5 query: every word must appear (each quoted, so no FTS5 syntax can be injected);
    a trailing ``*`` keeps prefix search."""
    terms = []
    for raw in q.split()[:20]:
        prefix = raw.endswith("*")
        for word in _WORD.findall(raw):
            terms.append(f'"{word}"')
        if prefix and terms:
            terms[-1] += "*"
    return " ".join(terms) or None


@dataclass
class Hit:
    message_id: int
    source_id: int
    source_title: str | None
    date: datetime | None
    author_name: str | None
    snippet: str


@dataclass
class Filters:
    source_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def search(store: Store, q: str, filters: Filters, limit: int = 50, offset: int = 0) -> tuple[list[Hit], int]:
    """Matching messages, newest first, and the total count."""
    where: list[str] = []
    params: dict[str, object] = {"limit": limit, "offset": offset}
    binds = []
    if filters.source_id is not None:
        where.append("m.source_id = :source_id")
        params["source_id"] = filters.source_id
    for name, op in (("since", ">="), ("until", "<")):
        value = getattr(filters, name)
        if value is not None:
            where.append(f"m.date {op} :{name}")
            params[name] = value
            binds.append(bindparam(name, type_=UTCDateTime()))
    if store.dialect == "sqlite":
        match = fts5_query(q)
        if match is None:
            return [], 0
        params["q"] = match
        from_ = "message_fts f JOIN message m ON m.id = f.rowid JOIN source s ON s.id = m.source_id"
        where.insert(0, "message_fts MATCH :q")
    else:
        if not _WORD.search(q):
            return [], 0
        params["q"] = q
        from_ = "message m JOIN source s ON s.id = m.source_id"
        where.insert(0, "to_tsvector('simple', m.text) @@ websearch_to_tsquery('simple', :q)")
    base = f"FROM {from_} WHERE {' AND '.join(where)}"
    count_sql = text(f"SELECT count(*) {base}").bindparams(*binds)
    rows_sql = (
        text(
            f"SELECT m.id, m.source_id, s.title, m.date, m.author_name, m.text {base} "
            "ORDER BY m.date DESC, m.id DESC LIMIT :limit OFFSET :offset"
        )
        .bindparams(*binds)
        .columns(
            column("id", Integer),
            column("source_id", Integer),
            column("title", String),
            column("date", UTCDateTime()),
            column("author_name", String),
            column("text", String),
        )
    )
    with store.engine.connect() as c:
        total = c.execute(count_sql, params).scalar_one()
        rows = c.execute(rows_sql, params).all()
    hits = [Hit(r[0], r[1], r[2], r[3], r[4], _snippet(r[5] or "", q)) for r in rows]
    return hits, int(total)


def _snippet(body: str, q: str, width: int = 160) -> str:
    words = [w.lower() for w in _WORD.findall(q)]
    low = body.lower()
    pos = min((p for p in (low.find(w) for w in words) if p >= 0), default=0)
    start = max(0, pos - width // 3)
    piece = body[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")
