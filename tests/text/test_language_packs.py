"""Language packs (tragac.text.packs): BCMS and English built in, Italian as the worked third, and a plugin's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tragac.plugins import hookimpl, register, unregister
from tragac.signals.analyzer import TextAnalyzer
from tragac.text.labels import label
from tragac.text.lexicon import build_matcher
from tragac.text.normalize import normalize
from tragac.text.packs import LanguagePack, language_packs, name_forms, pack_for, phrase_variants
from tragac.text.packs.italian import phrase_variants as italian_variants
from tragac.text.recognizers import find_entities
from tragac.text.watch import WatchList


def categories(analyzer: TextAnalyzer, text: str) -> set[str]:
    return {f.category for f in analyzer.analyze(text)}


def test_builtin_packs() -> None:
    codes = [p.code for p in language_packs()]
    assert codes[:3] == ["bcms", "en", "it"]
    assert pack_for("hr").code == "bcms" and pack_for("sr").code == "bcms"  # type: ignore[union-attr]
    assert pack_for("it").code == "it"  # type: ignore[union-attr]
    assert pack_for("und") is None


def test_bcms_morphology_reaches_the_lexicon() -> None:
    assert "djevojcic" in phrase_variants("devojcic", "sr")
    assert "tko ima" in phrase_variants("ko ima", "sr")
    assert phrase_variants("who has", "en") == ["who has"]


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Milena", {"milena", "milene", "mileni", "milenu", "mileno", "milenom", "milenin", "milenine"}),
        ("Petar", {"petar", "petra", "petru", "petrom"}),
        ("Jovanović", {"jovanovic", "jovanovica", "jovanovicu", "jovanovicem"}),
        ("Marko", {"marko", "marka", "marku", "markom"}),
        ("Милена", {"milena", "milenu"}),  # Cyrillic: transliterated before declining
    ],
)
def test_name_forms_seven_cases(name: str, forms: set[str]) -> None:
    assert forms <= name_forms(name)


def test_italian_pack_lexicon_morphology_recogniser_labels() -> None:
    assert italian_variants("foto privato") == ["foto privato", "foto privata", "foto privati", "foto private"]
    a = TextAnalyzer()
    assert categories(a, "chi ha foto private di lei?") == {"ncii_solicitation"}
    assert categories(a, "so dove abiti") == {"harassment"}
    assert categories(a, "ci vediamo alle 8 in piazza") == set()
    text = "il suo numero è +39 347 123 4567, scrivetele"
    phones = [e for e in find_entities(text, normalize(text)) if e.type == "phone"]
    assert [(e.value, e.rule) for e in phones] == [("+393471234567", "phone.it.mobile")]
    assert label("phone", "it") == "telefono"
    assert label("iban", "it") == "IBAN"  # a kind the pack does not translate falls back to English


class _Pirate:
    """A plugin pack: its own lexicon, morphology ("yer"→"yarr"), names and labels."""

    def __init__(self, lexicon: Path) -> None:
        self.pack = LanguagePack(
            code="pirate",
            name="Pirate",
            languages=frozenset({"x-pirate"}),
            lexicons=(lexicon,),
            phrase_variants=lambda p: [p, p.replace("yer", "yar")],
            name_forms=lambda n: {normalize(n).text + "y"},
            labels={"phone": ("parrot line", "parrot lines")},
            label_lang="x-pirate",
        )

    @hookimpl
    def register_language_packs(self) -> list[LanguagePack]:
        return [self.pack]


@pytest.fixture
def pirate(tmp_path: Path) -> Iterator[_Pirate]:
    lex = tmp_path / "pirate.yaml"
    lex.write_text(
        "name: pirate\nversion: '1'\npublic: true\nentries:\n"
        "  - {id: pirate.threat, category: harassment, role: threat, language: x-pirate, phrase: walk yer plank}\n",
        encoding="utf-8",
    )
    plugin = _Pirate(lex)
    register(plugin, name="pirate-pack")
    yield plugin
    unregister(plugin)


def test_a_plugin_pack_is_used_everywhere(pirate: _Pirate) -> None:
    assert "pirate" in [p.code for p in language_packs()]
    matcher = build_matcher()
    assert [h.entry.id for h in matcher.find(normalize("walk yar plank"))] == ["pirate.threat"]  # its morphology
    assert categories(TextAnalyzer(matcher), "walk yer plank, matey") == {"harassment"}
    watch = WatchList.from_data({"identities": [{"name": "Ana Jonesy"}]})
    assert "anay" in watch.identities[0].first  # its name forms join the built-in packs'
    assert label("phone", "x-pirate") == "parrot line"


def test_packs_are_gone_with_their_plugin(pirate: _Pirate) -> None:
    unregister(pirate)
    try:
        assert "pirate" not in [p.code for p in language_packs()]
        assert label("phone", "x-pirate") == "phone"
    finally:
        register(pirate, name="pirate-pack")
