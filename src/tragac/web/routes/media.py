"""Media pages: hashes, sightings, matches, spread timeline; blurred thumbnails and the logged reveal."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from tragac import audit
from tragac.store.models.core import Media
from tragac.web import charts
from tragac.web import media as data
from tragac.web.deps import client_address, need_analyst, store_of
from tragac.web.sessions import Principal
from tragac.web.templating import render

router = APIRouter(include_in_schema=False)


def _media(request: Request, media_id: int) -> Media:
    with store_of(request).session() as s:
        md = s.get(Media, media_id)
    if md is None:
        raise HTTPException(404, "no such media")
    return md


@router.get("/media/{media_id}", response_class=HTMLResponse)
def media_page(request: Request, media_id: int, _me: Annotated[Principal, Depends(need_analyst)]) -> HTMLResponse:
    d = data.detail(store_of(request), media_id)
    if d is None:
        raise HTTPException(404, "no such media")
    has_bytes = not d.never_reveal and request.app.state.media_present(d.media)
    timeline = charts.bars(
        "Sightings per day across the spread cluster",
        [day for day, _ in d.cluster_days],
        {"sightings": [n for _, n in d.cluster_days]},
    )
    return render(request, "media.html", d=d, has_bytes=has_bytes, timeline=timeline)


def _picture_bytes(request: Request, md: Media) -> bytes:
    """The kept bytes of a picture; a video (or anything Pillow cannot read) has no preview: 415, not a crash."""
    raw = request.app.state.media_reader(md)
    if raw is None:
        raise HTTPException(404, "no bytes kept for this media")
    if md.kind == "video" or not data.is_picture(raw):
        raise HTTPException(415, f"no preview for this {md.kind or 'file'}: only pictures are drawn")
    return raw


@router.get("/media/{media_id}/thumb")
def thumb(request: Request, media_id: int, _me: Annotated[Principal, Depends(need_analyst)]) -> Response:
    """Always blurred and greyscale; refused outright (403, not even blurred) for media that may involve a minor."""
    md = _media(request, media_id)
    if data.never_reveal(store_of(request), media_id):
        raise HTTPException(403, "this item may involve a minor and is never shown")
    raw = _picture_bytes(request, md)
    return Response(data.thumbnail(raw, blurred=True), media_type="image/jpeg", headers={"cache-control": "no-store"})


@router.post("/media/{media_id}/reveal", response_class=HTMLResponse)
def reveal(request: Request, media_id: int, me: Annotated[Principal, Depends(need_analyst)]) -> Response:
    """One deliberate, logged reveal of one item. The unblurred picture is sent inline in the answer only, so
    there is no URL that shows it without passing through this log."""
    store = store_of(request)
    md = _media(request, media_id)
    if data.never_reveal(store, media_id):
        audit.record(
            store,
            audit.MEDIA_REVEAL,
            actor=me.name,
            target=f"media:{media_id}",
            address=client_address(request),
            details={"refused": "possible minor"},
        )
        raise HTTPException(403, "this item may involve a minor and is never shown")
    raw = _picture_bytes(request, md)
    audit.record(store, audit.MEDIA_REVEAL, actor=me.name, target=f"media:{media_id}", address=client_address(request))
    src = "data:image/jpeg;base64," + base64.b64encode(data.thumbnail(raw, blurred=False)).decode()
    return render(request, "_revealed.html", src=src, media_id=media_id)
