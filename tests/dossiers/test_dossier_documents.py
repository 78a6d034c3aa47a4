"""On the demo corpus: the group dossier of the busiest group and the author dossier of the first poster of the
victim's picture render to HTML and an A4 PDF in Serbian and English, every page checked as an image, and leak no
planted identifier, handle or display name."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import select

from tragac import policy
from tragac.analytics.dossier import Context, build_author_dossier, build_group_dossier, render_html, write_files
from tragac.store.models import Media, Source

from .conftest import Demo
from .pages import assert_clean_everywhere, check_pdf_pages, pdf_text

HEADINGS = {
    "sr": ("Dosije grupe", "Veličina i rast", "Prepoznati mediji oštećenih", "Paketi dokaza", "Metod"),
    "en": ("Group dossier", "Size and growth", "matched media (never shown)", "Evidence packages", "Method"),
}


@pytest.mark.parametrize("lang", ["sr", "en"])
def test_group_dossier_of_the_busiest_group(demo: Demo, tmp_path: Path, lang: str) -> None:
    ctx = Context.make(demo.store, lang=lang, show_handles=False, operator="mila")
    doc = build_group_dossier(ctx, demo.busiest)
    with demo.store.session() as s:
        source = s.get(Source, demo.busiest)
        assert source is not None
        chat = next(c for c in demo.truth["chats"] if str(c["id"]) == source.platform_id)
    # The figures are those the corpus was generated with.
    assert doc["size"]["messages"] == chat["messages"]
    assert (doc["size"]["joins"], doc["size"]["leaves"]) == (chat["joins"], chat["leaves"])
    assert doc["posters"] and all(p["pseudonym"].startswith("P-") and p["handle"] is None for p in doc["posters"])
    assert doc["signals"]["counts"] and doc["media"]["items"]
    assert doc["spread"], "the victim's pictures were planted in several groups"
    # The demo case's package is referred to by its signed manifest's hash.
    manifest = orjson.loads(__import__("zipfile").ZipFile(demo.package).read("signature.json"))
    assert manifest["manifest_sha256"] in {p["manifest_sha256"] for p in doc["evidence"]}
    for example in (e for rows in doc["signals"]["examples"].values() for e in rows):
        assert example["ref"]["message_id"] and example["ref"]["date"]
    paths = write_files(doc, tmp_path / "out")
    html = paths["html"].read_text(encoding="utf-8")
    for heading in HEADINGS[lang]:
        assert heading in html
    pages = check_pdf_pages(paths["pdf"], tmp_path / "pages")
    text = pdf_text(paths["pdf"])
    assert HEADINGS[lang][1] in text and str(chat["messages"]) in text
    assert len(pages) >= 2
    assert_clean_everywhere(demo.store, demo.truth, doc, {"html": html, "pdf": text})


@pytest.mark.parametrize("lang", ["sr", "en"])
def test_author_dossier_of_the_first_poster_of_her_picture(demo: Demo, tmp_path: Path, lang: str) -> None:
    first = demo.truth["planted_media"]["victim_items"][0]["reposts"][0]
    ctx = Context.make(demo.store, lang=lang, show_handles=False, operator="mila")
    doc = build_author_dossier(ctx, demo.first_poster)
    # A caseworker often has only the pseudonym from a report: it finds the same account.
    assert build_author_dossier(ctx, doc["author"]["pseudonym"])["author"]["author_id"] == demo.first_poster
    item = next(m for m in doc["media"]["items"] if m["sha256"] == first["sha256"])
    assert item["first_poster"] and item["posted"] == item["first_anywhere"]
    assert item["posted"]["platform_message_id"] == first["message_id"]
    assert doc["media"]["first_poster_of"] >= 1
    assert doc["groups"] and sum(g["messages"] for g in doc["groups"]) > 0
    assert doc["names"] == [] and doc["author"]["names_seen"] >= 1  # names only for roles that may see handles
    for linked in doc["linked"]:
        assert linked["pseudonym"].startswith("P-") and linked["handle"] is None
    paths = write_files(doc, tmp_path / "out")
    html = paths["html"].read_text(encoding="utf-8")
    assert ("Dosije autora" if lang == "sr" else "Author dossier") in html
    check_pdf_pages(paths["pdf"], tmp_path / "pages")
    text = pdf_text(paths["pdf"])
    assert first["sha256"][:16] in text.replace("\n", "").replace(" ", "")
    assert_clean_everywhere(demo.store, demo.truth, doc, {"html": html, "pdf": text})


def test_handles_and_names_only_when_the_role_allows(demo: Demo) -> None:
    ctx = Context.make(demo.store, lang="en", show_handles=True, operator="admin")
    doc = build_author_dossier(ctx, demo.first_poster)
    html = render_html(doc)
    assert doc["author"]["handle"] and doc["author"]["handle"] in html
    assert doc["names"] and all(n["name"] in html for n in doc["names"])
    group = build_group_dossier(ctx, demo.busiest)
    assert all(p["handle"] for p in group["posters"])


def test_possible_minor_media_never_appear(demo: Demo) -> None:
    """A code asking for minors next to the victim's picture: the possible-minor rule (tragac.policy) withholds the
    picture, so both dossiers count it for the hotline and list nothing of it."""
    from tragac.store.models import Flag, Message, Sighting

    first = demo.truth["planted_media"]["victim_items"][0]["reposts"][0]
    with demo.store.session() as s:
        media = s.scalars(select(Media).where(Media.sha256 == first["sha256"])).one()
        message = s.scalars(
            select(Message).join(Sighting, Sighting.message_id == Message.id).where(Sighting.media_id == media.id)
            .order_by(Message.date)
        ).first()  # fmt: skip
        assert message is not None
        flag = Flag(
            fingerprint="dossier-test-minor",
            detector="csam_codes",
            category=policy.MINOR_CATEGORY,
            score=1.0,
            rule="code:test",
            why="test: a code asking for minors",
            message_id=message.id,
            source_id=message.source_id,
            possible_minor=True,
        )
        s.add(flag)
        s.commit()
        flag_id, source_id = flag.id, message.source_id
    try:
        ctx = Context.make(demo.store, lang="en", show_handles=False, operator="mila")
        group = build_group_dossier(ctx, source_id)
        author = build_author_dossier(ctx, demo.first_poster)
        for doc in (group, author):
            assert first["sha256"] not in render_html(doc)
            assert doc["media"]["withheld_for_hotline"] >= 1
            assert first["sha256"] not in {m["sha256"] for m in doc["media"]["items"]}
        assert policy.MINOR_CATEGORY in group["signals"]["counts"]  # counted ...
        assert policy.MINOR_CATEGORY not in group["signals"]["examples"]  # ... never quoted
    finally:
        with demo.store.session() as s:
            gone = s.get(Flag, flag_id)
            s.delete(gone)
            s.commit()


@pytest.mark.postgres
def test_the_same_dossiers_on_postgresql(demo: Demo, pg_demo: Demo) -> None:
    def figures(d: Demo) -> dict[str, object]:
        ctx = Context.make(d.store, lang="en", show_handles=False, operator="mila")
        g = build_group_dossier(ctx, d.busiest)
        a = build_author_dossier(ctx, d.first_poster)
        return {
            "size": g["size"],
            "signals": g["signals"]["counts"],
            "media": sorted((m["sha256"], m["sightings_here"], m["first_posted_here"]) for m in g["media"]["items"]),
            "spread": sorted((r["title"], r["shared"], r["from"], r["to"]) for r in g["spread"]),
            "posters": [p["messages"] for p in g["posters"]],
            "author_media": sorted((m["sha256"], m["first_poster"]) for m in a["media"]["items"]),
            "groups": [(r["title"], r["messages"]) for r in a["groups"]],
        }

    assert figures(pg_demo) == figures(demo)
