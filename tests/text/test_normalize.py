"""Golden tests, one per normalisation rule, and property tests for the offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.text.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # 1. invisible and bidi characters are dropped, not turned into word breaks
        ("pro\u200bda\u200djem", "prodajem"),
        ("ko\u202eima", "koima"),
        ("\ufeffslike\u00ad", "slike"),
        # 2. NFKC + casefold; enclosed and regional-indicator letters
        ("ＳＬＩＫＥ", "slike"),
        ("𝐬𝐥𝐢𝐤𝐞", "slike"),
        ("🅰🅱", "ab"),
        ("STRASSE", "strase"),
        # 3a. all-Cyrillic words: Serbian by sound
        ("ко има снимке", "ko ima snimke"),
        ("љубав њега џеп", "ljubav njega dzep"),
        ("ЏУГАЊ", "dzuganj"),
        ("ђак ћевап", "djak cevap"),
        # 3b. mixed-script words: by shape (р→p, с→c, у→y, н→h, в→b, х→x)
        ("оcenite", "ocenite"),  # Cyrillic о inside a Latin word
        ("ѕеx", "sex"),
        ("рussy", "pusy"),
        ("Нello", "helo"),
        # 4. diacritics fold
        ("č ć š ž đ", "c c s z dj"),
        ("ČAŠA ŽĐ", "casa zdj"),
        ("e\u0301lan", "elan"),
        # 5. leetspeak only between letters of a word; digit runs stay
        ("t33n", "ten"),
        ("J3l3na Mark0vić", "jelena markovic"),
        ("$ex", "sex"),
        ("h@te", "hate"),
        ("-18", "-18"),
        ("u 18h", "u 18h"),
        ("064 123 4567", "064 123 4567"),
        ("18-godišnji", "18-godisnji"),
        ("4ever", "4ever"),
        # 6. punctuation between letters becomes a space
        ("teen-trade", "ten trade"),
        ("t.e.e.n", "t e e n"),
        ("razmena/trade", "razmena trade"),
        ("slike!!!", "slike!!!"),
        # 7. squeezing repeated letters
        ("seeeeex", "sex"),
        ("teen", "ten"),
        ("ocenitee", "ocenite"),
        ("➖1️⃣8️⃣", "-18"),  # heavy minus emoji and keycap digits: the age code written in emoji
        ("−18 – 17", "-18 - 17"),
        # 8. whitespace
        ("  ko\t\tima \n -18 ", "ko ima -18"),
    ],
)
def test_golden(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_compact_stream_joins_spaced_letters() -> None:
    n = normalize("t e e n trade")
    letters, index = n.compact
    assert letters == "tentrade"
    assert [n.text[i] for i in index] == list(letters)


def test_offsets_point_back_to_original() -> None:
    raw = "Ко има ЈМБГ од Ђорђа?"
    n = normalize(raw)
    assert n.text == "ko ima jmbg od djordja?"
    start = n.text.index("djordja")
    s, e = n.span(start, start + len("djordja"))
    assert raw[s:e] == "Ђорђа"


def test_expansion_maps_both_letters_to_one_original() -> None:
    raw = "đak"
    n = normalize(raw)
    assert n.text == "djak"
    assert n.offsets[:2] == [(0, 1), (0, 1)]


def test_lexicon_phrase_and_message_normalise_alike() -> None:
    assert normalize("Тражим СНИМКЕ").text == normalize("trazim snimke").text == normalize("Tražim snimke").text


_ALPHABET = st.sampled_from(
    list("abcčćdđeszžijklmnoprtuvTEEN 0134578@$!.-/\t\n")
    + list("абвгдђежзијклљмнњопрстћуфхцчџш")
    + ["\u200b", "\u202e", "Ｓ", "🅰", "e\u0301", "ß", "ﬁ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_offset_map_is_always_valid(raw: str) -> None:
    n = normalize(raw)
    offsets = n.offsets
    assert len(offsets) == len(n.text)
    prev = 0
    for s, e in offsets:
        assert 0 <= s <= e <= len(raw)
        assert s >= prev
        prev = s
    s, e = n.span(0, len(n.text))
    assert 0 <= s <= e <= len(raw)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_normalises_with_valid_offsets(raw: str) -> None:
    n = normalize(raw)
    for s, e in n.offsets:
        assert 0 <= s <= e <= len(raw)
    assert n.text == n.text.strip()
