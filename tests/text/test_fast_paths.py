"""The speed-ups must not change a single result: each fast path is checked against the general one it replaces."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.text import normalize as norm_mod
from tragac.text.lexicon import build_matcher, seed_lexicon
from tragac.text.normalize import _normalize_chunk, lazy, normalize, normalize_chunk, normalized_text
from tragac.text.recognizers import entity_candidates, find_entities
from tragac.text.recognizers.base import NUMBER_GATE, NUMBER_GATE_REFERENCE

_REFERENCE_GATE = re.compile(NUMBER_GATE_REFERENCE)
_NUMBERISH = st.text(alphabet="ab0123456789+-/. _xčЖ\n", max_size=24)
_LATIN = "abcčćdđefghijklmnoprsštuvzžAEIOUŠČĆĐŽ"
_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџшАБВЏЉЂ"
_TAILS = st.text(alphabet=".,?!:;", min_size=1, max_size=3)

# The seed's age patterns as first written; the shipped ones lead with their literal so the engine can skip to it.
_ORIGINAL_PATTERNS = {
    "csam.age.minus_under_18": r"(?<![\w-])-\s?1\s?[0-8](?![\w%°])(?![.,:]\d)"
    r"(?!\s*(?:%|°|stepen|step|c\b|min|sek|poen|bod|god|h\b|km|kg|din|evr|eur|e\b|sat))",
    "csam.age.younger_than": r"\bmladj(?:i|e|ih|im|ima|a|u|oj)?\s+od\s+(?:1[0-7]|[5-9])\b",
    "csam.age.under_n": r"\bunder\s?-?\s?1[0-7]\b|\bunder\s?18\b(?!\s*(?:year|yo|god))",
}
_SHIPPED = {e.id: re.compile(e.pattern) for e in seed_lexicon().entries if e.pattern}
_PATTERN_TEXT = st.text(alphabet="-–1 0789mladjeunderyogstp%°h.,:ko", max_size=30)


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_number_gate_agrees_with_reference_on_examples() -> None:
    for text in ["064 123 4567", "+381 64", "0800 100 007", "RR123456789RS", "BG 123-AB", "160-000", "12.05.1990",
                 "u 18h", "cena 2500 din", "rs35 2600", "x0101900350008", "a/064", "2-064"]:  # fmt: skip
        assert (NUMBER_GATE.search(text) is None) == (_REFERENCE_GATE.search(text) is None), text


@settings(max_examples=3000, deadline=None)
@given(_NUMBERISH)
def test_number_gate_agrees_with_reference(text: str) -> None:
    assert (NUMBER_GATE.search(text) is None) == (_REFERENCE_GATE.search(text) is None)


def test_seed_patterns_lead_with_a_literal() -> None:
    # The seed's rule for patterns: start with a literal or a character class (boundaries as look-behinds after
    # it), so the regex engine skips to candidates in C; a pattern led by a group or a look-behind is tried at every
    # position of every message.
    for rule, rx in _SHIPPED.items():
        assert re.match(r"[a-z-]|\[[^]]+\](?!\*|\?)", rx.pattern), rule


def test_seed_patterns_are_the_original_ones() -> None:
    assert set(_ORIGINAL_PATTERNS) <= set(_SHIPPED)
    for text in ["ko ima -18", "-17 materijal", "-18 stepeni", "mlađe od 15", "under 16", "under 18 years", "x-18"]:
        t = normalize(text).text
        for rule, original in _ORIGINAL_PATTERNS.items():
            assert _spans(_SHIPPED[rule], t) == _spans(re.compile(original), t), (rule, text)


@settings(max_examples=3000, deadline=None)
@given(_PATTERN_TEXT)
def test_seed_patterns_match_exactly_where_the_originals_did(text: str) -> None:
    for rule, original in _ORIGINAL_PATTERNS.items():
        assert _spans(_SHIPPED[rule], text) == _spans(re.compile(original), text), rule


def test_split_and_chunk_regex_agree_on_every_whitespace_character() -> None:
    space = re.compile(r"\s")
    assert all((space.match(chr(c)) is not None) == chr(c).isspace() for c in range(sys.maxunicode + 1))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_LATIN + _CYRILLIC), min_size=1, max_size=10), st.one_of(st.just(""), _TAILS))
def test_word_fast_path_equals_general_path(word: str, tail: str) -> None:
    raw = word + tail
    norm_mod.clear_caches()
    fast = normalize_chunk(raw)
    general = _normalize_chunk(raw)
    assert (fast.text, fast.starts, fast.ends) == (general.text, general.starts, general.ends)
    again = normalize_chunk(raw)  # from the caches now
    assert again == fast


def test_exotic_letters_before_punctuation_take_the_general_path() -> None:
    for raw in ["µm!", "ᾃb?", "ŀŀ.", "ǆa,"]:
        chunk = normalize_chunk(raw)
        general = _normalize_chunk(raw)
        assert (chunk.text, chunk.starts, chunk.ends) == (general.text, general.starts, general.ends), raw


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_normalized_text_is_normalize_text(text: str) -> None:
    assert normalized_text(text) == normalize(text).text
    assert normalized_text(text) == normalize(text).text  # cached words


def test_lazy_computes_once() -> None:
    calls: list[int] = []

    class Thing:
        @lazy
        def value(self) -> int:
            calls.append(1)
            return 42

    thing = Thing()
    assert (thing.value, thing.value, len(calls)) == (42, 42, 1)
    assert isinstance(Thing.__dict__["value"], lazy)


_MESSAGES = st.lists(
    st.text(alphabet=st.sampled_from(list(_LATIN + _CYRILLIC + " 0123456789+-/.:@_, bb")), max_size=40),
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(_MESSAGES)
def test_entity_gate_never_misses_an_entity(texts: list[str]) -> None:
    gate = entity_candidates(texts, [normalized_text(t) for t in texts])
    assert gate is not None
    for text, maybe in zip(texts, gate, strict=True):
        if find_entities(text, normalize(text)):
            assert maybe, text


def test_entity_gate_on_examples() -> None:
    texts = ["njen broj je 064 123 4567", "vidimo se u 18h", "dobro jutro", "živi u Njegoševoj 12", "ulica bb",
             "jmbg 0101900350008", "insta: @neko_123", "mail ana@example.org", "BG 123-AB", "ćao"]  # fmt: skip
    gate = entity_candidates(texts, [normalized_text(t) for t in texts])
    assert gate is not None
    assert [bool(find_entities(t, normalize(t))) for t in texts] == [True, False, False, True, False, True, True,
                                                                     True, True, False]  # fmt: skip
    assert gate == [True, True, False, True, False, True, True, True, True, False]  # "bb" squeezes to "b"


_MATCHER = build_matcher()
_WORDS = ["gole", "slike", "teen", "trade", "t e e n", "-18", "mlađe od 15", "under 16", "ubiću te", "kurva",
          "nudes", "sestre", "ko ima", "ocenite", "g0le", "сестре", "голе", "maloletna", "x", "bre"]  # fmt: skip
_WORDY = st.lists(
    st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join)
    | st.text(alphabet=st.sampled_from(list(_LATIN + _CYRILLIC + " -18.,")), max_size=30),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_WORDY)
def test_lexicon_gate_never_misses_a_hit(texts: list[str]) -> None:
    matcher = _MATCHER
    roles = frozenset({"code", "minor", "age", "intimate", "threat"})
    gate = matcher.candidates([normalized_text(t) for t in texts], roles)
    assert gate is not None
    for text, maybe in zip(texts, gate, strict=True):
        if any(h.entry.role in roles for h in matcher.find(normalize(text))):
            assert maybe, text


_REQUIRING = [(e.id, re.compile(e.pattern), e.requires) for e in seed_lexicon().entries if e.pattern and e.requires]


def test_some_seed_patterns_declare_a_required_literal() -> None:
    assert len(_REQUIRING) >= 5


_TRADE_WORDS = [
    "dam", "menjam", "3", "njene", "njenih", "za", "tvoje", "tvoju", "moja", "bivsa", "bacite", "bivse", "koliko",
    "kolko", "trazis", "13", "-", "14", "god", "ce", "te", "neko", "prebiti", "iz", "sedmog", "7.", "razreda", "x",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_TRADE_WORDS), max_size=8).map(" ".join))
def test_required_literal_is_in_every_match(text: str) -> None:
    # ``requires`` lets the matcher skip the regex when the literal is absent: sound only if no match lacks it.
    for rule, rx, lit in _REQUIRING:
        for m in rx.finditer(text):
            assert lit in m.group(0), rule
