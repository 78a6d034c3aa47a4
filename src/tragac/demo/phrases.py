"""What the demo's people write: everyday chatter and the planted messages that later stages must find.

Chatter is Serbian in Latin script (with and without diacritics) and Cyrillic, plus some English. Planted messages
carry a category and subtype and the exact values a detector should report. All wording is either everyday
language or the public codes named in news reporting ("-18", "teen trade"); no abusive term lists are reproduced.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from tragac.demo.people import WATCHED_FORMS, Person, ascii_fold, phone_spellings

_LAT2CYR = {
    "lj": "љ",
    "nj": "њ",
    "dž": "џ",
    "Lj": "Љ",
    "Nj": "Њ",
    "Dž": "Џ",
    "LJ": "Љ",
    "NJ": "Њ",
    "DŽ": "Џ",
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "đ": "ђ",
    "e": "е",
    "ž": "ж",
    "z": "з",
    "i": "и",
    "j": "ј",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "ć": "ћ",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "ц",
    "č": "ч",
    "š": "ш",
}


def to_cyrillic(text: str) -> str:
    """Serbian Latin → Cyrillic (digraphs first). Words with q/w/x/y and @handles or links stay Latin."""
    out: list[str] = []
    for word in text.split(" "):
        if any(ch in word for ch in "qwxyQWXY@/#") or word.startswith("http"):
            out.append(word)
            continue
        res, i = [], 0
        while i < len(word):
            two = word[i : i + 2]
            if two in _LAT2CYR:
                res.append(_LAT2CYR[two])
                i += 2
                continue
            ch = word[i]
            low = ch.lower()
            if low in _LAT2CYR:
                cyr = _LAT2CYR[low]
                res.append(cyr.upper() if ch != low else cyr)
            else:
                res.append(ch)
            i += 1
        out.append("".join(res))
    return " ".join(out)


CHATTER_SR = (
    "Ima li neko danas slobodan za kafu?",
    "Ćao svima, kako ste?",
    "Jel zna neko kada počinje utakmica?",
    "Gužva je na mostu, ne mrdam se već pola sata.",
    "Ko ide večeras u grad?",
    "Haha ovo je najbolje što sam video danas",
    "Kiša opet, ništa od šetnje.",
    "Pozdrav iz Novog Sada!",
    "Ko gleda seriju sinoć, kakav kraj!",
    "Imam višak karata za koncert u subotu.",
    "Treba mi preporuka za dobrog mehaničara.",
    "Gde je najbolji burek u gradu?",
    "Sutra ispit, moli se za mene.",
    "Dosadno mi je, pričajte nešto.",
    "Vidimo se kod fontane.",
    "Ma pusti to, nije vredno živaca.",
    "Jeste videli šta se desilo na Zelenom vencu?",
    "Ovaj grad je lud petkom uveče.",
    "Neko za basket posle posla?",
    "Prodajem bicikl, skoro nov, javite se.",
    "Laku noć ekipa.",
    "Dobro jutro! Ko je već budan?",
    "Ovo je bilo pre dve godine, a kao da je juče.",
    "Pošaljite link za grupu, izgubio sam ga.",
    "Čuo sam da zatvaraju onaj kafić kod stanice.",
    "Koliko košta mesečna karta sada?",
    "Ne mogu da verujem koliko je sve poskupelo.",
    "Ajde bre, ko je za žurku?",
    "Slažem se sa prethodnim.",
    "Nema šanse da je to istina.",
    "Stiže leto, konačno.",
    "Zna li neko da li radi pošta u nedelju?",
    "Bravo majstore!",
    "Hvala na info.",
    "Šta mislite o novom admin-u?",
    "Pravila grupe su u pinovanoj poruci.",
)
CHATTER_EN = (
    "Anyone here from Belgrade?",
    "lol this group is wild",
    "Can someone share the link again?",
    "Good morning everyone",
    "Where are the new posts?",
    "brb",
    "This is old, posted last week already",
    "Admin please check your DMs",
)
EMOJI = ("😂", "🔥", "👍", "😅", "🤣", "👀", "😎", "🙏", "❤️", "😡", "🤔")


def chatter(rng: random.Random) -> tuple[str, str]:
    """One ordinary message and its script/language label."""
    r = rng.random()
    if r < 0.12:
        text = rng.choice(CHATTER_EN)
        label = "en"
    else:
        text = rng.choice(CHATTER_SR)
        if rng.random() < 0.3:
            text += " " + rng.choice(CHATTER_SR)
        if r < 0.32:
            text, label = to_cyrillic(text), "sr-Cyrl"
        elif r < 0.62:
            text, label = ascii_fold(text).lower(), "sr-Latn-ascii"
        else:
            label = "sr-Latn"
    if rng.random() < 0.2:
        text += " " + rng.choice(EMOJI)
    return text, label


@dataclass
class Planted:
    """A planted message: its text (a string or an entity list) and what a detector should find in it."""

    category: str
    subtype: str
    text: str | list[Any]
    values: dict[str, Any] = field(default_factory=dict)


def _doxx(rng: random.Random, p: Person, subtype: str) -> Planted:
    spelled = rng.choice(phone_spellings(p.mobile))
    ctx = rng.choice(("Evo je", "Ovo je ona", "Znate li je?", "Nju tražite"))
    if subtype == "jmbg":
        return Planted("doxxing", "jmbg", f"{ctx}, {p.name}, matični {p.jmbg}", {"name": p.name, "jmbg": p.jmbg})
    if subtype == "phone":
        phone = f"+381{p.mobile}"
        text = f"{p.first} {p.last} broj telefona {spelled} zovite je"
        return Planted("doxxing", "phone", text, {"name": p.name, "phone": phone, "written": spelled})
    if subtype == "address":
        text = f"{p.first} živi u ulici {p.address}, {p.postcode} {p.city}, stan {rng.randrange(1, 40)}"
        return Planted("doxxing", "address", text, {"name": p.first, "address": p.address, "city": p.city})
    if subtype == "email":
        parts: list[Any] = ["Njen mejl: ", {"type": "email", "text": p.email}, f" piši joj {p.first}"]
        return Planted("doxxing", "email", parts, {"name": p.first, "email": p.email})
    if subtype == "instagram":
        parts = [f"{p.name} insta ", {"type": "mention", "text": "@" + p.instagram}]
        return Planted("doxxing", "instagram", parts, {"name": p.name, "instagram": p.instagram})
    if subtype == "parents":
        text = f"{p.first} {p.last}, majka {p.mother}, otac {p.father}, živi u {p.city}, {p.address}, tel {spelled}"
        values = {
            "name": p.name,
            "mother": p.mother,
            "father": p.father,
            "address": p.address,
            "phone": f"+381{p.mobile}",
            "written": spelled,
        }
        return Planted("doxxing", "parents", text, values)
    raise ValueError(subtype)


DOXX_SUBTYPES = ("jmbg", "phone", "address", "email", "instagram", "parents")

SOLICITATION = (
    "Ko ima još njenih slika neka šalje u inbox",
    "Razmena u privatne poruke, imam dosta",
    "Šaljite sve što imate od nje, platim",
    "ima li neko jos od ove? saljite dm",
    "Menjam sadržaj, pišite privatno",
    "anyone got more of her? dm me",
)

# Public codes from news reporting, each with the obfuscations the text stage must see through.
CODES: tuple[tuple[str, str, str], ...] = (
    ("-18", "plain", "ima li -18 sadržaja?"),
    ("-18", "spaced", "trazim - 1 8 , pisite"),
    ("-18", "emoji", "neko ima ➖1️⃣8️⃣ ?"),
    ("teen trade", "plain", "teen trade u dm"),
    ("teen trade", "spaced", "t e e n  t r a d e ko je za"),
    ("teen trade", "leet", "t33n tr4de, javite se"),
    ("teen trade", "homoglyph", "tееn trаde privatno"),  # Cyrillic е and а
    ("teen trade", "dotted", "t.e.e.n trade ima li"),
)

HARASSMENT = (
    ("threat", "Znamo gde živiš, čekaćemo te ispred zgrade."),
    ("threat", "Naći ćemo te, nemoj da misliš da si se sakrila."),
    ("insult", "Sramota jedna, nek se ne pojavljuje više nigde."),
    ("insult", "Glupačo, sad svi znaju ko si."),
    ("shaming", "Neka vidi ceo grad kakva je."),
    ("threat", "We know where you live."),
)

# Look like signals to a naive matcher but are not: times, ages of adults, prices, dates, invalid numbers.
HARD_NEGATIVES: tuple[tuple[str, str], ...] = (
    ("time", "Vidimo se sutra u 18h ispred bioskopa"),
    ("age", "Moj brat je 18-godišnji student, upisao je fakultet"),
    ("price", "Cena 1800 din, dostava besplatna"),
    ("date", "Koncert je 18.10. u 20h"),
    ("temperature", "Jutros je bilo -18 stepeni na planini"),
    ("trade", "Trade-in za stari telefon u radnji na uglu"),
    ("not_jmbg", "Broj porudžbine 1234567890123, stiže za 3 dana"),
    ("adult_rating", "Film je 18+ pa nisam poveo klince"),
    ("teen_word", "Teen Titans je bio najbolji crtać"),
)


def planted_messages(rng: random.Random, victims: list[Person], watched: Person) -> list[Planted]:
    """One round of every planted category and subtype (callers repeat rounds to scale)."""
    out: list[Planted] = []
    for sub in DOXX_SUBTYPES:
        out.append(_doxx(rng, rng.choice(victims), sub))
    # The watched person is doxxed too: her name with her real (fictional) locators.
    out.append(_doxx(rng, watched, rng.choice(("phone", "address", "parents"))))
    text = rng.choice(SOLICITATION)
    out.append(Planted("solicitation", "request", text, {"phrase": text}))
    code, sub, text = rng.choice(CODES)
    out.append(Planted("code", sub, text, {"code": code}))
    kind, text = rng.choice(HARASSMENT)
    out.append(Planted("harassment", kind, text, {}))
    form = rng.choice(WATCHED_FORMS)
    mention = rng.choice(
        (f"Jel neko zna {form}?", f"Evo nove od {form}", f"{form} je opet ovde", f"Ko ima kontakt za {form}")
    )
    script = "sr-Cyrl" if any("\u0400" <= c <= "\u04ff" for c in form) else "sr-Latn"
    out.append(Planted("watched_mention", script, mention, {"form": form, "name": watched.name}))
    sub, text = rng.choice(HARD_NEGATIVES)
    out.append(Planted("hard_negative", sub, text, {}))
    return out


def all_codes_round() -> list[Planted]:
    """Every code/obfuscation once, so that even a tiny corpus exercises each of them."""
    return [Planted("code", sub, text, {"code": code}) for code, sub, text in CODES]


def all_hard_negatives() -> list[Planted]:
    return [Planted("hard_negative", sub, text, {}) for sub, text in HARD_NEGATIVES]
