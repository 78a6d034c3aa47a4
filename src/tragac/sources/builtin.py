"""The sources that ship with Tragač, registered in one place through the ``register_sources`` hook.

Order matters for :func:`tragac.sources.base.source_for`: the first whose ``sniff`` accepts a path reads it, so the
HTML export (which claims only folders with ``messages*.html`` and HTML files) comes before the JSON export (which
claims any folder, to explain when it holds no ``result.json``).
"""

from __future__ import annotations

from tragac.plugins import hookimpl
from tragac.sources.base import Source
from tragac.sources.facebook.source import FacebookExport
from tragac.sources.generic.source import GenericExport
from tragac.sources.instagram.source import InstagramExport
from tragac.sources.telegram_html.source import TelegramHtmlExport
from tragac.sources.telegram_json.source import TelegramJsonExport
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
