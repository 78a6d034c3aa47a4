"""Every detector with positive and negative examples (the hard negatives the issue names among them)."""

from __future__ import annotations

import pytest

from tragac.signals.analyzer import TextAnalyzer
from tragac.signals.base import Finding, detector_classes
from tragac.store.models.signals import SEVERITY
from tragac.text.watch import WatchList, name_forms


def cats(analyzer: TextAnalyzer, text: str) -> set[str]:
    return {f.category for f in analyzer.analyze(text)}


def only(analyzer: TextAnalyzer, text: str, category: str) -> list[Finding]:
    return [f for f in analyzer.analyze(text) if f.category == category]


def test_registry_lists_the_rules_in_review_order_then_the_model() -> None:
    names = [c.name for c in detector_classes()]
    assert names == ["csam_signal", "identity", "doxxing", "ncii_solicitation", "harassment", "ngram_model"]
    rules = detector_classes()[:5]
    assert [SEVERITY[c.category] for c in rules] == sorted(SEVERITY[c.name] for c in rules)
    assert detector_classes()[5].supplements


# --- csam_signal ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "ko ima -18 materijal neka se javi u inbox",
        "teen trade grupa, ulaz preko bota",
        "t e e n trade??",
        "ко има -18 снимке",
        "ko ima slike mlađih od 15, razmena",
        "do you have under 18 pics to trade",
        "neko ima ➖1️⃣8️⃣ ?",
        "trazim - 1 8 , pisite",
    ],
)
def test_csam_positive(analyzer: TextAnalyzer, text: str) -> None:
    found = only(analyzer, text, "csam_signal")
    assert found and all(f.possible_minor for f in found)
    assert found[0].severity == 0


@pytest.mark.parametrize(
    "text",
    [
        "vidimo se u 18h kod fontane",
        "18-godišnji vozač uhapšen",
        "temperatura ispod 18 stepeni",
        "jutros je bilo -18 stepeni",
        "-18% popusta na sve",
        "film je -18, nemojte voditi decu",
        "ulaz zabranjen mlađima od 18 godina",
        "razmena iskustava o vrtićima za decu",
        "policija uhapsila muškarca zbog deljenja materijala sa maloletnicima",
    ],
)
def test_csam_negative(analyzer: TextAnalyzer, text: str) -> None:
    assert "csam_signal" not in cats(analyzer, text)


def test_csam_spans_point_at_the_code(analyzer: TextAnalyzer) -> None:
    text = "razmena -18, šaljem prvi"
    f = only(analyzer, text, "csam_signal")[0]
    assert "-18" in [text[s:e] for s, e in f.spans]
    assert f.rule == "csam.age.minus_under_18"


# --- ncii_solicitation ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "ima li neko slike od bivše, šaljite u inbox",
        "pošaljite gole slike sestre",
        "ocenite moju devojku 1-10",
        "who has her nudes? dm",
        "ко има голе слике од бивше",
        "ko ima nude od Sanje?",
        "ocenite Jelenu Marković, slika dole",  # rate + a watched person
    ],
)
def test_ncii_positive(analyzer: TextAnalyzer, text: str) -> None:
    assert "ncii_solicitation" in cats(analyzer, text)


@pytest.mark.parametrize(
    "text",
    [
        "ocenite moj crtež",
        "razmena iskustava za vrtiće",
        "u Lidlu nude popust na kafu",
        "prodajem bicikl, slike u prilogu",
        "moja sestra je poslala slike sa putovanja",
        "pošalji mi sliku lične karte",
        "razmena iskustava sa bivšim poslodavcem",
    ],
)
def test_ncii_negative(analyzer: TextAnalyzer, text: str) -> None:
    assert "ncii_solicitation" not in cats(analyzer, text)


# --- harassment -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("ubiću te kad te nađem", "threat"),
        ("ti si obična kurva", "insult"),
        ("zaslužila si da te neko siluje", "threat"),
        ("treba je silovati", "sexual_abuse"),
        ("you're a worthless slut", "insult"),
        ("убићу те", "threat"),
        ("glupa si, ti", "insult"),
        ("We know where you live.", "threat"),
    ],
)
def test_harassment_positive(analyzer: TextAnalyzer, text: str, subtype: str) -> None:
    found = only(analyzer, text, "harassment")
    assert found and found[0].subtype == subtype


@pytest.mark.parametrize(
    "text",
    [
        "ubiću se od smeha",
        "jebote kakva gužva",
        "idiot sam što sam zaboravio ključeve",
        "kuja je oštenila šestoro štenaca",
        "glupa situacija",
        "bitch please, that's my line",
        "nasilje nad ženama je zločin",
    ],
)
def test_harassment_negative(analyzer: TextAnalyzer, text: str) -> None:
    assert "harassment" not in cats(analyzer, text)


# --- doxxing --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("njen broj je 064 123 4567, zovite je", "phone"),
        ("jmbg joj je 1203998715123", "national_id"),
        ("živi u Bulevaru oslobođenja 45, treći sprat", "address"),
        ("njena insta: @mila.kovac03", "social_account"),
        ("Lena Vasić insta @lena.vas.90", "social_account"),
        ("mejl joj je ivana.test@example.com", "email"),
        ("auto joj je BG 1234-AB", "licence_plate"),
        ("njegov račun 160-5400012345678-33", "bank_account"),
        ("IBAN RS35265110031000123433 to je njen račun", "iban"),
    ],
)
def test_doxxing_positive(analyzer: TextAnalyzer, text: str, subtype: str) -> None:
    assert subtype in {f.subtype for f in only(analyzer, text, "doxxing")}


@pytest.mark.parametrize(
    "text",
    [
        "SOS telefon za žene: 0800 100 007",
        "cena je 1.500 dinara",
        "rođena je 12.05.2001",
        "broj pošiljke RR123456789RS",
        "zovite 063 7123 455 za dostavu",
        "za informacije pozovite 011 3234 567",
        "evo @marko na sastanku",
    ],
)
def test_doxxing_negative(analyzer: TextAnalyzer, text: str) -> None:
    assert "doxxing" not in cats(analyzer, text)


def test_contact_cards_and_location_pins() -> None:
    analyzer = TextAnalyzer()
    card = {"contact_information": {"first_name": "Ana", "last_name": "Test", "phone_number": "+381 63 7909338"}}
    pin = {"location_information": {"latitude": 45.25, "longitude": 19.83}}
    assert [f.subtype for f in analyzer.analyze("", card)] == ["contact"]
    assert [f.subtype for f in analyzer.analyze("", pin)] == ["location"]
    assert analyzer.analyze("", {"poll": {"question": "?"}}) == []


def test_relational_cues_raise_the_score(analyzer: TextAnalyzer) -> None:
    bare = only(analyzer, "064 123 4567", "doxxing")[0].score
    cued = only(analyzer, "broj od njene majke je 064 123 4567", "doxxing")[0].score
    assert cued > bare


# --- identity -------------------------------------------------------------------------------------------------
def test_name_forms_cover_the_cases() -> None:
    assert {"jelena", "jelene", "jeleni", "jelenu", "jeleno", "jelenom"} <= name_forms("Jelena")
    assert {"jovanovic", "jovanovica", "jovanovicu", "jovanovicem", "jovanovici"} <= name_forms("Jovanović")
    assert {"petar", "petra", "petru", "petrom"} <= name_forms("Petar")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ima li neko slike Jelene Marković", "name"),
        ("Јелену Марковић сви траже", "name"),
        ("J3l3na Mark0vic je ta", "name"),
        ("Marković Jelena, 3. razred", "name"),
        ("s Nikolom Jovanovićem je bila", "name"),
        ("pišite joj @jelena.mark99", "handle"),
        ("broj joj je 063/712-3456", "phone"),
        ("živi u Cara Dušana 14, Zemun", "address"),
    ],
)
def test_identity_positive(analyzer: TextAnalyzer, text: str, kind: str) -> None:
    found = only(analyzer, text, "identity")
    assert found and found[0].subtype == kind
    assert "Jelena" not in found[0].why and "Nikola" not in found[0].why  # names never go into the reason


@pytest.mark.parametrize(
    "text",
    [
        "Jelena Petrović je nova koleginica",
        "Petar Marković je pobedio",
        "Jelena Jovanović osvojila medalju",  # first name of one watched person, surname of another
        "Ulica Cara Dušana 140 je nova pekara",
        "zovite 063 7123 455",
    ],
)
def test_identity_negative(analyzer: TextAnalyzer, text: str) -> None:
    assert "identity" not in cats(analyzer, text)


def test_no_watch_list_no_identity_flags() -> None:
    assert "identity" not in {f.category for f in TextAnalyzer().analyze("Jelena Marković")}


def test_watch_list_errors() -> None:
    from tragac.errors import InputError

    with pytest.raises(InputError, match="needs a name"):
        WatchList.from_data({"identities": [{"handles": ["@x"]}]})
    with pytest.raises(InputError, match="not a phone number"):
        WatchList.from_data({"identities": [{"name": "A B", "phones": ["123"]}]})
