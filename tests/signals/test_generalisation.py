"""Issue 16: phrasing the first rules did not reach — obfuscation inside words, numbers written to dodge
recognisers, dialect forms, structure-based detectors, and context that lowers a score. Fictional data only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.signals.analyzer import TextAnalyzer
from tragac.signals.evaluate import CATEGORIES, evaluate, wilson
from tragac.text.morphology import dialect_variants
from tragac.text.normalize import normalize
from tragac.text.recognizers import find_entities


def _cats(analyzer: TextAnalyzer, text: str) -> set[str]:
    return {f.category for f in analyzer.analyze(text)}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sli🔥ke", "slike"),
        ("k🤡u🤡r🤡v🤡o", "kurvo"),
        ("fo👍🏽tke", "fotke"),  # emoji with a skin-tone modifier
        ("o64 555", "064 555"),
        ("-I8", "-18"),
        ("1o", "10"),
        ("l0l", "lol"),  # leetspeak word, not a number
        ("10h", "10h"),
        ("hahaha 😂", "hahaha 😂"),  # emoji at a word's edge stay (laughter is context)
    ],
)
def test_symbols_inside_words_and_lookalike_digits(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_dropped_emoji_keep_offsets() -> None:
    raw = "ko ima sli🔥ke"
    n = normalize(raw)
    s, e = n.span(n.text.index("slike"), len(n.text))
    assert raw[s:e] == "sli🔥ke"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aeiklosrIO0146789🔥😂🤡*- \ufe0f\u20e3", max_size=30))
def test_offsets_map_back_through_dropped_symbols_and_lookalike_digits(raw: str) -> None:
    import unicodedata

    n = normalize(raw)
    spans = n.offsets
    assert len(spans) == len(n.text)
    assert all(0 <= s <= e <= len(raw) for s, e in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)  # order is kept
    for ch, (s, e) in zip(n.text, spans, strict=True):
        if ch.isalpha():  # a letter begins and ends on letters (or leet), never on a dropped emoji
            assert s < e and not {unicodedata.category(raw[s]), unicodedata.category(raw[e - 1])} & {"So"}, raw
        elif ch.isdigit():  # a digit comes from a digit or a look-alike letter ("o64", "-I8")
            assert raw[s:e][:1] in "0146789oOiIlL", (raw, ch, raw[s:e])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeiklosr0123456789🔥😂🤡* -", max_size=30))
def test_new_rules_are_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("broj 0️⃣6️⃣4️⃣ 1️⃣2️⃣3️⃣ 4️⃣5️⃣6️⃣7️⃣", "+381641234567"),
        ("zovite je nula šest četiri jedan dva tri četiri pet šest sedam", "+381641234567"),
        ("mob o63 4445 556", "+381634445556"),
        ("telefon 06четири 111 222", "+38164111222"),
        ("broj 064/123-45-67", "+381641234567"),
    ],
)
def test_obfuscated_phones(text: str, value: str) -> None:
    found = [e for e in find_entities(text, normalize(text)) if e.type == "phone"]
    assert [e.value for e in found] == [value]


def test_grouped_jmbg_needs_a_valid_checksum() -> None:
    ok = "jmbg: 1503 990 710 002"
    assert [e.rule for e in find_entities(ok, normalize(ok))] == ["jmbg.grouped"]
    bad = "jmbg: 1503 990 710 003"
    # a failed checksum called a JMBG is a low lead (0.35): reported only when the message says whose it is
    assert [e.rule for e in find_entities(bad, normalize(bad)) if e.type == "national_id"] == ["jmbg.cued"]
    analyzer = TextAnalyzer()
    assert analyzer.analyze(bad) == []
    assert {f.category for f in analyzer.analyze("matični broj njenog brata 1503 990 710 003")} == {"doxxing"}
    code = "šifra 1503 990 710 003"
    assert [e for e in find_entities(code, normalize(code)) if e.type == "national_id"] == []


@pytest.mark.parametrize("text", ["stanuje na Baščaršiji 12", "živi kod bake na Korzu 3", "nađite je, Dositejeva 8"])
def test_addresses_said_in_words(text: str) -> None:
    assert "address" in {e.type for e in find_entities(text, normalize(text))}


def test_dialect_variants() -> None:
    assert "djevojcic" in dialect_variants("devojcic")
    assert "tko ima" in dialect_variants("ko ima")
    assert "ima li netko" in dialect_variants("ima li neko")
    assert dialect_variants("slike")[0] == "slike"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("ima li iko njene gole", "ncii_solicitation"),
        ("dam 2 njene za 2 tvoje", "ncii_solicitation"),
        ("ima li iko slike od Jelene Marković", "ncii_solicitation"),
        ("tražim slike djevojčica ispod 14", "csam_signal"),
        ("ko ima školarke iz šestog razreda", "csam_signal"),
        ("nek mu neko slomi ruke", "harassment"),
        ("pazi se kad se vraćaš sama noću", "harassment"),
        ("k*rva obična", "harassment"),
        ("otac joj se zove Zoran, a majka radi u banci", "doxxing"),
    ],
)
def test_structure_detectors(analyzer: TextAnalyzer, text: str, category: str) -> None:
    assert category in _cats(analyzer, text)


@pytest.mark.parametrize(
    "text",
    [
        "dam 2 karte za 2 tvoje, koncert",
        "haha ubiću te 😂 opet si mi uzeo punjač",
        "Salon Bella, zakažite na 063 555 1212",
        "Udruženje Nada prima donacije na račun 160-0000000987654-21",
        "moj broj je 061 555 0000 ako treba nešto",
        "roditeljski za osmi razred u petak",
        "mama mi radi u vrtiću, pa ne mogu danas",
        "pazi se na putu, javi kad stigneš",
    ],
)
def test_hard_negatives(analyzer: TextAnalyzer, text: str) -> None:
    assert _cats(analyzer, text) == set()


def test_lowering_context_is_in_the_explanation(analyzer: TextAnalyzer) -> None:
    # two kinds (threat and insult) survive the laughter discount, and the explanation says it was applied
    (f,) = analyzer.analyze("hahaha ubiću te kurvo 😂")
    assert f.category == "harassment"
    assert "laughter" in f.why and f.score < 0.6


def test_wilson_interval() -> None:
    lo, hi = wilson(47, 47)
    assert 0.92 < lo < 0.93 and hi == 1.0
    lo, hi = wilson(5, 10)
    assert round(lo, 3) == 0.237 and round(hi, 3) == 0.763
    assert wilson(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize("category", CATEGORIES)
def test_dev_set_targets(analyzer: TextAnalyzer, data_dir: Path, category: str) -> None:
    # the set the issue-16 rules were tuned on
    result = evaluate(data_dir / "text_eval_dev2.jsonl", analyzer)["categories"][category]
    assert result["precision"] >= 0.9, result
    if category != "identity":  # possessive surnames and letter-spaced names are still missed (see docs)
        assert result["recall"] >= 0.9, result


def test_holdout3_is_large_and_varied(data_dir: Path) -> None:
    # issue 16's held-out set: scored once for docs/text-signals.md, development data since the holdout3 round
    rows = [json.loads(line) for line in (data_dir / "text_eval_holdout3.jsonl").read_text().splitlines()]
    assert len(rows) >= 200
    text = " ".join(r["text"] for r in rows)
    assert any("\u0400" <= c <= "\u04ff" for c in text)  # both scripts
    assert {"tko", "djevojčice", "što"} <= set(text.replace(",", " ").split())  # Croatian/Bosnian forms
    assert sum(1 for r in rows if not r["labels"]) >= 50  # hard negatives
    assert {c for r in rows for c in r["labels"]} == set(CATEGORIES)


def test_holdout3_is_what_its_generator_writes(data_dir: Path) -> None:
    import runpy

    gen = runpy.run_path(str(Path(__file__).parents[1] / "text" / "eval_sets" / "make_text_eval_holdout3.py"))
    rows = [json.loads(line) for line in (data_dir / "text_eval_holdout3.jsonl").read_text().splitlines()]
    assert [(r["text"], r["labels"]) for r in rows] == list(gen["W"])
