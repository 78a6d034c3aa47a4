"""The X (Twitter) archive (tests/data/platforms/x_archive: ``window.YTD`` files in the published format, fictional
accounts): tweets and one-to-one and group direct messages with their counts, media linked, bad files refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ingest_helpers import count, snapshot
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.errors import InputError
from tragac.progress import NullReporter
from tragac.sources.base import IngestResult, source_for
from tragac.store import Store

X = Path(__file__).resolve().parents[1] / "data" / "platforms" / "x_archive"


def _ingest(store: Store, path: Path) -> IngestResult:
    src = source_for(path)
    assert src.name == "x-archive"
    return src.ingest(store, path, timezone="UTC", reporter=NullReporter())


def _rows(store: Store, sql: str) -> list[Any]:
    with store.engine.connect() as c:
        return list(c.execute(sa.text(sql)))


def _json(v: Any) -> Any:
    return v if not isinstance(v, str) else json.loads(v)


def test_archive_counts(store: Store) -> None:
    r = _ingest(store, X)
    assert (r.sources, r.messages_added, r.service_messages, r.media, r.media_files_present) == (3, 12, 3, 2, 2)
    assert r.skipped == 0 and not r.errors
    sources = sorted(_rows(store, "SELECT kind, title, platform_id FROM source"))
    assert sources == [
        ("personal_chat", "Direct messages 555000111-1234567890", "dm:555000111-1234567890"),
        ("private_group", "Ekipa 🍻", "dm:1550000000000000000"),
        ("timeline", "Tweets of @petar_izm77", "tweets:1234567890"),
    ]
    events = sorted(_rows(store, "SELECT event, action, member_count FROM membership_event"))
    assert events == [
        ("join", "participantsJoin", 2),
        ("leave", "participantsLeave", 1),
        ("title", "conversationNameUpdate", 0),
    ]
    assert count(store, "sighting") == 2
    paths = sorted(p for (p,) in _rows(store, "SELECT file_path FROM sighting"))
    assert paths == [
        "data/direct_messages_media/1700000000000000003-Pic9.jpg",
        "data/tweets_media/1600000000000000003-FakeImg1.jpg",
    ]


def test_tweet_fields(sqlite_store: Store) -> None:
    _ingest(sqlite_store, X / "data" / "tweets.js")
    rows = {
        r[0]: r[1:]
        for r in _rows(
            sqlite_store,
            "SELECT m.platform_message_id, m.text, m.date, m.reply_to_message_id, m.forwarded_from, a.platform_id, "
            "m.author_name, m.extra FROM message m JOIN author a ON a.id = m.author_id",
        )
    }
    assert len(rows) == 4
    reply = rows[1600000000000000004]
    assert reply[0] == "@milica_fikt ti si ništa & svi to znaju"  # the archive writes &amp;
    assert reply[2] == 1599999999999999990
    assert _json(reply[6])["in_reply_to"] == "milica_fikt" and _json(reply[6])["mentions"] == ["milica_fikt"]
    assert str(reply[1]).startswith("2023-11-15 09:00:00")
    assert rows[1600000000000000002][3] == "vesti_fikt"  # a retweet: forwarded from its author
    assert rows[1600000000000000001][0] == "Dobro jutro 3 < 5"
    assert {(r[4], r[5]) for r in rows.values()} == {("user1234567890", "Petar Izmišljeni")}  # from account.js


def test_reingest_and_the_data_folder(store: Store) -> None:
    _ingest(store, X)
    before = snapshot(store)
    assert _ingest(store, X / "data").messages_unchanged == 12
    assert snapshot(store) == before


def test_parts_are_read_in_order(sqlite_store: Store, tmp_path: Path) -> None:
    data = tmp_path / "archive" / "data"
    shutil.copytree(X / "data", data)
    text = (data / "tweets.js").read_text(encoding="utf-8")
    rows = json.loads(text.split("=", 1)[1])
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(rows[:2]), encoding="utf-8")
    (data / "tweets-part1.js").write_text("window.YTD.tweets.part1 = " + json.dumps(rows[2:]) + ";", encoding="utf-8")
    r = _ingest(sqlite_store, tmp_path / "archive")
    assert (r.sources, r.messages_added) == (3, 12)


def test_bad_files_are_refused_clearly(sqlite_store: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    tweets = data / "tweets.js"
    tweets.write_text('window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", ', encoding="utf-8")
    with pytest.raises(InputError, match=r"tweets.js: malformed JSON at byte \d+"):
        _ingest(sqlite_store, tmp_path)
    tweets.write_text("alert('hi'); window.YTD.tweets.part0 = []", encoding="utf-8")
    with pytest.raises(InputError, match="not an X archive data file"):
        source_for(tweets, "x-archive").ingest(sqlite_store, tweets, timezone="UTC", reporter=NullReporter())
    raw = b'window.YTD.tweets.part0 = [{"tweet": {"full_text": "\xff"}}]'
    tweets.write_bytes(raw)
    offset = raw.index(b"\xff")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert f"tweets.js: not UTF-8 (first bad byte at {offset}" in result.output


def test_a_malformed_tweet_is_skipped_and_named(sqlite_store: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    good = {"tweet": {"id_str": "5", "full_text": "ok", "created_at": "Mon Nov 13 07:30:00 +0000 2023"}}
    bad = {"tweet": {"id_str": "6", "full_text": "x", "created_at": "yesterday"}}
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps([good, bad]), encoding="utf-8")
    r = _ingest(sqlite_store, tmp_path)
    assert (r.messages_added, r.skipped) == (1, 1)
    assert r.errors == [{"where": "tweets.js tweet #2", "why": "created_at 'yesterday' is not Twitter's date format"}]
