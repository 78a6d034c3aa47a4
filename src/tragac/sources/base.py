"""What every ingest source is, the result an ingest returns, and the registry ``tragac ingest`` dispatches through.

A source reads one kind of input (a Telegram Desktop JSON export today) into the store through
:class:`~tragac.sources.writer.StoreWriter`. Built-ins and plugins register through the ``register_sources`` hook;
plugins are asked first, so a plugin can claim a file the built-in would also accept.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from tragac.errors import InputError
from tragac.plugins import PluginRegistry
from tragac.progress import Reporter
from tragac.sources.writer import BatchResult
from tragac.store.db import Store


@dataclass
class IngestResult:
    """What one ingest did. :meth:`to_dict` is the ``--json`` output; the other fields are extra detail."""

    sources: int = 0
    messages_added: int = 0
    messages_updated: int = 0
    messages_unchanged: int = 0
    service_messages: int = 0
    media: int = 0
    media_files_present: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    edits_recorded: int = 0
    unknown: dict[str, int] = field(default_factory=dict)  # "key:NAME", "type:NAME", "action:NAME" -> count
    dates_from_local_time: int = 0  # messages without date_unixtime, read in ``timezone``
    timezone: str = "UTC"
    export_id: int | None = None
    path: str = ""
    bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "messages_added": self.messages_added,
            "messages_updated": self.messages_updated,
            "messages_unchanged": self.messages_unchanged,
            "service_messages": self.service_messages,
            "media": self.media,
            "media_files_present": self.media_files_present,
            "skipped": self.skipped,
            "errors": list(self.errors),
        }

    def _add(self, batch: BatchResult) -> None:
        self.messages_added += batch.added
        self.messages_updated += batch.updated
        self.messages_unchanged += batch.unchanged
        self.service_messages += batch.service
        self.media += batch.media
        self.media_files_present += batch.media_files_present
        self.edits_recorded += batch.edits_recorded


class Source(ABC):
    """An input Tragač can ingest: declares its name and help on the class; ``sniff`` must be cheap."""

    name: ClassVar[str]
    help: ClassVar[str] = ""

    @abstractmethod
    def sniff(self, path: Path) -> bool:
        """Whether ``path`` (a file or folder that exists) looks like this source's input."""

    @abstractmethod
    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        """Read ``path`` into ``store``; idempotent; raises InputError for input that cannot be read at all."""


SOURCES: PluginRegistry[Source] = PluginRegistry("register_sources", key=lambda src: src.name)


def source_for(path: Path, name: str | None = None) -> Source:
    """The source named ``name``, or else the first (plugins before built-ins) whose ``sniff`` accepts ``path``."""
    known = SOURCES.snapshot()
    if name is not None:
        try:
            return known[name]
        except KeyError:
            raise InputError(f"unknown source {name!r}; choose one of: {', '.join(known)}") from None
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    builtin = set(SOURCES.builtin_names())
    for src in sorted(known.values(), key=lambda s: s.name in builtin):  # stable: plugins first
        if src.sniff(path):
            return src
    raise InputError(f"{path}: no source reads this; pass --source ({', '.join(known)})")
