"""Website watch, a source like the Telegram ones: fetch each listed page and its media politely, hash the media
(bytes dropped afterwards), and record media and sightings with their URLs through the store writer. Matching is
the ``match`` stage's, run at the end of every watch so a page's new matches are known (and become review items)
before the ``cases`` stage links them."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tragac.config import Settings
from tragac.errors import InputError
from tragac.fingerprints.pdq import Pdq
from tragac.media.hasher import FileHashes, HashOptions, hash_file
from tragac.media.stage import monitored_hash_options
from tragac.pipeline import run_stages
from tragac.progress import NullReporter, Reporter
from tragac.sources.records import SeenMedia, SourceRecord
from tragac.sources.web.fetcher import FetchFailed, FetchRefused, PoliteFetcher
from tragac.sources.web.page import media_urls
from tragac.sources.writer import StoreWriter
from tragac.store import Store
from tragac.store.models import Match
from tragac.store.models.cases import WatchedPage

HTML_TYPES = ("text/html", "application/xhtml+xml")


def make_fetcher(config: Settings, *, allow_loopback: bool = False) -> PoliteFetcher:
    return PoliteFetcher(
        user_agent=config.webwatch.webwatch_user_agent,
        min_interval_s=config.webwatch.webwatch_min_interval_s,
        timeout_s=config.webwatch.webwatch_timeout_s,
        allow_loopback=allow_loopback,
    )


def add_page(store: Store, url: str, *, actor: str, allow_loopback: bool = False) -> WatchedPage:
    """List a page for watching; internal addresses are refused here already (nothing is fetched)."""
    fetcher = make_fetcher(store.settings, allow_loopback=allow_loopback)
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


def hash_bytes(data: bytes, name: str, options: HashOptions | None = None) -> FileHashes:
    """Hash downloaded bytes with the media area's hasher (monitored semantics); the temporary file is removed."""
    with tempfile.TemporaryDirectory(prefix="tragac-ww-") as tmp:
        path = Path(tmp) / "media"
        path.write_bytes(data)
        return hash_file(path, options or HashOptions(reference=False), display_path=name)


def seen_media(h: FileHashes, url: str, content_type: str, now: datetime) -> SeenMedia:
    """The writer's record of a hashed file seen at ``url``."""
    assert h.sha256
    return SeenMedia(
        url=url,
        seen_at=now,
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
        frames=[(f.frame, f.timestamp, f.quality, f.pdq) for f in h.frames or []],
        windows=None
        if h.windows is None
        else [{"window": w.window, "pdq": w.pdq, "quality": w.quality} for w in h.windows],
        local_features=h.local_features,
    )


def run_watch(
    store: Store,
    *,
    config: Settings | None = None,
    fetcher: PoliteFetcher | None = None,
    allow_loopback: bool = False,
    reporter: Reporter | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> dict[str, Any]:
    """Fetch every enabled watched page once, then run the ``match`` stage; returns per-page results and totals
    (a page's ``matches`` are the new matches of the media it showed)."""
    config = config or store.settings
    reporter = reporter or NullReporter()
    own = fetcher is None
    fetcher = fetcher or make_fetcher(config, allow_loopback=allow_loopback)
    with store.session() as s:
        pages = [
            (p.id, p.url) for p in s.scalars(select(WatchedPage).where(WatchedPage.enabled).order_by(WatchedPage.id))
        ]
    writer = StoreWriter(store, platform="web")
    options = monitored_hash_options(store)  # the robust fingerprint too, while a bank matches robustly
    results: list[tuple[dict[str, Any], set[int], datetime]] = []
    reporter.start("web-watch", total=len(pages))
    try:
        for page_id, url in pages:
            now = clock()
            out, media_ids = _run_page(writer, fetcher, config, options, page_id, url, now)
            results.append((out, media_ids, now))
            reporter.advance()
    finally:
        if own:
            fetcher.close()
    # One bank matcher for every source: the pipeline's match stage (incremental, so only what is new is compared),
    # run through the pipeline so that a source never imports the matching that comes after it in the data flow.
    with store.session() as s:
        before = s.scalar(select(func.max(Match.id))) or 0
    run_stages(store, only=["match"], reporter=reporter)
    with store.session() as s:
        new_by_media: dict[int, int] = dict(
            s.execute(select(Match.media_id, func.count()).where(Match.id > before).group_by(Match.media_id)).all()
        )
    for out, media_ids, now in results:
        out["matches"] = sum(new_by_media.get(m, 0) for m in media_ids)
        _finish(store, out["id"], now, out)
    pages_out = [out for out, _, _ in results]
    return {
        "pages": pages_out,
        "media": sum(r["media"] for r in pages_out),
        "matches": sum(r["matches"] for r in pages_out),
        "errors": sum(len(r["errors"]) for r in pages_out),
    }


def _run_page(
    writer: StoreWriter,
    fetcher: PoliteFetcher,
    config: Settings,
    options: HashOptions,
    page_id: int,
    url: str,
    now: datetime,
) -> tuple[dict[str, Any], set[int]]:
    out: dict[str, Any] = {"id": page_id, "url": url, "media": 0, "matches": 0, "errors": [], "status": "ok"}
    try:
        page = fetcher.get(url, max_bytes=config.webwatch.webwatch_max_page_bytes)
        if page.status >= 400:
            raise FetchFailed(f"HTTP {page.status}")
        if page.content_type in HTML_TYPES or page.body[:200].lstrip().lower().startswith((b"<!doctype", b"<html")):
            targets = media_urls(
                page.body.decode("utf-8", "replace"), page.url, config.webwatch.webwatch_max_media_per_page
            )
            fetched = None
        else:
            targets, fetched = [page.url], page  # the listed URL is itself a media file
    except (FetchRefused, FetchFailed) as exc:
        out["status"] = f"failed: {exc}"
        return out, set()
    source_id = writer.source(SourceRecord(platform="web", platform_id=url, kind="website", title=url, link=url))
    media_ids: set[int] = set()
    for media_url in targets:
        try:
            got = (
                fetched
                if fetched is not None
                else fetcher.get(media_url, max_bytes=config.webwatch.webwatch_max_media_bytes)
            )
            if got.status >= 400:
                raise FetchFailed(f"HTTP {got.status}")
            h = hash_bytes(got.body, media_url, options)
            del got  # bytes are hashed and dropped
            if h.error or not h.sha256 or h.kind == "other":
                out["errors"].append({"url": media_url, "why": h.error or "not a picture or video"})
                continue
            # One transaction per file, as before: a later failure on the page keeps what was already seen.
            media_ids.update(writer.write_seen(source_id, [seen_media(h, media_url, "", now)]))
            out["media"] += 1
        except (FetchRefused, FetchFailed) as exc:
            out["errors"].append({"url": media_url, "why": str(exc)})
        fetched = None
    return out, media_ids


def _finish(store: Store, page_id: int, now: datetime, out: dict[str, Any]) -> None:
    with store.session() as s:
        page = s.get(WatchedPage, page_id)
        if page is not None:
            page.last_run_at = now
            page.last_status = out["status"] if not out["errors"] else f"{out['status']} ({len(out['errors'])} errors)"
            page.media_seen += out["media"]
            page.matches_found += out["matches"]


def check_url_removed(fetcher: PoliteFetcher, config: Settings) -> Callable[[str, str | None, str | None], str]:
    """For the re-notice scheduler: "removed" when the URL is gone (HTTP 404/410/451) or now serves a different
    picture; "up" when the same file, or a re-encoding of it (the PDQ match rule), is still served; "unknown"
    otherwise."""

    def check(url: str, sha256: str | None, pdq: str | None) -> str:
        try:
            got = fetcher.get(url, max_bytes=config.webwatch.webwatch_max_media_bytes)
        except (FetchRefused, FetchFailed):
            return "unknown"
        if got.status in (404, 410, 451):
            return "removed"
        if got.status >= 400:
            return "unknown"
        h = hash_bytes(got.body, url)
        if sha256 and h.sha256 == sha256:
            return "up"
        if pdq and h.pdq and Pdq.usable(h.quality) and Pdq.matches(pdq, h.pdq):
            return "up"
        return "removed"

    return check
