"""Read-only collections: sources, messages, media, matches, spread clusters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from tragac import audit
from tragac.store.models.core import Media, Message, Sighting
from tragac.store.models.matching import Match, SpreadCluster, SpreadMember
from tragac.web import dashboard as figures
from tragac.web import media as media_data
from tragac.web import messages as message_data
from tragac.web.api.common import MAX_ID, MAX_ID32, Cursor, IdPath, IdPath32, Limit, decode_id_cursor, page_of
from tragac.web.deps import client_address, need_analyst, need_viewer, store_of
from tragac.web.sessions import Principal

router = APIRouter()
OptId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
OptId32 = Annotated[int | None, Query(ge=1, le=MAX_ID32)]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class SourceOut(BaseModel):
    id: int
    platform: str
    kind: str
    title: str | None
    username: str | None
    messages: int
    authors: int
    flags: int
    open_flags: int
    first_message: str | None
    last_message: str | None
    left: bool


class SourcePage(BaseModel):
    items: list[SourceOut]
    next: str | None


def _source_out(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "first_message": _iso(row["first_message"]), "last_message": _iso(row["last_message"])}


@router.get("/sources", response_model=SourcePage, tags=["sources"])
def list_sources(
    request: Request, _me: Annotated[Principal, Depends(need_viewer)], limit: Limit = 100, cursor: Cursor = None
) -> dict[str, Any]:
    """Monitored sources with their figures, by id."""
    after = decode_id_cursor(cursor)
    rows = [r for r in figures.source_rows(store_of(request)) if r["id"] > after]
    rows.sort(key=lambda r: r["id"])
    more = len(rows) > limit
    rows = rows[:limit]
    from tragac.web.api.common import encode_id_cursor

    return {"items": [_source_out(r) for r in rows], "next": encode_id_cursor(rows[-1]["id"]) if more else None}


@router.get("/sources/{source_id}", response_model=SourceOut, tags=["sources"])
def get_source(
    request: Request, source_id: IdPath32, _me: Annotated[Principal, Depends(need_viewer)]
) -> dict[str, Any]:
    row = next((r for r in figures.source_rows(store_of(request)) if r["id"] == source_id), None)
    if row is None:
        raise HTTPException(404, "no such source")
    return _source_out(row)


class MessageOut(BaseModel):
    id: int
    source_id: int
    platform_message_id: int
    kind: str
    date: str | None
    author_id: int | None
    author_name: str | None
    text: str
    reply_to_message_id: int | None
    forwarded_from: str | None
    media_type: str | None
    edited_at: str | None
    deleted_at: str | None


class MessagePage(BaseModel):
    items: list[MessageOut]
    next: str | None


@router.get("/messages", response_model=MessagePage, tags=["messages"])
def list_messages(
    request: Request,
    _me: Annotated[Principal, Depends(need_analyst)],
    source_id: OptId32 = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Messages by id, optionally from one source and within [since, until)."""
    q = select(Message).where(Message.id > decode_id_cursor(cursor))
    if source_id is not None:
        q = q.where(Message.source_id == source_id)
    for value, cond in ((since, Message.date.__ge__), (until, Message.date.__lt__)):
        if value is not None:
            if value.tzinfo is None:
                raise HTTPException(400, "dates need a time zone, e.g. 2026-01-31T00:00:00Z")
            q = q.where(cond(value))
    with store_of(request).session() as s:
        rows = list(s.scalars(q.order_by(Message.id).limit(limit + 1)).all())
    return page_of(rows, limit, message_data.as_dict)


@router.get("/messages/{message_id}", response_model=MessageOut, tags=["messages"])
async def get_message(
    request: Request, message_id: IdPath, me: Annotated[Principal, Depends(need_analyst)]
) -> dict[str, Any]:
    store = store_of(request)

    def load() -> Message | None:
        with store.session() as s:
            return s.get(Message, message_id)

    m = await run_in_threadpool(load)
    if m is None:
        raise HTTPException(404, "no such message")
    await run_in_threadpool(
        audit.record,
        store,
        audit.MESSAGE_VIEW,
        actor=me.name,
        target=f"message:{message_id}",
        address=client_address(request),
        details={"via": me.via},
    )
    return message_data.as_dict(m)


class MediaOut(BaseModel):
    id: int
    sha256: str
    md5: str | None
    pdq: str | None
    pdq_quality: int | None
    kind: str
    mime_type: str | None
    size: int | None
    width: int | None
    height: int | None
    duration: float | None
    nudity_score: float | None
    in_vault: bool
    first_seen: str | None


class MediaPage(BaseModel):
    items: list[MediaOut]
    next: str | None


class SightingOut(BaseModel):
    message_id: int | None
    source_id: int | None
    url: str | None
    seen_at: str | None


class MediaDetailOut(MediaOut):
    sightings: list[SightingOut]
    cluster_id: int | None


@router.get("/media", response_model=MediaPage, tags=["media"])
def list_media(
    request: Request, _me: Annotated[Principal, Depends(need_analyst)], limit: Limit = 100, cursor: Cursor = None
) -> dict[str, Any]:
    """Distinct media files (hashes and metadata only; never bytes)."""
    with store_of(request).session() as s:
        rows = list(
            s.scalars(
                select(Media).where(Media.id > decode_id_cursor(cursor)).order_by(Media.id).limit(limit + 1)
            ).all()
        )
    return page_of(rows, limit, media_data.as_dict)


@router.get("/media/{media_id}", response_model=MediaDetailOut, tags=["media"])
def get_media(request: Request, media_id: IdPath, _me: Annotated[Principal, Depends(need_analyst)]) -> dict[str, Any]:
    with store_of(request).session() as s:
        md = s.get(Media, media_id)
        if md is None:
            raise HTTPException(404, "no such media")
        sightings = s.scalars(select(Sighting).where(Sighting.media_id == media_id).order_by(Sighting.id).limit(1000))
        sight = [
            {"message_id": x.message_id, "source_id": x.source_id, "url": x.url, "seen_at": _iso(x.seen_at)}
            for x in sightings
        ]
        cluster_id = s.scalar(select(SpreadMember.cluster_id).where(SpreadMember.media_id == media_id))
    return {**media_data.as_dict(md), "sightings": sight, "cluster_id": cluster_id}


class MatchOut(BaseModel):
    id: int
    media_id: int
    entry_id: int
    bank_id: int
    signal_type: str
    distance: int
    query_match_fraction: float | None
    entry_match_fraction: float | None
    found_at: str | None


class MatchPage(BaseModel):
    items: list[MatchOut]
    next: str | None


def _match_out(m: Match) -> dict[str, Any]:
    return {
        "id": m.id,
        "media_id": m.media_id,
        "entry_id": m.entry_id,
        "bank_id": m.bank_id,
        "signal_type": m.signal_type,
        "distance": m.distance,
        "query_match_fraction": m.query_match_fraction,
        "entry_match_fraction": m.entry_match_fraction,
        "found_at": _iso(m.found_at),
    }


@router.get("/matches", response_model=MatchPage, tags=["matches"])
def list_matches(
    request: Request,
    _me: Annotated[Principal, Depends(need_analyst)],
    bank_id: OptId32 = None,
    media_id: OptId = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Media that matched a bank entry, by id."""
    q = select(Match).where(Match.id > decode_id_cursor(cursor))
    if bank_id is not None:
        q = q.where(Match.bank_id == bank_id)
    if media_id is not None:
        q = q.where(Match.media_id == media_id)
    with store_of(request).session() as s:
        rows = list(s.scalars(q.order_by(Match.id).limit(limit + 1)).all())
    return page_of(rows, limit, _match_out)


class ClusterOut(BaseModel):
    id: int
    key: str
    kind: str
    representative_media_id: int
    media_count: int
    sighting_count: int
    source_count: int
    first_seen: str | None
    last_seen: str | None
    first_message_id: int | None


class ClusterPage(BaseModel):
    items: list[ClusterOut]
    next: str | None


class ClusterDetailOut(ClusterOut):
    media_ids: list[int]


def _cluster_out(c: SpreadCluster) -> dict[str, Any]:
    return {
        "id": c.id,
        "key": c.key,
        "kind": c.kind,
        "representative_media_id": c.representative_media_id,
        "media_count": c.media_count,
        "sighting_count": c.sighting_count,
        "source_count": c.source_count,
        "first_seen": _iso(c.first_seen),
        "last_seen": _iso(c.last_seen),
        "first_message_id": c.first_message_id,
    }


@router.get("/clusters", response_model=ClusterPage, tags=["clusters"])
def list_clusters(
    request: Request,
    _me: Annotated[Principal, Depends(need_analyst)],
    min_sources: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Spread clusters (near-duplicate media across chats), by id."""
    q = select(SpreadCluster).where(SpreadCluster.id > decode_id_cursor(cursor))
    if min_sources:
        q = q.where(SpreadCluster.source_count >= min_sources)
    with store_of(request).session() as s:
        rows = list(s.scalars(q.order_by(SpreadCluster.id).limit(limit + 1)).all())
    return page_of(rows, limit, _cluster_out)


@router.get("/clusters/{cluster_id}", response_model=ClusterDetailOut, tags=["clusters"])
def get_cluster(
    request: Request, cluster_id: IdPath, _me: Annotated[Principal, Depends(need_analyst)]
) -> dict[str, Any]:
    with store_of(request).session() as s:
        c = s.get(SpreadCluster, cluster_id)
        if c is None:
            raise HTTPException(404, "no such cluster")
        ids = list(s.scalars(select(SpreadMember.media_id).where(SpreadMember.cluster_id == c.id)).all())
    return {**_cluster_out(c), "media_ids": sorted(ids)}
