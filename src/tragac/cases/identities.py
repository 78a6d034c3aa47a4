"""Watched identities: validation, encryption into the case row, and matching text against them without a copy.

Identities are decrypted only in memory, for the detector (``watch_list``) and for linking flags to a case
(``matcher``: the one watched-identity matcher of ``tragac.text.watch``).
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.errors import InputError
from tragac.keyring import KeyRing
from tragac.store.models.cases import Case
from tragac.text.watch import WatchList

FIELDS = ("handles", "phones", "addresses")


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


def matcher(identities: list[dict[str, Any]]) -> WatchList:
    """One case's identities as the watched-identity matcher (``tragac.text.watch``, the only one): for flags whose
    evidence does not say which case they belong to. Not strict: case identities may be a handle alone or a
    foreign phone number (``validate`` has checked them)."""
    return WatchList.from_data({"identities": identities}, "case identities", strict=False)
