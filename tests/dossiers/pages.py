"""Checks on rendered dossiers shared by the tests: every PDF page as an image (A4, not blank, nothing beyond the
margins) and the text of HTML and PDF free of every planted identifier of the demo."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import select

from analytics.test_report_demo import assert_clean
from tragac.store import Store
from tragac.store.models import Author, Source

DPI = 50
MM = DPI / 25.4


def check_pdf_pages(pdf: Path, folder: Path) -> list[Path]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info, info
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(folder / "page")], check=True)
    pages = sorted(folder.glob("page-*.png"))
    assert pages
    for page in pages:
        im = Image.open(page).convert("L")
        w, h = im.size
        assert (w, h) == (round(210 * MM), round(297 * MM)) or abs(w - 210 * MM) < 2, (page, im.size)
        dark = sum(im.histogram()[:200])
        assert dark > 300, f"{page.name} is blank"
        # The page margins are 14 mm at the sides and 15 mm on top: a table or a hash that ran off the text block
        # would paint into these strips. The footer sits in the bottom margin, so that strip is only 5 mm.
        side, top, bottom = round(8 * MM), round(8 * MM), round(5 * MM)
        for name, box in {
            "left": (0, 0, side, h),
            "right": (w - side, 0, w, h),
            "top": (0, 0, w, top),
            "bottom": (0, h - bottom, w, h),
        }.items():
            lightest_dark = im.crop(box).getextrema()[0]
            assert lightest_dark > 230, f"{page.name}: something runs into the {name} margin"
    return pages


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def authors_shown(doc: dict[str, Any]) -> set[int]:
    ids: set[int] = set()
    for key in ("admins", "posters", "linked"):
        ids |= {a["author_id"] for a in doc.get(key, []) if a.get("author_id")}
    if doc.get("author"):
        ids.add(doc["author"]["author_id"])
    return ids


def assert_no_handles(store: Store, doc: dict[str, Any], text: str, where: str) -> None:
    """Without the role, no display name or platform id of any author the dossier mentions appears (a group posting
    as itself has the group's title as its name: that is not a person's handle)."""
    with store.session() as s:
        titles = {t.casefold() for t in s.scalars(select(Source.title)) if t}
        rows = s.execute(
            select(Author.display_name, Author.platform_id, Author.names_seen).where(Author.id.in_(authors_shown(doc)))
        ).all()
    assert rows
    for name, platform_id, seen in rows:
        for n in [name, *(seen or [])]:
            if n and len(n) >= 4 and not any(n.casefold() in t for t in titles):
                assert n.casefold() not in text.casefold(), f"{where}: display name {n!r} shown"
        assert not re.search(rf"\b{re.escape(platform_id)}\b", text), f"{where}: platform id {platform_id} shown"


def assert_clean_everywhere(store: Store, truth: dict[str, Any], doc: dict[str, Any], texts: dict[str, str]) -> None:
    for where, text in texts.items():
        assert_clean(text, truth, where)
        assert_no_handles(store, doc, text, where)
