"""``POST /api/v1/lookup``: which hash-list entries a PDQ, MD5 or SHA-256 hash matches.

Hashes are validated by their kind (tragac.fingerprints) and matched by the matching module's own lookups (the PDQ
index of :func:`tragac.matching.match.lookup_pdq`, the exact rule of :func:`~tragac.matching.match.lookup_exact`):
the same thresholds and the same "active entries of enabled banks" rule as the match stage, never a second matcher.
Analysts and above only; every lookup is audited with its kind and hit count, never the hashes (a victim's hashes
are sensitive personal data and stay out of logs).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.fingerprints import normalise_hash
from tragac.web.deps import client_address, need_analyst, store_of
from tragac.web.sessions import Principal

router = APIRouter(tags=["lookup"])
MAX_HASHES = 1000


class LookupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    signal_type: Literal["pdq", "md5", "sha256"] = Field(description="The kind of every hash in `hashes`.")
    hashes: list[Annotated[str, Field(pattern=r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{64})$")]] = Field(
        min_length=1,
        max_length=MAX_HASHES,
        description="Hex hashes of that kind (PDQ: 64 digits, MD5: 32, SHA-256: 64); a length the kind does not "
        "have is 422.",
    )


class EntryHit(BaseModel):
    bank: str
    entry_id: int
    label: str | None
    distance: int


class HashResult(BaseModel):
    hash: str
    matches: list[EntryHit]


class LookupOut(BaseModel):
    signal_type: str
    results: list[HashResult]


@router.post("/lookup", response_model=LookupOut)
async def lookup(
    request: Request, body: Annotated[LookupIn, Body()], me: Annotated[Principal, Depends(need_analyst)]
) -> dict[str, Any]:
    """For each hash, the active hash-list entries it matches (PDQ within each bank's threshold, MD5/SHA-256
    exactly), with bank, entry id, label and distance."""
    try:
        hashes = [normalise_hash(body.signal_type, h) for h in body.hashes]
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    from tragac.matching.match import lookup_exact, lookup_pdq

    store = store_of(request)
    if body.signal_type == "pdq":
        found = await run_in_threadpool(lookup_pdq, store, hashes)
    else:
        found = await run_in_threadpool(lookup_exact, store, body.signal_type, hashes)
    await run_in_threadpool(
        audit.record,
        store,
        audit.HASH_LOOKUP,
        actor=me.name,
        target=f"lookup:{body.signal_type}",
        address=client_address(request),
        details={"hashes": len(hashes), "matched": sum(1 for f in found if f), "via": me.via},
    )
    return {
        "signal_type": body.signal_type,
        "results": [{"hash": h, "matches": f} for h, f in zip(hashes, found, strict=True)],
    }
