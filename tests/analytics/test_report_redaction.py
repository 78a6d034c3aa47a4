"""Redaction of example messages and exports: each recogniser with positive and negative examples, and
property tests that fictional phone numbers and ID numbers never survive whatever surrounds them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.analytics.pseudonyms import Pseudonymizer, key_path, load_or_create_key
from tragac.analytics.redaction import Redactor, Span, default_recognisers, fold, merge

R = Redactor()


@pytest.mark.parametrize(
    ("text", "hidden", "label"),
    [
        ("zovite je na +381 64 123 4567 odmah", "123 4567", "[phone]"),
        ("broj 064/123-4567", "123-4567", "[phone]"),
        ("tel 00381641234567", "641234567", "[phone]"),
        ("+381-64-123-45-67 zovi", "45-67", "[phone]"),
        ("matični 0101990710006, eto", "0101990710006", "[ID number]"),
        ("mejl ana.kos12@example.com", "example.com", "[e-mail]"),
        ("živi u ulici Bulevar oslobođenja 117, Novi Sad", "oslobođenja 117", "[address]"),
        ("adresa Kneza Miloša 23a stan 4", "Miloša 23a", "[address]"),
        ("u Resavskoj 12 je", "Resavskoj 12", "[address]"),
        ("Narodnog fronta 7b", "fronta 7b", "[address]"),
        ("живи у улица Кнеза Милоша 5/3", "Милоша 5/3", "[address]"),
        ("Evo je Ana Petrović sa slike", "Petrović", "[name]"),
        ("to je radosavljeviceva sestra", "radosavljevic", "[name]"),
        ("majka Vesna, otac Dejan", "Vesna", "[name]"),
        ("insta @ana.kos.99 piši", "ana.kos.99", "[user]"),
        ("link https://t.me/kanal/123", "t.me/kanal", "[link]"),
    ],
)
def test_recognisers_mask(text: str, hidden: str, label: str) -> None:
    out = R.redact(text)
    assert hidden not in out
    assert label in out


@pytest.mark.parametrize(
    "text",
    [
        "Vidimo se sutra u 18h ispred bioskopa",
        "Cena 1800 din, dostava besplatna",
        "Moj brat je 18-godišnji student",
        "ima li -18 sadržaja?",
        "teen trade u dm",
        "Ko ima još njenih slika neka šalje u inbox",
        "send pic pls",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert R.redact(text) == text


def test_serbian_labels() -> None:
    assert Redactor(lang="sr").redact("tel +381 64 123 4567") == "tel [telefon]"


def test_watched_identity_any_script_case_and_declension() -> None:
    r = Redactor(default_recognisers(["Dunja Radosavljević", "+381 64 555 0192", "Javorova 12"]))
    for text in (
        "Dunja Radosavljević",
        "dunju radosavljevic",
        "Дуњом Радосављевић",
        "Dunjo",
        "064 555 01 92",
        "javorova 12",
    ):
        out = r.redact(f"pitaj {text} sad")
        assert out.startswith("pitaj [") and out.endswith("] sad"), out


def test_fold_keeps_length_so_spans_map_back() -> None:
    for s in ("Ђорђе Ђурђевић", "Čačak šišmiš", "ЉУБИЦА"):
        assert len(fold(s)) == len(s)


def test_merge_overlapping_spans() -> None:
    assert merge([Span(0, 5, "a"), Span(3, 9, "b"), Span(12, 14, "c")]) == [Span(0, 9, "a"), Span(12, 14, "c")]


def test_extra_spans_from_flags_are_masked() -> None:
    assert R.redact("Ivana je ovde", [Span(0, 5, "name")]) == "[name] je ovde"


filler = st.text(alphabet="abcdefghijklmnoprstuvzčćšžđ .,!?", max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    before=filler,
    after=filler,
    op=st.sampled_from(["60", "61", "62", "63", "64", "65", "66", "69"]),
    number=st.integers(min_value=1_000_000, max_value=9_999_999),
    style=st.integers(min_value=0, max_value=5),
)
def test_phone_numbers_never_survive(before: str, after: str, op: str, number: int, style: int) -> None:
    rest = str(number)
    a, b = rest[:3], rest[3:]
    spelled = [
        f"+381 {op} {a} {b}",
        f"0{op}/{a}-{b}",
        f"0{op}{rest}",
        f"00381{op}{rest}",
        f"+381-{op}-{a}-{b[:2]}-{b[2:]}",
        f"0{op} {a} {b[:2]} {b[2:]}",
    ][style]
    out = R.redact(f"{before} {spelled} {after}")
    assert rest not in re.sub(r"\D", "", out)


@settings(max_examples=100, deadline=None)
@given(before=filler, after=filler, digits=st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_thirteen_digit_numbers_never_survive(before: str, after: str, digits: str) -> None:
    assert digits not in R.redact(f"{before} {digits} {after}")


def test_pseudonym_key_is_private_stable_and_keyed(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    home = Path(str(tmp_path))
    key = load_or_create_key(home)
    assert key_path(home).stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(home) == key
    p = Pseudonymizer(key)
    assert p("telegram", "user1") == p("telegram", "user1")
    assert p("telegram", "user1") != p("telegram", "user2")
    assert Pseudonymizer(b"another key of sixteen+ bytes")("telegram", "user1") != p("telegram", "user1")
    assert re.fullmatch(r"P-[A-Z2-7]{10}", p("telegram", "user1") or "")
    assert p("telegram", None) is None


def test_short_key_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    from tragac.errors import ConfigError

    home = Path(str(tmp_path))
    key_path(home).parent.mkdir(parents=True)
    key_path(home).write_bytes(b"short")
    with pytest.raises(ConfigError):
        load_or_create_key(home)
