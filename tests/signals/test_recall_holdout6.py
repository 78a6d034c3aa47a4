"""The holdout6 round: phrasing holdout6 missed, generalised. Every sentence here is new (none is an eval item):
each phenomenon is tested with other words, genders, cases, scripts and dialects, beside look-alike negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tragac.signals.analyzer import TextAnalyzer
from tragac.text.watch import WatchList

_ANALYZER = TextAnalyzer()

POSITIVE = [
    # her pictures held over her: a condition, a send-off or an audience (sextortion), both categories
    ("harassment", "ako mi ne vrati telefon, njezine slike idu na sve grupe"),
    ("ncii_solicitation", "ako mi ne vrati telefon, njezine slike idu na sve grupe"),
    ("harassment", "ako me prijavi, tvoji snimci stižu njenom mužu"),
    ("ncii_solicitation", "neka zna: sve njene fotke će završiti kod njenog šefa"),
    ("harassment", "ако ме блокира, видеће цео град шта ми је слала"),
    ("harassment", "samo nek me ostavi, poslaću sve njene golišave celom gradu"),
    # incitement beside her data: contact her, knock at her door, her family and employer, shame by name
    ("harassment", "Bulevar oslobođenja 12, lupajte joj na vrata dok ne otvori"),
    ("harassment", "evo joj mob 065 411 2290, pa joj recite šta mislite"),
    ("harassment", "nek joj svi javljaju noćas, broj 064 318 7720"),
    ("harassment", "javite svi njezinom šefu s kim se ona vuče"),
    ("harassment", "prijavite je direktoru, neka ostane bez posla"),
    ("harassment", "neka joj se zna ime po cijelom gradu, lažljivica"),
    ("harassment", "spamajte joj poruke do jutra 🤣🤣"),
    # veiled threats: not coming home whole, what she deserves, harm regretted, someone at her door, conditional menaces
    ("harassment", "ako ga opet sretnem u parku, neće se živ vratiti kući"),
    ("harassment", "nećeš stići kući cela, to ti garantujem"),
    ("harassment", "dobiće ona šta zaslužuje, polako"),
    ("harassment", "šteta što mu još niko nije polomio ruke"),
    ("harassment", "nek joj se dogodi isto što i onoj iz Čačka"),
    ("harassment", "da vidimo hoćeš li biti tako glasna kad ti netko zakuca na vrata"),
    ("harassment", "ako se pojavi na tribini, neka ponese pancir"),
    ("harassment", "ako ga ne izbace sa posla, pobrinućemo se da ode"),
    ("harassment", "videćemo se mi uživo, lepotice"),
    # putting women away
    ("harassment", "takve treba proterati iz grada"),
    ("harassment", "bolesna je u glavu, trebalo bi je zatvoriti negdje daleko"),
    ("harassment", "te aktivistkinje treba potrpati u kamion"),
    # insults: comparisons, put-downs, chains, a subject noun, a label, sarcasm, slut-shaming, spaced
    ("harassment", "glupa kao panj, a piše kolumne"),
    ("harassment", "ружан ко лопата и још се слика"),
    ("harassment", "gora je od žohara, samo puzi okolo"),
    ("harassment", "izgleda kao zombi na toj slici"),
    ("harassment", "nije ni za sluškinju, a glumi direktorku"),
    ("harassment", "idi operi suđe, pametnice"),
    ("harassment", "ne zna ni da kuha ni da šuti"),
    ("harassment", "ružna, debela i glupa, eto šta je"),
    ("harassment", "izdajica, neka je svi zovu"),
    ("harassment", "kučka, eto šta je"),
    ("harassment", "svi su prošli preko nje, zna ceo kraj"),
    ("harassment", "k u r e t i n o jedna"),
    ("harassment", "s takvom facom bolje da se ne pojavljuje"),
    ("harassment", "gledajte joj obrve, a misli da je manekenka"),
    ("harassment", "ti si lijepa, osim mozga 🙃"),
    # csam: school years without "razred", grades in words, birth year after, ages with dec-, "teen" collections
    ("csam_signal", "ima li ko nešto od cura iz drugog srednje"),
    ("csam_signal", "osmi razred, šaljite privatno"),
    ("csam_signal", "sedmakinje, ko ima, plaćam"),
    ("csam_signal", "godište 2012, tražim slike"),
    ("csam_signal", "djeca do 14, razmjena u pm"),
    ("csam_signal", "petnaestogodišnjakinja, ko ima snimak"),
    ("csam_signal", "mlađe od 15 plaćam duplo"),
    ("csam_signal", "iz OŠ, ima li ko šta"),
    ("csam_signal", "ima neko teen paket? dm"),
    # ncii: requests for a link, covert recordings, "not for insta", offers, "ono od <Ime>", collections of women
    ("ncii_solicitation", "daj link za exposed grupu"),
    ("ncii_solicitation", "može li neko poslati ono što je snimio dok nije gledala"),
    ("ncii_solicitation", "ima li iko njeno nešto što nije za javnost"),
    ("ncii_solicitation", "skinuo sam njezine golišave s mobitela, hoćete i vi?"),
    ("ncii_solicitation", "daj mi ono od Jasmine, nikome neću reći"),
    ("ncii_solicitation", "prodajem kolekciju od bivše, javi se"),
    ("ncii_solicitation", "imam 4 od komšinice, tražim nove"),
    ("ncii_solicitation", "ko ima onaj folder sa curama iz Zenice što kruži"),
    ("ncii_solicitation", "daj wetransfer sa golaćkama"),
    ("ncii_solicitation", "šta imaš od ribica sa bazena, menjamo se jedan za jedan"),
    ("ncii_solicitation", "n u d e s od bivše, bilo ko?"),
    # doxxing: an address in the genitive or with "stanuje" after it, the relative clause, shifts, a parent's job
    ("doxxing", "iz Topličine 9 je ta, zadnji sprat"),
    ("doxxing", "Kralja Petra 15 stanuje, ona iz pekare"),
    ("doxxing", "ona sa Vojvode Mišića 22, ona što je prijavila trenera"),
    ("doxxing", "radi u Lidlu, za kasom, svaki dan do 15h"),
    ("doxxing", "otac joj je vlasnik pekare u Zaječaru, ona radi kod njega"),
    ("doxxing", "njen broj 0 6 5 / 7 7 1 - 2 0 3 4"),
]

NEGATIVE = [
    # an exposure threat needs her pictures going somewhere on a condition: a wedding album, an exhibition
    "njene slike idu na izložbu u galeriji",
    "videće cela škola kako igra u finalu",
    "ako ne vrati knjigu, neka mi javi",
    # contact calls and knocking that are help or a plain errand
    "lupajte jače, zvono ne radi",
    "pišite joj čestitke za rođendan",
    "javite svi njenom tati da stižemo u 8",
    "ostavio je bez posla zatvaranje fabrike",
    # "what she deserves", harm, the same as someone: praise, news and the weather
    "dobiće ona ono što zaslužuje, unapređenje",
    "nek joj se desi nešto lepo za promenu",
    "šteta što nije došla na proslavu",
    "kad ti kurir pokuca na vrata, potpiši",
    "neće se vratiti kući pre ponoći, ima smenu",
    "ako dođeš na trening, ponesi kacigu",
    # putting things away
    "radnju treba zatvoriti do 20h",
    "smeće treba izbaciti iz podruma",
    # comparisons and put-downs at things, animals and oneself
    "ne mogu više s ovim laptopom, smeće jedno glupo",
    "glup sam ko stup, zaboravio sam ključeve",
    "krava je pobegla sa livade",
    "smeće se iznosi utorkom",
    "mravi su gori od komaraca ovog leta",
    "nije ni za šta kriva, ostavite je",
    # csam look-alikes: school work, goods with an age, kids' tickets
    "ko ima lektiru za sedmi razred? sinu treba",
    "treba mi zbirka iz drugog srednje, matematika",
    "tražim auto mlađe od 6 godina, benzin",
    "godište 2012, prodajem bicikl",
    "deca do 12 godina ulaz besplatan",
    # ncii look-alikes: possessives of things, football, a man's records, fish at the market
    "imam slike njenog novog stana, šaljem vam",
    "ima li ko snimak tog gola iz drugog poluvremena",
    "dva gola u prvom poluvremenu, ko ima snimak",
    "ko ima nešto od Đorđa Balaševića",
    "šta imate od ribe na pijaci",
    "daj link za prijavu na konkurs",
    "prodajem kolekciju od 40 maraka",
    # doxxing look-alikes: a shop's own notice, on-duty services, a grade
    "broj dežurne ambulante: 011 2650 221",
    "iz 7. razreda je ta fotografija",
]


@pytest.mark.parametrize(("category", "text"), POSITIVE)
def test_holdout6_phenomena_fire(category: str, text: str) -> None:
    assert category in {f.category for f in _ANALYZER.analyze(text)}, text


@pytest.mark.parametrize("text", NEGATIVE)
def test_holdout6_look_alikes_stay_quiet(text: str) -> None:
    assert _ANALYZER.analyze(text) == [], text


def test_a_watched_phone_in_another_form_is_hers(tmp_path: Path) -> None:
    """Her number with another country code, or typed digit by digit with a slash, matches her and is doxxing."""
    watch = tmp_path / "watch.json"
    watch.write_text(
        '{"identities": [{"name": "Tijana Radić", "phones": ["062 318 4471"]}]}',
        encoding="utf-8",
    )
    analyzer = TextAnalyzer(watch=WatchList.load(watch))
    for text in ("+387 62 318 4471 pišite joj", "0 6 2 / 3 1 8 - 4 4 7 1 evo vam"):
        found = {f.category for f in analyzer.analyze(text)}
        assert {"identity", "doxxing"} <= found, text
    assert analyzer.analyze("račun 318 4470, hvala") == []
