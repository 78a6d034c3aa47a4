"""Each recogniser with positive and negative examples (Presidio style). All numbers are fictional."""

from __future__ import annotations

from datetime import date

import pytest

from tragac.text.normalize import normalize
from tragac.text.recognizers import find_entities
from tragac.text.recognizers.bank_account import account_valid
from tragac.text.recognizers.iban import iban_valid
from tragac.text.recognizers.jmbg import jmbg_check


def make_jmbg(dd: int, mm: int, yyyy: int, rr: int, bbb: int) -> str:
    body = f"{dd:02d}{mm:02d}{yyyy % 1000:03d}{rr:02d}{bbb:03d}"
    r = sum(int(a) * w for a, w in zip(body, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return body + str(0 if r in (0, 1) else 11 - r)


def make_account(bank: int, number: int) -> str:
    body = f"{bank:03d}{number:013d}"
    return f"{bank:03d}-{number}-{98 - (int(body) * 100) % 97:02d}"


def found(text: str, kind: str) -> list[str]:
    return [text[e.start : e.end] for e in find_entities(text, normalize(text)) if e.type == kind]


# --- JMBG -----------------------------------------------------------------------------------------------------
def test_jmbg_reference_values() -> None:
    assert jmbg_check("0101900350008") == "valid"
    assert jmbg_check("0101900350007") is None


def test_jmbg_checks_the_date() -> None:
    assert jmbg_check(make_jmbg(29, 2, 2004, 71, 123)) == "valid"  # leap day in the 2000s
    assert jmbg_check("3002990710001") is None  # 30 February
    assert jmbg_check(make_jmbg(1, 1, 2004, 71, 1), today=date(2003, 1, 1)) is None  # born in the future


def test_jmbg_remainder_one_is_low_confidence() -> None:
    # Find a body whose checksum remainder is 1: those numbers are accepted with K=0 at low confidence.
    for bbb in range(1000):
        body = f"0101990710{bbb:03d}"
        r = sum(int(a) * w for a, w in zip(body[:12], (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        if r == 1:
            break
    ent = find_entities(f"jmbg {body[:12]}0", normalize("x"))
    assert [(e.type, e.score) for e in ent] == [("national_id", 0.4)]


@pytest.mark.parametrize(
    "text", [f"matični {make_jmbg(12, 3, 1998, 71, 512)}", f"JMBG:{make_jmbg(5, 11, 2003, 80, 634)}."]
)
def test_jmbg_positive(text: str) -> None:
    assert len(found(text, "national_id")) == 1


@pytest.mark.parametrize("text", ["tracking 1234567890123", "broj 0101900350007", "ISBN 9788673461234"])
def test_jmbg_negative(text: str) -> None:
    assert found(text, "national_id") == []


# --- phones ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("zovi 064 123 4567", "064 123 4567"),
        ("broj: 063/712-3456!", "063/712-3456"),
        ("+381 65 234 5678 je njen", "+381 65 234 5678"),
        ("00381641234567", "00381641234567"),
        ("fiksni 011 3234 567", "011 3234 567"),
        ("HR: +385 91 234 5678", "+385 91 234 5678"),
        ("BiH +387 61 234 567", "+387 61 234 567"),
        ("CG +382 67 123 456", "+382 67 123 456"),
        ("(064) 555-1234", "064) 555-1234"),
    ],
)
def test_phone_positive(text: str, number: str) -> None:
    assert found(text, "phone") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "SOS linija 0800 100 007",  # toll-free hotline
        "policija 192, hitna 194",
        "rođena 12.05.2001",
        "cena 1.500.000 dinara",
        "pošiljka RR123456789RS",
        "poziv na +1 212 555 0101",  # not a BCMS number
        "broj 13 mi je srećan",
        "kurs 117,20",
    ],
)
def test_phone_negative(text: str) -> None:
    assert found(text, "phone") == []


# --- bank accounts, IBAN --------------------------------------------------------------------------------------
def test_bank_account_positive_short_and_long_forms() -> None:
    acct = make_account(160, 5400012345678)
    assert account_valid(acct.replace("-", ""))
    assert found(f"račun {acct}", "bank_account") == [acct]
    short = make_account(205, 98765432)
    assert found(f"uplati na {short}", "bank_account") == [short]


@pytest.mark.parametrize("text", ["račun 160-5400012345678-00", "ISBN 978-86-7346-123-4", "160-0000000000000-00"])
def test_bank_account_negative(text: str) -> None:
    # a mistyped control number may still be a low-scored lead when the text calls it an account (below)
    assert [e for e in find_entities(text, normalize(text)) if e.type == "bank_account" and e.score >= 0.5] == []


def test_a_mistyped_account_called_one_is_a_low_lead() -> None:
    from tragac.signals.analyzer import TextAnalyzer

    t = "uplatite joj na žiro 205-0000009876543-10"
    (acct,) = find_entities(t, normalize(t))
    assert acct.rule == "bank_account.rs.cued" and acct.score < 0.5
    analyzer = TextAnalyzer()
    # whose it is ("joj", "njene majke") makes it doxxing; the bare account with a wrong control number does not
    assert "doxxing" in {f.category for f in analyzer.analyze(t)}
    assert "doxxing" in {f.category for f in analyzer.analyze("tekući račun njene majke 205-0000009876543-10")}
    assert analyzer.analyze("račun 205-0000009876543-10 ne prolazi") == []


def test_iban() -> None:
    full = make_account(265, 1100310001234).replace("-", "")  # 18 digits: a Serbian IBAN's BBAN
    assert iban_valid("RS35" + full)
    assert found(f"IBAN RS35{full}", "iban") == [f"RS35{full}"]
    assert found("IBAN: ME25 5050 0001 2345 6789 51", "iban") == ["ME25 5050 0001 2345 6789 51"]
    assert found(f"IBAN RS36{full}", "iban") == []
    assert found("IBAN se sastoji od 22 karaktera", "iban") == []


# --- e-mail, social accounts, plates, addresses ---------------------------------------------------------------
def test_email() -> None:
    assert found("mejl: ana.test@example.com.", "email") == ["ana.test@example.com"]
    assert found("piši na @ana_test", "email") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("instagram.com/tijana_ppp", "social.link.instagram"),
        ("https://www.tiktok.com/@dragana.mmm", "social.link.tiktok"),
        ("t.me/sonja_test", "social.link.t"),
        ("snap: lenka_rs2", "social.cue.snap"),
        ("insta: @mila.kovac03", "social.cue.insta"),
        ("evo @tea_m_2005", "social.handle"),
    ],
)
def test_social_positive(text: str, rule: str) -> None:
    ents = [e for e in find_entities(text, normalize(text)) if e.type == "social_account"]
    assert [e.rule for e in ents] == [rule]


def test_social_negative() -> None:
    assert found("pratite nas na instagramu", "social_account") == []
    assert found("mail ana@example.com", "social_account") == []


@pytest.mark.parametrize("text", ["BG 1234-AB", "NS 456-TT", "ni888kk", "КГ 123-АА"])
def test_plate_positive(text: str) -> None:
    assert len(found(f"tablice {text}", "licence_plate")) == 1


@pytest.mark.parametrize("text", ["XX 123-AB", "ISO 9001-AB", "u 18h", "RS 123456"])
def test_plate_negative(text: str) -> None:
    assert found(text, "licence_plate") == []


@pytest.mark.parametrize(
    "text",
    [
        "ulica Kralja Petra 7",
        "živi u Bulevaru oslobođenja 45, treći sprat",
        "Njegoševa 12, ulaz 2",
        "живи у улици Немањина 40, стан 3",
        "adresa Cara Lazara 30, 11000 Beograd",
        "Vojvode Stepe 112",
    ],
)
def test_address_positive(text: str) -> None:
    assert found(text, "address")


@pytest.mark.parametrize(
    "text",
    ["vidimo se u 18h", "zgrada ima 12 spratova", "on živi u Nišu", "ulica je zatvorena", "autobus 26 kasni 15 minuta"],
)
def test_address_negative(text: str) -> None:
    assert found(text, "address") == []
