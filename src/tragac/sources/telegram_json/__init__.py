"""Telegram Desktop JSON export (``result.json``): :mod:`.reader` streams the file, :mod:`.convert` turns a message
object into records, :mod:`.ingest` drives the writer. docs/telegram-export.md lists every field and where it goes."""

from tragac.sources.telegram_json.convert import flatten_text, media_kind
from tragac.sources.telegram_json.ingest import IngestResult, ingest_path

__all__ = ["IngestResult", "flatten_text", "ingest_path", "media_kind"]
