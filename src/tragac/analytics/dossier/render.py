"""Render a dossier to one self-contained HTML file (inline CSS, nothing fetched) and an A4 PDF (WeasyPrint, the
report's PDF writer)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from tragac.analytics.dossier.i18n import CATEGORY, SHORT, TEXT

TEMPLATES = Path(__file__).parent / "templates"
CSS = TEMPLATES / "dossier.css"
_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
    lstrip_blocks=True,
)  # fmt: skip


def render_html(
    doc: dict[str, Any], *, web: bool = False, css_href: str | None = None, nav: list[tuple[str, str]] | None = None
) -> str:
    """The dossier as HTML. For the web app: ``web`` links each message reference to its message page, ``css_href``
    links the stylesheet instead of inlining it (the app's CSP forbids inline styles), ``nav`` adds links on top."""
    lang = doc["method"]["lang"]
    return _ENV.get_template(f"{doc['kind']}.html.j2").render(
        d=doc,
        t=TEXT[lang],
        cat=CATEGORY[lang],
        short=SHORT[lang],
        lang=lang,
        web=web,
        css_href=css_href,
        nav=nav or [],
        css=Markup(CSS.read_text(encoding="utf-8")),
    )


def pdf_bytes(html: str) -> bytes:
    """The dossier printed to an A4 PDF, in memory (for a download)."""
    import tempfile

    from tragac.analytics.report.render import write_pdf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossier.pdf"
        write_pdf(html, path)
        return path.read_bytes()


def write_files(doc: dict[str, Any], out_dir: Path, *, pdf: bool = True) -> dict[str, Path]:
    """Write ``<kind>-dossier.<lang>.html`` (and ``.pdf``) into ``out_dir``, each whole or not at all."""
    from tragac.analytics.report.render import write_pdf

    if out_dir.exists() and not out_dir.is_dir():
        from tragac.errors import InputError

        raise InputError(f"-o {out_dir}: exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{doc['kind']}-dossier.{doc['method']['lang']}"
    html = render_html(doc)
    paths = {"html": out_dir / f"{stem}.html"}
    tmp = paths["html"].with_name(paths["html"].name + ".part")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, paths["html"])
    if pdf:
        paths["pdf"] = out_dir / f"{stem}.pdf"
        write_pdf(html, paths["pdf"])
    return paths
