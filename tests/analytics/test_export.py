"""Research exports: every table in every format, pseudonymised by default, raw ids only for administrators,
nothing personal in the files, streaming in constant memory, audit-logged."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tragac.analytics.exports import TABLES, export_table
from tragac.analytics.scope import Scope
from tragac.cli.main import app
from tragac.config import Settings
from tragac.errors import InputError
from tragac.store import Store, open_store
from tragac.store import models as m
from tragac.store.models import AuditEvent

from .report_fixtures import AUTHOR_NAMES, Truth, build_corpus
from .test_report import assert_no_pii

EXPECTED_ROWS = {"messages": 55, "flags": 8, "media": 5, "sightings": 7, "clusters": 1}


def read_rows(path: Path, fmt: str) -> list[dict[str, object]]:
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    if fmt == "jsonl":
        return [orjson.loads(line) for line in path.read_bytes().splitlines()]
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_every_table_exports_pseudonymised(store: Store, tmp_path: Path, fmt: str) -> None:
    truth = build_corpus(store)
    for name in TABLES:
        out = tmp_path / f"{name}.{fmt}"
        result = export_table(store, name, fmt, out)
        assert result.rows == EXPECTED_ROWS[name] and result.pseudonymised
        rows = read_rows(out, fmt)
        assert len(rows) == EXPECTED_ROWS[name]
        assert list(rows[0]) == [c for c, _ in TABLES[name].columns]
        assert not out.with_name(out.name + ".part").exists()
        if fmt != "parquet":
            assert_no_pii(out.read_text(encoding="utf-8"), truth)
        else:
            assert_no_pii(orjson.dumps(rows, default=str).decode(), truth)
    messages = read_rows(tmp_path / f"messages.{fmt}", fmt)
    assert all(str(r["author"]).startswith("P-") for r in messages)
    assert all(r["author_name"] in (None, "") for r in messages)
    texts = {str(r["text"]) for r in messages}
    assert "[name] živi na adresi [address], telefon [phone]" in texts
    forwards = {r["forwarded_from"] for r in messages if r["forwarded_from"]}
    assert "Grupa Alfa" in forwards  # a monitored chat keeps its title
    assert "Some Person Outside" not in forwards and any(str(f).startswith("P-") for f in forwards)
    media = read_rows(tmp_path / f"media.{fmt}", fmt)
    assert {r["pdq"] for r in media} >= {truth.planted_cluster_pdq}


def test_parquet_keeps_types(sqlite_store: Store, tmp_path: Path) -> None:
    build_corpus(sqlite_store)
    export_table(sqlite_store, "messages", "parquet", tmp_path / "m.parquet")
    t = pq.read_table(tmp_path / "m.parquet")
    assert str(t.schema.field("date").type) == "timestamp[us, tz=UTC]"
    assert t.column("date").to_pylist()[0] == datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
    flags = tmp_path / "f.parquet"
    export_table(sqlite_store, "flags", "parquet", flags)
    rows = pq.read_table(flags).to_pylist()
    assert {r["possible_minor"] for r in rows} == {True, False}
    assert orjson.loads(rows[-1]["evidence"]) == {"terms": ["csam.code.ten_trade", "cue.request.dm"]}


def test_scope_filters_rows(sqlite_store: Store, tmp_path: Path) -> None:
    build_corpus(sqlite_store)
    day = datetime(2026, 6, 3).date()
    r = export_table(sqlite_store, "messages", "csv", tmp_path / "m.csv", scope=Scope(since=day, until=day))
    assert r.rows == 22
    r = export_table(sqlite_store, "media", "csv", tmp_path / "md.csv", scope=Scope(source_ids=(4,)))
    assert r.rows == 1
    r = export_table(sqlite_store, "flags", "csv", tmp_path / "f.csv", scope=Scope(source_ids=(2,)))
    assert r.rows == 1


def test_bad_arguments_leave_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown format"):
        export_table(sqlite_store, "messages", "xlsx", tmp_path / "m.xlsx")
    with pytest.raises(InputError, match="unknown table"):
        export_table(sqlite_store, "users", "csv", tmp_path / "u.csv")
    with pytest.raises(InputError, match="does not exist"):
        export_table(sqlite_store, "messages", "csv", tmp_path / "nope" / "m.csv")
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]


def _run(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    r = CliRunner().invoke(app, [*args, "--home", str(home)], env=env)
    return r.exit_code, r.output


def test_raw_ids_need_an_administrator_token(tmp_path: Path) -> None:
    from tragac.web.accounts import create_token, create_user

    home = tmp_path / "home"
    store = open_store(Settings(home=home))
    build_corpus(store)
    create_user(store, "ana", "admin", "a long test password")
    create_user(store, "vid", "viewer", "a long test password")
    admin_token = create_token(store, "ana")
    viewer_token = create_token(store, "vid")
    out = tmp_path / "raw.csv"

    code, output = _run(home, "export", "messages", "--raw-ids", "-o", str(out), env={"TRAGAC_ADMIN_TOKEN": ""})
    assert code == 2 and "TRAGAC_ADMIN_TOKEN" in output and not out.exists()
    code, output = _run(
        home, "export", "messages", "--raw-ids", "-o", str(out), env={"TRAGAC_ADMIN_TOKEN": viewer_token}
    )
    assert code == 2 and "not an active administrator" in output and not out.exists()

    code, output = _run(
        home, "export", "messages", "--raw-ids", "-o", str(out), "--json", env={"TRAGAC_ADMIN_TOKEN": admin_token}
    )
    assert code == 0, output
    assert orjson.loads(output)["pseudonymised"] is False
    rows = read_rows(out, "csv")
    assert {r["author"] for r in rows} <= {f"user{5000 + i}" for i in range(len(AUTHOR_NAMES))}
    assert {r["author_name"] for r in rows} <= set(AUTHOR_NAMES)
    assert "Some Person Outside" in {r["forwarded_from"] for r in rows}
    # Text stays redacted even for administrators.
    assert not any("0101995715006" in r["text"] for r in rows)

    with store.session() as s:
        events = s.execute(select(AuditEvent.actor, AuditEvent.target, AuditEvent.details)).all()
    assert ("ana", "export:messages") in {(a, t) for a, t, _ in events}
    assert any(d.get("raw_ids") is True for _, _, d in events)
    store.close()


def test_cli_formats_and_network(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = open_store(Settings(home=home))
    truth = build_corpus(store)
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"flags.{fmt}"
        code, output = _run(home, "export", "flags", "--format", fmt, "-o", str(out), "--json")
        assert code == 0, output
        assert orjson.loads(output) == {
            "table": "flags",
            "format": fmt,
            "path": str(out),
            "rows": 8,
            "pseudonymised": True,
        }
    code, output = _run(home, "export", "network", "--format", "graphml", "-o", str(tmp_path / "n.graphml"), "--json")
    assert code == 0, output
    assert orjson.loads(output)["nodes"] == truth.sources
    code, output = _run(home, "export", "messages", "--format", "xml", "-o", str(tmp_path / "m.xml"))
    assert code == 2 and "unknown format" in output and not (tmp_path / "m.xml").exists()
    with store.session() as s:
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.target == "export:network")) is not None
    store.close()


def _insert_messages(store: Store, source_id: int, start: int, count: int) -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with store.session() as s:
        s.execute(
            m.Message.__table__.insert(),
            [
                {
                    "source_id": source_id,
                    "platform_message_id": i,
                    "kind": "message",
                    "date": t0 + timedelta(seconds=i),
                    "text": f"poruka broj {i} " + "x" * 200,
                    "entities": [],
                    "content_hash": str(i),
                    "ingested_at": t0,
                    "updated_at": t0,
                }
                for i in range(start, start + count)
            ],
        )


def _peak_export(store: Store, out: Path) -> tuple[int, int]:
    tracemalloc.start()
    result = export_table(store, "messages", "jsonl", out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result.rows, peak


def test_export_streams_in_constant_memory(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tripling the table does not raise peak memory: rows are streamed in batches, not collected."""
    import tragac.analytics.exports as exports

    monkeypatch.setattr(exports, "BATCH", 500)
    export_table(sqlite_store, "messages", "jsonl", tmp_path / "warm-up.jsonl")  # imports are not the export
    with sqlite_store.session() as s:
        src = m.Source(platform="telegram", platform_id="1", kind="public_supergroup", title="Velika grupa")
        s.add(src)
        s.flush()
        sid = src.id
    _insert_messages(sqlite_store, sid, 0, 2_000)
    rows_small, peak_small = _peak_export(sqlite_store, tmp_path / "small.jsonl")
    _insert_messages(sqlite_store, sid, 2_000, 4_000)
    rows_big, peak_big = _peak_export(sqlite_store, tmp_path / "big.jsonl")
    assert (rows_small, rows_big) == (2_000, 6_000)
    assert (tmp_path / "big.jsonl").stat().st_size > 1_300_000
    assert peak_big < peak_small * 1.3, (peak_small, peak_big)


def test_truth_helper_lists_the_planted_values(sqlite_store: Store) -> None:
    truth: Truth = build_corpus(sqlite_store)
    with sqlite_store.session() as s:
        texts = " ".join(s.scalars(select(m.Message.text)))
    for value in (truth.pii[0], truth.pii[2], truth.pii[5], truth.pii[6]):
        assert value in texts  # the corpus really contains what the leak checks look for
