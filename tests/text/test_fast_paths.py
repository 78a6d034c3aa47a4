"""The speed-ups must not change a single result: each fast path is checked against the general one it replaces."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.text import batch
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


# Batch gates (tragac.text.batch): one search over a NUL-joined batch never misses a text that one search per text
# would find, for every pattern nul_safe accepts, and finds exactly those when the pattern cannot read a NUL ("a.b"
# can, and may also name the text before a NUL: a harmless extra candidate).
_BATCH_PATTERNS = [
    r"\b(?:0\d|nula\b|zero\b)", r"[@/:]", r"(?<!\w)\w \w \w(?!\w)", r"[a-z]\.?\s+(?:br\.?\s*|broj\s+)?\d{1,3}(?!\d)",
    r"ko(?<!\wko)\s+ima\b", r"(?<![\w-])-\s?1\s?[0-8](?![\w%°])", r"\bx\b", r"a.b", r"[^a]b", r"(?!\s*x)y", r"\Bq",
]  # fmt: skip
_UNSAFE_PATTERNS = [r"^a", r"a$", r"\Aa", r"a\Z", r"(?!\W)a", r"(?<![^a])b", r"(?>a)b", r"a++b", r"(a)\1", r"(?m)^a"]
_BATCH_TEXTS = st.lists(st.text(alphabet="ab xyq0-18@/:.\x00\nkoimaul", max_size=16), max_size=8)


def test_nul_safe_accepts_the_gates_and_refuses_what_a_nul_would_change() -> None:
    from tragac.text.recognizers import _plan

    plan = _plan()
    assert all(batch.nul_safe(rx) for rx in [*plan.raw_gates, *plan.norm_gates])
    assert all(batch.nul_safe(re.compile(p)) for p in _BATCH_PATTERNS)
    assert not any(batch.nul_safe(re.compile(p)) for p in _UNSAFE_PATTERNS)


@settings(max_examples=1500, deadline=None)
# Seed patterns nul_safe refuses (look-behinds that could read the NUL) are searched per text by the lexicon gate.
@given(
    _BATCH_TEXTS,
    st.sampled_from(
        _BATCH_PATTERNS
        + [e.pattern for e in seed_lexicon().entries if e.pattern and batch.nul_safe(re.compile(e.pattern))]
    ),
)
def test_batch_hits_equal_per_text_searches(texts: list[str], pattern: str) -> None:
    rx = re.compile(pattern)
    assert batch.nul_safe(rx)
    joined = batch.join(texts)
    found = batch.hits(rx, joined)
    truth = [i for i, t in enumerate(texts) if rx.search(t) is not None]
    assert set(truth) <= set(found) and found == sorted(set(found))
    if pattern not in (r"a.b", r"[^a]b"):
        assert found == truth
    for lit in ("ko", "a", "-1"):
        assert batch.literal_hits(lit, joined) == [i for i, t in enumerate(texts) if lit in t]


@settings(max_examples=400, deadline=None)
@given(_MESSAGES)
def test_entity_rows_skip_only_recognisers_that_find_nothing(texts: list[str]) -> None:
    from tragac.text.recognizers import entity_rows

    rows = entity_rows(texts, [normalized_text(t) for t in texts])
    assert rows is not None
    for text, bits in zip(texts, rows, strict=True):
        norm = normalize(text)
        assert find_entities(text, norm, bits) == find_entities(text, norm), text


_NUMBER_TEXT = st.text(alphabet="0123456789 -.RSrsBGab١", max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_NUMBER_TEXT)
def test_number_prefilters_never_hide_an_entity(text: str) -> None:
    # JMBG, account and IBAN prefilters are necessary conditions: wherever ``find`` finds something, they pass.
    from tragac.text.recognizers import bank_account, iban, jmbg

    norm = normalize(text)
    for cls in (jmbg.JmbgRecognizer, bank_account.BankAccountRecognizer, iban.IbanRecognizer):
        rec = cls()
        if rec.find(text, norm):
            assert rec.prefilter(text, norm), (cls.__name__, text)


def test_number_prefilters_on_examples() -> None:
    from tragac.text.recognizers.base import digit_count_at_least

    texts = ["jmbg 0101900350008", "1503 990 710 002", "160-0000000173684-11", "RS35260005601001611379", "064 123"]
    found = {t: sorted({e.type for e in find_entities(t, normalize(t))}) for t in texts}
    assert found["jmbg 0101900350008"] == ["national_id"]
    assert found["160-0000000173684-11"] == ["bank_account"]
    assert found["RS35260005601001611379"] == ["iban"]
    assert digit_count_at_least("١٢٣", 3) and not digit_count_at_least("12a", 3)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(max_size=30) | st.text(alphabet=_LATIN + _CYRILLIC + " \t\n\u00a0\u3000.,-18@", max_size=30)))
def test_normalized_texts_is_normalized_text_per_message(texts: list[str]) -> None:
    from tragac.text.normalize import normalized_texts

    assert normalized_texts(texts) == [normalized_text(t) for t in texts]
    norm_mod.clear_caches()
    assert normalized_texts(texts) == [normalize(t).text for t in texts]  # first-seen words too


# Gate regexes rewritten to open with a literal or a character class: a match exists exactly where the reference
# (as first written) finds one.
_SOCIAL_ALPHABET = "@/:insnaptkoglefcbIGTFS\u0130\u0131\u017f_ -."  # with the letters (?i) pairs to others
_ITALIAN_GATE_REFERENCE = r"(?:\+|00)39|(?<![\d+])3\d{2}[ .-]?\d{3}[ .-]?\d{3,4}(?!\d)"


def _rewritten_gates() -> list[tuple[str, re.Pattern[str], re.Pattern[str], str]]:
    from tragac.text import lexicon
    from tragac.text.packs.italian import ItalianMobileRecognizer
    from tragac.text.recognizers import address, phone, social

    assert ItalianMobileRecognizer.raw_gate is not None
    return [
        ("house", re.compile(address.HOUSE_NUMBER_REFERENCE), address._HOUSE_NUMBER, "ab. \t\n12345/bbrojč-"),
        ("phone", re.compile(phone.NORM_GATE_REFERENCE), phone._NORM_GATE_RX, "0123 nulazero_x.ž"),
        ("spaced", re.compile(lexicon.SPACED_REFERENCE), lexicon._SPACED, "ab t_1 ž-."),
        ("italian", re.compile(_ITALIAN_GATE_REFERENCE), re.compile(ItalianMobileRecognizer.raw_gate), "+0039 .-x"),
        ("social", re.compile(social.RAW_GATE_REFERENCE), re.compile(social._RAW_GATE), _SOCIAL_ALPHABET),
    ]


_REWRITTEN = _rewritten_gates()


@settings(max_examples=4000, deadline=None)
@given(st.data())
def test_rewritten_gates_agree_with_their_references(data: st.DataObject) -> None:
    for name, reference, rewritten, alphabet in _REWRITTEN:
        text = data.draw(st.text(alphabet=alphabet, max_size=20), label=name)
        assert (rewritten.search(text) is None) == (reference.search(text) is None), (name, text)


def test_rewritten_gates_on_examples() -> None:
    texts = ["ulica bb", "njegoseva 12", "u 18h", "dam 7 karte", "br. 5", "x.  12a/3", "064", "nula sest", "zero",
             "t e e n", "a b c", "ab c d", "+39 333", "0039", "333 123 4567", "1333 123 4567",
             "x3331234567", "IG: ana", "moj ig", "big", "FB", "fbx", "Face", "tiktok", "x.tt", "ſnap", "İnsta",
             "sc", "disc", "tg_", "a/b"]  # fmt: skip
    for name, reference, rewritten, _ in _REWRITTEN:
        for text in texts:
            assert (rewritten.search(text) is None) == (reference.search(text) is None), (name, text)


def _reference_phone(digits: str) -> tuple[str, str, str] | None:
    """The phone look-up as first written: ``is_valid_number`` and ``number_type`` both asked, then the type again."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    from tragac.text.recognizers.phone import _PERSONAL, REGIONS

    if digits.startswith("00"):
        digits = "+" + digits[2:]
    for region in [None] if digits.startswith("+") else list(REGIONS):
        try:
            num = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.region_code_for_number(num) not in REGIONS:
            continue
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in _PERSONAL:
            kind = "mobile" if phonenumbers.number_type(num) == PhoneNumberType.MOBILE else "fixed"
            region_code = phonenumbers.region_code_for_number(num) or ""
            return kind, region_code, phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    return None


_PHONE_DIGITS = st.tuples(
    st.sampled_from(["0", "00381", "+381", "+382", "+387", "+385", "+39", "00385", "06", "01", "08", "+", "1"]),
    st.text(alphabet="0123456789", min_size=4, max_size=11),
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_PHONE_DIGITS)
def test_phone_look_up_equals_the_reference(digits: str) -> None:
    from tragac.text.recognizers.phone import _parse_digits

    found = _parse_digits(digits)
    assert (None if found is None else (found.kind, found.region, found.value)) == _reference_phone(digits)


def test_leading_literal() -> None:
    from tragac.text.batch import leading_literal

    cases = {r"abc\d": "abc", r"(?i)abc": None, r"[ab]c": None, r"ab|cd": None, r"abc|abd": "ab", r"a*b": None,
             r"ab?": "a", r"mladj(?<!\wmladj)x": "mladj", r"\bko": None, r"-\s?1": "-"}  # fmt: skip
    for pattern, lit in cases.items():
        assert leading_literal(re.compile(pattern)) == lit, pattern


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*_TRADE_WORDS, "mladje", "od", "15", "under", "ispod", "nek", "joj", "neko", "zna",
                                 "gde", "zivis", "pazi", "se", "sama", "ako", "jos", "-18", "ko", "ima"]), max_size=8)
       .map(" ".join))  # fmt: skip
def test_matcher_literal_shortcuts_skip_only_texts_without_a_match(text: str) -> None:
    for _entry, rx, lit in _MATCHER._pattern_tests:
        if lit is not None and rx.search(text) is not None:
            assert lit in text, rx.pattern
