"""Website watch: fetch each listed page and its media politely, hash the media (bytes dropped afterwards), match
them against the banks, and record media, sightings with their URLs, and matches for the ``cases`` stage."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tragac.cases.config import CaseConfig
from tragac.cases.webwatch.fetcher import FetchFailed, FetchRefused, PoliteFetcher
from tragac.cases.webwatch.matcher import BankMatcher
from tragac.cases.webwatch.page import media_urls
from tragac.errors import InputError
from tragac.matching.hashes import PDQ_MIN_QUALITY, hamming
from tragac.media.hasher import FileHashes, HashOptions, hash_file
from tragac.progress import NullReporter, Reporter
from tragac.store import Store
from tragac.store.models.cases import WatchedPage
from tragac.store.models.core import Media, Sighting, Source, VideoFrame
from tragac.store.models.matching import Match

PDQ_THRESHOLD = 31
HTML_TYPES = ("text/html", "application/xhtml+xml")


def make_fetcher(config: CaseConfig, *, allow_loopback: bool = False) -> PoliteFetcher:
    return PoliteFetcher(
        user_agent=config.webwatch_user_agent,
        min_interval_s=config.webwatch_min_interval_s,
        timeout_s=config.webwatch_timeout_s,
        allow_loopback=allow_loopback,
    )


def add_page(store: Store, url: str, *, actor: str, allow_loopback: bool = False) -> WatchedPage:
    """List a page for watching; internal addresses are refused here already (nothing is fetched)."""
    fetcher = make_fetcher(CaseConfig(), allow_loopback=allow_loopback)
    try:
        fetcher.check_url(url)
    except FetchFailed as exc:
        raise InputError(str(exc)) from None
    finally:
        fetcher.close()
    with store.session() as s:
        page = s.scalars(select(WatchedPage).where(WatchedPage.url == url)).first()
        if page is None:
            page = WatchedPage(url=url, added_by=actor)
            s.add(page)
            s.flush()
        return page


def list_pages(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [
            {
                "id": p.id,
                "url": p.url,
                "enabled": p.enabled,
                "added_at": p.added_at,
                "last_run_at": p.last_run_at,
                "last_status": p.last_status,
                "media_seen": p.media_seen,
                "matches_found": p.matches_found,
            }
            for p in s.scalars(select(WatchedPage).order_by(WatchedPage.id))
        ]


def hash_bytes(data: bytes, name: str) -> FileHashes:
    """Hash downloaded bytes with the media area's hasher (monitored semantics); the temporary file is removed."""
    with tempfile.TemporaryDirectory(prefix="tragac-ww-") as tmp:
        path = Path(tmp) / "media"
        path.write_bytes(data)
        return hash_file(path, HashOptions(reference=False), display_path=name)


def _source(s: Session, page_url: str, now: datetime) -> Source:
    src = s.scalars(select(Source).where(Source.platform == "web", Source.platform_id == page_url)).first()
    if src is None:
        src = Source(
            platform="web", platform_id=page_url, kind="website", title=page_url, link=page_url, first_seen=now
        )
        s.add(src)
        s.flush()
    src.last_seen = now
    return src


def _media(s: Session, h: FileHashes, content_type: str, now: datetime) -> Media:
    assert h.sha256
    media = s.scalars(select(Media).where(Media.sha256 == h.sha256)).first()
    if media is None:
        media = Media(
            sha256=h.sha256,
            md5=h.md5,
            size=h.size,
            kind=h.kind,
            mime_type=content_type or None,
            width=h.width,
            height=h.height,
            duration=h.duration,
            pdq=h.pdq,
            pdq_quality=h.quality,
            hashed_at=now,
            hash_error=h.error,
            first_seen=now,
        )
        s.add(media)
        s.flush()
        for f in h.frames or []:
            s.add(VideoFrame(media_id=media.id, frame=f.frame, timestamp=f.timestamp, quality=f.quality, pdq=f.pdq))
    return media


def record(
    s: Session, matcher: BankMatcher, page_url: str, media_url: str, h: FileHashes, content_type: str, now: datetime
) -> tuple[Media, int]:
    """Store the media, its sighting at ``media_url`` and any new matches; returns (media, new matches)."""
    src = _source(s, page_url, now)
    media = _media(s, h, content_type, now)
    seen = s.scalars(select(Sighting).where(Sighting.media_id == media.id, Sighting.url == media_url)).first()
    if seen is None:
        s.add(Sighting(media_id=media.id, source_id=src.id, url=media_url, seen_at=now))
    else:
        seen.seen_at = now
    new = 0
    for hit in matcher.match(h):
        exists = s.scalars(select(Match).where(Match.media_id == media.id, Match.entry_id == hit.entry_id)).first()
        if exists:
            continue
        s.add(
            Match(
                media_id=media.id,
                entry_id=hit.entry_id,
                bank_id=hit.bank_id,
                signal_type=hit.signal_type,
                distance=hit.distance,
                query_match_fraction=hit.query_fraction,
                entry_match_fraction=hit.entry_fraction,
                found_at=now,
            )
        )
        new += 1
    s.flush()
    return media, new


def run_watch(
    store: Store,
    *,
    config: CaseConfig | None = None,
    fetcher: PoliteFetcher | None = None,
    allow_loopback: bool = False,
    reporter: Reporter | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> dict[str, Any]:
    """Fetch every enabled watched page once; returns per-page results and totals."""
    config = config or CaseConfig()
    reporter = reporter or NullReporter()
    own = fetcher is None
    fetcher = fetcher or make_fetcher(config, allow_loopback=allow_loopback)
    with store.session() as s:
        pages = [
            (p.id, p.url) for p in s.scalars(select(WatchedPage).where(WatchedPage.enabled).order_by(WatchedPage.id))
        ]
    results = []
    reporter.start("web-watch", total=len(pages))
    try:
        for page_id, url in pages:
            results.append(_run_page(store, fetcher, config, page_id, url, clock()))
            reporter.advance()
    finally:
        if own:
            fetcher.close()
    return {
        "pages": results,
        "media": sum(r["media"] for r in results),
        "matches": sum(r["matches"] for r in results),
        "errors": sum(len(r["errors"]) for r in results),
    }


def _run_page(
    store: Store, fetcher: PoliteFetcher, config: CaseConfig, page_id: int, url: str, now: datetime
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": page_id, "url": url, "media": 0, "matches": 0, "errors": [], "status": "ok"}
    try:
        page = fetcher.get(url, max_bytes=config.webwatch_max_page_bytes)
        if page.status >= 400:
            raise FetchFailed(f"HTTP {page.status}")
        if page.content_type in HTML_TYPES or page.body[:200].lstrip().lower().startswith((b"<!doctype", b"<html")):
            targets = media_urls(page.body.decode("utf-8", "replace"), page.url, config.webwatch_max_media_per_page)
            fetched = None
        else:
            targets, fetched = [page.url], page  # the listed URL is itself a media file
    except (FetchRefused, FetchFailed) as exc:
        out["status"] = f"failed: {exc}"
        _finish(store, page_id, now, out)
        return out
    matcher_holder: dict[str, BankMatcher] = {}
    for media_url in targets:
        try:
            got = fetched if fetched is not None else fetcher.get(media_url, max_bytes=config.webwatch_max_media_bytes)
            if got.status >= 400:
                raise FetchFailed(f"HTTP {got.status}")
            h = hash_bytes(got.body, media_url)
            del got  # bytes are hashed and dropped
            if h.error or not h.sha256 or h.kind == "other":
                out["errors"].append({"url": media_url, "why": h.error or "not a picture or video"})
                continue
            with store.session() as s:
                if "m" not in matcher_holder:
                    matcher_holder["m"] = BankMatcher(s)
                _, new = record(s, matcher_holder["m"], url, media_url, h, "", now)
            out["media"] += 1
            out["matches"] += new
        except (FetchRefused, FetchFailed) as exc:
            out["errors"].append({"url": media_url, "why": str(exc)})
        fetched = None
    _finish(store, page_id, now, out)
    return out


def _finish(store: Store, page_id: int, now: datetime, out: dict[str, Any]) -> None:
    with store.session() as s:
        page = s.get(WatchedPage, page_id)
        if page is not None:
            page.last_run_at = now
            page.last_status = out["status"] if not out["errors"] else f"{out['status']} ({len(out['errors'])} errors)"
            page.media_seen += out["media"]
            page.matches_found += out["matches"]


def check_url_removed(fetcher: PoliteFetcher, config: CaseConfig) -> Callable[[str, str | None, str | None], str]:
    """For the re-notice scheduler: "removed" when the URL is gone (HTTP 404/410/451) or now serves a different
    picture; "up" when the same file, or a re-encoding of it (PDQ within 31), is still served; "unknown" otherwise."""

    def check(url: str, sha256: str | None, pdq: str | None) -> str:
        try:
            got = fetcher.get(url, max_bytes=config.webwatch_max_media_bytes)
        except (FetchRefused, FetchFailed):
            return "unknown"
        if got.status in (404, 410, 451):
            return "removed"
        if got.status >= 400:
            return "unknown"
        h = hash_bytes(got.body, url)
        if sha256 and h.sha256 == sha256:
            return "up"
        if pdq and h.pdq and (h.quality or 0) >= PDQ_MIN_QUALITY and hamming(pdq, h.pdq) <= PDQ_THRESHOLD:
            return "up"
        return "removed"

    return check
