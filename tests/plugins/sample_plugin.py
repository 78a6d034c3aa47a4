"""A plugin as a third party would write it: one of every extension point, all registered through ``@hookimpl``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from tragac.analytics.report.base import ReportContext, Section
from tragac.cases.notices.base import NoticeTemplate
from tragac.matching.formats.base import HashListFormat, HashRecord, ReadReport
from tragac.pipeline import Stage
from tragac.plugins import hookimpl
from tragac.progress import Reporter
from tragac.signals.base import Detector, Finding, MessageContext
from tragac.sources.base import IngestResult, Source
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.writer import StoreWriter
from tragac.store import Store
from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer

WORD = "plavikit"  # the plugin detector's (made-up) code word
HERE = Path(__file__).parent


class CodeWord(Detector):
    name = "plugin_code_word"
    category = "harassment"
    help = "a private code word an NGO does not publish"

    def detect(self, ctx: MessageContext) -> list[Finding]:
        at = ctx.text.lower().find(WORD)
        if at < 0:
            return []
        span = [at, at + len(WORD)]
        return [Finding(self.category, "code_word", 0.9, [span], "plugin.code_word", "private code word")]


class Invite(Recognizer):
    """Telegram invite links (``t.me/+…``): an entity type the built-ins do not know."""

    entity = "telegram_invite"
    needs_digit = False
    raw_gate = r"t\.me/\+"
    _RX = re.compile(r"t\.me/\+[A-Za-z0-9_-]{8,}")

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        return [
            Entity(self.entity, m.start(), m.end(), 0.9, "plugin.invite", m.group()) for m in self._RX.finditer(text)
        ]


class Md5List(HashListFormat):
    name = "md5list"
    description = "one MD5 per line after a '#md5list' header"
    suffix = ".md5list"

    @classmethod
    def sniff(cls, head: str, path: Path) -> bool:
        return head.startswith("#md5list")

    def read(self, path: Path, report: ReadReport) -> Iterator[HashRecord]:
        for n, line in enumerate(path.read_text().splitlines()[1:], start=2):
            if line.strip():
                yield HashRecord(signal_type="md5", value=line.strip().lower(), where=f"line {n}")

    def write(self, records: Iterable[HashRecord], out: TextIO) -> int:
        out.write("#md5list\n")
        n = 0
        for r in records:
            out.write(r.value + "\n")
            n += 1
        return n


class NgoLetter(NoticeTemplate):
    name = "ngo_letter"
    title = "Letter from the NGO"
    default_recipient = "abuse@host.example"
    subjects = {"en": "Request {{ c.case_ref }}"}
    bodies = {"en": "Dear host,\n{% for i in c.items %}{{ i.url }}\n{% endfor %}Signed: {{ c.notifier_name }}\n"}


class PluginSection(Section):
    id = "plugin_section"
    order = 999
    title_key = "Plugin section"
    template = "plugin_section.html.j2"
    template_dir = HERE / "sample_templates"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        ctx.figures[self.id] = {"sources": len(ctx.data.sources)}
        return {"sources": len(ctx.data.sources)}


class LinesSource(Source):
    """``*.lines``: one message per line, ``<id>|<text>``, all in one chat (a stand-in for another platform)."""

    name = "lines"
    help = "a file of '<id>|<text>' lines"

    def sniff(self, path: Path) -> bool:
        return path.is_file() and path.suffix == ".lines"

    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        writer = StoreWriter(store, platform="lines")
        result = IngestResult(timezone=timezone, path=str(path), sources=1)
        source_id = writer.source(SourceRecord(platform="lines", platform_id="1", kind="group", title="Lines"))
        when = datetime(2026, 11, 1, tzinfo=UTC)
        records = []
        for line in path.read_text(encoding="utf-8").splitlines():
            mid, _, text = line.partition("|")
            records.append(MessageRecord(platform_message_id=int(mid), kind="message", date=when, text=text).finish())
        result._add(writer.write(source_id, records))
        return result


def count_stage(store: Store, reporter: Reporter) -> dict[str, Any]:
    return {"ran": True}


@hookimpl
def register_detectors() -> list[type[Detector]]:
    return [CodeWord]


@hookimpl
def register_recognizers() -> list[type[Recognizer]]:
    return [Invite]


@hookimpl
def register_hash_formats() -> list[type[HashListFormat]]:
    return [Md5List]


@hookimpl
def register_notice_templates() -> list[NoticeTemplate]:
    return [NgoLetter()]


@hookimpl
def register_report_sections() -> list[type[Section]]:
    return [PluginSection]


@hookimpl
def register_sources() -> list[Source]:
    return [LinesSource()]


@hookimpl
def register_stages() -> list[Stage]:
    return [Stage(name="plugin_count", order=99, help="a plugin's stage", fn=count_stage)]
