"""The generic CSV / JSONL format as an ingest source (registered in :mod:`tragac.sources.builtin`)."""

from __future__ import annotations

from pathlib import Path

from tragac.errors import InputError
from tragac.progress import Reporter
from tragac.sources.base import IngestResult, Source, check_timezone, zone_for
from tragac.sources.generic.reader import CSV_SUFFIXES, JSONL_SUFFIXES, GenericReader
from tragac.sources.generic.threads import Problems, ingest_threads
from tragac.store.db import Store


class GenericExport(Source):
    name = "generic"
    help = (
        "Messages of any platform as CSV or JSONL (.csv, .tsv, .jsonl, .ndjson; 4CAT exports included): columns "
        "platform, thread, message_id, author, time, text, reply_to, media_path (docs/platforms.md)."
    )

    def sniff(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in CSV_SUFFIXES + JSONL_SUFFIXES

    options = frozenset({"retime"})

    def ingest(
        self, store: Store, path: Path, *, timezone: str, reporter: Reporter, retime: bool = False
    ) -> IngestResult:
        """``retime``: the file was ingested before in another zone; its times without an offset are rewritten."""
        zone = zone_for(timezone)
        path = path.expanduser().absolute()
        if not path.is_file():
            raise InputError(f"{path}: not a file (the generic source reads one .csv or .jsonl file)")
        if path.suffix.lower() not in CSV_SUFFIXES + JSONL_SUFFIXES:
            raise InputError(f"{path}: not CSV or JSONL (name it .csv, .tsv, .jsonl or .ndjson)")
        size = path.stat().st_size
        if size == 0:
            raise InputError(f"{path}: empty file")
        problems = Problems()
        reader = GenericReader(path, zone, problems)
        reader.check()
        check_timezone(store, str(path), timezone, retime=retime)
        return ingest_threads(
            store,
            reader.threads(),
            path=path,
            root=path.parent,
            size=size,
            timezone=timezone,
            reporter=reporter,
            label=path.name,
            problems=problems,
            details={"format": "generic-jsonl" if reader.jsonl else "generic-csv"},
            mode="retime" if retime else "upsert",
            local_times=reader.local_times,
        )
