"""Facebook's "Download your information" JSON (tests/data/platforms/facebook: Messenger threads and comments in
the published format, fictional people): counts, Meta's mojibake repaired, membership events, media linked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from ingest_helpers import count, snapshot
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.errors import InputError
from tragac.progress import NullReporter
from tragac.sources.base import IngestResult, source_for
from tragac.sources.facebook.meta import repair, repair_text
from tragac.store import Store

FB = Path(__file__).resolve().parents[1] / "data" / "platforms" / "facebook"
INBOX = FB / "your_facebook_activity" / "messages" / "inbox"


def _ingest(store: Store, path: Path) -> IngestResult:
    src = source_for(path)
    assert src.name == "facebook"
    return src.ingest(store, path, timezone="UTC", reporter=NullReporter())


def _rows(store: Store, sql: str) -> list[Any]:
    with store.engine.connect() as c:
        return list(c.execute(sa.text(sql)))


def test_download_counts(store: Store) -> None:
    r = _ingest(store, FB)
    assert (r.sources, r.messages_added, r.service_messages, r.media, r.media_files_present) == (3, 14, 2, 1, 1)
    assert r.skipped == 0 and not r.errors
    sources = sorted(_rows(store, "SELECT kind, title, platform_id FROM source WHERE platform = 'facebook'"))
    assert sources == [
        ("comments", "Comments by Petar Izmišljeni", "comments:Petar Izmišljeni"),
        ("personal_chat", "Milica Fiktivić", "thread:inbox/milicafiktivic_10158123"),
        ("private_group", "Drugarice", "thread:inbox/drugarice_5512"),
    ]
    events = sorted(_rows(store, "SELECT event, action, actor_name, member_count FROM membership_event"))
    assert events == [("join", "Subscribe", "Jovana Primerić", 1), ("leave", "Unsubscribe", "Ana Zamišljena", 1)]
    assert count(store, "author") == 4  # Milica, Petar, Jovana and Ana, keyed by display name
    texts = {t for (t,) in _rows(store, "SELECT text FROM message")}
    assert {"Šta se kriješ, Milice?", "Hvala vam, drage moje 💜", "Preporučujem „Na Drini ćuprija“"} <= texts
    (extra,) = _rows(store, "SELECT extra FROM message WHERE text = 'Ostavi me na miru.'")[0]
    extra = extra if isinstance(extra, dict) else json.loads(extra)
    assert extra["reactions"] == [{"reaction": "❤", "actor": "Petar Izmišljeni"}]
    assert count(store, "sighting") == 1


def test_reingest_and_one_thread_alone(store: Store) -> None:
    _ingest(store, FB)
    before = snapshot(store)
    assert _ingest(store, FB).messages_unchanged == 14
    assert _ingest(store, INBOX / "drugarice_5512").messages_unchanged == 6  # a thread's folder: the same rows
    assert snapshot(store) == before


def test_comments_file_alone(sqlite_store: Store) -> None:
    r = _ingest(sqlite_store, FB / "your_facebook_activity" / "comments_and_reactions" / "comments.json")
    assert (r.sources, r.messages_added) == (1, 3)
    extras = [
        e if isinstance(e, dict) else json.loads(e)
        for (e,) in _rows(sqlite_store, "SELECT extra FROM message ORDER BY date")
    ]
    assert [e.get("group") for e in extras] == [None, None, "Čitalački klub"]
    assert extras[0]["title"] == "Petar Izmišljeni commented on Milica Fiktivić's post."


@given(st.text())
def test_repair_undoes_metas_encoding(text: str) -> None:
    try:
        mojibake = text.encode("utf-8").decode("latin-1")
    except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any bytes
        return
    assert repair_text(mojibake) == text
    if any(ord(c) > 0xFF for c in text):  # then it cannot be read as Latin-1 mojibake again
        assert repair_text(text) == text


def test_repair_leaves_right_text_alone() -> None:
    for text in ("Petrović", "Žena", "café", "🤮", "plain"):
        assert repair_text(text) == text
    assert repair({"Petrovi\u00c4\u0087": ["\u00c5\u00a1"]}) == {"Petrović": ["š"]}


def test_bad_input_is_one_clear_line(sqlite_store: Store, tmp_path: Path) -> None:
    thread = tmp_path / "messages" / "inbox" / "x_1"
    thread.mkdir(parents=True)
    bad = thread / "message_1.json"
    bad.write_bytes(b'{"participants": [{"name": "Ana"}], "messages": [{"content": "\xe8"}]}')
    with pytest.raises(InputError, match=r"not UTF-8 \(first bad byte at 62[;)]"):
        _ingest(sqlite_store, tmp_path)
    assert count(sqlite_store, "export_file") == 0  # refused before anything was written
    bad.write_text('{"participants": [{"name": "Ana"}], "messages": [')
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "message_1.json: malformed JSON at byte" in lines[0]
