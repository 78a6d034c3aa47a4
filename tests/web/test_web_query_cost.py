"""The review page's database cost stays flat as the queue grows, and its batched checks agree with the single ones."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import event, select

from tragac.store import Store
from tragac.store.models import SEVERITY, Flag, Media, Message, Sighting
from tragac.web import flags
from tragac.web import media as media_mod

from .conftest import Web


@contextmanager
def counted(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def note(_conn: object, _cur: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def add_media_flags(store: Store, n: int, tag: str) -> None:
    """``n`` extra ncii_match flags, each on its own media seen in a seeded message; every third marks a minor."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with store.session() as s:
        msgs = list(s.scalars(select(Message).where(Message.kind == "message").order_by(Message.id)).all())
        for i in range(n):
            md = Media(sha256=hashlib.sha256(f"{tag}{i}".encode()).hexdigest(), kind="image", created_at=at)
            s.add(md)
            s.flush()
            m = msgs[i % len(msgs)]
            s.add(Sighting(media_id=md.id, message_id=m.id, source_id=m.source_id, seen_at=at))
            s.add(
                Flag(
                    fingerprint=f"{tag}{i}",
                    detector="t",
                    category="ncii_match",
                    severity=SEVERITY.get("ncii_match", 9),
                    score=0.99,
                    rule="bank.t",
                    why="matched a victim's hash",
                    media_id=md.id,
                    message_id=m.id,
                    source_id=m.source_id,
                    possible_minor=i % 3 == 0,
                )
            )


def test_review_page_queries_do_not_grow_with_the_page(sqlite_web: Web) -> None:
    me = sqlite_web.login("analyst")
    me.client.get("/review")  # warm the facet cache: what follows is the steady state
    with counted(sqlite_web.store) as small:
        assert me.client.get("/review?category=ncii_match").status_code == 200
    add_media_flags(sqlite_web.store, 45, "q")
    with counted(sqlite_web.store) as large:
        page = me.client.get("/review?category=ncii_match")
    assert page.status_code == 200
    assert page.text.count('class="flag-row') == 46
    # No statement per row: the same handful of queries for 1 row as for 46 (the login's session row aside).
    assert len(large) <= len(small) + 1
    assert len(large) <= 8


def test_batched_minor_check_agrees_with_the_single_one(store: Store) -> None:
    from .seed import seed

    seed(store)
    add_media_flags(store, 9, "b")
    with store.session() as s:
        ids = list(s.scalars(select(Media.id)).all())
        hidden = media_mod.never_reveal_among(s, ids)
    assert hidden == {i for i in ids if media_mod.never_reveal(store, i)}
    assert hidden and set(ids) - hidden
    with store.session() as s:
        assert media_mod.never_reveal_among(s, []) == set()


def test_page_rows_read_inside_a_callers_session(store: Store) -> None:
    from .seed import seed

    seed(store)
    alone, nxt = flags.page(store, flags.FlagFilter(), 3)
    with store.session() as s:
        shared, nxt2 = flags.page(store, flags.FlagFilter(), 3, session=s)
    assert [r.id for r in alone] == [r.id for r in shared] and nxt == nxt2
    assert flags.as_dict(alone[0]) == flags.as_dict(shared[0])


def test_app_indexes_can_be_created_by_several_workers_at_once(store: Store) -> None:
    """`serve --workers N` builds N apps together: creating the missing indexes must not kill any of them."""
    import threading

    from sqlalchemy import text

    from tragac.web import search

    if store.dialect != "postgresql":
        return  # SQLite serialises DDL itself (one writer at a time)
    failures: list[BaseException] = []
    for _round in range(3):
        with store.engine.begin() as c:
            c.execute(text(f"DROP INDEX IF EXISTS {search.PG_INDEX}"))
            c.execute(text("DROP INDEX IF EXISTS ix_flag_review_order"))
        start = threading.Barrier(4)

        def build(start: threading.Barrier = start) -> None:
            start.wait()
            try:
                search.ensure_index(store)
            except BaseException as exc:  # collected and asserted below
                failures.append(exc)

        threads = [threading.Thread(target=build) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    with store.engine.connect() as c:
        names = set(
            c.execute(text("SELECT indexname FROM pg_indexes WHERE tablename IN ('message', 'flag')")).scalars()
        )
    assert {search.PG_INDEX, "ix_flag_review_order"} <= names
