"""The sources that ship with Tragač, registered in one place: files and folders through ``register_sources``,
live services (Telegram through a research account, watched web pages) through ``register_collectors``.

Order matters for :func:`tragac.sources.base.source_for`: the first whose ``sniff`` accepts a path reads it, so the
HTML export (which claims only folders with ``messages*.html`` and HTML files) comes before the JSON export (which
claims any folder, to explain when it holds no ``result.json``).
"""

from __future__ import annotations

from tragac.plugins import hookimpl
from tragac.sources.base import Collector, Source
from tragac.sources.facebook.source import FacebookExport
from tragac.sources.generic.source import GenericExport
from tragac.sources.instagram.source import InstagramExport
from tragac.sources.live.session import TelegramLive
from tragac.sources.telegram_html.source import TelegramHtmlExport
from tragac.sources.telegram_json.source import TelegramJsonExport
from tragac.sources.web.source import WebWatch
from tragac.sources.x_archive.source import XArchive


@hookimpl(trylast=True)
def register_sources() -> list[Source]:
    return [
        TelegramHtmlExport(),
        InstagramExport(),  # the platforms' downloads claim only their own layouts, so they precede
        FacebookExport(),  # the Telegram JSON export, which claims any folder and any .json file
        XArchive(),
        GenericExport(),
        TelegramJsonExport(),
    ]


@hookimpl(trylast=True)
def register_collectors() -> list[Collector]:
    return [TelegramLive(), WebWatch()]
