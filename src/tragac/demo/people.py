"""Fictional people and their fictional personal data: names, JMBG numbers, phones, addresses, e-mails, handles.

Everything here is invented for the demo corpus. JMBG numbers are checksum-valid (so the doxxing recogniser has
something real to validate) but belong to nobody we know of; e-mail addresses use the reserved example.* domains.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_F = _words(
    "Ana Jelena Milica Ivana Marija Jovana Teodora Sara Katarina Nevena Tijana Dragana Sanja Maja Tamara "
    "Nina Andrijana Kristina Vesna Bojana Aleksandra Mina Lena Hana Iva Dunja Petra Sofija Anđela Đurđa"
)
FIRST_M = _words(
    "Marko Nikola Stefan Luka Miloš Aleksandar Nemanja Filip Vuk Đorđe Dušan Lazar Ognjen Petar Uroš "
    "Bojan Vladimir Dejan Igor Zoran Goran Srđan Mihajlo Ilija Vasilije Relja Andrej Strahinja Čedomir "
    "Žarko"
)
LAST = _words(
    "Jovanović Petrović Nikolić Marković Đorđević Stojanović Ilić Stanković Pavlović Milošević Popović "
    "Tomić Kovačević Simić Lazić Vuković Savić Mitrović Ristić Živković Šarić Radić Obradović Kostić "
    "Babić Todorović Lukić Milenković Vasić Knežević Gajić Perić Bogdanović Janković Čolić Despotović"
)
NICK = _words(
    "vuk dule cobra bg lale shone ziki roki baki mrki dzoni pivo sokol zmaj tigar grom senka noc kralj "
    "mrav laza bata cile gile riki kiza dzeki boki fica mile"
)

REGION_BELGRADE = 71
REGION_NOVI_SAD = 80

BELGRADE_STREETS = (
    "Bulevar kralja Aleksandra",
    "Kneza Miloša",
    "Cara Dušana",
    "Njegoševa",
    "Požeška",
    "Gospodara Vučića",
    "Ustanička",
    "Jurija Gagarina",
)
NOVI_SAD_STREETS = ("Bulevar oslobođenja", "Zmaj Jovina", "Futoška", "Narodnog fronta", "Dunavska", "Laze Telečkog")


def jmbg_check_digit(first12: str) -> int | None:
    """The JMBG control digit (mod 11), or None when the remainder is 1 and no valid digit exists."""
    a = [int(c) for c in first12]
    s = 7 * (a[0] + a[6]) + 6 * (a[1] + a[7]) + 5 * (a[2] + a[8]) + 4 * (a[3] + a[9]) + 3 * (a[4] + a[10])
    s += 2 * (a[5] + a[11])
    r = s % 11
    if r == 0:
        return 0
    if r == 1:
        return None
    return 11 - r


def jmbg_is_valid(value: str) -> bool:
    if len(value) != 13 or not value.isdigit():
        return False
    try:
        date(int(("1" if value[4] == "9" else "2") + value[4:7]), int(value[2:4]), int(value[0:2]))
    except ValueError:
        return False
    return jmbg_check_digit(value[:12]) == int(value[12])


def make_jmbg(rng: random.Random, born: date, region: int, female: bool) -> str:
    """A checksum-valid JMBG (DDMMYYYRRBBBK) for a fictional person."""
    while True:
        serial = rng.randrange(500, 1000) if female else rng.randrange(0, 500)
        first12 = f"{born.day:02d}{born.month:02d}{born.year % 1000:03d}{region:02d}{serial:03d}"
        k = jmbg_check_digit(first12)
        if k is not None:
            return first12 + str(k)


def phone_spellings(mobile: str) -> list[str]:
    """Ways people write the same Serbian mobile number; ``mobile`` is national without the 0, e.g. ``641234567``."""
    op, rest = mobile[:2], mobile[2:]
    a, b = rest[:3], rest[3:]
    return [
        f"+381 {op} {a} {b}",
        f"0{op}/{a}-{b}",
        f"0{op}{rest}",
        f"00381{op}{rest}",
        f"+381-{op}-{a}-{b[:2]}-{b[2:]}",
        f"0{op} {a} {b[:2]} {b[2:]}",
        f"+381{op}{rest}",
    ]


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    female: bool
    born: date
    city: str
    jmbg: str
    mobile: str  # national significant number, e.g. 641234567
    street: str
    house: str
    postcode: str
    email: str
    instagram: str
    mother: str
    father: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def address(self) -> str:
        return f"{self.street} {self.house}"


def ascii_fold(s: str) -> str:
    """Chat-style Latin without diacritics (č, ć → c; š → s; ž → z; đ → dj)."""
    table = str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z"})
    return s.translate(table).replace("đ", "dj").replace("Đ", "Dj")


def make_person(rng: random.Random, *, female: bool = True, city: str | None = None) -> Person:
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(LAST)
    born = date(rng.randrange(1990, 2003), rng.randrange(1, 13), rng.randrange(1, 29))
    city = city or rng.choice(("Beograd", "Novi Sad"))
    region = REGION_BELGRADE if city == "Beograd" else REGION_NOVI_SAD
    street = rng.choice(BELGRADE_STREETS if city == "Beograd" else NOVI_SAD_STREETS)
    house = str(rng.randrange(1, 140)) + rng.choice(("", "", "", "a", "b"))
    handle = ascii_fold(f"{first}.{last[:3]}").lower() + f".{born.year % 100:02d}"
    return Person(
        first=first,
        last=last,
        female=female,
        born=born,
        city=city,
        jmbg=make_jmbg(rng, born, region, female),
        mobile=rng.choice(("60", "61", "62", "63", "64", "65", "66", "69")) + f"{rng.randrange(0, 10**7):07d}",
        street=street,
        house=house,
        postcode="11000" if city == "Beograd" else "21000",
        email=f"{ascii_fold(first).lower()}.{ascii_fold(last).lower()}{rng.randrange(10, 99)}@example.com",
        instagram=handle,
        mother=rng.choice(FIRST_F),
        father=rng.choice(FIRST_M),
    )


# The watched person of the demo: a fictional victim whose caseworker registered her name and images.
WATCHED_FIRST = "Dunja"
WATCHED_LAST = "Radosavljević"

# Grammatical cases of the watched person's name, as they appear in chat: nominative, genitive, dative,
# accusative, instrumental, vocative, possessive; Latin, ASCII-folded and Cyrillic.
WATCHED_FORMS: tuple[str, ...] = (
    "Dunja Radosavljević",
    "Dunje Radosavljević",
    "Dunji Radosavljević",
    "Dunju Radosavljević",
    "Dunjom Radosavljević",
    "Dunjo",
    "Dunjina",
    "Radosavljevićeva",
    "Dunja Radosavljevic",
    "dunju radosavljevic",
    "Дуња Радосављевић",
    "Дуњу Радосављевић",
    "Дуњом",
)


def watched_person(seed: int) -> Person:
    rng = random.Random(f"{seed}:watched")
    p = make_person(rng, female=True, city="Novi Sad")
    return Person(
        first=WATCHED_FIRST,
        last=WATCHED_LAST,
        female=True,
        born=p.born,
        city=p.city,
        jmbg=make_jmbg(rng, p.born, REGION_NOVI_SAD, True),
        mobile=p.mobile,
        street=p.street,
        house=p.house,
        postcode=p.postcode,
        email=f"dunja.radosavljevic{p.born.year % 100:02d}@example.com",
        instagram=f"dunja.rad.{p.born.year % 100:02d}",
        mother=p.mother,
        father=p.father,
    )
