"""The Serbian report is Serbian throughout: no heading, note or label of the English tables shows in it, and the
kinds of personal data are named by the one vocabulary (``tragac.text.labels``) in both languages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from tragac.analytics.report.i18n import CATEGORY_NAMES, MEDIA_KINDS, SOURCE_KINDS, TEXT, Translator
from tragac.analytics.report.render import render_html
from tragac.store import Store
from tragac.text.labels import PII_LABELS, label

from .report_fixtures import build_corpus


def english_strings() -> Iterator[str]:
    """Every English string of the report's tables that differs from its Serbian counterpart."""
    for table in (TEXT, CATEGORY_NAMES, SOURCE_KINDS, MEDIA_KINDS):
        for en, sr in table.values():
            if en != sr:
                yield en
    for lab in PII_LABELS.values():
        for en, sr in ((lab.en, lab.sr), (lab.en_many, lab.sr_many)):
            if en != sr:
                yield en


def visible_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code>.*?</code>", " ", page, flags=re.S)  # identifiers (term ids, rules, stage names)
    # Quoted data (public seed terms, example messages) is marked translate="no": it is not the report's language.
    page = re.sub(r'<(\w+)[^>]*\btranslate="no"[^>]*>.*?</\1>', " ", page, flags=re.S)
    # Text inside SVG <title>/<text> and aria-labels is read by screen readers: keep it.
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', page))
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page) + "\n" + labels)
    # The public seed's phrases are shown as written (the "term" column), in whatever language they are.
    return re.sub(r"\n(?:" + "|".join(re.escape(p) for p in _seed_phrases()) + r")\n", "\n", text)


def _seed_phrases() -> list[str]:
    from tragac.text.lexicon import _expand, seed_lexicon

    forms = {f.rstrip("*") for e in seed_lexicon().entries if e.phrase for f in _expand(e.phrase)}
    return sorted(forms, key=len, reverse=True)


def english_in(page: str) -> list[str]:
    text = visible_text(page)
    found = []
    for en in set(english_strings()):
        # Whole words only: "Media" must not be found inside "Mediji"; short words (of, max) as words too.
        if re.search(r"(?<![\w-])" + re.escape(en) + r"(?![\w-])", text):
            found.append(en)
    return sorted(found)


def test_serbian_report_has_no_english_label(sqlite_store: Store) -> None:
    build_corpus(sqlite_store)
    sr, _ = render_html(sqlite_store, lang="sr")
    assert english_in(sr) == []
    en, _ = render_html(sqlite_store, lang="en")
    assert "Overview" in en and english_in(en)  # the check does see English where there is English


def test_one_vocabulary_of_personal_data_labels() -> None:
    t_en, t_sr = Translator("en"), Translator("sr")
    # The report, the masks and the detectors read the same table; old spellings resolve to one kind.
    assert t_sr.doxx("jmbg") == t_sr.doxx("national_id") == t_sr.doxx("id_number") == "JMBG"
    assert t_en.doxx("phone") == "phone numbers" and t_sr.doxx("phone") == "brojevi telefona"
    assert label("instagram", "sr") == label("social_account", "sr")
    # An unknown kind is never shown as a raw English key in Serbian.
    assert t_sr.doxx("some_new_kind") == "ostali lični podaci"


def test_every_recogniser_kind_has_a_label() -> None:
    import importlib
    import pkgutil

    import tragac.text.recognizers as pkg
    from tragac.text.recognizers.base import Recognizer

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    # Built-in recognisers only: a plugin's (such as the one tests/plugins registers) brings its own label.
    builtin = [c for c in subclasses(Recognizer) if c.__module__.startswith("tragac.")]
    # A registry key may carry a variant after a dot (``phone.it`` finds ``phone`` entities beside the BCMS one).
    kinds = {str(c.entity).split(".")[0] for c in builtin if getattr(c, "entity", None)}
    assert kinds and all(k in PII_LABELS for k in kinds), kinds - set(PII_LABELS)
