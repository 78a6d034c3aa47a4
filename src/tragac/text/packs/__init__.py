"""Language packs: what one language (or language group) brings to the text signals, declared in one place.

A pack is a :class:`LanguagePack`: the lexicon entry tags it owns (``languages``), lexicon files added to every scan,
a morphology for lexicon phrases (``phrase_variants``: a normalised phrase in, its inflected or dialect forms out) and
for people's names (``name_forms``: what watched identities match), recognisers of its own personal data, and labels
for the kinds of personal data in its language. BCMS and English are built in; Italian
(:mod:`tragac.text.packs.italian`) is the worked example of a third. A plugin adds a pack through the
``register_language_packs`` hook (docs/plugins.md); a pack with the code of a built-in replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tragac.plugins import PluginRegistry, get_manager, hookimpl

if TYPE_CHECKING:  # types only: recognisers import the normaliser, packs are read by the lexicon before it
    from tragac.text.recognizers.base import Recognizer

BUILTIN_PACKS = ("tragac.text.packs.bcms", "tragac.text.packs.english", "tragac.text.packs.italian")


def _same(phrase: str) -> list[str]:
    return [phrase]


def _no_forms(name: str) -> set[str]:
    return set()


@dataclass(frozen=True)
class LanguagePack:
    """One language's lexicons, morphology, recognisers and labels."""

    code: str  # the pack's key: "bcms", "en", "it"
    name: str  # for people: "Bosnian, Croatian, Montenegrin, Serbian"
    languages: frozenset[str]  # lexicon ``language`` tags whose phrases this pack's morphology expands
    lexicons: tuple[Path, ...] = ()  # lexicon files added to the seed lexicon in every scan
    # A normalised lexicon phrase -> the phrase first, then its other forms (one automaton holds them all).
    phrase_variants: Callable[[str], list[str]] = _same
    # One name (first name or surname, as written) -> its normalised forms in this language (cases, possessives).
    name_forms: Callable[[str], set[str]] = _no_forms
    recognizers: tuple[type[Recognizer], ...] = ()
    # PII kind (tragac.text.labels) -> (singular, plural) in this language; a kind it lacks falls back to English.
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    label_lang: str = ""  # the language code reports use for ``labels`` ("it"); empty when it has none


@hookimpl(trylast=True)
def register_language_packs() -> list[LanguagePack]:
    import importlib

    return [importlib.import_module(m).PACK for m in BUILTIN_PACKS]


LANGUAGE_PACKS: PluginRegistry[LanguagePack] = PluginRegistry("register_language_packs", key=lambda p: p.code)


def language_packs() -> list[LanguagePack]:
    """Every pack, built-in and from plugins."""
    return list(LANGUAGE_PACKS.values())


def pack_for(language: str) -> LanguagePack | None:
    """The pack whose morphology expands lexicon entries tagged ``language`` (None: no pack claims it)."""
    return _by_language(get_manager().generation, id(get_manager())).get(language)


@lru_cache(maxsize=4)
def _by_language(generation: int, manager: int) -> dict[str, LanguagePack]:
    out: dict[str, LanguagePack] = {}
    for pack in language_packs():
        for lang in pack.languages:
            out.setdefault(lang, pack)
    return out


def phrase_variants(phrase: str, language: str) -> list[str]:
    """``phrase`` (normalised) and its forms under the morphology of the pack owning ``language``."""
    pack = pack_for(language)
    return pack.phrase_variants(phrase) if pack is not None else [phrase]


def name_forms(name: str) -> set[str]:
    """Every pack's forms of one name: a watched woman is found however the message's language declines her name."""
    out: set[str] = set()
    for pack in language_packs():
        out |= pack.name_forms(name)
    return out


def pack_lexicons() -> list[Path]:
    return [p for pack in language_packs() for p in pack.lexicons]


def pack_recognizers() -> list[type[Recognizer]]:
    return [r for pack in language_packs() for r in pack.recognizers]


def pack_label(kind: str, lang: str, many: bool = False) -> str | None:
    """The label of a PII kind in a pack's language (``label_lang``), or None when no pack speaks ``lang``."""
    for pack in language_packs():
        if pack.label_lang == lang and kind in pack.labels:
            one, several = pack.labels[kind]
            return several if many else one
    return None
