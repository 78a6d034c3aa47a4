"""BCMS morphology: dialect forms of lexicon phrases and the seven cases of people's names (the BCMS language pack).

Names (:func:`name_forms`): a watched woman is written in every case ("Milena", "Milene", "Mileni", "Milenu",
"Mileno", "Milenom"), possessively ("Milenin", "Milenine"…) and in either script (normalisation transliterates
Cyrillic first); women's surnames in -ić and nicknames in -i do not decline, men's names and surnames do
("Petar" → "Petra", "Jovanović" → "Jovanovića").

Lexicon phrases (:func:`dialect_variants`): the ijekavian reflex of jat and Croatian/Bosnian word choices.

Seed phrases are written once, in ekavian Serbian ("devojčic*", "ko ima", "gde živiš"); every phrase of a BCMS
entry also matches its ijekavian form ("djevojčic*", "dijete", "gdje") and the Croatian pronouns ("tko ima",
"netko"). Variants are generated when a lexicon is built, so matching stays one automaton pass.

The reflex is not predictable from the spelling alone (``dete``→``dijete`` but ``dečak``→``dječak``; ``celo``
is ``cijelo``, ``veliki`` has no jat), so it is a table of the roots the lexicons use, longest first.
"""

from __future__ import annotations

import re
from functools import cache

from tragac.text.normalize import normalize

BCMS = frozenset({"sr", "hr", "bs", "me", "sh", "hbs", "bcms"})

# ekavian root -> ijekavian roots (normalised spelling: no diacritics, đ as dj); matched at a word start.
_JAT: dict[str, tuple[str, ...]] = {
    "devoj": ("djevoj",),
    "devojc": ("djevojc",),
    "dete": ("dijete",),
    "detet": ("djetet",),
    "dec": ("djec",),
    "malolet": ("maloljet",),
    "punolet": ("punoljet",),
    "gde": ("gdje",),
    "vide": ("vidje",),
    "videc": ("vidjet c", "vidjec"),
    "zazel": ("zazal",),
    "pesm": ("pjesm",),
    "mest": ("mjest",),
    "vrem": ("vrijem",),
    "del": ("dijel",),
    "podel": ("podijel",),
    "cel": ("cijel",),
    "lep": ("lijep",),
    "bel": ("bijel",),
    "sme": ("smije",),
    "smej": ("smij",),
    "resi": ("rijesi",),
    "pozalic": ("pozalit c",),
    "ocen": ("ocjen", "ocijen"),  # ocenite → ocjenite, ocijenite
    "razmen": ("razmjen",),
    "zamen": ("zamjen",),
    "menja": ("mijenja", "mjenja"),
    "prezive": ("prezivje",),
    "uvek": ("uvijek",),
    "nedel": ("nedjel",),
    "zive": ("zivje",),
    "zauvek": ("zauvijek",),
    "odec": ("odjec",),
    "sled": ("sljed", "slijed"),
    "odstrel": ("odstrijel",),
    "lepotic": ("ljepotic",),
}
# Croatian and Bosnian word choices that share the Serbian word's start (matched like the jat roots).
_ROOT_WORDS: dict[str, tuple[str, ...]] = {
    "njen": ("njezin",),  # njene → njezine, njenih → njezinih
}
# whole words that differ (Croatian and some Bosnian usage)
_WORDS: dict[str, tuple[str, ...]] = {
    "ko": ("tko",),
    "neko": ("netko", "iko", "itko"),
    "niko": ("nitko",),
    "sta": ("sto",),
    "nesto": ("nesta",),
    "hoce": ("oce",),
    "kupatil": ("kupaon",),
    "kupatila": ("kupaonice", "kupaone"),
    "kupatilu": ("kupaonici", "kupaoni"),
}
_ROOT_TABLE = {**_JAT, **_ROOT_WORDS}
_WORD = re.compile(r"[a-z]+\*?")


@cache
def _word_variants(word: str) -> frozenset[str]:
    star = word.endswith("*")
    bare = word.rstrip("*")
    out = {word}
    for alt in _WORDS.get(bare, ()):
        out.add(alt + ("*" if star else ""))
    for k in range(len(bare), 0, -1):  # the longest root the word starts with
        if (alts := _ROOT_TABLE.get(bare[:k])) is not None:
            out.update(alt + bare[k:] + ("*" if star else "") for alt in alts)
            break
    return frozenset(out)


def dialect_variants(phrase: str) -> list[str]:
    """The phrase itself first, then its ijekavian and Croatian/Bosnian variants (a normalised phrase in)."""
    words = phrase.split(" ")
    options = [sorted(_word_variants(w), key=lambda v: (v != w, v)) if _WORD.fullmatch(w) else [w] for w in words]
    out = [phrase]
    combos: list[list[str]] = [[]]
    for opt in options:
        combos = [[*c, o] for c in combos for o in opt]
        if len(combos) > 64:  # a long phrase with many variable words: keep the first variants only
            combos = combos[:64]
    for c in combos:
        v = " ".join(c)
        if v not in out:
            out.append(v)
    return out


# Case endings by the shape of the nominative (normalised: ć → c). Feminine -a: nominative, genitive, dative/locative,
# accusative, vocative, instrumental (and -oj, the dative of adjectival surnames: "Kovačevoj").
_FEMININE_A = ("a", "e", "i", "u", "o", "om", "oj")
_POSSESSIVE = ("in", "ina", "ine", "inu", "inoj", "inom", "inog", "inim")  # Milenin, Milenine, Mileninu…
# Petar→Petra, Jovanović→Jovanovića; possessives Petrov, Markovićeva/-eve/-evu/-evoj ("Markovićeve Jelene").
_CONSONANT = ("", "a", "u", "om", "em", "e", "i", "ov", "ev", "ova", "eva", "eve", "evu", "evoj", "ove", "ovu")
_O_ENDING = ("o", "a", "u", "om", "e", "ov", "ova")  # Marko, Marka, Marku, Markom, Markov


def name_forms(name: str) -> set[str]:
    """Normalised case and possessive forms of one name (a first name, nickname or surname)."""
    base = normalize(name).text
    if not base or " " in base:
        return {base} if base else set()
    forms = {base}
    if base.endswith("a"):
        stem = base[:-1]
        forms |= {stem + e for e in _FEMININE_A}
        forms |= {stem + e for e in _POSSESSIVE}
        if stem.endswith(("k", "g", "h")):  # Ivka → Ivki, Olga → Olgi (sibilarisation is optional in names)
            forms.add(stem[:-1] + {"k": "c", "g": "z", "h": "s"}[stem[-1]] + "i")
    elif base.endswith("o"):
        stem = base[:-1]
        forms |= {stem + e for e in _O_ENDING}
    elif base.endswith(("i", "e", "u")):
        forms |= {base + e for e in ("ja", "ju", "jem", "jin", "jina", "jine")}  # Tami stays; Tamijin, Tamiju
    else:
        forms |= {base + e for e in _CONSONANT}
        if len(base) > 3 and base[-2] == "a" and base[-3] not in "aeiou":  # fleeting a: Petar → Petra
            forms |= {base[:-2] + base[-1] + e for e in _CONSONANT if e}
    return {normalize(f).text for f in forms}
