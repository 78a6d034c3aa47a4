"""One chat exported as HTML and as JSON, ingested into one store in either order: one source keyed by the JSON chat
id, the messages and service events of the JSON export, real author ids (no made-up HTML author left). The real pair
is LangChain's fixture (tests/data/telegram/langchain-pair-2023/README.md); the generated pair is one chat rendered
by export_gen and html_gen."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from export_gen import ChatSpec, write_export
from html_gen import write_html_export
from ingest_helpers import count

import tragac.sources.telegram_merge as merge
from tragac.config import Settings
from tragac.errors import InputError
from tragac.sources.telegram_html import ingest_html
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store, open_store

_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
PAIR = Path(__file__).parent.parent / "data" / "telegram" / "langchain-pair-2023"

MESSAGES = """SELECT m.platform_message_id, m.kind, m.date, a.platform_id, m.author_name, m.text, m.entities,
    m.reply_to_message_id, m.forwarded_from, m.media_type, s.platform_id
    FROM message m JOIN source s ON s.id = m.source_id LEFT JOIN author a ON a.id = m.author_id
    ORDER BY s.platform_id, m.platform_message_id"""
EVENTS = """SELECT m.platform_message_id, e.event, e.actor_id, e.actor_name, e.members, e.member_count, e.date
    FROM membership_event e JOIN message m ON m.id = e.message_id ORDER BY m.platform_message_id"""
AUTHORS = "SELECT platform_id, display_name FROM author ORDER BY platform_id"


def _plain(v: Any) -> Any:
    """Columns compared as values: JSON parsed (the writer's fast path and SQLAlchemy space it differently), times
    as UTC text (SQLite gives text, PostgreSQL datetimes)."""
    if isinstance(v, datetime):
        return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, str) and _TIME.match(v):
        return v[:19]
    if isinstance(v, str) and v[:1] in ("[", "{"):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def _rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as c:
        return [tuple(_plain(v) for v in r) for r in c.execute(sa.text(sql))]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[tuple[Any, ...]]]]:
    """A generated chat as JSON and HTML, and what the JSON export alone stores."""
    tmp = tmp_path_factory.mktemp("pair")
    chat = ChatSpec(2001, "Grupa", messages=2600)
    photos = {f"photos/photo_{i}.jpg": bytes([i]) * 500 for i in range(3)}
    json_export = write_export(tmp / "json" / "result.json", [chat], single=True, photos=photos)
    html_export = write_html_export(tmp / "html", chat, photos=photos)
    alone = open_store(Settings(home=tmp / "alone"))
    try:
        ingest_path(alone, json_export)
        truth = {name: _rows(alone, sql) for name, sql in (("m", MESSAGES), ("e", EVENTS), ("a", AUTHORS))}
    finally:
        alone.close()
    return json_export, html_export, truth


@pytest.mark.parametrize("order", ["html-then-json", "json-then-html"])
def test_one_chat_in_both_formats_is_one_source_with_the_json_exports_rows(
    store: Store, pair: tuple[Path, Path, dict[str, list[tuple[Any, ...]]]], order: str
) -> None:
    json_export, html_export, truth = pair
    steps = [ingest_html, ingest_path] if order == "html-then-json" else [ingest_path, ingest_html]
    exports = [html_export, json_export] if order == "html-then-json" else [json_export, html_export]
    results = [step(store, export) for step, export in zip(steps, exports, strict=True)]
    assert all(r.sources == 1 and r.errors == [] for r in results)
    if order == "html-then-json":
        assert results[1].messages_merged == 2600 and results[1].edits_recorded == 0
    else:
        assert results[1].messages_unchanged == 2600 and results[1].messages_added == 0
    assert _rows(store, "SELECT platform_id, title FROM source") == [("2001", "Grupa")]
    assert _rows(store, MESSAGES) == truth["m"]
    assert _rows(store, EVENTS) == truth["e"]
    assert _rows(store, AUTHORS) == truth["a"]  # real ids only: no html:… author is left
    assert count(store, "message_edit") == 0
    # Either format again changes nothing, and lands in the same source.
    for step, export in zip(steps, exports, strict=True):
        again = step(store, export)
        assert again.messages_added == again.messages_updated == again.messages_merged == 0
    assert _rows(store, MESSAGES) == truth["m"] and count(store, "source") == 1


def test_langchains_real_pair_merges_and_the_json_times_win(store: Store, shared_fixtures: Path) -> None:
    html = shared_fixtures / "telegram" / "html" / "langchain-personal-2023"
    h = ingest_html(store, html)
    assert h.messages_added == 4
    j = ingest_path(store, PAIR / "result.json")
    # Titles differ ("Jimmeny Marvelton" / "Jimmeny") but four messages agree: it is the same chat.
    assert j.messages_merged == 4 and j.messages_added == 2 and j.edits_recorded == 0
    assert _rows(store, "SELECT platform_id, kind, title FROM source") == [("5965280513", "personal_chat", "Jimmeny")]
    rows = _rows(store, MESSAGES)
    assert [(r[0], r[3], r[5]) for r in rows] == [
        (1, "user123450513", "i refuse to converse with you"),
        (2, "user6565661032", "Hi nemesis"),
        (3, "user123450513", "we meet again"),
        (4, "user123450513", "you will not trick me this time"),
        (5, "user6565661032", "this is bold text: BOLD TEXT"),
        (6, "user123450513", "this is an email: admin@example.com"),
    ]
    # The HTML says 13:11:23 UTC-08:00; the JSON's date_unixtime (the authority) says 20:11:23 UTC.
    first = rows[0][2]
    assert str(first).startswith("2023-08-23 20:11:23")
    assert _rows(store, AUTHORS) == [("user123450513", "Jimmeny Marvelton"), ("user6565661032", "Batman & Robin")]
    again = ingest_html(store, html)  # the HTML again: recognised by its key, adds nothing, keeps the JSON rows
    assert again.messages_unchanged == 4 and again.messages_added == 0
    assert _rows(store, MESSAGES) == rows


def test_same_as_names_the_chat_when_the_messages_cannot_tell(
    store: Store, shared_fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge, "MIN_AGREEING", 10)  # four agreeing messages are no longer enough
    html = shared_fixtures / "telegram" / "html" / "langchain-personal-2023"
    ingest_html(store, html)
    (key,) = [r[0] for r in _rows(store, "SELECT platform_id FROM source")]
    assert key.startswith("html:")
    with pytest.raises(InputError, match="--same-as html:nope: no such chat in the store"):
        ingest_path(store, PAIR / "result.json", same_as="html:nope")
    j = ingest_path(store, PAIR / "result.json", same_as=key)
    assert j.messages_merged == 4 and j.messages_added == 2
    assert _rows(store, "SELECT platform_id FROM source") == [("5965280513",)]


def test_without_agreement_two_chats_stay_apart(store: Store, tmp_path: Path) -> None:
    # Same title and ids 1..n, different messages: a coincidence, not the same chat.
    write_html_export(tmp_path / "html", ChatSpec(11, "Grupa", messages=50))
    export = write_export(tmp_path / "json" / "result.json", [ChatSpec(12, "Grupa", messages=50)], single=True, seed=7)
    ingest_html(store, tmp_path / "html")
    ingest_path(store, export)
    assert count(store, "source") == 2
