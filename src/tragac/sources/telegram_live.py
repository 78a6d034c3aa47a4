"""Live collection of Telegram chats with Telethon: resume, re-scan for edits and deletions, member counts, media.

:class:`LiveCollector` drives one client (one research account) over the chats registered with
:func:`add_source`. Every message goes through :class:`~tragac.sources.writer.StoreWriter` as the same records export
ingestion produces (:mod:`tragac.sources.live.convert`), so an export and live collection of one chat merge into
the same rows. Per source, one pass:

1. new messages: ``iter_messages(peer, reverse=True, min_id=last)`` from the stored resume point, written in
   batches (each one transaction) and the resume point moved after each batch, so a kill loses at most a batch
   that the next run fetches again without duplicates;
2. when due, a re-scan of the last ``rescan_days``: stored ids are fetched again by id; changed ones are recorded
   as edits (``MessageEdit``), missing ones get ``Message.deleted_at`` (the evidence already captured is kept);
3. when due, a member-count snapshot (GetFullChannel / GetFullChat) into ``MemberCount``.

Telegram is treated with care: one process-wide request pace with jitter, FloodWait honoured by sleeping with a
logged warning (longer than ``max_flood_wait`` reschedules the source), exponential backoff on network errors,
and a stop request (SIGINT/SIGTERM) ends the pass after the batch in flight. The collector never joins, invites,
sends messages or lists members.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from telethon import errors, events, utils
from telethon.tl import functions, types

from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter
from tragac.sources.live.client import CollectorClient, TelegramSettings
from tragac.sources.live.convert import bare_id, message_record, peer_kind_of, source_record
from tragac.sources.live.media import MediaBatch, already_sighted, rel_path
from tragac.sources.live.pacing import Clock, RateLimiter, RealClock, backoff, jittered
from tragac.sources.records import MessageRecord
from tragac.sources.writer import StoreWriter
from tragac.store.db import Store
from tragac.store.models import CollectorSource, MemberCount, Message, Source

log = logging.getLogger("tragac.collect")

PAGE = 100  # messages per GetHistory / GetMessages request
NETWORK_ERRORS = (ConnectionError, OSError, TimeoutError, asyncio.IncompleteReadError)
RETRIES = 3  # network failures retried within one pass before the source is rescheduled


class Stopped(Exception):
    """The collector was asked to stop; the work in flight was saved."""


class Rescheduled(Exception):
    """A flood wait too long to sit out now: the source runs again after it."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"Telegram asked for a {seconds} s pause (FloodWait); rescheduled")
        self.seconds = seconds


@dataclass
class SourceOutcome:
    """What one pass over one source did (the ``--json`` output of ``collect run`` lists these)."""

    source_id: int
    title: str | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rescanned: int = 0
    member_count: int | None = None
    media_downloaded: int = 0
    media_too_large: int = 0
    flood_waits: list[int] = field(default_factory=list)
    retries: int = 0
    last_message_id: int = 0
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- registering sources ---------------------------------------------------------------------------------------------

_LINK = re.compile(r"^(?:https?://)?(?:t|telegram)\.me/(.+)$", re.I)
_PRIVATE_POST = re.compile(r"^c/(\d+)(?:/\d+)?/?$")


def _parse_ref(ref: str) -> tuple[str, Any]:
    """("name", "@x") / ("link", url) / ("id", marked int) for what the analyst typed."""
    ref = ref.strip()
    if not ref:
        raise InputError("empty source: give @name, a t.me link or a numeric chat id")
    m = _LINK.match(ref)
    if m:
        rest = m.group(1)
        private = _PRIVATE_POST.match(rest)
        if private:
            return "id", utils.get_peer_id(types.PeerChannel(int(private.group(1))))
        if rest.startswith(("+", "joinchat/")):
            return "link", ref
        return "name", rest.split("/", 1)[0].split("?", 1)[0]
    if ref.startswith("@"):
        return "name", ref[1:]
    if re.fullmatch(r"-?\d+", ref):
        return "id", int(ref)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,}", ref):
        return "name", ref
    raise InputError(f"{ref!r} is not @name, a t.me link or a numeric chat id")


async def _resolve(client: Any, ref: str) -> Any:
    kind, value = _parse_ref(ref)
    try:
        if kind != "id":
            return await client.get_entity(value)
        try:
            return await client.get_entity(value)
        except ValueError:
            # Ids the session has not seen are looked up in the account's own chat list (never a search).
            bare = utils.resolve_id(value)[0]
            async for dialog in client.iter_dialogs():
                if getattr(dialog.entity, "id", None) == bare:
                    return dialog.entity
            raise
    except (ValueError, errors.RPCError) as exc:
        raise InputError(
            f"cannot open {ref!r} with this account ({exc}); add only chats the account already belongs to"
        ) from None


def _check_member(entity: Any, ref: str) -> None:
    if isinstance(entity, types.ChannelForbidden | types.ChatForbidden):
        raise InputError(f"{ref!r}: the account was removed from this chat or cannot see it")
    if getattr(entity, "left", False) or getattr(entity, "deactivated", False):
        raise InputError(
            f"{ref!r}: the account is not a member of this chat; join it yourself in Telegram first "
            "(Tragač never joins chats)"
        )


async def add_source(store: Store, client: Any, account_id: int, ref: str) -> dict[str, Any]:
    """Register a chat the account is a member of; returns its status row. Resumes after what is stored already
    (an export of the same chat), so nothing is fetched twice."""
    entity = await _resolve(client, ref)
    if isinstance(entity, types.User):
        raise InputError(f"{ref!r} is a person, not a group or channel; Tragač monitors groups and channels")
    _check_member(entity, ref)
    record = source_record(entity)
    writer = StoreWriter(store)
    with store.session() as s:
        existing = s.scalar(
            sa.select(Source).where(Source.platform == record.platform, Source.platform_id == record.platform_id)
        )
        if existing is not None:
            # Keep what an export wrote (kind, raw); refresh only what the live entity knows better.
            existing.title = record.title or existing.title
            if record.username:
                existing.username, existing.link = record.username, record.link
            source_id = existing.id
    if existing is None:
        source_id = writer.source(record)
    with store.session() as s:
        top = s.scalar(sa.select(sa.func.max(Message.platform_message_id)).where(Message.source_id == source_id))
        cs = s.scalar(sa.select(CollectorSource).where(CollectorSource.source_id == source_id))
        if cs is None:
            cs = CollectorSource(source_id=source_id, last_message_id=max(int(top or 0), 0))
            s.add(cs)
        cs.account_id = account_id
        cs.ref = ref
        cs.peer_kind = peer_kind_of(entity)
        cs.peer_id = int(entity.id)
        cs.access_hash = getattr(entity, "access_hash", None)
        cs.enabled = True
        s.flush()
    return {r["source_id"]: r for r in status(store)}[source_id]


def input_peer(cs: CollectorSource) -> Any:
    if cs.peer_kind == "channel":
        return types.InputPeerChannel(cs.peer_id, cs.access_hash or 0)
    if cs.peer_kind == "chat":
        return types.InputPeerChat(cs.peer_id)
    return types.InputPeerUser(cs.peer_id, cs.access_hash or 0)


# -- status ----------------------------------------------------------------------------------------------------------


def status(store: Store, account_id: int | None = None) -> list[dict[str, Any]]:
    """Per source: resume point, last success, last error, next run, stored messages, latest member count."""
    with store.session() as s:
        q = (
            sa.select(CollectorSource, Source)
            .join(Source, Source.id == CollectorSource.source_id)
            .order_by(CollectorSource.id)
        )
        if account_id is not None:
            q = q.where(CollectorSource.account_id == account_id)
        rows = list(s.execute(q))
        out = []
        for cs, src in rows:
            counts = s.execute(
                sa.select(sa.func.count(Message.id), sa.func.count(Message.deleted_at)).where(
                    Message.source_id == src.id
                )
            ).one()
            member = s.execute(
                sa.select(MemberCount.participants, MemberCount.taken_at)
                .where(MemberCount.source_id == src.id)
                .order_by(MemberCount.taken_at.desc(), MemberCount.id.desc())
                .limit(1)
            ).first()
            out.append(
                {
                    "source_id": src.id,
                    "platform_id": src.platform_id,
                    "title": src.title,
                    "kind": src.kind,
                    "ref": cs.ref,
                    "account": cs.account.name,
                    "enabled": cs.enabled,
                    "last_message_id": cs.last_message_id,
                    "last_success_at": cs.last_success_at,
                    "last_error": cs.last_error,
                    "last_error_at": cs.last_error_at,
                    "failures": cs.failures,
                    "next_run_at": cs.next_run_at,
                    "last_rescan_at": cs.last_rescan_at,
                    "messages": int(counts[0]),
                    "deleted": int(counts[1]),
                    "member_count": member[0] if member else None,
                    "member_count_at": member[1] if member else None,
                }
            )
    return out


# -- the collector ---------------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    msgs: list[Any] = field(default_factory=list)
    recs: list[MessageRecord] = field(default_factory=list)


class LiveCollector:
    """Collects the sources of one account through ``client`` (a Telethon client or a test double)."""

    def __init__(
        self,
        store: Store,
        client: CollectorClient,
        *,
        account_id: int,
        settings: TelegramSettings | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.account_id = account_id
        self.settings = settings or TelegramSettings()
        self.stop = asyncio.Event()
        self.clock: Clock = clock or RealClock(self.stop)
        self.rng = rng or random.Random()
        self.limiter = limiter or RateLimiter(self.clock, self.settings.request_interval, rng=self.rng)
        self.writer = StoreWriter(store)
        self._lock = asyncio.Lock()  # one writer at a time: polls and live update handlers share the store

    def request_stop(self) -> None:
        """Ask for a clean stop: the batch in flight is written, then every loop returns."""
        if not self.stop.is_set():
            log.warning("stopping: finishing the batch in flight")
        self.stop.set()

    # ---- sources ----

    def sources(self, *, due_only: bool) -> list[CollectorSource]:
        now = self.clock.now()
        with self.store.session() as s:
            q = sa.select(CollectorSource).where(
                CollectorSource.account_id == self.account_id, CollectorSource.enabled.is_(True)
            )
            rows = list(s.scalars(q.order_by(CollectorSource.id)))
        if due_only:
            rows = [r for r in rows if r.next_run_at is None or r.next_run_at <= now]
        return rows

    async def run_once(self, reporter: Reporter | None = None, *, due_only: bool = False) -> list[SourceOutcome]:
        """One pass over every enabled source of the account."""
        reporter = reporter or NullReporter()
        todo = self.sources(due_only=due_only)
        reporter.start("collecting", total=len(todo))
        outcomes = []
        for cs in todo:
            if self.stop.is_set():
                break
            outcomes.append(await self.collect(cs.id))
            reporter.advance(1)
        return outcomes

    async def run_forever(self, reporter: Reporter | None = None) -> None:
        """Live update handlers plus a jittered poll of each source when it is due, until :meth:`request_stop`."""
        self.register_handlers()
        while not self.stop.is_set():
            await self.run_once(reporter, due_only=True)
            if self.stop.is_set():
                break
            await self.clock.sleep(self._until_next_due())

    def _until_next_due(self) -> float:
        upcoming = [cs.next_run_at for cs in self.sources(due_only=False) if cs.next_run_at is not None]
        if not upcoming:
            return jittered(self.settings.poll_interval, 0.2, self.rng)
        return max(1.0, min(60.0, (min(upcoming) - self.clock.now()).total_seconds()))

    # ---- one source ----

    async def collect(self, collector_source_id: int) -> SourceOutcome:
        """One pass over one source; errors are recorded on the source, never raised (except a stop request)."""
        with self.store.session() as s:
            cs = s.get(CollectorSource, collector_source_id)
            if cs is None:
                raise InputError(f"no collector source {collector_source_id}")
            title = s.scalar(sa.select(Source.title).where(Source.id == cs.source_id))
        out = SourceOutcome(source_id=cs.source_id, title=title, last_message_id=cs.last_message_id)
        peer = input_peer(cs)
        try:
            await self._guarded(out, lambda: self._new_messages(cs, peer, out))
            now = self.clock.now()
            if cs.last_rescan_at is None and cs.last_message_id == 0:
                # Everything was fetched just now: nothing to re-scan before the next interval.
                self._save(cs.id, last_rescan_at=now)
            elif cs.last_rescan_at is None or now - cs.last_rescan_at >= timedelta(
                seconds=self.settings.rescan_interval
            ):
                await self._guarded(out, lambda: self._rescan(cs, peer, out))
                self._save(cs.id, last_rescan_at=self.clock.now())
            due = cs.last_member_count_at is None or now - cs.last_member_count_at >= timedelta(
                seconds=self.settings.member_interval
            )
            if due and cs.peer_kind in ("channel", "chat"):
                await self._guarded(out, lambda: self._member_count(cs, peer, out))
        except Stopped:
            log.info("source %s: stopped after saving the batch in flight", cs.source_id)
            return out
        except Rescheduled as exc:
            self._save(
                cs.id,
                last_error=str(exc),
                last_error_at=self.clock.now(),
                next_run_at=self.clock.now() + timedelta(seconds=exc.seconds + 5),
            )
            out.error = str(exc)
            return out
        except Exception as exc:  # recorded on the source and retried later with backoff; the run goes on
            failures = self._failures(cs.id) + 1
            delay = backoff(failures, 60.0, 6 * 3600.0, self.rng)
            why = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("source %s failed (%s); next try in %.0f s", cs.source_id, why, delay)
            self._save(
                cs.id,
                last_error=why,
                last_error_at=self.clock.now(),
                failures=failures,
                next_run_at=self.clock.now() + timedelta(seconds=delay),
            )
            out.error = why
            return out
        self._save(
            cs.id,
            last_success_at=self.clock.now(),
            last_error=None,
            failures=0,
            next_run_at=self.clock.now() + timedelta(seconds=jittered(self.settings.poll_interval, 0.2, self.rng)),
        )
        return out

    async def _guarded(self, out: SourceOutcome, step: Callable[[], Any]) -> None:
        """Run ``step`` (which resumes from stored state), sitting out flood waits and retrying network errors."""
        network_failures = 0
        while True:
            if self.stop.is_set():
                raise Stopped
            try:
                await step()
                return
            except errors.FloodWaitError as exc:
                seconds = int(exc.seconds)
                out.flood_waits.append(seconds)
                if seconds > self.settings.max_flood_wait:
                    log.warning("Telegram asked for a %s s pause (FloodWait): rescheduling source", seconds)
                    raise Rescheduled(seconds) from None
                log.warning("Telegram asked for a %s s pause (FloodWait); waiting, then resuming", seconds)
                await self.clock.sleep(seconds + jittered(1.0, 0.5, self.rng))
            except NETWORK_ERRORS as exc:
                network_failures += 1
                out.retries += 1
                if network_failures > RETRIES:
                    raise
                delay = backoff(network_failures, 5.0, 300.0, self.rng)
                log.warning("network error (%s); reconnecting in %.0f s", exc or type(exc).__name__, delay)
                await self.clock.sleep(delay)
                await self._reconnect()

    async def _reconnect(self) -> None:
        try:
            if not self.client.is_connected():
                await self.client.connect()
        except NETWORK_ERRORS as exc:
            log.warning("reconnect failed: %s", exc)

    async def _new_messages(self, cs: CollectorSource, peer: Any, out: SourceOutcome) -> None:
        last = self._resume_point(cs.id)
        batch = _Batch()
        seen = 0
        await self.limiter.acquire()
        async for msg in self.client.iter_messages(peer, reverse=True, min_id=last, wait_time=0):
            if isinstance(msg, types.MessageEmpty) or msg is None:
                continue
            batch.msgs.append(msg)
            batch.recs.append(message_record(msg))
            seen += 1
            if len(batch.recs) >= self.settings.batch_size:
                await self._flush(cs, batch, out, advance=True)
                batch = _Batch()
            if self.stop.is_set():
                break
            if seen % PAGE == 0:
                await self.limiter.acquire()  # Telethon asks for the next page now
        await self._flush(cs, batch, out, advance=True)
        if self.stop.is_set():
            raise Stopped

    def _resume_point(self, cs_id: int) -> int:
        with self.store.session() as s:
            return int(s.scalar(sa.select(CollectorSource.last_message_id).where(CollectorSource.id == cs_id)) or 0)

    async def _flush(self, cs: CollectorSource, batch: _Batch, out: SourceOutcome, *, advance: bool) -> None:
        if not batch.recs:
            return
        async with self._lock:
            with MediaBatch(self.client, self.settings.max_media_bytes) as media:
                if self.settings.download_media:
                    sighted = already_sighted(self.store, cs.source_id, batch.recs)
                    for msg, rec in zip(batch.msgs, batch.recs, strict=True):
                        rel = rel_path(rec)
                        if rel is not None and (rec.platform_message_id, rel) not in sighted:
                            await self.limiter.acquire()
                            await media.fetch(msg, rec)
                result = self.writer.write(cs.source_id, batch.recs)
                self._enrich(cs.source_id, batch.recs)
                media.fingerprint(self.store, batch.recs)
            out.media_downloaded += media.downloaded
            out.media_too_large += media.skipped_too_large
        out.added += result.added
        out.updated += result.updated
        out.unchanged += result.unchanged
        if advance:
            top = max(r.platform_message_id for r in batch.recs)
            with self.store.session() as s:
                s.execute(
                    sa.update(CollectorSource)
                    .where(CollectorSource.id == cs.id, CollectorSource.last_message_id < top)
                    .values(last_message_id=top)
                )
            out.last_message_id = max(out.last_message_id, top)

    def _enrich(self, source_id: int, recs: list[MessageRecord]) -> None:
        """Add what only Telegram's API knows (forward origin, album, views) to rows an export wrote: the writer
        leaves an unchanged message alone, and none of these fields is part of its content hash."""
        rows = [
            {
                "b_pid": r.platform_message_id,
                "b_fwd_id": r.forwarded_from_id,
                "b_fwd_date": r.forward_date,
                "b_fwd_msg": r.forward_message_id,
                "b_grouped": r.grouped_id,
                "b_views": r.views,
            }
            for r in recs
            if r.forwarded_from_id is not None or r.grouped_id is not None or r.views is not None
        ]
        if not rows:
            return
        table = cast(sa.Table, Message.__table__)
        m = table.c
        with self.store.engine.begin() as conn:
            conn.execute(
                sa.update(table)
                .where(m.source_id == source_id, m.platform_message_id == sa.bindparam("b_pid"))
                .values(
                    forwarded_from_id=sa.func.coalesce(m.forwarded_from_id, sa.bindparam("b_fwd_id")),
                    forward_date=sa.func.coalesce(
                        m.forward_date, sa.bindparam("b_fwd_date", type_=m.forward_date.type)
                    ),
                    forward_message_id=sa.func.coalesce(m.forward_message_id, sa.bindparam("b_fwd_msg")),
                    grouped_id=sa.func.coalesce(m.grouped_id, sa.bindparam("b_grouped")),
                    views=sa.func.coalesce(sa.bindparam("b_views", type_=m.views.type), m.views),
                ),
                rows,
            )

    async def _rescan(self, cs: CollectorSource, peer: Any, out: SourceOutcome) -> None:
        since = self.clock.now() - timedelta(days=self.settings.rescan_days)
        with self.store.session() as s:
            ids = [
                int(i)
                for i in s.scalars(
                    sa.select(Message.platform_message_id)
                    .where(
                        Message.source_id == cs.source_id,
                        Message.platform_message_id > 0,  # migrated legacy-group ids cannot be fetched here
                        Message.deleted_at.is_(None),
                        Message.date >= since,
                    )
                    .order_by(Message.platform_message_id)
                )
            ]
        for start in range(0, len(ids), PAGE):
            if self.stop.is_set():
                raise Stopped
            chunk = ids[start : start + PAGE]
            await self.limiter.acquire()
            batch = _Batch()
            gone: list[int] = []
            async for pid, msg in _zip_ids(chunk, self.client.iter_messages(peer, ids=chunk)):
                if msg is None or isinstance(msg, types.MessageEmpty):
                    gone.append(pid)
                else:
                    batch.msgs.append(msg)
                    batch.recs.append(message_record(msg))
            await self._flush(cs, batch, out, advance=False)
            out.rescanned += len(chunk)
            if gone:
                out.deleted += self._mark_deleted(cs.source_id, gone)
            if batch.recs:
                self._mark_present(cs.source_id, [r.platform_message_id for r in batch.recs])

    def _mark_deleted(self, source_id: int, ids: list[int]) -> int:
        with self.store.session() as s:
            res = s.execute(
                sa.update(Message)
                .where(
                    Message.source_id == source_id,
                    Message.platform_message_id.in_(ids),
                    Message.deleted_at.is_(None),
                )
                .values(deleted_at=self.clock.now())
            )
            n = int(getattr(res, "rowcount", 0) or 0)
        if n:
            log.info("source %s: %d message(s) no longer on Telegram, marked deleted (evidence kept)", source_id, n)
        return n

    def _mark_present(self, source_id: int, ids: list[int]) -> None:
        with self.store.session() as s:
            s.execute(
                sa.update(Message)
                .where(
                    Message.source_id == source_id,
                    Message.platform_message_id.in_(ids),
                    Message.deleted_at.is_not(None),
                )
                .values(deleted_at=None)
            )

    async def _member_count(self, cs: CollectorSource, peer: Any, out: SourceOutcome) -> None:
        await self.limiter.acquire()
        participants = online = admins = None
        if cs.peer_kind == "channel":
            full = await self.client(functions.channels.GetFullChannelRequest(channel=peer))
            fc = full.full_chat
            participants, online, admins = fc.participants_count, fc.online_count, fc.admins_count
        else:
            full = await self.client(functions.messages.GetFullChatRequest(chat_id=cs.peer_id))
            chat = next((c for c in full.chats if getattr(c, "id", None) == cs.peer_id), None)
            participants = getattr(chat, "participants_count", None)
            listed = getattr(full.full_chat.participants, "participants", None)
            if participants is None and listed is not None:
                participants = len(listed)
        now = self.clock.now()
        with self.store.session() as s:
            s.add(
                MemberCount(
                    source_id=cs.source_id, taken_at=now, participants=participants, online=online, admins=admins
                )
            )
            s.execute(sa.update(CollectorSource).where(CollectorSource.id == cs.id).values(last_member_count_at=now))
        out.member_count = participants

    # ---- live updates ----

    def register_handlers(self) -> None:
        self.client.add_event_handler(self.on_new_message, events.NewMessage())
        self.client.add_event_handler(self.on_edited_message, events.MessageEdited())
        self.client.add_event_handler(self.on_deleted, events.MessageDeleted())

    def _source_for_peer(self, peer: Any) -> CollectorSource | None:
        pid = bare_id(peer)
        if pid is None:
            return None
        kind = (
            "channel" if isinstance(peer, types.PeerChannel) else "chat" if isinstance(peer, types.PeerChat) else "user"
        )
        with self.store.session() as s:
            return s.scalar(
                sa.select(CollectorSource).where(
                    CollectorSource.account_id == self.account_id,
                    CollectorSource.peer_kind == kind,
                    CollectorSource.peer_id == pid,
                    CollectorSource.enabled.is_(True),
                )
            )

    async def on_new_message(self, event: Any) -> None:
        """A new message in a monitored chat: stored at once (the next poll finds it unchanged)."""
        await self._store_event_message(event.message)

    async def on_edited_message(self, event: Any) -> None:
        """An edit: the previous version becomes history through the writer."""
        await self._store_event_message(event.message)

    async def _store_event_message(self, msg: Any) -> None:
        cs = self._source_for_peer(msg.peer_id)
        if cs is None:
            return
        out = SourceOutcome(source_id=cs.source_id, title=None)
        # Not advancing the resume point: a poll must still fetch anything missed before this message.
        await self._flush(cs, _Batch([msg], [message_record(msg)]), out, advance=False)

    async def on_deleted(self, event: Any) -> None:
        """Deletions Telegram announces. Without a chat (basic groups) the ids are ambiguous: the re-scan finds them."""
        chat_id = getattr(event, "chat_id", None)
        if chat_id is None:
            return
        peer = utils.resolve_id(chat_id)[1](utils.resolve_id(chat_id)[0])
        cs = self._source_for_peer(peer)
        if cs is not None:
            self._mark_deleted(cs.source_id, list(event.deleted_ids))

    # ---- state ----

    def _failures(self, cs_id: int) -> int:
        with self.store.session() as s:
            return int(s.scalar(sa.select(CollectorSource.failures).where(CollectorSource.id == cs_id)) or 0)

    def _save(self, cs_id: int, **values: Any) -> None:
        with self.store.session() as s:
            s.execute(sa.update(CollectorSource).where(CollectorSource.id == cs_id).values(**values))


async def _zip_ids(ids: list[int], messages: Any) -> Any:
    """Pair each requested id with what Telegram returned for it (None when the message is gone)."""
    i = 0
    async for msg in messages:
        if i >= len(ids):
            break
        yield ids[i], msg
        i += 1
    for pid in ids[i:]:
        yield pid, None


def last_success(store: Store) -> datetime | None:
    with store.session() as s:
        return s.scalar(sa.select(sa.func.max(CollectorSource.last_success_at)))
