"""Bad input: malformed JSON stops with file + byte offset; a malformed message is skipped; nothing blows up."""

from __future__ import annotations

import json
import resource
from pathlib import Path

import pytest
from export_gen import ChatSpec, write_export
from ingest_helpers import count

import tragac.sources.telegram_json.ingest as te
from tragac.errors import InputError
from tragac.sources.telegram_json import ingest_path
from tragac.store import Store


def _chat(messages: list) -> dict:  # type: ignore[type-arg]
    return {"name": "G", "type": "private_supergroup", "id": 42, "messages": messages}


def _ok(i: int) -> dict:  # type: ignore[type-arg]
    return {
        "id": i,
        "type": "message",
        "date": "2026-01-01T10:00:00",
        "date_unixtime": str(1767261600 + i),
        "from": "A",
        "from_id": "user1",
        "text": f"poruka {i}",
        "text_entities": [],
    }


def test_truncated_file_stops_with_offset_and_keeps_committed_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(te, "BATCH_SIZE", 100)
    full = write_export(tmp_path / "full.json", [ChatSpec(9, "G", messages=1000)], single=True)
    data = full.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(InputError) as err:
        ingest_path(store, cut)
    msg = str(err.value)
    assert str(cut) in msg and f"at byte {len(data) * 3 // 4}" in msg and "\n" not in msg
    committed = count(store, "message")
    assert 0 < committed < 750 and committed % 100 == 0  # whole batches only
    # The complete file then finishes the job.
    r = ingest_path(store, full)
    assert r.messages_added == 1000 - committed and count(store, "message") == 1000


def test_syntax_error_reports_exact_byte(sqlite_store: Store, tmp_path: Path) -> None:
    good = json.dumps(_chat([_ok(1), _ok(2)]), indent=1)
    bad = good.replace('"poruka 2"', '"poruka 2" oops')
    p = tmp_path / "bad.json"
    p.write_text(bad)
    with pytest.raises(InputError, match=rf"at byte {bad.index(' oops') + 1}"):
        ingest_path(sqlite_store, p)
    assert count(sqlite_store, "message") == 0  # the batch in flight is not written


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"not UTF-8 \(first bad byte at 0\): use the original"),
        (b"[1, 2, 3]", "top level is not an object"),
        (b'{"hello": "world"}', "no messages or chats"),
        (b"not json at all", "malformed JSON at byte 0"),
    ],
)
def test_not_an_export(sqlite_store: Store, tmp_path: Path, content: bytes, why: str) -> None:
    p = tmp_path / "x.json"
    p.write_bytes(content)
    with pytest.raises(InputError, match=why):
        ingest_path(sqlite_store, p)


def test_missing_path_and_bad_timezone(sqlite_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest_path(sqlite_store, tmp_path / "nope.json")
    with pytest.raises(InputError, match=r"no result\.json"):
        ingest_path(sqlite_store, tmp_path)
    with pytest.raises(InputError, match="unknown time zone"):
        ingest_path(sqlite_store, tmp_path, timezone="Mars/Olympus")


def test_malformed_messages_are_skipped_and_reported(store: Store, tmp_path: Path) -> None:
    msgs = [
        _ok(1),
        {"type": "message", "text": "no id"},
        {"id": "7", "type": "message", "text": "string id"},
        {"id": 3, "type": "message", "date_unixtime": "soon", "text": "bad date"},
        {"id": 4, "type": "message", "date_unixtime": "1767261600", "text": 12345},
        {"id": 5, "type": "message", "date_unixtime": "1767261600", "text": ["ok", {"type": "bold", "text": 5}]},
        "just a string",
        {"id": True, "type": "message"},
        {"id": 6, "type": ["message"]},
        _ok(2),
        {
            "id": 8,
            "type": "message",
            "date_unixtime": "1767261600",
            "from_id": {"weird": 1},
            "width": "wide",
            "photo": 17,
            "text": "odd field types are tolerated",
        },
    ]
    p = tmp_path / "m.json"
    p.write_text(json.dumps(_chat(msgs)))
    r = ingest_path(store, p)
    assert r.messages_added == 3 and r.skipped == 8
    assert len(r.errors) == 8
    first = r.errors[0]
    assert first["where"].startswith("chat 42 'G' message #2 (near byte ") and first["why"] == "message has no id"
    whys = [e["why"] for e in r.errors]
    assert "message id is not an integer: '7'" in whys
    assert "date_unixtime is not a Unix time: 'soon'" in whys
    assert "text is int, not a string or list" in whys
    assert "message is str, not an object" in whys
    assert "message type is not a string" in whys
    assert [e["where"].split(" (")[0].rsplit("#", 1)[1] for e in r.errors] == ["2", "3", "4", "5", "6", "7", "8", "9"]


def test_huge_string_and_deep_nesting_do_not_blow_up(sqlite_store: Store, tmp_path: Path) -> None:
    deep_ok = json.loads("[" * 200 + "]" * 200)
    msgs = [
        {**_ok(1), "text": "ж" * 5_000_000},  # written as \u0436 escapes: 30 MB
        {**_ok(2), "mystery": deep_ok},
        {**_ok(3), "mystery": "x" * 300_000},
        {**_ok(4), "text": "š" * 3_000_000},  # written as raw UTF-8 below
        {**_ok(5), "text": "a" * 900_000 + "\\" * 100_000},
    ]
    p = tmp_path / "h.json"
    doc = (
        json.dumps(_chat(msgs[:3]))[:-2] + ", " + ", ".join(json.dumps(m, ensure_ascii=False) for m in msgs[3:]) + "]}"
    )
    p.write_text(doc, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r = ingest_path(sqlite_store, p)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert r.messages_added == 5 and r.skipped == 0
    assert grown_mb < 250
    with sqlite_store.engine.connect() as c:
        import sqlalchemy as sa

        rows = {
            r.platform_message_id: r
            for r in c.execute(sa.text("SELECT platform_message_id, text, raw_unknown FROM message"))
        }
    # Strings longer than 1 MiB in the file are cut at a character boundary, with a marker.
    for mid, ch in ((1, "ж"), (4, "š")):
        text = rows[mid].text
        assert text.endswith("…[truncated]") and set(text[:-12]) == {ch} and len(text) < 600_000
    five = rows[5].text
    assert five.endswith("…[truncated]") and set(five[900_000:-12]) <= {"\\"} and len(five) < 1_000_100
    # Nesting beyond what we keep is cut with a marker; long unknown strings are shortened.
    assert "nested too deep" in rows[2].raw_unknown and len(rows[3].raw_unknown) < 70_000
    assert rows[1].raw_unknown == "null"


def test_pathological_nesting_is_refused_quickly(sqlite_store: Store, tmp_path: Path) -> None:
    depth = 2_000_000
    p = tmp_path / "deep.json"
    p.write_bytes(
        b'{"name": "G", "type": "private_group", "id": 1, "messages": [{"id": 1, "x": '
        + b"[" * depth
        + b"]" * depth
        + b"}]}"
    )
    with pytest.raises(InputError, match=r"nested deeper than 1000 levels near byte \d+"):
        ingest_path(sqlite_store, p)
    # Brackets inside strings do not count as nesting.
    q = tmp_path / "brackets.json"
    q.write_text(json.dumps(_chat([{**_ok(1), "text": "[" * 100_000 + '\\"{' * 5000}])))
    assert ingest_path(sqlite_store, q).messages_added == 1
