"""Watched identities: a case's people, found by name (all seven cases, both scripts, no diacritics, leetspeak),
handle, phone number or address, without firing on someone else who shares one of the names.

The watch file is ``{"identities": [{"name", "handles": [], "phones": [], "addresses": []}]}`` (an optional
``id`` per identity is what flags show; names are personal data and never appear in a flag's ``why``).
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tragac.errors import InputError
from tragac.text.normalize import Normalized, normalize
from tragac.text.recognizers import Entity
from tragac.text.recognizers.phone import e164

# Case endings by the shape of the nominative (normalised: ć → c).
_FEMININE_A = ("a", "e", "i", "u", "o", "om", "oj")  # Jelena, Jelene, Jeleni, Jelenu, Jeleno, Jelenom
_CONSONANT = ("", "a", "u", "om", "em", "e", "i", "ov", "ev")  # Petar→Petra, Jovanović→Jovanovića/-u/-em
_O_ENDING = ("o", "a", "u", "om", "e")  # Marko, Marka, Marku, Markom


def name_forms(name: str) -> set[str]:
    """Normalised case forms of one name (a first name or a surname)."""
    base = normalize(name).text
    if not base:
        return set()
    forms = {base}
    if base.endswith("a"):
        stem = base[:-1]
        forms |= {stem + e for e in _FEMININE_A}
    elif base.endswith("o"):
        stem = base[:-1]
        forms |= {stem + e for e in _O_ENDING}
    else:
        forms |= {base + e for e in _CONSONANT}
        if len(base) > 3 and base[-2] == "a" and base[-3] not in "aeiou":  # fleeting a: Petar → Petra
            forms |= {base[:-2] + base[-1] + e for e in _CONSONANT if e}
    return {normalize(f).text for f in forms}


@dataclass
class Identity:
    id: str
    first: set[str]
    last: set[str]
    handles: set[str]
    phones: set[str]
    addresses: list[str]


@dataclass(frozen=True)
class IdentityMatch:
    identity: str
    kind: str  # name | handle | phone | address
    start: int
    end: int


@dataclass
class WatchList:
    identities: list[Identity] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Any, where: str = "watch file") -> WatchList:
        if not isinstance(data, dict) or not isinstance(data.get("identities"), list):
            raise InputError(f'{where}: expected {{"identities": [{{"name", "handles", "phones", "addresses"}}]}}')
        out = []
        for n, raw in enumerate(data["identities"], 1):
            if not isinstance(raw, dict) or not str(raw.get("name", "")).strip():
                raise InputError(f"{where}: identity {n} needs a name")
            parts = str(raw["name"]).split()
            first, last = (parts[0], parts[-1]) if len(parts) > 1 else (parts[0], "")
            phones = set()
            for p in raw.get("phones", []) or []:
                num = e164(str(p))
                if num is None:
                    raise InputError(f"{where}: identity {n}: {p!r} is not a phone number of RS, ME, BA or HR")
                phones.add(num)
            out.append(
                Identity(
                    id=str(raw.get("id", f"identity-{n}")),
                    first=name_forms(first),
                    last=name_forms(last) if last else set(),
                    handles={str(h).lstrip("@").lower() for h in raw.get("handles", []) or []},
                    phones=phones,
                    addresses=[normalize(str(a).split(",")[0]).text for a in raw.get("addresses", []) or []],
                )
            )
        return cls(out)

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
        for ident in self.identities:
            # A full name in either order: one shared name alone is someone else.
            if ident.last:
                for (s1, _e1, w1), (_s2, e2, w2) in itertools.pairwise(words):
                    if (w1 in ident.first and w2 in ident.last) or (w1 in ident.last and w2 in ident.first):
                        out.append(IdentityMatch(ident.id, "name", *norm.span(s1, e2)))
            for h in ident.handles:
                for m in re.finditer(r"(?<![\w.])@?" + re.escape(h) + r"(?![\w])", lowered):
                    out.append(IdentityMatch(ident.id, "handle", m.start(), m.end()))
            for ent in entities:
                if ent.type == "phone" and ent.value in ident.phones:
                    out.append(IdentityMatch(ident.id, "phone", ent.start, ent.end))
            for addr in ident.addresses:
                for m in re.finditer(r"(?<![\w])" + re.escape(addr) + r"(?![\w])", t):
                    out.append(IdentityMatch(ident.id, "address", *norm.span(m.start(), m.end())))
        return out
