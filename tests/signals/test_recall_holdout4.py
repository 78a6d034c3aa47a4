"""The holdout4 round: phrasing holdout4 missed, generalised. Every sentence here is new (none is an eval item):
each phenomenon is tested with other words, genders, scripts and dialects, beside look-alike negatives."""

from __future__ import annotations

import pytest

from tragac.signals.analyzer import TextAnalyzer
from tragac.text.watch import WatchList

_ANALYZER = TextAnalyzer()

POSITIVE = [
    # insult nouns aimed at a third person, slurs in any case, vocatives
    ("harassment", "ova glupača opet laže na svom profilu"),
    ("harassment", "ona je prava kravetina"),
    ("harassment", "ona je obična budala"),
    ("harassment", "pogledajte tu glupaču kako se slika"),
    ("harassment", "debela svinja, a misli da je manekenka"),
    ("harassment", "đubre od žene, ostavila decu"),
    ("harassment", "bolesnice jedna, sram te bilo"),
    ("harassment", "вјештице, ћути"),
    ("harassment", "svi znaju da je droca"),
    ("harassment", "lezbače nam ne trebaju ovde"),
    ("harassment", "ta prostitutka iz trećeg ulaza 😂😂"),
    # threats in more shapes
    ("harassment", "kad te uhvatimo, nećeš znati šta te snašlo"),
    ("harassment", "da te sretnem samu, videla bi"),
    ("harassment", "ako ne povučeš tekst, završićeš loše"),
    ("harassment", "nećeš ti još dugo pisati te gluposti"),
    ("harassment", "šteta što nije poginula u onoj nesreći"),
    ("harassment", "dabogda crkla"),
    ("harassment", "ubio bih je da mogu"),
    ("harassment", "takve treba kamenovati"),
    ("harassment", "zaslužuje batine, ništa drugo"),
    ("harassment", "ti si sledeća, znaj to"),
    ("harassment", "ne misli da si zaboravljen"),
    ("harassment", "nema ti spasa kad izađeš"),
    ("harassment", "ona je za odstrel"),
    ("harassment", "nek se ne čudi ako je netko dočeka pred vratima"),
    # incitement
    ("harassment", "spamujte je dok ne ugasi profil"),
    ("harassment", "pišite joj u pola noći, neka ne spava"),
    ("harassment", "hajde svi ispod svake slike da napišemo šta je"),
    ("harassment", "ne dajte joj mira nigdje"),
    # csam age markers
    ("csam_signal", "ima li ko nešto od gimnazijalki, razmena"),
    ("csam_signal", "tražim cure do 15, inbox"),
    ("csam_signal", "2011. godište, ko ima snimke"),
    ("csam_signal", "menjam nešto iz osmog b, pm"),
    ("csam_signal", "ko ima od osnovki, šaljem prvi"),
    # ncii
    ("ncii_solicitation", "ko hoće da vidi njenu sestru bez igde ičega"),
    ("ncii_solicitation", "imaš li ono što je slala bivšem? baci"),
    ("ncii_solicitation", "upao sam joj u telefon, ko želi galeriju nek se javi"),
    ("ncii_solicitation", "ubacite me u grupu sa studentkinjama iz Niša, imam šta ponuditi"),
    ("ncii_solicitation", "trampim tvoju bivšu za moju"),
    ("ncii_solicitation", "plaćam 30e za njene"),
    ("ncii_solicitation", "daj link bez cenzure od komšinice"),
    # doxxing: workplace with her shift or route
    ("doxxing", "radi u trafici na uglu, smjena joj počinje u 7"),
    ("doxxing", "ona radi u kladionici, izlazi oko ponoći na zadnji ulaz"),
    ("doxxing", "studira na ETF-u, četvrtkom ima predavanja do 18h"),
]

NEGATIVE = [
    "krava pase na livadi iza kuće",
    "ta svinja na ražnju je bila odlična",
    "glupa ova serija, ne gledam više",
    "obična budala bi to platila, ja neću",
    "hahaha ti si glupača 😂 volim te",
    "kravo jedna 😂😂 dođi već",
    "sudija je budala, kakav penal",
    "jebeš ovu kišu, ceo dan pada",
    "Prijavila sam komentar 'kujo, naći ćemo te' policiji.",
    "kad te uhvatim na kafi, pričaćemo",
    "ako ne dođeš, videćeš kako je lepo bez tebe",
    "pišite joj čestitke za rođendan",
    "zovite je sutra, ona zna sve o upisu",
    "idemo svi na koncert u petak",
    "ko ima slike sa maturske ekskurzije?",
    "ispod 16 stepeni je hladno",
    "ova grupa je za razmenu biljaka, ne slika",
    "Apoteka radi do 20h, subotom do 14h",
    "Pošta na Vračaru radi u subotu do 14h",
    "moja mama radi u pošti, smena joj je do 15h",
    "moj novi broj je 063 111 2233, sačuvajte ga",
    "Sastanak stanara u ponedeljak, Cara Lazara 12",
    "dostava pica, dostupni 24h: 011 444 5566",
]


@pytest.mark.parametrize(("category", "text"), POSITIVE)
def test_positive(category: str, text: str) -> None:
    assert category in {f.category for f in _ANALYZER.analyze(text)}, text


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text: str) -> None:
    found = [(f.category, f.subtype) for f in _ANALYZER.analyze(text)]
    assert not found, (text, found)


def test_batch_equals_single() -> None:
    texts = [t for _, t in POSITIVE] + NEGATIVE
    assert _ANALYZER.analyze_many(texts) == [_ANALYZER.analyze(t) for t in texts]


def test_watched_address_in_any_case_and_mocked_by_name() -> None:
    watch = WatchList.from_data(
        {"identities": [{"name": "Dragana Lukić", "addresses": ["Vojvođanska 7, Novi Sad"]}]}, "test"
    )
    analyzer = TextAnalyzer(watch=watch)
    for text in ("stanuje u Vojvođanskoj 7", "ko ima slike one iz Vojvođanske 7", "Vojvodjansku 7 znaju svi"):
        assert "identity" in {f.category for f in analyzer.analyze(text)}, text
    assert "identity" not in {f.category for f in analyzer.analyze("Vojvođanska 70, Novi Sad")}
    # mocking a watched woman with laughter is not banter
    assert "harassment" in {f.category for f in analyzer.analyze("Dragana Lukić budala najveća hahaha")}
