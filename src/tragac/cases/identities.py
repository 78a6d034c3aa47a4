"""Watched identities: validation, encryption into the case row, and matching text against them without a copy.

Identities are decrypted only in memory, for the detector (``watch_list``) and for linking flags to a case.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.keyring import KeyRing
from tragac.store.models.cases import Case

FIELDS = ("handles", "phones", "addresses")
_LATIN = (
    "a", "b", "v", "g", "d", "dj", "e", "z", "z", "i", "j", "k", "l", "lj", "m",
    "n", "nj", "o", "p", "r", "s", "t", "c", "u", "f", "h", "c", "c", "dz", "s",
)  # fmt: skip
_CYR = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш", _LATIN, strict=True))


def context(case_id: int, column: str) -> str:
    return f"victim_case:{case_id}:{column}"


def validate(identity: Any) -> dict[str, Any]:
    """One identity in the watch-list shape ``{"name", "handles", "phones", "addresses"}``."""
    if not isinstance(identity, dict):
        raise InputError("an identity must be an object with name, handles, phones, addresses")
    name = identity.get("name")
    if name is not None and not isinstance(name, str):
        raise InputError("identity name must be a string")
    out: dict[str, Any] = {"name": (name or "").strip()}
    for key in FIELDS:
        values = identity.get(key) or []
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InputError(f"identity {key} must be a list of strings")
        out[key] = [v.strip() for v in values if v.strip()]
    if not out["name"] and not any(out[k] for k in FIELDS):
        raise InputError("an identity needs at least a name, handle, phone or address")
    return out


def load(ring: KeyRing, case: Case) -> list[dict[str, Any]]:
    if not case.identities_enc:
        return []
    data = orjson.loads(ring.decrypt_text(case.identities_enc, context(case.id, "identities")))
    return list(data)


def store_identities(ring: KeyRing, case: Case, identities: list[dict[str, Any]]) -> None:
    case.identities_enc = (
        ring.encrypt_text(orjson.dumps(identities).decode(), context(case.id, "identities")) if identities else None
    )
    case.identity_count = len(identities)


def watch_list(session: Session, ring: KeyRing) -> dict[str, Any]:
    """Every open case's identities in the text detector's watch-list shape; ``id`` is ``case:<id>:<n>``.

    For the ``signals`` stage to use in memory: never write it to disk or logs.
    """
    out: list[dict[str, Any]] = []
    for case in session.scalars(select(Case).where(Case.state == "open").order_by(Case.id)):
        for n, ident in enumerate(load(ring, case)):
            out.append({"id": f"case:{case.id}:{n}", **ident})
    return {"identities": out}


def normalise(text: str) -> str:
    """Casefolded, diacritic-free, Cyrillic transliterated to Latin: how BCMS names are compared."""
    lowered = text.casefold()
    lowered = "".join(_CYR.get(ch, ch) for ch in lowered)
    decomposed = unicodedata.normalize("NFKD", lowered.replace("đ", "dj"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stem(token: str) -> str:
    # Serbian declines names (Jelena, Jelene, Jeleni, Jelenom): compare without the last letter or two.
    if len(token) >= 6:
        return token[:-2]
    return token[:-1] if len(token) >= 4 else token


class IdentityMatcher:
    """Does a text name one of a case's identities? A fallback for flags whose evidence does not say which case."""

    def __init__(self, identities: list[dict[str, Any]]) -> None:
        self._names: list[list[str]] = []
        self._handles: set[str] = set()
        self._phones: set[str] = set()
        self._addresses: list[str] = []
        for ident in identities:
            tokens = [_stem(t) for t in re.findall(r"\w+", normalise(ident.get("name") or ""))]
            if tokens:
                self._names.append(tokens)
            self._handles |= {normalise(h).lstrip("@") for h in ident.get("handles", [])}
            self._phones |= {d[-8:] for d in (re.sub(r"\D", "", p) for p in ident.get("phones", [])) if len(d) >= 6}
            self._addresses += [" ".join(re.findall(r"\w+", normalise(a))) for a in ident.get("addresses", [])]

    def __bool__(self) -> bool:
        return bool(self._names or self._handles or self._phones or self._addresses)

    def names(self, text: str) -> list[str]:
        """Which kinds of identity the text mentions (name, handle, phone, address), never the values."""
        norm = normalise(text)
        words = re.findall(r"\w+", norm)
        found: list[str] = []
        if any(all(any(w.startswith(t) for w in words) for t in name) for name in self._names):
            found.append("name")
        if self._handles & {w.strip(".") for w in re.findall(r"@?([\w.]{3,})", norm)}:
            found.append("handle")
        digits = re.sub(r"[\s\-/().]", "", norm)
        if any(p in digits for p in self._phones):
            found.append("phone")
        flat = " ".join(words)
        if any(a and a in flat for a in self._addresses):
            found.append("address")
        return found
