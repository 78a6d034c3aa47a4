"""Flags count on the day the flagged message was posted, not the day the detector ran."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tragac.store import Store
from tragac.store.models import Flag, Message, Source
from tragac.web.dashboard import Window, figures


def test_flags_per_day_follow_the_message_date(store: Store) -> None:
    posted = datetime(2026, 6, 3, 21, 30, tzinfo=UTC)
    with store.session() as s:
        src = Source(platform="telegram", platform_id="77", kind="public_supergroup", title="Grupa")
        s.add(src)
        s.flush()
        msg = Message(source_id=src.id, platform_message_id=1, kind="message", date=posted, content_hash="h")
        s.add(msg)
        s.flush()
        s.add(
            Flag(
                fingerprint="f1",
                detector="doxxing",
                category="doxxing",
                score=0.9,
                rule="pii.phone",
                why="phone",
                message_id=msg.id,
                source_id=src.id,
                observed_at=posted,
                created_at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
            )
        )
    fig = figures(store, Window(date(2026, 6, 1), date(2026, 6, 5)))
    assert fig["flags"] == {"doxxing": [0, 0, 1, 0, 0]}
