"""The collector against an offline Telegram: resume, flood waits, disconnects, edits, deletions, member counts."""

from __future__ import annotations

import glob
import logging
import random
import tempfile
from datetime import timedelta

import pytest
import sqlalchemy as sa
from telethon import errors

from tragac.sources.live.client import TelegramSettings
from tragac.sources.live.pacing import FakeClock
from tragac.sources.telegram_live import LiveCollector
from tragac.store import Store
from tragac.store.models import CollectorSource, Media, MediaRobust, MemberCount, Message, MessageEdit, Sighting

from . import fakes
from .conftest import Live, make_live, run


def _messages(live: Live) -> dict[int, Message]:
    with live.store.session() as s:
        return {
            m.platform_message_id: m for m in s.scalars(sa.select(Message).where(Message.source_id == live.source_id))
        }


def _state(live: Live) -> CollectorSource:
    with live.store.session() as s:
        cs = s.get(CollectorSource, live.cs_id)
        assert cs is not None
        return cs


def test_collects_then_resumes_from_last_stored_id(live: Live) -> None:
    live.client.add(*(fakes.text_message(i, f"poruka {i}", sender=123 + i % 2) for i in range(1, 131)))
    out = run(live.collector.collect(live.cs_id))
    assert out.error is None and out.added == 130 and out.last_message_id == 130
    assert len(_messages(live)) == 130 and _state(live).last_message_id == 130
    assert live.client.history_calls()[0]["min_id"] == 0 and live.client.history_calls()[0]["reverse"] is True

    live.client.add(*(fakes.text_message(i, f"poruka {i}") for i in range(131, 136)))
    out = run(live.collector.collect(live.cs_id))
    assert live.client.history_calls()[1]["min_id"] == 130
    assert out.added == 5 and len(_messages(live)) == 135
    st = _state(live)
    assert st.last_message_id == 135 and st.last_error is None and st.last_success_at == live.clock.now()
    assert st.next_run_at is not None and st.next_run_at > live.clock.now()


def test_flood_wait_of_30_s_is_waited_not_failed(live: Live) -> None:
    live.client.add(*(fakes.text_message(i, f"m{i}") for i in range(1, 101)))
    live.client.script.add(call=1, after=60, exc=errors.FloodWaitError(request=None, capture=30))
    out = run(live.collector.collect(live.cs_id))
    assert out.flood_waits == [30] and out.error is None
    assert any(30 <= s <= 32 for s in live.clock.sleeps), live.clock.sleeps
    assert len(_messages(live)) == 100
    calls = live.client.history_calls()
    assert calls[1]["min_id"] == 50  # resumed after the last batch written (batch size 50)
    st = _state(live)
    assert st.failures == 0 and st.last_error is None and st.last_message_id == 100


def test_long_flood_wait_reschedules_instead_of_blocking(live: Live) -> None:
    live.client.add(fakes.text_message(1, "a"))
    live.client.script.add(call=1, after=0, exc=errors.FloodWaitError(request=None, capture=5000))
    out = run(live.collector.collect(live.cs_id))
    assert out.error and "5000" in out.error
    st = _state(live)
    assert st.next_run_at is not None and st.next_run_at >= live.clock.now() + timedelta(seconds=5000)
    assert st.failures == 0 and max(live.clock.sleeps, default=0) < 5000


def test_disconnect_mid_history_reconnects_and_resumes_without_duplicates(live: Live) -> None:
    live.client.add(*(fakes.text_message(i, f"m{i}") for i in range(1, 121)))
    live.client.script.add(call=1, after=75, exc=ConnectionError("connection reset by peer"))
    out = run(live.collector.collect(live.cs_id))
    assert out.retries == 1 and out.error is None
    assert ("connect", {}) in live.client.calls
    msgs = _messages(live)
    assert sorted(msgs) == list(range(1, 121))
    with live.store.session() as s:
        assert s.scalar(sa.select(sa.func.count(Message.id))) == 120


def test_repeated_network_failure_is_recorded_with_backoff(live: Live) -> None:
    live.client.add(fakes.text_message(1, "a"))
    for call in range(1, 6):
        live.client.script.add(call=call, after=0, exc=ConnectionError("down"))
    out = run(live.collector.collect(live.cs_id))
    assert out.error and "down" in out.error
    st = _state(live)
    assert st.failures == 1 and st.last_error and st.next_run_at and st.next_run_at > live.clock.now()


def test_rescan_records_edits_and_deletions_and_keeps_evidence(live: Live) -> None:
    live.client.add(*(fakes.text_message(i, f"original {i}") for i in range(1, 6)))
    run(live.collector.collect(live.cs_id))
    # Later: message 3 edited, message 4 deleted on Telegram.
    live.client.add(fakes.text_message(3, "izmenjeno", edit_date=fakes.T0 + timedelta(hours=5)))
    del live.client.history[fakes.CHANNEL][4]
    live.clock.advance(7 * 3600)
    out = run(live.collector.collect(live.cs_id))
    assert out.deleted == 1 and out.updated == 1 and out.rescanned == 5
    msgs = _messages(live)
    assert msgs[3].text == "izmenjeno"
    deleted_at = msgs[4].deleted_at
    assert deleted_at is not None and live.clock.now() - timedelta(seconds=5) <= deleted_at <= live.clock.now()
    assert msgs[4].text == "original 4"  # the evidence is kept
    assert all(msgs[i].deleted_at is None for i in (1, 2, 3, 5))
    with live.store.session() as s:
        edits = list(s.scalars(sa.select(MessageEdit)))
    assert [e.text for e in edits] == ["original 3"]
    rescanned_at = _state(live).last_rescan_at
    assert rescanned_at is not None and rescanned_at >= live.clock.now() - timedelta(seconds=5)


def test_rescan_is_limited_to_the_window(live: Live) -> None:
    live.client.add(*(fakes.text_message(i, "x") for i in range(1, 4)))
    run(live.collector.collect(live.cs_id))
    del live.client.history[fakes.CHANNEL][1]
    live.clock.advance(10 * 86400)  # everything is now older than the 7-day window
    out = run(live.collector.collect(live.cs_id))
    assert out.rescanned == 0 and out.deleted == 0


def test_member_count_snapshots(live: Live) -> None:
    live.client.full[fakes.CHANNEL] = 70_000
    run(live.collector.collect(live.cs_id))
    live.client.full[fakes.CHANNEL] = 70_250
    run(live.collector.collect(live.cs_id))  # not due yet: still one snapshot
    live.clock.advance(6 * 3600 + 1)
    run(live.collector.collect(live.cs_id))
    with live.store.session() as s:
        rows = list(s.scalars(sa.select(MemberCount).order_by(MemberCount.taken_at)))
    assert [r.participants for r in rows] == [70_000, 70_250]
    assert rows[0].online == 17 and rows[0].admins == 3 and rows[0].source_id == live.source_id


def test_media_is_hashed_and_dropped(live: Live) -> None:
    picture = fakes.png_bytes(1)
    live.client.add(fakes.photo_message(1, 9001, len(picture)), fakes.document_message(2, 9002, 10**9))
    live.client.media[1] = picture
    before = set(glob.glob(f"{tempfile.gettempdir()}/tragac-live-*"))
    out = run(live.collector.collect(live.cs_id))
    assert out.media_downloaded == 1 and out.media_too_large == 1
    assert set(glob.glob(f"{tempfile.gettempdir()}/tragac-live-*")) == before  # no bytes left behind
    with live.store.session() as s:
        media = list(s.scalars(sa.select(Media)))
        sightings = list(s.scalars(sa.select(Sighting)))
    assert len(media) == 1 and media[0].kind == "image" and media[0].size == len(picture)
    assert media[0].pdq is not None and media[0].hashed_at is not None and media[0].in_vault is False
    assert [x.file_path for x in sightings] == ["telegram:photo/9001"]
    msgs = _messages(live)
    assert msgs[2].media_info and "cap" in msgs[2].media_info["not_downloaded"]
    # A re-scan does not download the same file again.
    live.clock.advance(7 * 3600)
    run(live.collector.collect(live.cs_id))
    assert [c for c in live.client.calls if c[0] == "download_media"] == [("download_media", {"id": 1})]


def test_live_media_get_the_robust_fingerprint_while_a_bank_wants_it(live: Live) -> None:
    # The collector hashes like the hash stage (one rule: media.stage.monitored_hash_options).
    from matching.robust_world import tragac

    tragac(live.store, "bank", "create", "robust-bank", "--kind", "victim_case")
    tragac(live.store, "bank", "configure", "robust-bank", "--robust")
    picture = fakes.png_bytes(1)
    live.client.add(fakes.photo_message(1, 9001, len(picture)))
    live.client.media[1] = picture
    run(live.collector.collect(live.cs_id))
    with live.store.session() as s:
        (media,) = s.scalars(sa.select(Media)).all()
        robust = s.get(MediaRobust, media.id)
    assert robust is not None and robust.windows and robust.local_features is not None


def test_stop_request_saves_the_batch_in_flight(live: Live) -> None:
    live.client.add(*(fakes.text_message(i, f"m{i}") for i in range(1, 201)))

    def stop_at(mid: int) -> None:
        if mid == 73:
            live.collector.request_stop()

    live.client.on_message = stop_at
    run(live.collector.collect(live.cs_id))
    msgs = _messages(live)
    assert sorted(msgs) == list(range(1, 74))
    assert _state(live).last_message_id == 73  # consistent: the resume point is what is stored


def test_requests_are_paced(sqlite_store: Store) -> None:
    live = make_live(sqlite_store, request_interval=2.0, batch_size=500)
    live.client.add(*(fakes.text_message(i, "x") for i in range(1, 351)))
    run(live.collector.collect(live.cs_id))
    # 4 history pages + 1 member count (+ 1 re-scan page) → at least 4 waits of ~2 s (±20 % jitter).
    paced = [s for s in live.clock.sleeps if 1.5 <= s <= 2.5]
    assert len(paced) >= 4 and live.collector.limiter.requests >= 5


def test_flood_wait_is_logged(live: Live, caplog: pytest.LogCaptureFixture) -> None:
    live.client.add(fakes.text_message(1, "a"))
    live.client.script.add(call=1, after=0, exc=errors.FloodWaitError(request=None, capture=30))
    with caplog.at_level(logging.WARNING, logger="tragac.collect"):
        run(live.collector.collect(live.cs_id))
    assert any("30 s pause (FloodWait)" in r.getMessage() for r in caplog.records)


class _StopAfterSleeps(FakeClock):
    def __init__(self, collector_ref: list[LiveCollector], long_sleeps: int) -> None:
        super().__init__(fakes.T0 + timedelta(days=1))
        self.ref = collector_ref
        self.left = long_sleeps

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        if seconds >= 1.0:  # the loop's wait for the next due source, not request pacing
            self.left -= 1
            if self.left <= 0:
                self.ref[0].request_stop()


def test_run_forever_polls_when_due_and_stops_cleanly(sqlite_store: Store) -> None:
    live = make_live(sqlite_store, poll_interval=600.0)
    ref: list[LiveCollector] = []
    clock = _StopAfterSleeps(ref, long_sleeps=30)
    collector = LiveCollector(
        sqlite_store,
        live.client,
        account_id=live.account_id,
        settings=TelegramSettings(request_interval=0.0, poll_interval=600.0),
        clock=clock,
        rng=random.Random(1),
    )
    ref.append(collector)
    live.client.add(*(fakes.text_message(i, "x") for i in range(1, 4)))

    def more(mid: int) -> None:
        if mid == 3 and 4 not in live.client.history[fakes.CHANNEL]:
            live.client.add(fakes.text_message(4, "kasnije"))

    live.client.on_message = more
    run(collector.run_forever())
    assert len(live.client.handlers) == 3
    calls = live.client.history_calls()
    assert len(calls) >= 2 and calls[1]["min_id"] == 3  # polled again once due, from the resume point
    with sqlite_store.session() as s:
        assert s.scalar(sa.select(sa.func.count(Message.id))) == 4
    assert collector.stop.is_set()
