"""Report sections are small registered classes (in the style of 4CAT processors): each declares its id, order,
title and template, and turns the shared :class:`ReportContext` into the values its template shows plus the
machine-readable figures it contributes to ``--json``. Adding a section is adding one module to ``sections/``
(or a plugin returning its class from the ``register_report_sections`` hook, with its own ``template_dir``)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from tragac.analytics.pseudonyms import Pseudonymizer
from tragac.analytics.redaction import Redactor
from tragac.analytics.report.data import ReportData
from tragac.analytics.report.i18n import Translator
from tragac.analytics.scope import Scope
from tragac.plugins import PluginRegistry, hookimpl
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
    template: ClassVar[str]  # file under templates/sections/, or under ``template_dir`` when that is set
    template_dir: ClassVar[Path | None] = None  # a plugin's own template folder

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        """Values for the template; also record machine-readable figures in ``ctx.figures[self.id]``."""
        raise NotImplementedError


_BUILTIN: dict[str, type[Section]] = {}
BUILTIN_SECTION_MODULES = (
    "tragac.analytics.report.sections.overview",
    "tragac.analytics.report.sections.per_source",
    "tragac.analytics.report.sections.asked",
    "tragac.analytics.report.sections.spread",
    "tragac.analytics.report.sections.network",
    "tragac.analytics.report.sections.doxxing",
    "tragac.analytics.report.sections.method",
)


SECTIONS: PluginRegistry[type[Section]] = PluginRegistry("register_report_sections", key=lambda cls: cls.id)


def section(cls: type[Section]) -> type[Section]:
    """Class decorator for the built-in sections; plugins return their classes from ``register_report_sections``."""
    _BUILTIN[cls.id] = cls
    return cls


@hookimpl(trylast=True)
def register_report_sections() -> list[type[Section]]:
    for name in BUILTIN_SECTION_MODULES:
        importlib.import_module(name)
    return list(_BUILTIN.values())


def sections() -> list[Section]:
    """Every section, built-in and from plugins, in ``order``."""
    return [cls() for cls in sorted(SECTIONS.values(), key=lambda c: (c.order, c.id))]
