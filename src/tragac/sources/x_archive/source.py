"""The X (Twitter) archive as an ingest source (registered in :mod:`tragac.sources.builtin`).

Accepts the unpacked archive's folder (with ``data/``), its ``data`` folder, or one of ``tweets.js``,
``direct-messages.js``, ``direct-messages-group.js`` (and their ``-partN`` files). The owner's tweets are one source;
each DM conversation is one source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tragac.errors import InputError
from tragac.progress import Reporter
from tragac.sources.base import IngestResult, Source, zone_for
from tragac.sources.generic.threads import Problems, Thread, check_utf8, ingest_threads
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.x_archive import ytd
from tragac.sources.x_archive.convert import PLATFORM, Malformed, dm_event, tweet
from tragac.store.db import Store

_READ = ("tweets", "tweet", "direct-messages", "direct-messages-group")


def data_dir(path: Path) -> Path | None:
    """The archive's ``data`` folder for ``path`` (the archive, its data folder, or a file in it)."""
    folder = path if path.is_dir() else path.parent
    if (folder / "data").is_dir() and any(ytd.data_kind(p.name) for p in (folder / "data").iterdir()):
        return folder / "data"
    if any(ytd.data_kind(p.name) for p in folder.iterdir()):
        return folder
    return None


def data_files(folder: Path, only: Path | None = None) -> list[tuple[str, Path]]:
    found = []
    for p in [only] if only is not None else sorted(folder.iterdir()):
        kind = ytd.data_kind(p.name)
        if kind is not None and kind[0] in _READ and p.is_file():
            found.append((kind[0], kind[1], p))
    return [(k, p) for k, _, p in sorted(found, key=lambda t: (t[0], t[1]))]


class XArchive(Source):
    name = "x-archive"
    help = "X (Twitter) archive: the unpacked folder, its data/ folder, tweets.js or direct-messages*.js."

    def sniff(self, path: Path) -> bool:
        if path.is_dir():
            return data_dir(path) is not None
        if ytd.data_kind(path.name) is None:
            return False
        try:
            with path.open("rb") as fh:
                return ytd.looks_like_ytd(fh.read(64))
        except OSError:
            return False

    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        zone_for(timezone)  # validated for a clear error; the archive's times carry their offset
        path = path.expanduser().absolute()
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        folder = data_dir(path)
        if folder is None:
            raise InputError(f"{path}: no tweets.js or direct-messages.js here (is it an X archive's folder?)")
        files = data_files(folder, path if path.is_file() else None)
        if not files:
            raise InputError(f"{path}: not an X archive's tweets or direct messages file")
        for _, file in files:
            check_utf8(file)  # before anything is written
        owner = ytd.account(folder)
        problems = Problems()
        size = sum(p.stat().st_size for _, p in files)

        def threads() -> Iterator[Thread]:
            position = 0
            for kind, file in files:
                rows = ytd.load(file)
                position += file.stat().st_size
                if kind in ("tweets", "tweet"):
                    yield self._tweets(rows, file, owner, folder, problems, position)
                else:
                    yield from self._conversations(rows, file, kind, owner, folder, problems, position)

        return ingest_threads(
            store,
            threads(),
            path=path,
            root=folder.parent,
            size=size,
            timezone=timezone,
            reporter=reporter,
            label=path.name,
            problems=problems,
            details={"format": "x-archive"},
        )

    @staticmethod
    def _tweets(
        rows: list[Any], file: Path, owner: ytd.Account, folder: Path, problems: Problems, position: int
    ) -> Thread:
        records: list[MessageRecord] = []
        for n, row in enumerate(rows, 1):
            try:
                if not isinstance(row, dict):
                    raise Malformed("not an object")
                records.append(tweet(row, owner, folder))
            except Malformed as exc:
                problems.skip(f"{file.name} tweet #{n}", str(exc))
        who = f"@{owner.username}" if owner.username else "the archive's owner"
        source = SourceRecord(
            platform=PLATFORM,
            platform_id=f"tweets:{owner.account_id or owner.username or ''}",
            kind="timeline",
            title=f"Tweets of {who}",
            username=owner.username,
            link=f"https://x.com/{owner.username}" if owner.username else None,
            raw={"format": "x-archive"},
        )
        return Thread(PLATFORM, source, records, position=position)

    @staticmethod
    def _conversations(
        rows: list[Any],
        file: Path,
        kind: str,
        owner: ytd.Account,
        folder: Path,
        problems: Problems,
        position: int,
    ) -> Iterator[Thread]:
        group = kind == "direct-messages-group"
        media_dir = folder / ("direct_messages_group_media" if group else "direct_messages_media")
        for n, row in enumerate(rows, 1):
            conv = row.get("dmConversation") if isinstance(row, dict) else None
            if not isinstance(conv, dict) or not isinstance(conv.get("conversationId"), str):
                problems.skip(f"{file.name} conversation #{n}", "no dmConversation with a conversationId")
                continue
            cid = conv["conversationId"]
            records: list[MessageRecord] = []
            title: str | None = None
            for m, event in enumerate(conv.get("messages") or [], 1):
                try:
                    if not isinstance(event, dict):
                        raise Malformed("not an object")
                    rec = dm_event(event, cid, owner, media_dir)
                except Malformed as exc:
                    problems.skip(f"{file.name} conversation {cid} event #{m}", str(exc))
                    continue
                if rec is not None:
                    records.append(rec)
                    if rec.action == "conversationNameUpdate" and rec.text and title is None:
                        title = rec.text  # events are newest first: the first name is the current one
            source = SourceRecord(
                platform=PLATFORM,
                platform_id=f"dm:{cid}",
                kind="private_group" if group else "personal_chat",
                title=title or f"Direct messages {cid}",
                raw={"format": "x-archive", "conversation": cid},
            )
            yield Thread(PLATFORM, source, records, position=position)
