"""Serbian search folding: the Python fold (queries) and the SQL fold (index) agree, on SQLite and PostgreSQL, and
search finds Cyrillic, Latin, undiacritised and inflected forms of a word on both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from tragac.store import Store
from tragac.store.models.core import Message, Source
from tragac.text import search_fold as fold
from tragac.web import search

# Fictional, benign sentences in both scripts, with and without diacritics, in several cases.
CORPUS = [
    "Ово је истина о групи",  # 0 Cyrillic "istina"
    "To je istina, rekla je",  # 1 Latin "istina"
    "Нове слике су стигле",  # 2 Cyrillic "slike"
    "poslao je dve slikama iz albuma",  # 3 Latin "slikama"
    "jedna slika samo",  # 4 Latin "slika"
    "Šta se dešava u Čačku?",  # 5 diacritics
    "sta se desava u cacku",  # 6 same words without diacritics
    "Шта се дешава у Чачку",  # 7 same words in Cyrillic
    "Ђорђе и Љубица су у Џепу",  # 8 ђ љ џ
    "djordje i ljubica su u dzepu",  # 9 their Latin ASCII spellings
    "vreme je lepo danas",  # 10 nothing to find
]


def _seed(store: Store) -> list[int]:
    search.ensure_index(store)
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    with store.session() as s:
        src = Source(platform="telegram", platform_id="77", kind="private_supergroup", title="Grupa")
        s.add(src)
        s.flush()
        msgs = [
            Message(
                source_id=src.id,
                platform_message_id=i + 1,
                kind="message",
                date=t0 + timedelta(minutes=i),
                text=body,
                content_hash=f"h{i}",
            )
            for i, body in enumerate(CORPUS)
        ]
        s.add_all(msgs)
        s.flush()
        return [m.id for m in msgs]


def _found(store: Store, ids: list[int], q: str) -> set[int]:
    hits, total = search.search(store, q, search.Filters(), limit=100)
    assert total == len(hits)
    return {ids.index(h.message_id) for h in hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("istina", {0, 1}),
        ("истина", {0, 1}),
        ("slike", {2, 3, 4}),  # stem "slik": slika, slike, slikama, слике
        ("слика", {2, 3, 4}),
        ("slikama", {2, 3, 4}),
        ("sta desava", {5, 6, 7}),
        ("Šta dešava", {5, 6, 7}),
        ("cacku", {5, 6, 7}),
        ("djordje ljubica", {8, 9}),
        ("Ђорђе", {8, 9}),
        ("dzepu", {8, 9}),
        ("ist*", {0, 1}),
        ("je", {0, 1, 3, 10}),  # short words match exactly, not as a prefix ("jedna" is not "je")
        ("nepostojece", set()),
    ],
)
def test_search_reads_serbian(store: Store, q: str, expected: set[int]) -> None:
    ids = _seed(store)
    assert _found(store, ids, q) == expected


def test_edits_and_deletes_stay_folded_in_the_index(store: Store) -> None:
    ids = _seed(store)
    with store.session() as s:
        s.get(Message, ids[10]).text = "Истина је другачија"  # type: ignore[union-attr]
    assert _found(store, ids, "istina") == {0, 1, 10}
    with store.session() as s:
        s.delete(s.get(Message, ids[0]))
    assert search.search(store, "istina", search.Filters())[1] == 2


def test_an_old_unfolded_index_is_replaced_and_filled(store: Store) -> None:
    """Stores indexed before folding existed get the folded index, filled from the messages already there."""
    ids = _seed(store)
    with store.engine.begin() as c:
        if store.dialect == "sqlite":
            for name in ("message_fold_fts_ai", "message_fold_fts_ad", "message_fold_fts_au"):
                c.execute(text(f"DROP TRIGGER {name}"))
            c.execute(text("DROP TABLE message_fold_fts"))
        else:
            c.execute(text(f"DROP INDEX {search.PG_INDEX}"))
    search.ensure_index(store)
    assert _found(store, ids, "истина") == {0, 1}


def test_hits_are_highlighted_in_the_original_script(store: Store) -> None:
    ids = _seed(store)
    hits, _ = search.search(store, "slike", search.Filters())
    by_row = {ids.index(h.message_id): str(h.snippet) for h in hits}
    assert by_row[2] == "Нове <mark>слике</mark> су стигле"
    assert by_row[3] == "poslao je dve <mark>slikama</mark> iz albuma"
    # The snippet is escaped: message text can never inject markup.
    assert str(search.snippet("<b>slika</b>", fold.query_terms("slika"))) == "&lt;b&gt;<mark>slika</mark>&lt;/b&gt;"


_SERBIAN = "абвгдђежзијклљмнњопрстћуфхцчџшАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШčćšžđČĆŠŽĐ"
_ALPHABET = st.sampled_from(_SERBIAN + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-")


@given(st.lists(st.text(_ALPHABET, max_size=40), min_size=1, max_size=25))
def test_python_fold_equals_sql_fold_on_sqlite(samples: list[str]) -> None:
    import sqlite3

    con = sqlite3.connect(":memory:")
    try:
        for s in samples:
            (got,) = con.execute(f"SELECT {fold.sql_fold('?')}", (s,)).fetchone()
            assert got == fold.fold(s)
    finally:
        con.close()


def test_python_fold_equals_sql_fold_on_the_store(store: Store) -> None:
    """The database's own fold (the SQLite trigger expression; PostgreSQL's immutable function) on every letter of
    both alphabets and a few generated mixtures equals the Python fold the query uses."""
    search.ensure_index(store)
    samples = [_SERBIAN, _SERBIAN.lower(), "Džep ЏЕП đak ЂАК Ljubav ЉУБАВ Njiva ЊИВА", "Čačak 123 ćup šuma žaba"]
    with store.engine.connect() as c:
        for s in samples:
            if store.dialect == "postgresql":
                got = c.execute(text(f"SELECT {search.PG_FOLD_FUNCTION}(:s)"), {"s": s}).scalar_one()
            else:
                got = c.execute(text(f"SELECT {fold.sql_fold(':s')}"), {"s": s}).scalar_one()
            assert got == fold.fold(s)
    assert fold.fold("Ђорђе ЉУБИЦА Čačak џеп") == "djordje ljubica cacak dzep"


@given(st.text(st.sampled_from("abcdefghijklmnoprstuvzčćšžđ"), min_size=1, max_size=15))
def test_stem_is_a_prefix_of_the_word_and_never_shorter_than_three(word: str) -> None:
    folded = fold.fold(word)
    stemmed = fold.stem(folded)
    assert folded.startswith(stemmed)
    assert len(stemmed) >= min(3, len(folded))


@given(st.text(max_size=60))
def test_any_query_makes_a_safe_fts5_and_tsquery(q: str) -> None:
    terms = fold.query_terms(q)
    for t in terms:
        assert t.text and fold.WORD.fullmatch(t.text)  # letters and digits only: no quote, no operator
    assert (fold.fts5_query(terms) is None) == (fold.tsquery(terms) is None) == (not terms)


def test_postgresql_answers_from_the_folded_index(store: Store) -> None:
    """The query's expression is the index's, so PostgreSQL can answer from the GIN index instead of folding every
    row (SQLite's FTS5 table is the index itself)."""
    _seed(store)
    if store.dialect != "postgresql":
        with store.engine.connect() as c:
            plan = " ".join(
                str(r)
                for r in c.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT rowid FROM message_fold_fts "
                        "WHERE message_fold_fts MATCH '\"istin\"*'"
                    )
                )
            )
        assert "VIRTUAL TABLE INDEX" in plan
        return
    with store.engine.begin() as c:
        c.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: make the planner show what it can use
        plan = " ".join(
            r[0]
            for r in c.execute(
                text(
                    f"EXPLAIN SELECT id FROM message WHERE to_tsvector('simple', {search.PG_FOLD_FUNCTION}(text)) "
                    "@@ to_tsquery('simple', :q)"
                ),
                {"q": fold.tsquery(fold.query_terms("istina"))},
            )
        )
    assert search.PG_INDEX in plan
