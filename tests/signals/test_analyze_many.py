"""``analyze_many`` (the batch path ``signals run`` uses) returns exactly what ``analyze`` returns per message."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.signals.analyzer import TextAnalyzer
from tragac.text.lexicon import LexiconMatcher, build_matcher, hash_lexicon, parse_lexicon
from tragac.text.watch import WatchList

_CHATTER = ["dobro jutro svima", "vidimo se u 18h", "cena je 2500 dinara", "SOS linija 0800 100 007",
            "broj pošiljke RR123456789RS", "jutros je bilo -5 stepeni", "18-godišnji Marko položio vozački",
            "razmena iskustava o vrtićima", "ocenite moj crtež", "prodajem bicikl, slike u prilogu",
            "šaljite slike sa mora", "Добро јутро, ко иде сутра?", "ulica Kralja Petra 4 je zatvorena"]  # fmt: skip
_SIGNALS = ["ko ima -18 materijal", "t e e n trade grupa", "pošaljite gole slike sestre", "ocenite moju devojku",
            "njen broj je 064 123 4567", "živi u Njegoševoj 12, stan 3, sa majkom", "jmbg joj je 0101900350008",
            "insta: @neko_123, pišite joj", "ubiću te kad te nađem", "J3l3na Mark0vić je ta sa snimka",
            "ПОШАЉИТЕ ГОЛЕ СЛИКЕ", "who has her nudes? dm"]  # fmt: skip


def _corpus(data_dir: Path) -> list[str]:
    rng = random.Random(4)
    texts = [json.loads(line)["text"] for line in (data_dir / "text_eval.jsonl").read_text().splitlines() if line]
    texts += [json.loads(line)["text"] for line in (data_dir / "text_eval_holdout.jsonl").read_text().splitlines()]
    for _ in range(600):
        t = rng.choice(_SIGNALS if rng.random() < 0.2 else _CHATTER)
        texts.append(t.upper() if rng.random() < 0.1 else t)
    return [*texts, "", "   ", "\n\t", "a\x00b 064 123 4567"]


def test_batch_equals_per_message_without_watch(data_dir: Path) -> None:
    analyzer = TextAnalyzer()
    texts = _corpus(data_dir)
    batch = analyzer.analyze_many(texts)
    assert batch == [analyzer.analyze(t) for t in texts]
    assert sum(map(bool, batch)) > 300  # the corpus really exercises the detectors


def test_batch_equals_per_message_with_watch(data_dir: Path, analyzer: TextAnalyzer) -> None:
    texts = _corpus(data_dir)
    assert analyzer.watch is not None
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]


def test_batch_passes_structured_parts() -> None:
    analyzer = TextAnalyzer()
    texts = ["", "dobro jutro", "dobro jutro"]
    extras: list[dict[str, Any] | None] = [
        {"contact_information": {"phone_number": "+381641234567"}},
        {"location_information": {"latitude": 1}},
        None,
    ]
    found = analyzer.analyze_many(texts, extras)
    assert found == [analyzer.analyze(t, x) for t, x in zip(texts, extras, strict=True)]
    assert [f[0].subtype if f else None for f in found] == ["contact", "location", None]


def test_hashed_private_lexicon_takes_the_full_path() -> None:
    key = b"k"
    plain = parse_lexicon(
        {
            "name": "p",
            "version": "1",
            "entries": [{"id": "p.1", "category": "harassment", "role": "threat", "phrase": "zlatna ribice"}],
        },
        "p",
    )
    hashed = parse_lexicon(hash_lexicon(plain, key), "h")
    analyzer = TextAnalyzer(LexiconMatcher([hashed], key))
    texts = ["zlatna ribice", "dobro jutro", "Златна рибице!"]
    assert analyzer.matcher.candidates(["zlatna ribice"], frozenset({"threat"})) is None
    found = analyzer.analyze_many(texts)
    assert found == [analyzer.analyze(t) for t in texts]
    assert [bool(f) for f in found] == [True, False, True]


def test_private_pattern_with_a_trigger_role_is_gated_and_found() -> None:
    lexicon = parse_lexicon(
        {
            "name": "p",
            "version": "1",
            "entries": [{"id": "p.code", "category": "csam_signal", "role": "code", "pattern": r"\bzx\d{2}\b"}],
        },
        "p",
    )
    analyzer = TextAnalyzer(LexiconMatcher([lexicon]))
    texts = ["imam zx12", "zx1", "nema nista"]
    found = analyzer.analyze_many(texts)
    assert found == [analyzer.analyze(t) for t in texts]
    assert [bool(f) for f in found] == [True, False, False]


_WORDS = ["gole", "slike", "sestre", "ko ima", "-18", "t e e n", "trade", "064 123 4567", "Njegoševoj 12", "@neko",
          "0101900350008", "ubiću te", "kurva", "ocenite", "devojku", "u 18h", "2500 din", "ćao", "СЛИКЕ", "g0le",
          "insta:", "živi u", "majkom", "bb", "Kralja Petra 4", "RS35260005601001611379", "BG 123-AB"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=7).map(" ".join), min_size=1, max_size=10))
def test_batch_equals_per_message_on_generated_messages(texts: list[str]) -> None:
    analyzer = _ANALYZER
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]


_ANALYZER = TextAnalyzer(build_matcher())


@pytest.mark.parametrize("texts", [[], ["x"] * 3])
def test_small_batches(texts: list[str]) -> None:
    assert _ANALYZER.analyze_many(texts) == [[] for _ in texts]


def test_watch_file_still_fires_in_batches(data_dir: Path) -> None:
    analyzer = TextAnalyzer(watch=WatchList.load(data_dir / "text_eval_watch.json"))
    texts = [json.loads(line)["text"] for line in (data_dir / "text_eval.jsonl").read_text().splitlines() if line]
    assert any(f.category == "identity" for found in analyzer.analyze_many(texts) for f in found)


def test_patterns_a_nul_would_change_are_searched_per_message() -> None:
    # "^" and look-arounds that could read the NUL between two batched messages are not searched over the joined
    # batch (tragac.text.batch.nul_safe): the batch must still find exactly what analyze finds.
    lexicon = parse_lexicon(
        {
            "name": "p",
            "version": "1",
            "entries": [
                {"id": "p.a", "category": "csam_signal", "role": "code", "pattern": r"^zx\d"},
                {"id": "p.b", "category": "csam_signal", "role": "code", "pattern": r"(?<!\S)qx(?!\S)"},
                {"id": "p.c", "category": "csam_signal", "role": "code", "pattern": r"wz$"},
            ],
        },
        "p",
    )
    analyzer = TextAnalyzer(LexiconMatcher([lexicon]))
    texts = ["zx12 a", "b zx12", "qx", "a qx b", "aqx", "wz", "wz x", "", "qx\x00", "\x00qx"]
    found = analyzer.analyze_many(texts)
    assert found == [analyzer.analyze(t) for t in texts]
    assert [bool(f) for f in found] == [True, False, True, True, False, True, False, False, False, False]


def test_repeated_texts_are_read_once_and_answered_alike(data_dir: Path) -> None:
    # forwards and reposts: each repeat gets the same findings as its first copy (and as analyze), in its own list;
    # a repeat with structured parts is read on its own
    analyzer = TextAnalyzer()
    texts = _corpus(data_dir)[:200]
    doubled = [t for t in texts for _ in range(2)] + ["ko ima njene slike"] * 3
    extras: list[dict[str, Any] | None] = [None] * len(doubled)
    extras[-1] = {"contact_information": {"phone_number": "+381641234567"}}
    found = analyzer.analyze_many(doubled, extras)
    assert found == [analyzer.analyze(t, x) for t, x in zip(doubled, extras, strict=True)]
    assert found[0] is not found[1]
    assert {f.category for f in found[-1]} - {f.category for f in found[-2]} == {"doxxing"}
