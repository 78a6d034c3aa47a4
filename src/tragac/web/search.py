"""Full-text search over message text: SQLite FTS5 or PostgreSQL tsvector, kept in sync by the database itself.

Both index the message text *folded* for Serbian (tragac.text.search_fold: Cyrillic → Latin, diacritics dropped) and
match stemmed words as prefixes, so "istina" finds "истина" and "slike" finds "slikama". SQLite: a contentless FTS5
table over the folded text, filled by insert/update/delete triggers that fold in SQL. PostgreSQL: a GIN expression
index on ``to_tsvector('simple', tragac_search_fold(text))`` (an immutable SQL function), which every write
maintains. Both are created with IF NOT EXISTS when the app starts, so they work on any store the migrations
produced, new or old (an older unfolded index is dropped and the folded one filled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import Integer, String, bindparam, column, text

from tragac.store import Store
from tragac.store.base import UTCDateTime
from tragac.text import search_fold as fold
from tragac.text.search_fold import sql_fold

_FOLD_TEXT_NEW = sql_fold("new.text")
_FOLD_TEXT_OLD = sql_fold("old.text")
_SQLITE_DDL = [
    # A contentless FTS5 table over the *folded* text (Cyrillic → Latin, Serbian diacritics dropped, see
    # tragac.text.search_fold); unicode61 remove_diacritics also strips any other accents. Snippets come from
    # ``message.text`` itself, so the index needs no copy of the original.
    "CREATE VIRTUAL TABLE IF NOT EXISTS message_fold_fts USING fts5(text, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS message_fold_fts_ai AFTER INSERT ON message BEGIN "
    f"INSERT INTO message_fold_fts(rowid, text) VALUES (new.id, {_FOLD_TEXT_NEW}); END",
    "CREATE TRIGGER IF NOT EXISTS message_fold_fts_ad AFTER DELETE ON message BEGIN "
    f"INSERT INTO message_fold_fts(message_fold_fts, rowid, text) VALUES ('delete', old.id, {_FOLD_TEXT_OLD}); END",
    "CREATE TRIGGER IF NOT EXISTS message_fold_fts_au AFTER UPDATE OF text ON message BEGIN "
    f"INSERT INTO message_fold_fts(message_fold_fts, rowid, text) VALUES ('delete', old.id, {_FOLD_TEXT_OLD}); "
    f"INSERT INTO message_fold_fts(rowid, text) VALUES (new.id, {_FOLD_TEXT_NEW}); END",
]
# Stores made before folding had an unfolded FTS5 table; it is replaced, not kept in sync twice.
_SQLITE_OLD = [
    "DROP TRIGGER IF EXISTS message_fts_ai",
    "DROP TRIGGER IF EXISTS message_fts_ad",
    "DROP TRIGGER IF EXISTS message_fts_au",
    "DROP TABLE IF EXISTS message_fts",
]
_SQLITE_FILL = f"INSERT INTO message_fold_fts(rowid, text) SELECT id, {sql_fold('text')} FROM message"
# PostgreSQL: the fold as an IMMUTABLE function, so an expression index can hold it and the planner can use it.
PG_FOLD_FUNCTION = "tragac_search_fold"
_PG_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {PG_FOLD_FUNCTION}(t text) RETURNS text "
    f"LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN {sql_fold('t')}"
)
PG_INDEX = "ix_message_text_fold_fts"
_PG_VECTOR = f"to_tsvector('simple', {PG_FOLD_FUNCTION}(text))"
_PG_DDL = [
    "DROP INDEX IF EXISTS ix_message_text_fts",  # the unfolded index of older stores
    _PG_FUNCTION,
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON message USING gin ({_PG_VECTOR})",
]
# The review queue's exact order (severity, score descending, id): one index walk instead of a sort of every open flag.
_QUEUE_DDL = "CREATE INDEX IF NOT EXISTS ix_flag_review_order ON flag (state, severity, score DESC, id)"
_DDL_LOCK_KEY = 0x7472_6964  # "trid"


def ensure_index(store: Store) -> None:
    """Create the search index (and the review-queue index) if missing; on SQLite, fill the search index from
    messages written before it existed."""
    with store.engine.begin() as c:
        if store.dialect == "sqlite":
            existed = c.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'message_fold_fts'")).first() is not None
            if not existed:
                for ddl in _SQLITE_OLD:
                    c.execute(text(ddl))
            for ddl in _SQLITE_DDL:
                c.execute(text(ddl))
            if not existed:
                c.execute(text(_SQLITE_FILL))
        elif store.dialect == "postgresql":
            # `serve --workers N` starts N apps at once; two concurrent CREATE INDEX IF NOT EXISTS of a missing index
            # collide on PostgreSQL's catalogue (one worker then dies), so they take turns.
            c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DDL_LOCK_KEY})
            for ddl in _PG_DDL:
                c.execute(text(ddl))
        c.execute(text(_QUEUE_DDL))


@dataclass
class Hit:
    message_id: int
    source_id: int
    source_title: str | None
    date: datetime | None
    author_name: str | None
    snippet: Markup  # the text around the first hit, escaped, with every matching word in <mark>


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
    terms = fold.query_terms(q)
    if not terms:
        return [], 0
    if store.dialect == "sqlite":
        params["q"] = fold.fts5_query(terms)
        from_ = "message_fold_fts f JOIN message m ON m.id = f.rowid JOIN source s ON s.id = m.source_id"
        where.insert(0, "message_fold_fts MATCH :q")
    else:
        params["q"] = fold.tsquery(terms)
        from_ = "message m JOIN source s ON s.id = m.source_id"
        where.insert(0, f"to_tsvector('simple', {PG_FOLD_FUNCTION}(m.text)) @@ to_tsquery('simple', :q)")
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
    hits = [Hit(r[0], r[1], r[2], r[3], r[4], snippet(r[5] or "", terms)) for r in rows]
    return hits, int(total)


def snippet(body: str, terms: list[fold.Term], width: int = 160) -> Markup:
    """About ``width`` characters around the first hit, escaped, with each matching word marked."""
    spans = fold.highlight_spans(body, terms)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    end = min(len(body), start + width)
    out = [Markup("…") if start else Markup("")]
    pos = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(body[pos:a]))
        out.append(Markup("<mark>") + escape(body[a:b]) + Markup("</mark>"))
        pos = b
    out.append(escape(body[pos:end]))
    if end < len(body):
        out.append(Markup("…"))
    return Markup("").join(out)
