"""Telegram Desktop HTML export ingestion (``messages.html``, ``messages2.html``, …)."""

from tragac.sources.telegram_html.ingest import ingest_html

__all__ = ["ingest_html"]
