"""The Telegram Desktop JSON export as an ingest source (registered in :mod:`tragac.sources.builtin`)."""

from __future__ import annotations

from pathlib import Path

from tragac.progress import Reporter
from tragac.sources.base import IngestResult, Source
from tragac.sources.telegram_json.ingest import ingest_path
from tragac.store.db import Store


class TelegramJsonExport(Source):
    name = "telegram-json"
    help = "Telegram Desktop JSON export: result.json or the folder that holds it (single chat or full account)."
    options = frozenset({"retime", "same_as"})

    def sniff(self, path: Path) -> bool:
        # A folder is claimed (ingest explains when it holds no result.json); a file by its suffix or its first byte.
        if path.is_dir() or path.suffix.lower() == ".json":
            return True
        try:
            with path.open("rb") as fh:
                head = fh.read(64)
        except OSError:
            return False
        return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")

    def ingest(
        self,
        store: Store,
        path: Path,
        *,
        timezone: str,
        reporter: Reporter,
        retime: bool = False,
        same_as: str | None = None,
    ) -> IngestResult:
        return ingest_path(store, path, timezone=timezone, reporter=reporter, retime=retime, same_as=same_as)
