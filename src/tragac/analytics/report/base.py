"""Report sections are small registered classes (in the style of 4CAT processors): each declares its id, order,
title and template, and turns the shared :class:`ReportContext` into the values its template shows plus the
machine-readable figures it contributes to ``--json``. Adding a section is adding one module to ``sections/``
(or a plugin registering under the ``tragac.report_sections`` entry point)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar

from tragac.analytics.pseudonyms import Pseudonymizer
from tragac.analytics.redaction import Redactor
from tragac.analytics.report.data import ReportData
from tragac.analytics.report.i18n import Translator
from tragac.analytics.scope import Scope
from tragac.store import Store


@dataclass
class ReportContext:
    store: Store
    scope: Scope
    lang: str
    examples: bool
    pseudonyms: Pseudonymizer
    redactor: Redactor
    data: ReportData
    t: Translator
    evaluation: Path | None = None  # `tragac eval text --json` output for the method section
    figures: dict[str, Any] = field(default_factory=dict)


class Section:
    id: ClassVar[str]
    order: ClassVar[int]
    title_key: ClassVar[str]
    template: ClassVar[str]  # file under templates/sections/

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        """Values for the template; also record machine-readable figures in ``ctx.figures[self.id]``."""
        raise NotImplementedError


_SECTIONS: dict[str, type[Section]] = {}
BUILTIN_SECTION_MODULES = (
    "tragac.analytics.report.sections.overview",
    "tragac.analytics.report.sections.per_source",
    "tragac.analytics.report.sections.asked",
    "tragac.analytics.report.sections.spread",
    "tragac.analytics.report.sections.network",
    "tragac.analytics.report.sections.doxxing",
    "tragac.analytics.report.sections.method",
)


def section(cls: type[Section]) -> type[Section]:
    """Class decorator: make ``cls`` part of every report."""
    _SECTIONS[cls.id] = cls
    return cls


def sections() -> list[Section]:
    for name in BUILTIN_SECTION_MODULES:
        importlib.import_module(name)
    for ep in entry_points(group="tragac.report_sections"):
        ep.load()
    return [cls() for cls in sorted(_SECTIONS.values(), key=lambda c: (c.order, c.id))]
