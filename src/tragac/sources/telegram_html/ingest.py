"""Telegram Desktop HTML export ingestion: every ``messages*.html`` page of a chat folder, in order, one page at a
time, written through :class:`~tragac.sources.writer.StoreWriter` (one transaction per page).

Guarantees, as for the JSON export: memory is a few pages (Telegram writes 1000 messages per page; a reader
process parses up to three pages ahead of the writer); the same export twice
adds nothing; a run killed at any point and started again ends with exactly the rows of a clean run (a page commits
whole or not at all, and messages upsert on (chat, message id)); media files present in the folder are hashed and
linked. What HTML cannot give (user ids, chat id) is described in docs/telegram-export.md §HTML.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import tzinfo
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter
from tragac.sources import telegram_merge as merge
from tragac.sources.base import DuplicateIds, IngestResult, check_timezone, read_text, sniff_format, zone_for
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.telegram_html.convert import SYNTHETIC_PREFIX, BadDate, Converter
from tragac.sources.telegram_html.parser import HtmlMessage, PageInfo, parse_page
from tragac.sources.writer import StoreWriter, WriteMode
from tragac.store.db import Store

PLATFORM = "telegram"
_PAGE = re.compile(r"^messages(\d*)\.html$", re.I)
# Pages parsed ahead of the writer by the reader process: enough to keep both cores busy, few enough that memory
# stays a handful of pages however far the parser runs ahead.
_READ_AHEAD = 3
# Fewer pages than this after the first are parsed here: starting a process (a few tenths of a second) would cost
# more than it saves.
_READER_FROM_PAGES = 3


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    path: Path


def find_pages(folder: Path) -> list[Page]:
    """The ``messages*.html`` pages of ``folder`` in page order (``messages.html`` is page 1)."""
    pages = []
    for p in folder.iterdir():
        m = _PAGE.match(p.name)
        if m and p.is_file():
            pages.append(Page(int(m.group(1)) if m.group(1) else 1, p))
    return sorted(pages, key=lambda pg: pg.number)


def missing_pages(pages: list[Page], last_next: str | None) -> list[str]:
    """Page files absent from the numbering (numbering may start at 1 or 2) or linked from the last page."""
    if not pages:
        return []
    present = {pg.number for pg in pages}
    gaps = [n for n in range(1, pages[-1].number) if n not in present]
    missing = ["messages.html" if n == 1 else f"messages{n}.html" for n in gaps]
    if last_next and _PAGE.match(last_next) and last_next not in {pg.path.name for pg in pages}:
        missing.append(last_next)
    return missing


def read_page(path: Path) -> str:
    """A page's text; a page that is not UTF-8 is refused with the offset of its first bad byte."""
    return read_text(path)


def parse_file(path: Path) -> tuple[list[HtmlMessage], PageInfo]:
    """One page read and parsed (what the reader process does for each page)."""
    info = PageInfo()
    return list(parse_page(read_page(path), info)), info


def parsed_pages(pages: list[Page]) -> Iterator[tuple[list[HtmlMessage], PageInfo]]:
    """The parsed pages in order. With more than one core and a few pages, a reader process parses the next pages
    while this one converts and writes (parsing is about half the work of an ingest); the writer stays in this
    process, so a page still commits whole or not at all."""
    if len(pages) < _READER_FROM_PAGES or (os.cpu_count() or 1) < 2:
        yield from (parse_file(pg.path) for pg in pages)
        return
    # "spawn": the reader imports only the parser, and no lock held by this process's threads is copied into it.
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        ahead: list[Future[tuple[list[HtmlMessage], PageInfo]]] = []
        queued = 0
        for _ in pages:
            while queued < len(pages) and len(ahead) < _READ_AHEAD:
                ahead.append(pool.submit(parse_file, pages[queued].path))
                queued += 1
            yield ahead.pop(0).result()


def chat_key(title: str | None, folder: Path) -> str:
    """The chat's platform id: HTML has no chat id, so a stable hash of its title (or, untitled, its folder name)."""
    basis = title if title else f"folder:{folder.name}"
    return merge.HTML_PREFIX + hashlib.sha256(basis.encode()).hexdigest()[:16]


class _Ingest:
    def __init__(
        self,
        store: Store,
        folder: Path,
        pages: list[Page],
        zone: tzinfo,
        tz_name: str,
        reporter: Reporter,
        retime: bool = False,
        same_as: str | None = None,
    ):
        self.store = store
        self.folder = folder
        self.pages = pages
        self.zone = zone
        self.reporter = reporter
        self.retime = retime
        self.same_as = same_as
        self.result = IngestResult(timezone=tz_name, path=str(folder))
        self.writer = StoreWriter(store, platform=PLATFORM, mode="retime" if retime else "upsert")
        self.duplicates = DuplicateIds()
        self.real_authors: dict[str, str] = {}  # display name -> real author id, in a chat merged with its JSON

    def _convert(self, converter: Converter, page: Page, messages: Iterable[HtmlMessage]) -> list[MessageRecord]:
        batch: list[MessageRecord] = []
        page_dir = page.path.parent
        for msg in messages:
            if not self.duplicates.first(msg.id):
                continue  # the first one is kept, so a re-ingest is stable
            try:
                rec = converter.convert(msg, page_dir)
            except BadDate as exc:
                self.result.skipped += 1
                self.result.error(f"{page.path.name} message {msg.id}", str(exc))
                continue
            if self.real_authors and rec.author_id and rec.author_id.startswith(SYNTHETIC_PREFIX):
                real = self.real_authors.get(rec.author_name or "")
                if real is not None:
                    rec.author_id = real
            batch.append(rec)
        return batch

    def _target(self, key: str, title: str | None, first: list[MessageRecord]) -> tuple[int | None, WriteMode]:
        """Which stored chat this export is (None: a new one) and how to write into it."""
        if self.same_as is not None:
            found: tuple[int, str] | None = merge.named_chat(self.store, self.same_as)
        else:
            found = merge.source_by_key(self.store, key)
            if found is None and not self.retime:
                cp = merge.find_counterpart(self.store, first, title, html=False)
                found = (cp.source_id, cp.platform_id) if cp is not None else None
        if found is None or merge.is_html_key(found[1]):
            return (found[0] if found else None), "upsert"
        # The chat's JSON export came first: it knows the real ids; HTML only adds what it lacks.
        merge.remember_html_key(self.store, found[0], key)
        return found[0], "fill"

    def run(self) -> IngestResult:
        size = sum(pg.path.stat().st_size for pg in self.pages)
        self.result.bytes = size
        first_text = read_page(self.pages[0].path)
        first_info = PageInfo()
        # Only the header is needed before the first page is read: the title precedes the history.
        head = (
            first_text[: first_text.find('class="history"')] if 'class="history"' in first_text else first_text[:4096]
        )
        for _ in parse_page(head, first_info):
            pass
        title = first_info.title
        key = chat_key(title, self.folder)
        converter = Converter(key, self.folder, self.zone)
        first_info = PageInfo()
        first = self._convert(converter, self.pages[0], parse_page(first_text, first_info))
        del first_text
        target, mode = self._target(key, title, first)
        if not self.retime:
            self.writer.mode = mode
        if mode == "fill" and target is not None:
            self.real_authors = merge.real_author_ids(self.store, target)
            for rec in first:
                if rec.author_id and rec.author_id.startswith(SYNTHETIC_PREFIX):
                    rec.author_id = self.real_authors.get(rec.author_name or "", rec.author_id)
        self.result.export_id = self.writer.begin_export(str(self.folder), str(self.folder), size, self.result.timezone)
        if target is None:
            target = self.writer.source(
                SourceRecord(
                    platform=PLATFORM, platform_id=key, kind="html_export", title=title, raw={"format": "html"}
                )
            )
        self.result.sources = 1
        self.reporter.start(f"ingesting {self.folder.name}", total=size)
        done = 0
        next_page: str | None = None
        rest = parsed_pages(self.pages[1:])
        for index, page in enumerate(self.pages):
            if index == 0:
                batch, page_info = first, first_info
            else:
                messages, page_info = next(rest)
                batch = self._convert(converter, page, messages)
            if batch:
                self.result._add(self.writer.write(target, batch))
            next_page = page_info.next_page
            done += page.path.stat().st_size
            self.reporter.update(done)
        for name in missing_pages(self.pages, next_page):
            self.result.error(name, "page missing from the export folder; its messages are not ingested")
        self.duplicates.report(self.result, str(self.folder))
        self.result.dates_from_local_time = converter.dates_from_local_time
        counts: dict[str, Any] = self.result.to_dict()
        counts.update(format="html", pages=len(self.pages), dates_from_local_time=converter.dates_from_local_time)
        self.writer.finish_export(self.result.export_id, counts)
        return self.result


def resolve(path: Path) -> tuple[Path, list[Page]]:
    """The export folder and its pages for a folder or one ``messages*.html`` file."""
    if path.is_file():
        with path.open("rb") as fh:
            if sniff_format(fh.read(4096)) == "json":
                raise InputError(
                    f"{path}: this is a JSON file (a Telegram Desktop JSON export?), not an HTML page: "
                    "ingest it without --source, or pass --source telegram-json"
                )
    folder = path if path.is_dir() else path.parent
    # A page with another name (a renamed file) is read alone; a messages*.html page brings its siblings.
    pages = [Page(1, path)] if path.is_file() and not _PAGE.match(path.name) else find_pages(folder)
    if not pages:
        raise InputError(f"{path}: no messages.html in this folder (is it a Telegram Desktop HTML export?)")
    return folder, pages


def ingest_html(
    store: Store,
    path: str | Path,
    *,
    timezone: str = "UTC",
    reporter: Reporter | None = None,
    retime: bool = False,
    same_as: str | None = None,
) -> IngestResult:
    """Ingest a Telegram Desktop HTML export: its chat folder or any of its ``messages*.html`` pages.

    ``timezone`` reads dates whose title has no UTC offset (exports before 2019 write the exporter's local time); a
    re-ingest in another zone is refused unless ``retime`` (which rewrites those times). ``same_as`` names the stored
    chat (its JSON chat id) this export is; without it the chat is matched by
    :func:`~tragac.sources.telegram_merge.find_counterpart`.
    """
    zone = zone_for(timezone)
    folder, pages = resolve(Path(path).expanduser().absolute())
    check_timezone(store, str(folder), timezone, retime=retime)
    return _Ingest(store, folder, pages, zone, timezone, reporter or NullReporter(), retime, same_as).run()
