"""Writes tests/data/text_eval.jsonl: a hand-written labelled set plus script/obfuscation variants of part of it.
All names, numbers and addresses are fictional. Labels are written from what a human reviewer would flag."""

import json
import random
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

random.seed(7)


def jmbg(d, m, y, rr, bbb):
    s = f"{d:02d}{m:02d}{y % 1000:03d}{rr:02d}{bbb:03d}"
    w = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    S = sum(int(a) * b for a, b in zip(s, w, strict=True))
    r = S % 11
    k = 0 if r in (0, 1) else 11 - r
    return s + str(k), r


def acct(bank, num):
    body = f"{bank:03d}{num:013d}"
    kk = 98 - (int(body) * 100) % 97
    return f"{bank:03d}-{num}-{kk:02d}", f"{body}{kk:02d}"


def iban_rs(full18):
    return "RS35" + full18


J = []
for args in [
    (12, 3, 1998, 71, 512),
    (5, 11, 2003, 80, 634),
    (23, 7, 1985, 71, 101),
    (30, 1, 2001, 82, 745),
    (14, 2, 1979, 73, 220),
    (9, 9, 2006, 71, 881),
]:
    v, r = jmbg(*args)
    if r == 1:
        continue
    J.append(v)
A = [
    acct(160, 5400012345678),
    acct(265, 1100310001234),
    acct(205, 98765432),
    acct(340, 11223344),
    acct(170, 30012345000),
]

W = []  # (text, labels)


def add(labels, *texts):
    for t in texts:
        W.append((t, sorted(set(labels))))


# ---------------- csam_signal (age/trading codes; language as reported in the news, non-graphic) --------------
add(
    ["csam_signal"],
    "ko ima -18 materijal neka se javi u inbox",
    "razmena -18, saljem prvi",
    "teen trade grupa, ulaz preko bota",
    "ima li neko teen trade linkove",
    "tražim -18 snimke, plaćam",
    "prodajem -18 folder, cena po dogovoru",
    "ima neko nesto sa maloletnicama? pm",
    "ko ima slike mlađih od 15, razmena",
    "trade -18 content dm me",
    "looking for teen trade, have stuff to swap",
    "any -18 links? will trade",
    "imam -18 paket, ko hoće neka piše",
    "razmena slika maloletnih devojčica u privatnoj grupi",
    "ko zna gde se nalaze -18 grupe",
    "saljite -18 u dm dajem svoje",
    "новa -18 размена вечерас, пишите",
    "ко има -18 снимке нека се јави",
    "teen trade kanal, link u opisu",
    "-18 razmena, samo provereni",
    "tražim materijal sa maloletnicima, plaćam kripto",
    "selling teen trade pack, dm",
    "ima neko cp linkove",
    "who has cp links",
    "menjam -18 za -18",
    "skupljam slike maloletnica, ko ima nek šalje",
    "jel ima neko mlađe od 16, video",
    "imam snimke devojčica, menjam",
    "teen trade??",
    "pm za -18 sadržaj",
    "do you have under 18 pics to trade",
)
add(
    ["csam_signal", "ncii_solicitation"],
    "ko ima gole slike maloletne sestre od druga, razmena",
)
# csam hard negatives
add(
    [],
    "film je -18, nemojte voditi decu",
    "jutros je bilo -18 stepeni u Zlatiboru",
    "vidimo se u 18h kod fontane",
    "18-godišnji vozač uhapšen kod Čačka",
    "temperatura ispod 18 stepeni cele nedelje",
    "ulaz zabranjen mlađima od 18 godina",
    "karta košta 18 evra",
    "teen fashion trade show u Beogradu sledeće nedelje",
    "maloletni vozač izazvao udes, prenose mediji",
    "policija uhapsila muškarca zbog deljenja materijala sa maloletnicima, saopštio je MUP",
    "-18% popusta na sve patike",
    "utakmica počinje u 18.30",
    "moja ćerka ima 16 godina i trenira odbojku",
    "dobio sam -18 poena na testu lol",
    "igrica je označena PEGI 18",
    "trade show for teen books this weekend",
    "ispod 18 godina ne prodajemo alkohol",
    "razmena iskustava o vrtićima za decu od 3 godine",
    "pogledajte seriju Teen Wolf, odlična je",
    "spisak za 18. rođendan: torta, baloni, muzika",
    "u 18:00 je sastanak saveta roditelja",
    "prijavite -18 sadržaj na Net Patrolu, oni to prosleđuju policiji",
    "nov zakon o zaštiti maloletnika na internetu usvojen",
    "-18 minuta do kraja prvog poluvremena",
    "kurs za tinejdžere od 13 do 17 godina, prijave u školi",
)
# ---------------- ncii_solicitation --------------
add(
    ["ncii_solicitation"],
    "ima li neko slike od bivše, šaljite u inbox",
    "pošaljite gole slike sestre, daću svoje",
    "ocenite moju devojku 1-10",
    "ocenite ovu ribu sa slike",
    "ko ima nude od Sanje iz Zemuna?",
    "razmena slika devojaka, ko je za",
    "prodajem snimke bivše, pm",
    "who has her nudes? dm",
    "rate my ex, pics in the group",
    "trading nudes of my ex gf",
    "ko ima snimak onog para iz Novog Sada",
    "šaljite golišave slike vaših devojaka",
    "tražim privatne slike od ove, ko ima",
    "ima neko intimni snimak ove sa profila",
    "razmenjujem gole fotke, šaljem prvi",
    "prodajem privatne snimke, cena 20e",
    "ko ima slike od Milanove žene, platiću",
    "ocenite mi sestru, slika dole",
    "ocenite ovu malu iz Čačka",
    "kupujem snimke sa skrivene kamere iz svlačionice",
    "imate li golišave fotke od komšinice",
    "daj bilo kakav snimak od bivše, samo da je golišav",
    "ко има голе слике од бивше",
    "пошаљите слике ваших девојака, размена",
    "оцените моју бившу",
    "dm me nudes of your gf",
    "anyone got leaks of her? she's from Niš",
    "selling pics of my ex, cheap",
    "post your wife, let's rate",
    "ko ima onlyfans leak od ove",
    "imam nude od tri devojke iz razreda, menjam",
    "rate her body 1-10",
    "pošalji mi njene gole slike",
    "okačite slike bivših, da se vidi ko ima bolju",
    "tražim snimak sa žurke gde se ona skida",
    "ima li neko slike od mame od Marka, kaže da su dobre",
    "kupujem golišave slike, plaćam dobro",
    "exchange nudes, send first",
    "ajde razmena fotki devojaka iz kraja",
    "ko ima ovu golu, tag",
)
add(
    [],
    "ocenite moj crtež, prvi put radim akvarel",
    "razmena iskustava za vrtiće u Novom Sadu",
    "ocenite moju tortu za rođendan",
    "prodajem bicikl, slike u prilogu",
    "šaljite slike sa mora, da vidimo gde ste",
    "u Lidlu nude popust na kafu ove nedelje",
    "firme nude posao studentima preko leta",
    "ko ima slike sa ekskurzije, šaljite u grupu",
    "pošalji mi sliku lične karte za prijavu na kurs",
    "razmena knjiga subotom na keju",
    "rate my setup, new monitor",
    "ocenite ovaj auto, mislim da kupim",
    "who has the lecture slides from monday",
    "prodajem snimke utakmica iz 90-ih na DVD",
    "slike sa venčanja su gotove, hvala fotografu",
    "trading cards for sale, pokemon",
    "nude bojice su najlepše za dečiju sobu",
    "razmena stanova Beograd-Niš, kontakt u inboxu",
    "moja sestra je poslala slike sa putovanja",
    "ko ima snimak sednice skupštine od juče",
    "bivša kolegenica mi je poslala recept",
    "ocenite moju frizuru, prvi put kratka",
    "kupujem polovne telefone, plaćam odmah",
    "intimni razgovor sa psihologom pomaže, probajte",
    "nudes is a song by a local band lol",
    "tražim privatne časove matematike za sina",
    "ocenite moju mamu kao kuvaricu, napravila je sarmu 10/10",
    "pošaljite slike pasa za konkurs udomljavanja",
    "razmena iskustava sa bivšim poslodavcem",
    "privatne slike treba čuvati, ne delite ih nikome",
)
# ---------------- doxxing --------------
add(
    ["doxxing"],
    "njen broj je 064 123 4567, zovite je svi",
    "evo adresa: Vojvode Stepe 112, stan 4, živi sa majkom",
    "majka joj radi u pošti, broj 063/712-3457",
    "zove se Ana, broj +381 65 234 5678",
    f"jmbg joj je {J[0]}",
    f"matični {J[1]}, eto vam ga",
    f"njegov račun {A[0][0]}, uplatite mu po 1 din sa porukom",
    f"IBAN {iban_rs(A[1][1])} to je njen račun",
    "njena insta: @mila.kovac03, pišite joj",
    "instagram.com/tijana_ppp evo profil",
    "snap: lenka_rs2 njoj pišite",
    "tiktok.com/@dragana.mmm to je ona",
    "živi u Bulevaru oslobođenja 45, treći sprat",
    "ulica Kralja Petra 7, Šabac, tu stanuje",
    "mejl joj je ivana.test@example.com spamujte",
    "auto joj je BG 1234-AB, crni golf",
    "tablice NS 456-TT, parkira ispred zgrade",
    "otac joj je na 021 456 789, zovite ga",
    "brat joj ima broj 0601234567",
    "stanuje u Njegoševoj 12, ulaz 2",
    "roditelji joj žive na adresi Cara Lazara 30, 11000 Beograd",
    "ide u školu u Nišu, broj mobilnog 062 888 7766",
    "radi u apoteci na Vračaru, njen broj +381 69 1234567",
    "evo joj fejs facebook.com/marija.test.77",
    "njen telegram t.me/sonja_test",
    "her number is +385 91 234 5678, text her",
    "she lives at Ulica Matice srpske 5, Novi Sad",
    f"his account is {A[2][0]}",
    "ево јој број 064 765 4321",
    "живи у улици Немањина 40, стан 3",
    "мајка јој је на броју 011 3234 567",
    "broj mobilnog od njene sestre: 066 555 1122",
    "evo joj privatnog broja: 065-234-5678",
    "adresa Bulevar kralja Aleksandra 200, sprat 5",
    "snimak je od ove, ig: jovanaaa_99",
    "zvao sam je na 0631234567, nije se javila, zovite vi",
    f"njegov jmbg {J[2]} i adresa Kneza Mihaila 10",
    "tata joj vozi taksi, tablice KG 123-AA",
    "+387 61 234 567 broj od ove iz Banjaluke",
    "+382 67 123 456 njena mama, Podgorica",
    "njen mejl ana.lazic.test@gmail.com i broj 064 111 2233",
    "ulica Gavrila Principa 8, Zemun, ona tu živi",
    "IBAN: ME25 5050 0001 2345 6789 51 njen račun",
    "sestra joj je @tea_m_2005 na instagramu",
    f"upišite joj JMBG {J[3]} gde god treba",
)
add(
    [],
    "SOS telefon za žene sa iskustvom nasilja: 0800 100 007",
    "pozovite 192 ako ste u opasnosti",
    "cena je 1.500 dinara, plaćanje pouzećem",
    "rođena je 12.05.2001, danas puni godine",
    "broj pošiljke RR123456789RS, stiže u ponedeljak",
    "sastanak je 24.11.2026. u 14:30",
    "kurs evra je 117,20 dinara",
    "pozivni za Srbiju je +381",
    "moj broj je promenjen, javite se na vajber",
    "račun za struju je 4.560 din ovog meseca",
    "Beograd ima poštanski broj 11000",
    "poručio sam paket, broj porudžbine 2026-448812",
    "utakmica se završila 3:1",
    "autobus 26 kasni 15 minuta",
    "on živi u Nišu, radi u Kragujevcu",
    "moja majka radi u školi kao učiteljica",
    "zgrada ima 12 spratova i dva ulaza",
    "idem kod sestre u Novi Sad za vikend",
    "SOS linija za decu 116 111, besplatno",
    "JMBG se nikad ne deli javno, pazite",
    "broj računa nije validan, proverite: 160-0000000000000-00",
    "ISBN 978-86-7346-123-4",
    "pratite nas na instagramu za nove akcije",
    "IBAN se sastoji od 22 karaktera za Srbiju",
    "spisak ulica koje će biti bez vode: Cara Dušana i okolne",
    "temperatura 22 stepena, vetar 15 km/h",
    "sutra u 8 na ulazu 3, ponesite indeks",
    "kolega je broj 10 na tabeli",
    "telefon za informacije Gradske čistoće je 0800 110 011",
    "moj omiljeni broj je 064, kao godina kad je tata rođen",
    f"račun {A[0][0][:-2]}00 ne prolazi, pogrešna kontrolna cifra",
    "adresa će biti objavljena na sajtu opštine",
    "koliko košta registracija auta u Nišu?",
    "tablice su istekle, moram da produžim",
    "broj 13 mi je srećan",
)
# ---------------- harassment --------------
add(
    ["harassment"],
    "ti si obična kurva i svi to znaju",
    "ubiću te kad te nađem",
    "glupačo jedna, sramota si za porodicu",
    "zaslužila si da te neko siluje",
    "znam gde živiš, pazi se",
    "you're a worthless slut",
    "I will kill you, bitch",
    "jebaću ti mater, smeće jedno",
    "ti si najveća drolja u gradu",
    "crkni, niko te ne voli",
    "da si moja, pretukao bih te",
    "idi se ubij, fukso",
    "она је курва, сви знају",
    "убићу те ако се појавиш",
    "pogledajte ovu debelu kravu, odvratna je",
    "treba je silovati da nauči",
    "you deserve to get raped",
    "kill yourself, nobody wants you",
    "kuja jedna, videćeš šta te čeka",
    "isprebijaću te ispred škole",
    "sram te bilo, droljo",
    "ona je prljava kurvetina, delite slike",
    "ti si ništa, glupa ženska",
    "doći ćemo po tebe, znamo gde radiš",
    "poslaćemo svima tvoje slike ako ne platiš",
)
add(
    [],
    "jebote kakva gužva na autoputu",
    "ubiću se od smeha, gledajte ovo",
    "idiot sam što sam zaboravio ključeve",
    "ta utakmica je bila čisto sranje",
    "glupa situacija, propustio sam voz",
    "ovaj film ubija od dosade",
    "kuja je oštenila šestoro štenaca",
    "crkla mi je baterija",
    "smrt fašizmu, sloboda narodu — istorijski čas",
    "šta je ovo jebote, opet nema struje",
    "kravu smo prodali na pijaci",
    "the movie was killer, go see it",
    "nasilje nad ženama je zločin, prijavite ga",
    "ubijam se od posla ove nedelje",
    "debela kiša pada ceo dan",
    "pretučen mladić u centru, policija traži svedoke",
    "bitch please, that's my line (citat iz serije)",
    "pazi se, pada led na putu",
    "znam gde je ta prodavnica, odmah kod škole",
    "ti si najbolja drugarica",
)

# ---------------- identity: watched people (fictional) --------------
WATCH = {
    "identities": [
        {
            "name": "Jelena Marković",
            "handles": ["@jelena.mark99"],
            "phones": ["+381 63 7123 456"],
            "addresses": ["Cara Dušana 14, Zemun"],
        },
        {"name": "Nikola Jovanović", "handles": ["@nikola_jov"], "phones": ["064 222 3344"], "addresses": []},
    ]
}
# Asking for pictures of a watched woman by name is a solicitation, not only a mention (issue 16); kept in its
# place so every other line keeps its variant.
add(["identity", "ncii_solicitation"], "ima li neko slike Jelene Marković")
add(
    ["identity"],
    "Jelena Marković iz Zemuna, znate je?",
    "Јелена Марковић је на снимку",
    "jelena markovic ima nove slike",
    "ko zna Jelenu Marković",
    "s Jelenom Marković sam išao u školu",
    "J3l3na Mark0vic je ta sa snimka",
    "Јелену Марковић сви траже",
    "evo Jelena Markovič, ona sa žurke",
    "Marković Jelena, 3. razred",
    "Nikolu Jovanovića su snimili",
    "Nikola Jovanović je njen dečko",
    "Николе Јовановића снимак",
    "nikola jovanovic iz Čačka",
    "s Nikolom Jovanovićem je bila",
    "Jeleni Marković poslati poruku",
)
add(
    ["identity", "ncii_solicitation"],
    "ko ima gole slike Jelene Marković",
    "ocenite Jelenu Marković, slika dole",
)
add(
    ["identity", "doxxing"],
    "pišite joj @jelena.mark99",
    "broj joj je 063 7123 456",
    "njegov broj +381642223344",
    "@nikola_jov evo ga",
    "živi u Cara Dušana 14, Zemun",
    "Jelena Marković, broj 063/712-3456, zovite",
)
add(
    ["identity", "harassment"],
    "Jelena Marković je obična kurva",
)
add(
    [],
    "Jelena Petrović je nova koleginica",
    "Petar Marković je pobedio na takmičenju",
    "Ana Marković peva večeras u Domu omladine",
    "jelena je super drugarica",
    "ulica Cara Dušana je zatvorena zbog radova",
    "Nikola Tesla je rođen u Smiljanu",
    "Milan Jovanović je novi direktor",
    "nikola je zakasnio na čas",
    "Markovići iz Čačka prodaju kuću",
    "Jovanovići su se preselili",
    "Jelena Jovanović osvojila medalju",
    "Nikola Marković otvorio radnju",
    "Jelenin brat je sjajan košarkaš",
    "Ulica Cara Dušana 140 je nova pekara",
    "zovite 063 7123 455 za dostavu",
)

# --- a few mixed ---
add(["doxxing", "harassment"], "ubiću te, znam da živiš u Njegoševoj 12")
add(["doxxing", "ncii_solicitation"], "ko ima slike ove, njen broj 064 987 6543")
add(["csam_signal"], "ima li neko -18 od sestre drugara")

# ---------------- variants: scripts and obfuscations ----------------
LAT2CYR = [("dž", "џ"), ("lj", "љ"), ("nj", "њ"), ("Dž", "Џ"), ("Lj", "Љ"), ("Nj", "Њ")]
SINGLE = dict(
    zip(
        "abvgdđežzijklmnoprstćufhcčšABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ",
        "абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ",
        strict=True,
    )
)


def to_cyr(t):
    out = []
    for tok in t.split(" "):
        if (
            any(c.isdigit() for c in tok)
            or "@" in tok
            or "." in tok[:-1]
            or "/" in tok
            or tok.lower() in {"iban", "jmbg"}
        ):
            out.append(tok)
            continue
        for a, b in LAT2CYR:
            tok = tok.replace(a, b)
        out.append("".join(SINGLE.get(c, c) for c in tok))
    return " ".join(out)


def strip_diacritics(t):
    return t.translate(
        str.maketrans(
            {"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj", "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z", "Đ": "Dj"}
        )
    )


LEET = {"a": "4", "e": "3", "o": "0", "i": "1"}


def leet(t):
    out = []
    for tok in t.split(" "):
        if len(tok) >= 4 and tok.isalpha() and random.random() < 0.6:
            chars = list(tok)
            for i in range(1, len(chars) - 1):
                if chars[i] in LEET and random.random() < 0.5:
                    chars[i] = LEET[chars[i]]
            tok = "".join(chars)
        out.append(tok)
    return " ".join(out)


HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}


def homoglyph(t):
    out = []
    for tok in t.split(" "):
        if len(tok) >= 4 and tok.isalpha() and tok.isascii():
            chars = list(tok)
            idx = [i for i, c in enumerate(chars) if c in HOMO]
            for i in idx[:2]:
                chars[i] = HOMO[chars[i]]
            tok = "".join(chars)
        out.append(tok)
    return " ".join(out)


def spaced(t):
    toks = t.split(" ")
    cand = [i for i, tok in enumerate(toks) if tok.isalpha() and 4 <= len(tok) <= 8]
    if not cand:
        return None
    i = random.choice(cand)
    sep = random.choice([" ", ".", "-"])
    toks[i] = sep.join(toks[i])
    return " ".join(toks)


def caps(t):
    return t.upper()


rows = []
for n, (t, labels) in enumerate(W):
    rows.append({"id": f"m{n:04d}", "text": t, "labels": labels, "variant": "original"})
base = list(W)
random.shuffle(base)
variants = [
    ("cyrillic", to_cyr),
    ("no_diacritics", strip_diacritics),
    ("leet", leet),
    ("homoglyph", homoglyph),
    ("spaced", spaced),
    ("caps", caps),
]
k = 0
for i, (t, labels) in enumerate(base[:150]):
    name, fn = variants[i % len(variants)]
    v = fn(t)
    if not v or v == t:
        continue
    rows.append({"id": f"v{k:04d}", "text": v, "labels": labels, "variant": name})
    k += 1
with open(DATA / "text_eval.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(DATA / "text_eval_watch.json", "w", encoding="utf-8") as f:
    json.dump(WATCH, f, ensure_ascii=False, indent=2)

c = Counter(label for r in rows for label in r["labels"] or ["none"])
print(len(rows), dict(c), Counter(r["variant"] for r in rows))
