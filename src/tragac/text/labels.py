"""One vocabulary for the kinds of personal data: what recognisers, detectors, masks, the web, exports and the
report call each kind, in English and Serbian (Latin script).

A kind is the ``Entity.type`` a recogniser returns (``national_id``, ``phone``…), a doxxing flag's subtype, an
identity match's kind (``name``, ``handle``…) or a redaction mask's label. Before this table each consumer had its
own names and translations, so the same JMBG was "JMBG", "ID number" and "national ID numbers (JMBG)" depending on
where one looked, and new kinds were translated in one place and left in English in another.

``label(kind)`` is the singular (masks such as ``[phone]``, a flag's explanation), ``label(kind, many=True)`` the
plural a report counts with. Older spellings still found in stored flags resolve through ``ALIASES``.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("en", "sr")


@dataclass(frozen=True, slots=True)
class PiiLabel:
    en: str
    sr: str
    en_many: str
    sr_many: str

    def get(self, lang: str = "en", many: bool = False) -> str:
        if lang == "sr":
            return self.sr_many if many else self.sr
        return self.en_many if many else self.en


PII_LABELS: dict[str, PiiLabel] = {
    # kind: singular en, singular sr, plural en, plural sr
    "national_id": PiiLabel("ID number", "JMBG", "national ID numbers (JMBG)", "JMBG"),
    "phone": PiiLabel("phone", "telefon", "phone numbers", "brojevi telefona"),
    "address": PiiLabel("address", "adresa", "street addresses", "adrese"),
    "email": PiiLabel("e-mail", "e-pošta", "e-mail addresses", "adrese e-pošte"),
    "social_account": PiiLabel(
        "social-media account", "nalog na društvenoj mreži", "social-media accounts", "nalozi na društvenim mrežama"
    ),
    "licence_plate": PiiLabel("licence plate", "registarska tablica", "licence plates", "registarske tablice"),
    "bank_account": PiiLabel("bank account", "bankovni račun", "bank accounts", "bankovni računi"),
    "iban": PiiLabel("IBAN", "IBAN", "IBANs", "IBAN brojevi računa"),
    "contact": PiiLabel("contact card", "kontakt", "shared contact cards", "podeljeni kontakti"),
    "location": PiiLabel("location pin", "lokacija", "location pins", "lokacije na mapi"),
    "name": PiiLabel("name", "ime", "full names", "puna imena"),
    "handle": PiiLabel("handle", "korisničko ime", "handles", "korisnička imena"),
    "parents": PiiLabel("parents' names", "imena roditelja", "parents' names", "imena roditelja"),
    "workplace": PiiLabel(
        "school or workplace", "škola ili radno mesto", "schools or workplaces", "škole ili radna mesta"
    ),
    "identity": PiiLabel("watched identity", "zaštićena osoba", "watched identities", "zaštićene osobe"),
    "mention": PiiLabel("user", "korisnik", "usernames", "korisnička imena"),
    "link": PiiLabel("link", "link", "links", "linkovi"),
    "number": PiiLabel("number", "broj", "numbers", "brojevi"),
    # A private lexicon's term masked in a published example: the list stays private (see text/lexicon.py).
    "term": PiiLabel("lexicon term", "termin iz rečnika", "lexicon terms", "termini iz rečnika"),
    "pii": PiiLabel("personal data", "lični podatak", "personal data", "lični podaci"),
    "other": PiiLabel("other", "ostalo", "other personal data", "ostali lični podaci"),
}

# Spellings used before there was one table (flags already stored keep them).
ALIASES: dict[str, str] = {
    "jmbg": "national_id",
    "id_number": "national_id",
    "instagram": "social_account",
    "social": "social_account",
    "plate": "licence_plate",
    "account": "bank_account",
}


def canonical(kind: str | None) -> str:
    """The table's key for ``kind`` (an alias resolved); ``other`` for an unknown or missing kind."""
    k = (kind or "").strip().lower()
    k = ALIASES.get(k, k)
    return k if k in PII_LABELS else "other"


def label(kind: str | None, lang: str = "en", many: bool = False) -> str:
    """The label of a kind of personal data. An unknown kind gets the generic "other" label rather than its raw
    key, so a Serbian page never shows an English identifier."""
    key = canonical(kind)
    if lang not in LANGS:
        from tragac.text.packs import pack_label  # a language pack's labels (Italian…); English where it has none

        return pack_label(key, lang, many) or PII_LABELS[key].get("en", many)
    return PII_LABELS[key].get(lang, many)


def is_pii_kind(kind: str | None) -> bool:
    k = (kind or "").strip().lower()
    return ALIASES.get(k, k) in PII_LABELS
