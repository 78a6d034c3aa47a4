"""The Telegram Desktop HTML export as an ingest source (registered in :mod:`tragac.sources.builtin`)."""

from __future__ import annotations

import re
from pathlib import Path

from tragac.progress import Reporter
from tragac.sources.base import IngestResult, Source, sniff_format
from tragac.sources.telegram_html.ingest import ingest_html
from tragac.store.db import Store

_PAGE = re.compile(r"^messages\d*\.html$", re.I)
_MARKERS = (b'class="message default', b'class="message service', b'class="page_wrap"')


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a file are HTML (a doctype or a tag), not JSON."""
    return sniff_format(head) == "html"


class TelegramHtmlExport(Source):
    name = "telegram-html"
    help = "Telegram Desktop HTML export: a chat folder with messages.html, messages2.html, … or one of the pages."
    options = frozenset({"retime", "same_as"})

    def sniff(self, path: Path) -> bool:
        if path.is_dir():
            # A folder with pages and no result.json (a JSON export's folder is the JSON source's).
            if (path / "result.json").exists():
                return False
            return any(_PAGE.match(p.name) for p in path.iterdir())
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        if _PAGE.match(path.name) or path.suffix.lower() in (".html", ".htm"):
            return looks_like_html(head)
        return looks_like_html(head) and any(m in head for m in _MARKERS)

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
        return ingest_html(store, path, timezone=timezone, reporter=reporter, retime=retime, same_as=same_as)
