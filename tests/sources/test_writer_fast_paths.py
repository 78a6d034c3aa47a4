"""The writer's SQLite fast paths (ids as one JSON array, bulk pragmas, datetime text) agree with the generic path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.writer import SQLITE_CACHE_KIB, StoreWriter, _message_rows, _sqlite_datetime
from tragac.store import Store

# Edge ids: the -1,000,000,000 shift of migrated groups, zero, and both ends of a signed 64-bit integer.
EDGE_IDS = [-(2**63), -1_000_000_123, -1, 0, 1, 2**53 + 1, 2**63 - 1]


def _records(ids: list[int], text: str) -> list[MessageRecord]:
    base = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    return [
        MessageRecord(
            platform_message_id=i, kind="message", date=base + timedelta(seconds=n), author_id="user7", text=text
        ).finish()
        for n, i in enumerate(ids)
    ]


def test_edge_ids_are_found_again_and_edits_recorded(store: Store) -> None:
    writer = StoreWriter(store)
    sid = writer.source(SourceRecord(platform="telegram", platform_id="77", kind="private_supergroup"))
    first = writer.write(sid, _records(EDGE_IDS, "prvi"))
    assert first.added == len(EDGE_IDS)
    # The same ids again: every one is found by the existing-rows query (nothing added twice).
    again = writer.write(sid, _records(EDGE_IDS, "prvi"))
    assert (again.added, again.unchanged, again.updated) == (0, len(EDGE_IDS), 0)
    edited = writer.write(sid, _records(EDGE_IDS, "drugi"))
    assert (edited.added, edited.updated, edited.edits_recorded) == (0, len(EDGE_IDS), len(EDGE_IDS))
    with store.engine.connect() as c:
        rows = _message_rows(c, sid, [*EDGE_IDS, 424242], with_hash=True)
        texts: dict[int, str] = dict(c.execute(sa.text("SELECT platform_message_id, text FROM message")).all())
    assert sorted(r[0] for r in rows) == EDGE_IDS
    assert set(texts.values()) == {"drugi"}
    # Another source's messages with the same ids are not confused with these.
    other = writer.source(SourceRecord(platform="telegram", platform_id="78", kind="private_supergroup"))
    assert writer.write(other, _records(EDGE_IDS[:3], "prvi")).added == 3


def test_bulk_pragmas_keep_durability(sqlite_store: Store) -> None:
    writer = StoreWriter(sqlite_store)
    sid = writer.source(SourceRecord(platform="telegram", platform_id="1", kind="public_channel"))
    writer.write(sid, _records([1, 2, 3], "x"))
    with sqlite_store.engine.connect() as c:
        pragmas = {
            name: c.exec_driver_sql(f"PRAGMA {name}").scalar() for name in ("cache_size", "journal_mode", "synchronous")
        }
    assert pragmas == {"cache_size": -SQLITE_CACHE_KIB, "journal_mode": "wal", "synchronous": 1}  # 1 = NORMAL


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]),
    )
)
def test_sqlite_datetime_text_matches_sqlalchemys(value: datetime) -> None:
    expected = value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    assert _sqlite_datetime(value) == expected


def test_sqlite_datetime_rejects_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        _sqlite_datetime(datetime(2026, 1, 1))
