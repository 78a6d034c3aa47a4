"""The Italian pack: the worked example of a third language pack (docs/plugins.md shows it as a separate plugin).

Everything a language brings, in one small file: a lexicon (``data/it.yaml``), a morphology (Italian adjectives and
nouns written in the masculine singular also match their other gender and number: ``privato`` → ``privata``,
``privati``, ``private``), names that do not
decline, a recogniser for Italian mobile numbers, and labels for the report.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType

from tragac.text.normalize import Normalized, normalize
from tragac.text.packs import LanguagePack
from tragac.text.recognizers.base import Entity, Recognizer

_MASCULINE = re.compile(r"([a-z]{3,})o\Z")


def phrase_variants(phrase: str) -> list[str]:
    """The phrase, then every gender/number form of its words of 4+ letters ending in -o."""
    options: list[list[str]] = []
    for word in phrase.split(" "):
        m = _MASCULINE.match(word) if word not in _INVARIABLE else None
        options.append([word] + [m.group(1) + v for v in "aie"] if m else [word])
    out = [phrase]
    combos: list[list[str]] = [[]]
    for opt in options:
        combos = [[*c, o] for c in combos for o in opt][:64]
    out += [v for v in (" ".join(c) for c in combos) if v != phrase]
    return out


_INVARIABLE = frozenset({"foto", "video", "cerco", "scambio"})  # nouns and verbs, not adjectives


def name_forms(name: str) -> set[str]:
    base = normalize(name).text
    return {base} if base else set()


# +39 / 0039 and a mobile "3xx", or a bare ten-digit "3xx xxx xxxx".
_MOBILE = re.compile(r"(?<![\w+])((?:\+|00)39[ .-]?3\d{2}|3\d{2})[ .-]?\d{3}[ .-]?\d{3,4}(?![\w])")


class ItalianMobileRecognizer(Recognizer):
    """Italian mobile numbers; the entity type is ``phone`` (the registry key differs so RS/HR/BA/ME phones stay)."""

    entity = "phone.it"
    # The number's own shape, so prices and times ("300 din", "u 3") do not send messages down the full path.
    # ``(?:\+|00)39|(?<![\d+])3\d{2}[ .-]?\d{3}[ .-]?\d{3,4}(?!\d)``, written to open with one of its first characters
    # so the engine skips to candidates in C (tests/text/test_fast_paths.py checks the two agree).
    raw_gate = r"[+03](?:(?<=\+)39|(?<=0)039|(?<![\d+]3)(?<=3)\d{2}[ .-]?\d{3}[ .-]?\d{3,4}(?!\d))"

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = []
        for m in _MOBILE.finditer(text):
            try:
                num = phonenumbers.parse(m.group(0), "IT")
            except phonenumbers.NumberParseException:
                continue
            if not phonenumbers.is_valid_number(num) or phonenumbers.number_type(num) != PhoneNumberType.MOBILE:
                continue
            if phonenumbers.region_code_for_number(num) != "IT":
                continue
            value = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            out.append(Entity("phone", m.start(), m.end(), 0.6, "phone.it.mobile", value))
        return out


PACK = LanguagePack(
    code="it",
    name="Italian",
    languages=frozenset({"it"}),
    lexicons=(Path(str(resources.files("tragac.text").joinpath("data").joinpath("it.yaml"))),),
    phrase_variants=phrase_variants,
    name_forms=name_forms,
    recognizers=(ItalianMobileRecognizer,),
    labels={
        "phone": ("telefono", "numeri di telefono"),
        "address": ("indirizzo", "indirizzi"),
        "national_id": ("codice identificativo", "codici identificativi (JMBG)"),
        "email": ("e-mail", "indirizzi e-mail"),
        "social_account": ("account social", "account social"),
        "name": ("nome", "nomi completi"),
        "parents": ("nomi dei genitori", "nomi dei genitori"),
        "other": ("altro", "altri dati personali"),
    },
    label_lang="it",
)
