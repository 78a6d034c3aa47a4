"""Dossiers: a group dossier for a ban request and an author dossier for a civil case (docs/dossiers.md).

API (the CLI ``tragac dossier`` and the web pages ``/dossiers/…`` call these)::

    ctx = Context.make(store, lang="sr", show_handles=False, operator="mila")
    doc = build_group_dossier(ctx, "Grupa X")      # or a source id / platform id / @username
    doc = build_author_dossier(ctx, "P-ABCDEFGHIJ") # or an author id / platform id (user123)
    html = render_html(doc)                          # one self-contained HTML string
    paths = write_files(doc, out_dir, pdf=True)      # {"html": Path, "pdf": Path}

``doc`` is plain JSON-ready data (what ``--json`` prints). Authors are pseudonymised unless ``show_handles``; media
are hashes only; possible-minor media are a hotline count, nothing else.
"""

from tragac.analytics.dossier.author import build_author_dossier
from tragac.analytics.dossier.common import DOSSIER_EXPORT, DOSSIER_VIEW, LANGS, Context
from tragac.analytics.dossier.group import build_group_dossier
from tragac.analytics.dossier.render import CSS, pdf_bytes, render_html, write_files

__all__ = [
    "CSS",
    "DOSSIER_EXPORT",
    "DOSSIER_VIEW",
    "LANGS",
    "Context",
    "build_author_dossier",
    "build_group_dossier",
    "pdf_bytes",
    "render_html",
    "write_files",
]
