"""Build the report: gather each section, render one self-contained HTML file, and print it to PDF."""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from markupsafe import Markup

from tragac.analytics.pseudonyms import Pseudonymizer
from tragac.analytics.redaction import Redactor
from tragac.analytics.report.base import ReportContext, Section, sections
from tragac.analytics.report.data import ReportData
from tragac.analytics.report.i18n import LANGS, Translator
from tragac.analytics.scope import Scope
from tragac.analytics.watched import masking_recognisers
from tragac.errors import ConfigError, InputError
from tragac.progress import NullReporter, Reporter
from tragac.store import Store

TEMPLATES = Path(__file__).parent / "templates"
PDF_LIBS = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"


@dataclass
class ReportResult:
    html: Path
    pdf: Path | None
    figures: dict[str, Any]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "html": str(self.html),
            "pdf": str(self.pdf) if self.pdf else None,
            "seconds": round(self.seconds, 2),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "figures": self.figures,
        }


def _env(secs: list[Section] | None = None) -> Environment:
    """Our templates, plus each plugin section's ``template_dir`` under the prefix ``plugin-<section id>/``."""
    loader: BaseLoader = FileSystemLoader(TEMPLATES)
    plugin_dirs = {f"plugin-{s.id}": FileSystemLoader(s.template_dir) for s in secs or () if s.template_dir}
    if plugin_dirs:
        loader = ChoiceLoader([loader, PrefixLoader(plugin_dirs)])
    return Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    store: Store,
    *,
    scope: Scope | None = None,
    lang: str = "sr",
    examples: bool = True,
    reporter: Reporter | None = None,
    timings: dict[str, float] | None = None,
    evaluation: Path | None = None,
) -> tuple[str, dict[str, Any]]:
    """The report as one HTML string (inline CSS and SVG, nothing fetched) and its figures."""
    if lang not in LANGS:
        raise InputError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    scope = scope or Scope()
    rep = reporter or NullReporter()
    timings = timings if timings is not None else {}
    t = Translator(lang)
    ctx = ReportContext(
        store=store,
        scope=scope,
        lang=lang,
        examples=examples,
        pseudonyms=Pseudonymizer.for_home(store.settings.ensure_home()),
        redactor=Redactor(masking_recognisers(store), lang=lang),
        data=ReportData(store, scope),
        t=t,
        evaluation=evaluation,
    )
    secs = sections()
    env = _env(secs)
    env.globals.update(t=t)
    parts = []
    rep.start("report sections", total=len(secs))
    for sec in secs:
        t0 = time.perf_counter()
        values = sec.collect(ctx)
        name = f"plugin-{sec.id}/{sec.template}" if sec.template_dir else f"sections/{sec.template}"
        body = env.get_template(name).render(**values)
        parts.append({"id": sec.id, "title": t(sec.title_key), "body": Markup(body)})
        timings[sec.id] = time.perf_counter() - t0
        rep.advance()
    days = ctx.data.days
    html = env.get_template("report.html.j2").render(
        lang=lang,
        sections=parts,
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        period=(days[0], days[-1]) if days else None,
        generated=datetime.now(UTC),
        nsources=len(ctx.data.sources),
    )
    return html, ctx.figures


EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")


@cache
def has_emoji_font() -> bool:
    """Whether fontconfig knows a font with emoji (e.g. fonts-noto-color-emoji)."""
    try:
        found = subprocess.run(["fc-list", ":charset=1f525"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.strip())


def write_pdf(html: str, path: Path) -> None:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise ConfigError(f"WeasyPrint cannot load its system libraries ({exc}); install them: {PDF_LIBS}") from None
    if not has_emoji_font():
        # Group titles often carry emoji; without an emoji font they would print as empty boxes.
        html = EMOJI.sub("", html)
    tmp = path.with_name(path.name + ".part")
    weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(tmp)
    os.replace(tmp, path)


def build_report(
    store: Store,
    out_dir: Path,
    *,
    scope: Scope | None = None,
    lang: str = "sr",
    examples: bool = True,
    pdf: bool = True,
    reporter: Reporter | None = None,
    evaluation: Path | None = None,
) -> ReportResult:
    """Write ``report.html`` and (unless ``pdf`` is false) ``report.pdf`` into ``out_dir``."""
    t0 = time.perf_counter()
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"-o {out_dir}: exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    html, figures = render_html(
        store, scope=scope, lang=lang, examples=examples, reporter=reporter, timings=timings, evaluation=evaluation
    )
    html_path = out_dir / "report.html"
    tmp = html_path.with_name("report.html.part")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, html_path)
    pdf_path = None
    if pdf:
        (reporter or NullReporter()).start("PDF")
        t1 = time.perf_counter()
        pdf_path = out_dir / "report.pdf"
        write_pdf(html, pdf_path)
        timings["pdf"] = time.perf_counter() - t1
    return ReportResult(
        html=html_path, pdf=pdf_path, figures=figures, seconds=time.perf_counter() - t0, timings=timings
    )
