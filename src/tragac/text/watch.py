"""Watched identities: a case's people, found by name (all seven cases, both scripts, no diacritics, leetspeak),
handle, phone number or address, without firing on someone else who shares one of the names.

The watch file is ``{"identities": [{"name", "nicknames": [], "handles": [], "phones": [], "addresses": []}]}`` (an
optional ``id`` per identity is what flags show; names are personal data and never appear in a flag's ``why``). A
nickname stands for the first name ("Tami Vuković"); names are matched in every form the language packs' morphology
gives (:func:`tragac.text.packs.name_forms`: BCMS cases and possessives) and also letter-spaced
("t a m a r a v u k o v i ć", "t.a.m.a.r.a v.u.k.o.v.i.ć").

This is the one matcher of watched identities: the identity detector (:meth:`WatchList.match`), the case linker
(:meth:`WatchList.mentions`, for flags whose evidence names no case) and the masking of reports and exports
(:meth:`WatchList.mask_spans`, which errs on hiding more: one of her names alone, any spelling of her phone's
digits) all read the same name forms, handles, phones and addresses.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tragac.errors import InputError
from tragac.text.normalize import Normalized, normalize
from tragac.text.packs import name_forms
from tragac.text.recognizers import Entity, find_entities
from tragac.text.recognizers.phone import e164

KINDS = ("name", "handle", "phone", "address")  # the order kinds are reported in
_PHONE_DIGITS = 8  # a phone is matched loosely on its last digits: enough to be hers, whatever the prefix
_DIGIT_RUN = re.compile(r"\d(?:\D{0,3}\d){7}")  # eight digits close together: where her number could be
_MASK_MIN = 4  # a single name counts alone when masking only from this length ("Dunjo", not "Ana")


@dataclass
class Identity:
    id: str
    first: set[str]
    last: set[str]
    handles: set[str]
    phones: set[str]  # E.164, compared with the phone recogniser's values
    addresses: list[str]
    # Last digits of every phone given, also those outside the recogniser's regions (a case may watch any number):
    # what loose matching and masking compare.
    phone_digits: set[str] = field(default_factory=set)
    loose_phones: bool = False  # some phone is not one the recogniser can find: match its digits instead
    # Stems of her names (4+ letters), for masking only: any word starting with one is hidden, which also covers
    # possessives and forms the case table does not list ("Dunjina", "Radosavljevićeva").
    stems: set[str] = field(default_factory=set)
    # First and last name run together in either order, letters only ("tamaravukovic"): found in the letter stream
    # of a message whose letters are spaced out.
    joined: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class IdentityMatch:
    identity: str
    kind: str  # name | handle | phone | address
    start: int
    end: int


@dataclass
class WatchList:
    identities: list[Identity] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.identities)

    @classmethod
    def from_data(cls, data: Any, where: str = "watch file", strict: bool = True) -> WatchList:
        """Identities from a watch file (``strict``: each needs a name, phones must be numbers of RS, ME, BA or
        HR) or from open cases (not strict: cases validate their own identities, which may be a handle alone or a
        foreign phone number)."""
        if not isinstance(data, dict) or not isinstance(data.get("identities"), list):
            raise InputError(f'{where}: expected {{"identities": [{{"name", "handles", "phones", "addresses"}}]}}')
        out = []
        for n, raw in enumerate(data["identities"], 1):
            if not isinstance(raw, dict):
                raise InputError(f"{where}: identity {n} needs a name")
            name = str(raw.get("name") or "").strip()
            if strict and not name:
                raise InputError(f"{where}: identity {n} needs a name")
            parts = name.split()
            first, last = (parts[0], parts[-1]) if len(parts) > 1 else (parts[0] if parts else "", "")
            nicknames = [str(x).strip() for x in raw.get("nicknames", []) or [] if str(x).strip()]
            first_forms = set().union(*(name_forms(x) for x in [first, *nicknames] if x))
            last_forms = name_forms(last) if last else set()
            phones = set()
            digits = set()
            loose = False
            for p in raw.get("phones", []) or []:
                num = e164(str(p))
                d = re.sub(r"\D", "", str(p))
                if len(d) >= 6:
                    digits.add(d[-_PHONE_DIGITS:])
                if num is None:
                    if strict:
                        raise InputError(f"{where}: identity {n}: {p!r} is not a phone number of RS, ME, BA or HR")
                    loose = loose or len(d) >= 6
                    continue
                phones.add(num)
            out.append(
                Identity(
                    id=str(raw.get("id", f"identity-{n}")),
                    first=first_forms,
                    last=last_forms,
                    handles={
                        h for h in (str(h).strip().lstrip("@").lower() for h in raw.get("handles", []) or []) if h
                    },
                    phones=phones,
                    addresses=[
                        a for a in (normalize(str(a).split(",")[0]).text for a in raw.get("addresses", []) or []) if a
                    ],
                    phone_digits=digits,
                    loose_phones=loose,
                    stems={
                        _stem(w)
                        for w in (normalize(p).text for p in (first, last, *nicknames) if p)
                        if len(w) >= _MASK_MIN
                    },
                    joined=_joined(first_forms, last_forms),
                )
            )
        return cls(out)

    @classmethod
    def from_terms(cls, terms: Any) -> WatchList:
        """Identities from loose strings (a name, ``@handle``, phone or address each), for masking terms whose
        kind is not recorded: a string with 6+ digits and nothing but separators is a phone, one with other digits
        an address, ``@…`` a handle, anything else a name."""
        out: list[dict[str, Any]] = []
        for t in terms:
            if isinstance(t, dict):
                out.append(t)
                continue
            v = str(t).strip()
            if not v:
                continue
            if re.fullmatch(r"[+\d\s./()-]+", v) and sum(c.isdigit() for c in v) >= 6:
                out.append({"phones": [v]})
            elif v.startswith("@"):
                out.append({"handles": [v]})
            elif any(c.isdigit() for c in v):
                out.append({"addresses": [v]})
            else:
                out.append({"name": v})
        return cls.from_data({"identities": out}, "watched terms", strict=False)

    @staticmethod
    def read(path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read watch file {path}: {str(exc).splitlines()[0]}") from None
        if not isinstance(data, dict):
            raise InputError(f'{path}: expected {{"identities": [...]}}')
        return data

    @classmethod
    def load(cls, path: Path) -> WatchList:
        return cls.from_data(cls.read(path), str(path))

    def match(self, text: str, norm: Normalized, entities: list[Entity]) -> list[IdentityMatch]:
        out: list[IdentityMatch] = []
        t = norm.text
        words = [(s, e, t[s:e]) for s, e in norm.words]
        lowered = text.lower()
        digits: tuple[str, list[int]] | None = None
        spaced = _SPACED.search(t) is not None
        for ident in self.identities:
            if spaced and ident.joined:
                out.extend(IdentityMatch(ident.id, "name", s, e) for s, e in _spaced_names(norm, ident.joined))
            # A full name in either order: one shared name alone is someone else.
            if ident.last and ident.first:
                for (s1, _e1, w1), (_s2, e2, w2) in itertools.pairwise(words):
                    if (w1 in ident.first and w2 in ident.last) or (w1 in ident.last and w2 in ident.first):
                        out.append(IdentityMatch(ident.id, "name", *norm.span(s1, e2)))
            for h in ident.handles:
                for m in re.finditer(r"(?<![\w.])@?" + re.escape(h) + r"(?![\w])", lowered):
                    out.append(IdentityMatch(ident.id, "handle", m.start(), m.end()))
            for ent in entities:
                if ent.type == "phone" and ent.value in ident.phones:
                    out.append(IdentityMatch(ident.id, "phone", ent.start, ent.end))
            if ident.phone_digits and (ident.loose_phones or _DIGIT_RUN.search(text) is not None):
                # Her number's last digits whatever surrounds them: another country code ("+387 62 …" for her "062
                # …"), digits typed one by one ("0 6 3 / 8 2 0 …") — forms no recogniser reads.
                digits = digits or _digits(text)
                found = [(m.start, m.end) for m in out if m.identity == ident.id and m.kind == "phone"]
                out.extend(
                    IdentityMatch(ident.id, "phone", s, e)
                    for s, e in _digit_spans(digits, ident)
                    if not any(fs < e and s < fe for fs, fe in found)
                )
            for addr in ident.addresses:
                for m in _address_re(addr).finditer(t):
                    out.append(IdentityMatch(ident.id, "address", *norm.span(m.start(), m.end())))
        return out

    def mentions(self, text: str) -> list[str]:
        """Which kinds of identity a raw text mentions (name, handle, phone, address), never the values."""
        if not self.identities or not text:
            return []
        norm = normalize(text)
        found = {m.kind for m in self.match(text, norm, find_entities(text, norm))}
        return [k for k in KINDS if k in found]

    def mask_spans(self, text: str) -> list[tuple[int, int]]:
        """Original spans to mask in a published text: what :meth:`match` finds, and also one of her names alone
        (declined, any script) and her phone's digits whatever separates them. Masking hides too much rather than
        too little: a leak cannot be taken back."""
        if not self.identities or not text:
            return []
        norm = normalize(text)
        spans = {(m.start, m.end) for m in self.match(text, norm, find_entities(text, norm))}
        t = norm.text
        digits: tuple[str, list[int]] | None = None
        for ident in self.identities:
            names = {f for f in ident.first | ident.last if len(f) >= _MASK_MIN}
            stems = tuple(ident.stems)
            for s, e in norm.words:
                w = t[s:e]
                if w in names or (stems and w.startswith(stems)):
                    spans.add(norm.span(s, e))
            if ident.phone_digits:
                digits = digits or _digits(text)
                spans.update(_digit_spans(digits, ident, text))
        # a span inside a wider one (her digits as matched, inside the whole written number) is masked by it
        return sorted(x for x in spans if not any(o != x and o[0] <= x[0] and x[1] <= o[1] for o in spans))


_SPACED = re.compile(r"(?<!\w)\w \w \w(?!\w)")  # three single letters in a row: a name spelt out


def _joined(first: set[str], last: set[str]) -> set[str]:
    """Letter streams of first + last name in either order (squeezed like ``Normalized.compact``)."""
    out: set[str] = set()
    for f, lname in itertools.product(first, last):
        for a, b in ((f, lname), (lname, f)):
            letters = normalize(a + b).compact[0]
            if len(letters) >= 6:
                out.add(letters)
    return out


def _spaced_names(norm: Normalized, joined: set[str]) -> list[tuple[int, int]]:
    """Original spans where a joined name occurs in the letter stream, across spaced-out letters, on word edges."""
    letters, index = norm.compact
    text = norm.text
    out = []
    for name in joined:
        i = letters.find(name)
        while i >= 0:
            s, e = index[i], index[i + len(name) - 1] + 1
            edges = (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum())
            if edges and text[s:e].count(" ") >= 3:
                out.append(norm.span(s, e))
            i = letters.find(name, i + 1)
    return out


def _stem(word: str) -> str:
    """A name without its case ending (Dunja → dunj, Radosavljevic → radosavljev): what masking matches by prefix."""
    if len(word) >= 6:
        return word[:-2]
    return word[:-1] if len(word) >= 4 else word


def _digits(text: str) -> tuple[str, list[int]]:
    """The text's digits with each one's offset: phones are compared whatever separates their digits."""
    pos = [i for i, c in enumerate(text) if c.isdigit()]
    return "".join(text[i] for i in pos), pos


def _digit_spans(digits: tuple[str, list[int]], ident: Identity, text: str = "") -> list[tuple[int, int]]:
    """Where her phones' last digits occur; with ``text``, widened to the whole written number (country code and
    trunk prefix too), so masking leaves no digit of it."""
    stream, pos = digits
    out = []
    for d in ident.phone_digits:
        start = stream.find(d)
        while start >= 0:
            s, e = pos[start], pos[start + len(d) - 1] + 1
            if e - s <= 3 * len(d):  # separators between digits, not digits from two numbers far apart
                if text:
                    s, e = _widen(text, s, e)
                out.append((s, e))
            start = stream.find(d, start + 1)
    return out


_NUMBER_SEP = " ./()-"


def _widen(text: str, s: int, e: int) -> tuple[int, int]:
    while s > 0 and (
        text[s - 1].isdigit() or text[s - 1] == "+" or (text[s - 1] in _NUMBER_SEP and s > 1 and text[s - 2].isdigit())
    ):
        s -= 1
    while e < len(text) and (
        text[e].isdigit() or (text[e] in _NUMBER_SEP and e + 1 < len(text) and text[e + 1].isdigit())
    ):
        e += 1
    return s, e


@functools.lru_cache(maxsize=1024)
def _address_re(addr: str) -> re.Pattern[str]:
    """A normalised watched address ("sumadijska 23") in any case of its street name: "u Šumadijskoj 23", "sa
    Titove 56" (a word in -a declines like a feminine adjective or noun); the house number stays exact."""
    words = []
    for w in addr.split(" "):
        if len(w) > 2 and w.endswith("a") and w.isalpha():
            words.append(re.escape(w[:-1]) + "(?:a|e|i|u|oj|om)")
        else:
            words.append(re.escape(w))
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])")
