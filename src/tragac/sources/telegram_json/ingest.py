"""Telegram Desktop JSON export ingestion (``result.json``): the run that drives the writer.

:func:`ingest_path` reads a single-chat or a full-account export (``chats.list`` and ``left_chats.list``) in constant
memory, turns every message into a :class:`~tragac.sources.records.MessageRecord` and writes them in batches through
:class:`~tragac.sources.writer.StoreWriter`, each batch in one transaction. The format is the one Telegram Desktop's
``export_output_json.cpp`` writes; docs/telegram-export.md lists every field and where it goes.

Guarantees:

- idempotent: the same export twice adds nothing; a newer export of a chat adds its new messages and records edits;
- resumable: a run killed at any point and started again ends with exactly the rows of a clean run;
- malformed JSON stops the run with :class:`~tragac.errors.InputError` naming the file and byte offset; the batch in
  flight is not written. A single malformed message is skipped, counted and reported with its position;
- unknown keys, message types and service actions are kept (``Message.raw_unknown`` / the event's details) and
  counted, never fatal; nesting deeper than ``reader.MAX_DEPTH`` levels stops the run with an InputError instead of
  exhausting memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

import ijson

from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter
from tragac.sources import telegram_merge as merge
from tragac.sources.base import IngestResult, check_timezone, first_bad_utf8, not_utf8, sniff_format, zone_for
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.telegram_json.convert import Converter, Malformed, as_int, clean
from tragac.sources.telegram_json.reader import Chat, Reader, Split, chat_splits, error_offset
from tragac.sources.writer import StoreWriter
from tragac.store.db import Store

PLATFORM = "telegram"
BATCH_SIZE = 2000
MAX_ERRORS = 100  # errors listed in the result; all are counted in "skipped"

__all__ = ["BATCH_SIZE", "IngestResult", "ingest_path"]


class _Ingest:
    """One run over one export file: routes the stream to chats, converts messages, writes them in batches."""

    def __init__(
        self,
        store: Store,
        path: Path,
        root: Path,
        zone: tzinfo,
        tz_name: str,
        reporter: Reporter,
        retime: bool = False,
        same_as: str | None = None,
    ) -> None:
        self.store = store
        self.retime = retime
        self.same_as = same_as
        self.path = path
        self.root = root
        self.reporter = reporter
        self.result = IngestResult(timezone=tz_name, path=str(path))
        self.converter = Converter(root, zone, unknown=self.result.unknown)
        self.writer = StoreWriter(store, platform=PLATFORM, mode="retime" if retime else "upsert")
        self.chat: Chat | None = None
        self.batch_chat: Chat | None = None
        self.pending: list[tuple[str, Chat]] = []
        self.batch: list[MessageRecord] = []
        self.batch_source: int | None = None
        self.reader: Reader | None = None

    # ---- errors ----

    def _skip(self, chat: Chat, index: int, pos: int, why: str) -> None:
        self.result.skipped += 1
        if len(self.result.errors) < MAX_ERRORS:
            self.result.errors.append({"where": f"{chat.label()} message #{index} (near byte {pos})", "why": why})

    # ---- chats and batches ----

    def _start_chat(self, chat: Chat) -> None:
        self.flush()
        self.chat = chat

    def _open_source(self, chat: Chat) -> bool:
        cid = as_int(chat.id)
        if cid is None:
            return False
        rec = SourceRecord(
            platform=PLATFORM,
            platform_id=str(cid),
            kind=chat.type or "unknown",
            title=chat.name,
            left=chat.left,
            raw={k: clean(v, 1) for k, v in chat.raw.items()} or None,
        )
        chat.source_id = self.writer.source(rec)
        chat.raw_record = rec
        chat.merged = merge.merged_from_html(self.store, chat.source_id)
        chat.merge_checked = chat.merged
        self.result.sources += 1
        return True

    def _merge_check(self, chat: Chat, batch: list[MessageRecord]) -> None:
        """The first batch of a chat: is it a chat read from HTML before? Then that source becomes this chat."""
        chat.merge_checked = True
        if self.same_as is not None:
            if self.result.sources > 1:
                raise InputError(f"{self.path}: --same-as names one chat, but this export holds several")
            found_id = merge.named_chat(self.store, self.same_as)[0]
        else:
            found = merge.find_counterpart(self.store, batch, chat.name, html=True)
            if found is None:
                return
            found_id = found.source_id
        if chat.source_id is None or found_id == chat.source_id:
            return
        sid = merge.adopt_html_chat(self.store, found_id, chat.source_id, chat.raw_record)
        if sid != chat.source_id:
            chat.source_id = self.batch_source = sid
            chat.merged = True

    def _end_chat(self, chat: Chat) -> None:
        chat.ended = True
        if chat.source_id is None:
            if not self._open_source(chat):
                why = "chat has no integer id"
                if chat.buffer or chat.index == 0:
                    self.result.skipped += len(chat.buffer)
                    if len(self.result.errors) < MAX_ERRORS:
                        self.result.errors.append({"where": chat.label(), "why": why})
                chat.buffer.clear()
                self.result.unstored.append(f"{chat.label()}: {why}, so its messages cannot be stored")
                return
            for obj, index, pos in chat.buffer:
                self._message(chat, obj, index, pos)
            chat.buffer.clear()
        self.flush()
        chat.duplicates.report(self.result, chat.label())
        if chat.merged and chat.source_id is not None:
            merge.relink_synthetic_authors(self.store, chat.source_id)

    def flush(self) -> None:
        if self.batch and self.batch_source is not None:
            chat = self.batch_chat
            if chat is not None and not chat.merge_checked and not self.retime:
                self._merge_check(chat, self.batch)
            if not self.retime:
                self.writer.mode = "replace" if chat is not None and chat.merged else "upsert"
            assert self.batch_source is not None
            self.result._add(self.writer.write(self.batch_source, self.batch))
            if self.reader is not None:
                self.reporter.update(self.reader.pos)
        self.batch = []

    def _drain(self) -> None:
        pending, self.pending = self.pending, []
        for what, chat in pending:
            if what == "start":
                self._start_chat(chat)
            else:
                self._end_chat(chat)

    # ---- messages ----

    def on_message(self, obj: Any) -> None:
        if self.pending:
            self._drain()
        chat = self.chat
        if chat is None:  # pragma: no cover - the router always announces a chat first
            return
        chat.index += 1
        pos = self.reader.pos if self.reader is not None else 0
        if chat.source_id is None and not self._open_source(chat):
            chat.buffer.append((obj, chat.index, pos))
            return
        self._message(chat, obj, chat.index, pos)

    def _message(self, chat: Chat, obj: Any, index: int, pos: int) -> None:
        mid = as_int(obj.get("id")) if isinstance(obj, dict) else None
        if mid is not None and not chat.duplicates.first(mid):
            return  # a repeated id: the first is kept (a warning at the chat's end), so a re-ingest is stable
        try:
            rec = self.converter.convert(obj)
        except Malformed as exc:
            self._skip(chat, index, pos, str(exc))
            return
        if self.batch_source != chat.source_id:
            self.flush()
            self.batch_source = chat.source_id
            self.batch_chat = chat
        self.batch.append(rec)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    # ---- the stream ----

    def run(self) -> IngestResult:
        size = self.path.stat().st_size
        self.result.bytes = size
        if size == 0:
            raise InputError(f"{self.path}: empty file, not a Telegram Desktop export")
        shape, single = self._peek()
        self.result.export_id = self.writer.begin_export(str(self.path), str(self.root), size, self.result.timezone)
        self.reporter.start(f"ingesting {self.path.name}", total=size)
        with self.path.open("rb") as f:
            reader = self.reader = Reader(f, str(self.path))
            try:
                splits = chat_splits(self.path) if shape == "full" else None
                if single is not None:
                    self.pending.append(("start", single))
                    for obj in ijson.items(reader, "messages.item", use_float=True):
                        self.on_message(obj)
                    self.pending.append(("end", single))
                elif splits is not None:
                    # Fast path: ijson's C builder yields the messages of both lists; chat boundaries come from
                    # the byte offsets found by the scan, announced as the reader reaches them.
                    reader = self.reader = Reader(f, str(self.path), splits)
                    current: list[Chat] = []

                    def on_split(split: Split) -> None:
                        if current:
                            self.pending.append(("end", current.pop()))
                        assert split.header is not None
                        current.append(split.header)
                        self.pending.append(("start", split.header))

                    reader.on_split = on_split
                    for obj in ijson.items(reader, "chats.list.item.messages.item", use_float=True):
                        self.on_message(obj)
                    if current:
                        self.pending.append(("end", current.pop()))
                else:
                    events = self._route(ijson.parse(reader, use_float=True), shape == "single")
                    for obj in ijson.items(events, "messages.item"):
                        self.on_message(obj)
            except ijson.JSONError as exc:
                self.batch = []
                self._refuse_if_not_utf8()
                why = str(exc).split("\n", 1)[0].removeprefix("parse error: ")
                offset = error_offset(str(exc), reader)
                raise InputError(f"{self.path}: malformed JSON at byte {offset}: {why}") from None
            self._drain()
            self.flush()
        self.result.dates_from_local_time = self.converter.dates_from_local_time
        self.reporter.update(size)
        self.writer.finish_export(self.result.export_id, self._counts())
        return self.result

    def _counts(self) -> dict[str, Any]:
        counts = self.result.to_dict()
        counts.update(
            unknown=self.result.unknown,
            edits_recorded=self.result.edits_recorded,
            dates_from_local_time=self.result.dates_from_local_time,
            timezone=self.result.timezone,
        )
        return counts

    def _peek(self) -> tuple[str, Chat | None]:
        """("single", chat) for a single-chat export whose name/type/id precede its messages (the fast path),
        ("single", None) for another single-chat export, ("full", None) for a full-account export."""
        chat = Chat()
        with self.path.open("rb") as f:
            if sniff_format(f.read(4096)) == "html":
                raise InputError(
                    f"{self.path}: this is an HTML page (a Telegram Desktop HTML export?), not JSON: "
                    "ingest its folder without --source, or pass --source telegram-html"
                )
            f.seek(0)
            reader = Reader(f, str(self.path))
            try:
                events = ijson.parse(reader, use_float=True)
                first = next(events, None)
                if first is None:
                    raise InputError(f"{self.path}: empty file, not a Telegram Desktop export")
                if first[1] != "start_map":
                    raise InputError(f"{self.path}: not a Telegram Desktop export (the top level is not an object)")
                for prefix, event, value in events:
                    if prefix == "" and event == "map_key":
                        if value == "messages":
                            return "single", (chat if chat.id is not None else None)
                        if value in ("chats", "left_chats"):
                            return "full", None
                    elif prefix in ("name", "type", "id") and event in ("string", "number"):
                        setattr(chat, prefix, value)
                    elif prefix == "" and event == "end_map":
                        raise InputError(f"{self.path}: not a Telegram Desktop export (no messages or chats)")
            except ijson.JSONError as exc:
                self._refuse_if_not_utf8()
                why = str(exc).split("\n", 1)[0].removeprefix("parse error: ")
                raise InputError(
                    f"{self.path}: malformed JSON at byte {error_offset(str(exc), reader)}: {why}"
                ) from None
        raise InputError(f"{self.path}: not a Telegram Desktop export (no messages or chats)")

    def _refuse_if_not_utf8(self) -> None:
        """A parse error in a file that is not UTF-8 is reported as such (yajl's own message points elsewhere)."""
        bad = first_bad_utf8(self.path)
        if bad is not None:
            with self.path.open("rb") as f:
                raise not_utf8(self.path, f.read(1 << 16), bad)

    def _route(self, events: Iterator[tuple[str, str, Any]], single: bool) -> Iterator[tuple[str, str, Any]]:
        """Pass message events on as ``messages.item…`` and keep the chat-level ones to ourselves.

        ``single``: the top-level object is the chat (a single-chat export whose id follows its messages).
        """
        chats_msg, left_msg = "chats.list.item.messages.item", "left_chats.list.item.messages.item"
        chat: Chat | None = None
        for prefix, event, value in events:
            if prefix.startswith(chats_msg):
                yield prefix[16:], event, value
            elif prefix.startswith(left_msg):
                yield prefix[21:], event, value
            elif prefix.startswith("messages.item"):
                yield prefix, event, value
            elif prefix in ("chats.list.item", "left_chats.list.item"):
                if event == "start_map":
                    chat = Chat(left=prefix[0] == "l")
                    self.pending.append(("start", chat))
                elif event == "end_map" and chat is not None:
                    self.pending.append(("end", chat))
                    chat = None
            elif prefix == "" and single and event in ("start_map", "end_map"):
                if event == "start_map":
                    chat = Chat()
                    self.pending.append(("start", chat))
                elif chat is not None:
                    self.pending.append(("end", chat))
                    chat = None
            elif event in ("string", "number", "boolean", "null") and chat is not None:
                key = prefix.rpartition(".")[2]
                parent = prefix[: -len(key) - 1] if "." in prefix else ""
                if parent in ("", "chats.list.item", "left_chats.list.item"):
                    if key in ("name", "type", "id"):
                        setattr(chat, key, value)
                    elif parent != "" or key not in ("about",):
                        chat.raw[key] = value


def _resolve(path: Path) -> tuple[Path, Path]:
    if path.is_dir():
        candidate = path / "result.json"
        if not candidate.is_file():
            raise InputError(f"{path}: no result.json in this folder (is it a Telegram Desktop JSON export?)")
        return candidate, path
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder")
    return path, path.parent


def ingest_path(
    store: Store,
    path: str | Path,
    *,
    timezone: str = "UTC",
    reporter: Reporter | None = None,
    retime: bool = False,
    same_as: str | None = None,
) -> IngestResult:
    """Ingest a Telegram Desktop JSON export: ``path`` is ``result.json`` or the folder that holds it.

        ``timezone`` (an IANA name) is how the zone-less ``date`` is read when ``date_unixtime`` is missing (exports
        before mid-2022); it is recorded on the ``ExportFile`` row. A re-ingest in another zone than before is refused
        unless ``retime``, which rewrites the stored times of this export's messages. ``same_as`` names the stored chat
    (read from HTML) that this single-chat export is; without it such a chat is found by
    :func:`~tragac.sources.telegram_merge.find_counterpart`. Raises
        :class:`~tragac.errors.InputError` for input that cannot be read at all.
    """
    zone = zone_for(timezone)
    file, root = _resolve(Path(path).expanduser().absolute())
    check_timezone(store, str(file), timezone, retime=retime)
    return _Ingest(store, file, root, zone, timezone, reporter or NullReporter(), retime, same_as).run()
