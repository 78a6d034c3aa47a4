"""The holdout5 round: phrasing holdout5 missed, generalised. Every sentence here is new (none is an eval item):
each phenomenon is tested with other words, genders, cases, scripts and dialects, beside look-alike negatives."""

from __future__ import annotations

import pytest

from tragac.signals.analyzer import TextAnalyzer
from tragac.text.watch import WatchList

_ANALYZER = TextAnalyzer()

POSITIVE = [
    # bodily harm in the first-person future, ekavian and ijekavian, her/him/them
    ("harassment", "ako još jednom dođe ovamo, slomiću mu nogu"),
    ("harassment", "razbit ću joj taj telefon o glavu"),
    ("harassment", "isprebijaćemo ih čim izađu"),
    # "you'll find out who I am", ruin, what happens to women who talk, taught a lesson
    ("harassment", "saznaće ta ko sam ja, samo neka čeka"),
    ("harassment", "znat ćeš ti tko smo mi"),
    ("harassment", "Нико је неће запослити после овога"),
    ("harassment", "uništićemo joj karijeru, svi do jednog"),
    ("harassment", "šta se dogodi ženama koje previše pišu, pitajte okolo"),
    ("harassment", "neko bi trebao da je nauči pameti"),
    ("harassment", "zaslužila je da dobije batine od oca"),
    ("harassment", "takva bi trebala da završi u kanalu"),
    ("harassment", "završićeš u grobu ako nastaviš"),
    # a condition or a send-off with a menace
    ("harassment", "ako se usudi doći na svadbu, gotova je"),
    ("harassment", "ako Vesna opet nešto objavi, neće joj biti dobro"),
    ("harassment", "neka zna da je pratimo svaki dan"),
    ("harassment", "⚰️ vidimo se uskoro"),
    ("harassment", "nek zna, sačekaću je ja kod škole"),
    # calls to mass-report, mock, message her
    ("harassment", "masovno prijavite joj instagram, ekipa"),
    ("harassment", "ismejavajte je u komentarima gde god stignete"),
    ("harassment", "da je cela škola ismeje, to zaslužuje"),
    ("harassment", "smejte joj se kad uđe u razred"),
    ("harassment", "neka joj neko objasni kako stvari stoje ovde"),
    ("harassment", "pišite joj svi u inbox cijelu noć"),
    # hints to a crowd beside her published data
    ("harassment", "Ulica Mira 4, stan 2, vi znate šta treba"),
    ("harassment", "radi u apoteci kod doma zdravlja, uveče je sama, idemo kod nje"),
    # mockery of looks, dehumanising comparisons, animal vocatives, sexist put-downs
    ("harassment", "gledajte joj zube, bljak"),
    ("harassment", "izgleda kao nilski konj na plaži"),
    ("harassment", "glupa je ko točak, nemoj je slušati"),
    ("harassment", "kokoško, vrati se u kuhinju"),
    ("harassment", "sve su one lažljive zmije"),
    ("harassment", "ćuti, stara babo"),
    ("harassment", "vrati se u kuhinju i ćuti"),
    ("harassment", "du bist so eine Hure"),
    # laughter beside her published number is mockery, not banter
    ("harassment", "evo broja od one glupače 064 555 1290 hahaha"),
    # csam: ages in words, "ispod", a girl's age, school grades
    ("csam_signal", "ispod petnaest, ko ima neka piše"),
    ("csam_signal", "mlađe od četrnaest, šaljem prvi"),
    ("csam_signal", "klinka ima 14, ko hoće slike"),
    ("csam_signal", "drugi razred srednje, ko ima nešto"),
    ("csam_signal", "wer hat was unter 15? dm"),
    ("csam_signal", "m.l.a.d.j.e o.d 1.5, pm"),
    ("csam_signal", "m l a đ e od 14, šaljem"),
    # ncii: paid and "genuine" collections, trades of women, private hand-offs, saved stories
    ("ncii_solicitation", "prodajem folder, prave cure iz Niša, nije sa neta"),
    ("ncii_solicitation", "pretplata 5e, provjereno, sve djevojke iz Mostara"),
    ("ncii_solicitation", "grupa sa leak od cura iz Zadra, ulaz 15e"),
    ("ncii_solicitation", "menjam svoje za tvoje, samo bivše"),
    ("ncii_solicitation", "imam drive sa studentkinjama, javi u dm"),
    ("ncii_solicitation", "jel neko sačuvao njene storije od sinoć"),
    ("ncii_solicitation", "ko je od vas skinuo njene slike sa profila dok nije zaključala"),
    ("ncii_solicitation", "ako imate od Marije iz trećeg, pm"),
    ("ncii_solicitation", "tausche private Bilder von meiner Ex"),
    # doxxing: JMBG in groups, phones typed digit by digit, slang parents, where she works and when
    ("doxxing", "jmbg joj je 01 01 990 71 500 6"),
    ("doxxing", "njen mob: 0 6 4 - 1 2 3 - 4 5 6 7"),
    ("doxxing", "keva joj je Mira, radi u Maxiju na Karaburmi"),
    ("doxxing", "evo gde radi: apoteka Lilly na Dorćolu, druga kasa"),
    ("doxxing", "ona radi kao konobarica u centru, tamo je po cijeli dan osim vikenda"),
]

NEGATIVE = [
    # banter, oaths and swearing at things
    "hahaha slomiću ti sve rekorde na igrici 😂",
    "kurva mu materina, opet mi je crkao auto",
    "jebem ti kišu, ceo dan pada",
    "pazi se kad ideš kući, klizavo je zbog snega",
    "ako opet pada kiša, ostajemo unutra",
    "čekaću te ispred bioskopa u 8",
    "gotova je torta, dođite",
    "ako opet kasniš, gotova je večera bez tebe",
    "imam ja ljude za selidbu, ne brini",
    "razbiću ga na ispitu iz matematike",
    "prijavite joj profil, hakovan je, pišu gluposti sa njega",
    "nema je više u prodaji, rasprodata je",
    # referees and news that condemn abuse
    "sudija je slep, kakav penal",
    "Policija: uhapšen muškarac koji je pisao 'gotova si' novinarki",
    # everyday requests, own data, businesses
    "zovite je sutra oko podne, ona zna sve o upisu",
    "Ana, pošalji mi ove slike sa rođendana",
    "imam link za grupu sa kolegicama za sastanak, pišite u inbox",
    "prodajem domaće jaje, provereno, 20 din komad",
    "ulaz 10e, nastupaju domaće cure iz benda",
    "ispod 18 godina ne točimo alkohol",
    "za mlađe od 18, film nije preporučen, ko ima link",
    "ispod 15 stepeni je hladno za more",
    "Razmena učenika drugog razreda srednje, prijave do ponedeljka",
    "moj broj je 0 6 4 1 2 3 4 5 6 7, javi se",
    "moja keva radi u pošti, smena joj je do 15h",
    "Salon Bella radi svaki dan osim nedjelje, zakazivanje na broj 055 123 456",
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


def test_watched_woman_traded_threatened_or_announced_behind_a_paywall() -> None:
    watch = WatchList.from_data({"identities": [{"name": "Jovana Ilić", "nicknames": ["Joca"]}]}, "test")
    analyzer = TextAnalyzer(watch=watch)
    for category, text in (
        ("ncii_solicitation", "menjam Jovanu Ilić za bilo koju drugu"),
        ("ncii_solicitation", "JOCA ILIĆ privatno, ulaz 5e"),
        ("harassment", "ako Jovana Ilić opet nešto napiše, završiće loše"),
        ("harassment", "Jovana Ilić bi trebala dobiti šamar pred svima"),
    ):
        assert category in {f.category for f in analyzer.analyze(text)}, text
    assert "harassment" not in {f.category for f in analyzer.analyze("Jovana Ilić je sama napisala knjigu")}
