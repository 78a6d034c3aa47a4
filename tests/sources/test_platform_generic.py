"""The generic CSV / JSONL format (docs/platforms.md §Generic): the fixtures in tests/data/platforms/generic (a
CSV, a JSONL and a 4CAT export), bad input named clearly, the time zone rule, and a round trip of generated rows."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from ingest_helpers import count, snapshot
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.errors import InputError
from tragac.progress import NullReporter
from tragac.sources.base import IngestResult, source_for
from tragac.sources.generic import reader as generic_reader
from tragac.sources.generic import threads
from tragac.sources.generic.reader import GenericReader, Row, parse_time
from tragac.sources.generic.threads import Problems, message_id
from tragac.sources.writer import StoreWriter
from tragac.store import Store, open_store

GENERIC = Path(__file__).resolve().parents[1] / "data" / "platforms" / "generic"
COLUMNS = ["platform", "thread", "message_id", "author", "time", "text", "reply_to", "media_path"]


def _ingest(store: Store, path: Path, tz: str = "UTC", **kw: Any) -> IngestResult:
    src = source_for(path)
    assert src.name == "generic"
    return src.ingest(store, path, timezone=tz, reporter=NullReporter(), **kw)


def _rows(store: Store, sql: str) -> list[Any]:
    with store.engine.connect() as c:
        return list(c.execute(sa.text(sql)))


def test_csv_counts_replies_and_media(store: Store) -> None:
    r = _ingest(store, GENERIC / "messages.csv")
    assert (r.sources, r.messages_added, r.media, r.media_files_present, r.skipped) == (2, 5, 1, 1, 0)
    assert r.dates_from_local_time == 2  # the forum's times have no offset: read in --timezone
    sources = sorted(_rows(store, "SELECT platform, platform_id, kind FROM source"))
    assert sources == [("forum", "tema-12", "thread"), ("tiktok", "video-7301", "thread")]
    got = {
        t: (str(d)[:19], reply)
        for t, d, reply in _rows(
            store,
            "SELECT text, date, reply_to_message_id FROM message WHERE source_id IN "
            "(SELECT id FROM source WHERE platform = 'tiktok')",
        )
    }
    assert got["ostavite je na miru"] == ("2023-11-20 09:05:00", message_id("c1"))  # +01:00 stored as UTC
    assert got["crkni"] == ("2023-11-20 11:33:20", message_id("c2"))  # unix seconds
    assert _rows(store, "SELECT file_path FROM sighting") == [("media/g1.jpg",)]


def test_jsonl_and_csv_of_the_same_rows_agree(sqlite_store: Store) -> None:
    r = _ingest(sqlite_store, GENERIC / "messages.jsonl")
    assert (r.sources, r.messages_added) == (2, 4)
    again = _ingest(sqlite_store, GENERIC / "messages.csv")  # the first three rows are the same messages
    assert (again.messages_added, again.messages_unchanged) == (2, 3)


def test_4cat_export_maps_onto_the_columns(sqlite_store: Store) -> None:
    r = _ingest(sqlite_store, GENERIC / "4cat_telegram.csv")
    assert (r.sources, r.messages_added, r.dates_from_local_time) == (1, 3, 0)  # unix_timestamp wins over timestamp
    assert (r.media, r.media_files_present) == (1, 0)  # attachment_type "photo", no file
    rows = _rows(
        sqlite_store,
        "SELECT s.platform, s.platform_id, m.text, m.date, m.reply_to_message_id, m.platform_message_id, "
        "a.platform_id, m.author_name FROM message m JOIN source s ON s.id = m.source_id "
        "JOIN author a ON a.id = m.author_id ORDER BY m.date",
    )
    assert [r[:3] for r in rows] == [
        ("generic", "fiktivni_kanal", "ko ima nešto od nje"),
        ("generic", "fiktivni_kanal", "Milica Fiktivić iz Novog Sada"),
        ("generic", "fiktivni_kanal", "dobro jutro"),
    ]
    assert str(rows[0][3]).startswith("2023-11-22 10:00:00")
    assert rows[1][4] == rows[0][5] == message_id("fiktivni_kanal-11")  # replies resolve within the thread
    assert (rows[0][6], rows[0][7]) == ("4401", "Marko Fiktivni")


def test_reingest_adds_nothing(store: Store) -> None:
    _ingest(store, GENERIC / "messages.csv")
    before = snapshot(store)
    assert _ingest(store, GENERIC / "messages.csv").messages_unchanged == 5
    assert snapshot(store) == before


def test_missing_columns_are_named(tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text("platform,thread,author,body\nx,t,a,hello\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(f), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1
    assert "missing column(s) 'message_id', 'time'" in lines[0] and "platform, thread, author, body" in lines[0]


def test_not_utf8_and_empty_files(sqlite_store: Store, tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    data = "thread,message_id,time,text\nt,1,1700000000,Ćao\n".encode("cp1250")
    f.write_bytes(data)
    with pytest.raises(InputError, match=rf"not UTF-8 \(first bad byte at {data.index(0xC6)}"):
        _ingest(sqlite_store, f)
    assert count(sqlite_store, "export_file") == 0
    f.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        _ingest(sqlite_store, f)


def test_bad_rows_are_skipped_with_their_line(sqlite_store: Store, tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text(
        "thread,message_id,time,text\nt,1,1700000000,ok\nt,,1700000000,no id\nt,3,yesterday,bad time\n"
        "t,1,1700000001,a repeated id\n",
        encoding="utf-8",
    )
    r = _ingest(sqlite_store, f)
    assert (r.messages_added, r.skipped) == (1, 2)
    assert r.errors == [
        {"where": "rows.csv line 3", "why": "no message id"},
        {"where": "rows.csv line 4", "why": "time 'yesterday' is neither unix seconds nor ISO 8601"},
    ]
    assert r.warnings == [{"where": "t", "why": "1 duplicate message id(s); the first of each was kept"}]
    j = tmp_path / "rows.jsonl"
    j.write_text('{"thread": "t", "message_id": 9, "time": 1700000000, "text": "ok"}\n{"thread": \n[1]\n')
    r = _ingest(sqlite_store, j)
    assert (r.messages_added, r.skipped) == (1, 2)
    assert [e["where"] for e in r.errors] == ["rows.jsonl line 2", "rows.jsonl line 3"]


def test_another_timezone_is_refused_then_retimed(sqlite_store: Store) -> None:
    f = GENERIC / "messages.csv"
    _ingest(sqlite_store, f, "Europe/Belgrade")
    with pytest.raises(InputError, match="--retime"):
        _ingest(sqlite_store, f, "UTC")
    r = _ingest(sqlite_store, f, "UTC", retime=True)
    assert r.messages_retimed == 2 and r.messages_added == 0
    (date,) = _rows(sqlite_store, "SELECT date FROM message WHERE text = 'Ima li ko njen broj?'")[0]
    assert str(date).startswith("2023-11-21 08:00:00")


# ---- a round trip of generated rows -------------------------------------------------------------------------------

_ids = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=12)
_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
_times = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2))]),
)


@st.composite
def _rows_strategy(draw: st.DrawFn) -> list[Row]:
    n = draw(st.integers(1, 8))
    ids = draw(st.lists(_ids, min_size=n, max_size=n, unique=True))
    rows = []
    for mid in ids:
        rows.append(
            Row(
                platform=draw(st.sampled_from(["generic", "tiktok", "forum"])),
                thread=draw(st.sampled_from(["a", "b", "thread 3"])),
                message_id=mid,
                time=draw(_times).astimezone(UTC),
                text=draw(_texts),
                author=draw(st.none() | _ids),
                reply_to=draw(st.none() | st.sampled_from(ids)),
            )
        )
    return rows


def _read(path: Path) -> list[Row]:
    problems = Problems()
    reader = GenericReader(path, UTC, problems)
    reader.check()
    out = []
    for part in reader.threads():
        out.extend((part.platform, part.source.platform_id, rec) for rec in part.messages)
    assert problems.skipped == 0, problems.errors
    return [
        Row(
            platform=p,
            thread=t,
            message_id=r.extra["id"],
            time=r.date,
            text=r.text,
            author=r.author_id,
            reply_to=None if r.reply_to_message_id is None else str(r.reply_to_message_id),
        )
        for p, t, r in out
    ]


def _normal(rows: list[Row]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            r.platform,
            r.thread,
            r.message_id,
            r.time,
            r.text,
            r.author,
            None if r.reply_to is None else str(message_id(r.reply_to)),
        )
        for r in rows
    )


@given(_rows_strategy())
def test_csv_round_trip(tmp_path_factory: pytest.TempPathFactory, rows: list[Row]) -> None:
    path = tmp_path_factory.mktemp("csv") / "rows.csv"
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(
            [r.platform, r.thread, r.message_id, r.author or "", r.time.isoformat(), r.text, r.reply_to or "", ""]
        )
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    assert _normal(_read(path)) == _normal(rows)


@given(_rows_strategy(), st.booleans())
def test_jsonl_round_trip(tmp_path_factory: pytest.TempPathFactory, rows: list[Row], unix: bool) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "rows.jsonl"
    lines = []
    for r in rows:
        obj: dict[str, Any] = {
            "platform": r.platform,
            "thread": r.thread,
            "message_id": r.message_id,
            "time": r.time.timestamp() if unix else r.time.isoformat(),
            "text": r.text,
        }
        if r.author is not None:
            obj["author"] = r.author
        if r.reply_to is not None:
            obj["reply_to"] = r.reply_to
        lines.append(orjson.dumps(obj).decode())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _read(path)
    if unix:  # a float of seconds keeps microseconds only to within float precision
        rows = [replace(r, time=parse_time(r.time.timestamp(), UTC)) for r in rows]
    assert _normal(got) == _normal(rows)


def test_a_json_row_of_every_column_type() -> None:
    assert parse_time(1_700_000_000_000, UTC) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)  # milliseconds
    assert parse_time("2023-11-14T22:13:20Z", UTC) == parse_time("1700000000", UTC)
    assert json.dumps(COLUMNS)  # the documented columns, in order (docs/platforms.md)


def test_a_run_killed_midway_and_started_again_ends_as_a_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "many.csv"
    lines = ["platform,thread,message_id,author,time,text"]
    lines += [f"forum,t{n % 3},{n},a{n % 5},{1_700_000_000 + n},poruka {n}" for n in range(40)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(threads, "BATCH_SIZE", 4)  # many small batches, each its own transaction
    clean = open_store(Settings(home=tmp_path / "clean"))
    killed = open_store(Settings(home=tmp_path / "killed"))
    try:
        _ingest(clean, f)
        real_write = StoreWriter.write
        calls = {"n": 0}

        def dying_write(self: StoreWriter, source_id: int, records: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 5:
                raise KeyboardInterrupt  # the process is stopped in the middle of the run
            return real_write(self, source_id, records)

        monkeypatch.setattr(StoreWriter, "write", dying_write)
        with pytest.raises(KeyboardInterrupt):
            _ingest(killed, f)
        monkeypatch.setattr(StoreWriter, "write", real_write)
        assert 0 < count(killed, "message") < 40
        again = _ingest(killed, f)
        assert again.messages_added + again.messages_unchanged == 40
        assert snapshot(killed) == snapshot(clean)
        assert count(killed, "export_file") == 1  # the interrupted run's row was reused
    finally:
        clean.close()
        killed.close()


def test_interleaved_threads_are_not_held_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "interleaved.csv"
    rows = [f"t{n % 10},{n},{1_700_000_000 + n},x" for n in range(60)]  # ten threads, one row each in turn
    f.write_text("thread,message_id,time,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(generic_reader, "MAX_HELD", 7)
    read = {"n": 0}
    real = generic_reader.to_record

    def counting(row: Row, root: Path) -> Any:
        read["n"] += 1
        return real(row, root)

    monkeypatch.setattr(generic_reader, "to_record", counting)
    handed = 0
    for part in GenericReader(f, UTC, Problems()).threads():
        handed += len(list(part.messages))
        assert read["n"] - handed <= 7  # never more than MAX_HELD records read and not yet handed on
    assert handed == 60
