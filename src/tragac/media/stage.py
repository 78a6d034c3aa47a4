"""Pipeline stage "hash": fingerprint every media row not hashed yet, reading its file through its sightings.

Bytes are read from the export folder, hashed and dropped: nothing is copied under TRAGAC_HOME. A media whose file
is missing keeps ``hashed_at`` empty (a later export may bring the file) and says why in ``hash_error``; a file that
cannot be decoded gets ``hashed_at`` and the error, so it is not retried on every run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import object_session

from tragac.media.hasher import FileHashes, HashOptions
from tragac.media.pool import HashJob, hash_files
from tragac.pipeline import stage
from tragac.progress import NullReporter, Reporter
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models import Bank, ExportFile, Media, MediaRobust, Sighting, VideoFrame

BATCH = 200
NO_FILE = "no readable file: none of its sightings points to a file that exists"
CHANGED_FILE = "the file on disk differs from the one ingested (SHA-256 mismatch)"


@dataclass
class _Pending:
    media_id: int
    sha256: str


def candidate_paths(session: Any, media_ids: list[int]) -> dict[int, list[Path]]:
    rows = session.execute(
        sa.select(Sighting.media_id, ExportFile.root, Sighting.file_path)
        .join(ExportFile, ExportFile.id == Sighting.export_id)
        .where(Sighting.media_id.in_(media_ids), Sighting.file_path.is_not(None))
        .order_by(Sighting.id)
    )
    out: dict[int, list[Path]] = {}
    for media_id, root, rel in rows:
        base = Path(root).resolve()
        path = (base / rel).resolve()
        if not path.is_relative_to(base):  # a path in an export must not reach outside its folder
            continue
        paths = out.setdefault(media_id, [])
        if path not in paths:
            paths.append(path)
    return out


def readable_path(paths: list[Path]) -> Path | None:
    for p in paths:
        if p.is_file() and os.access(p, os.R_OK):
            return p
    return None


def apply_hashes(media: Media, result: FileHashes) -> None:
    """Copy one file's fingerprints onto its Media row: shared by this stage and live collection."""
    if result.kind in ("image", "video"):
        media.kind = result.kind  # decided from the bytes, not from what the chat or extension claimed
    media.md5 = media.md5 or result.md5
    media.size = media.size if media.size is not None else result.size
    media.width, media.height, media.duration = result.width, result.height, result.duration
    media.pdq, media.pdq_quality = result.pdq, result.quality
    if result.nudity is not None:
        media.nudity_score = result.nudity
    media.frames = [
        VideoFrame(frame=f.frame, timestamp=f.timestamp, quality=f.quality, pdq=f.pdq) for f in result.frames or []
    ]
    if result.windows is not None and result.local_features is not None:
        robust = MediaRobust(
            media_id=media.id,
            windows=[{"window": w.window, "pdq": w.pdq, "quality": w.quality} for w in result.windows],
            local_features=result.local_features,
            computed_at=utcnow(),
        )
        session = object_session(media)
        if session is not None:
            session.merge(robust)
    media.hash_error = result.error
    if result.error is None and result.kind == "other" and media.kind in ("image", "video"):
        media.hash_error = f"labelled {media.kind} but the content is not a picture or video we can read"
    media.hashed_at = utcnow()


def robust_wanted(store: Store) -> bool:
    """Whether monitored media get the robust fingerprint (docs/matching.md): always, never, or (``auto``) only
    while some enabled bank opted in to robust matching, since it costs hashing time and reveals more layout."""
    mode = store.settings.matching.robust_hashing
    if mode != "auto":
        return mode == "always"
    with store.session() as s:
        return s.scalar(sa.select(Bank.id).where(Bank.enabled.is_(True), Bank.robust.is_(True)).limit(1)) is not None


def monitored_hash_options(store: Store) -> HashOptions:
    """How every path hashes monitored media (this stage, PostgreSQL workers, live collection, the web watch), so
    a picture gets the same fingerprints, robust ones included, whichever path saw it first."""
    from tragac.media import nudity

    return HashOptions(reference=False, video_threads=1, nudity=nudity.available(), robust=robust_wanted(store))


def hash_new_media(
    store: Store,
    reporter: Reporter | None = None,
    *,
    workers: int | None = None,
    options: HashOptions | None = None,
) -> dict[str, Any]:
    """Hash every ``Media`` with ``hashed_at IS NULL``; returns counts. Safe to run again at any time."""
    reporter = reporter or NullReporter()
    options = options or monitored_hash_options(store)
    workers = min(2, os.cpu_count() or 1) if workers is None else workers
    summary = {"hashed": 0, "errors": 0, "missing_files": 0, "changed_files": 0, "images": 0, "videos": 0, "frames": 0}
    with store.session() as s:
        total = s.scalar(sa.select(sa.func.count(Media.id)).where(Media.hashed_at.is_(None))) or 0
    reporter.start("hashing media", total=total)
    if not total:
        return summary
    expected: dict[int, str] = {}
    found: dict[int, Path] = {}

    def jobs() -> Iterator[HashJob]:
        last = -1
        while True:
            with store.session() as s:
                batch = [
                    _Pending(mid, sha)
                    for mid, sha in s.execute(
                        sa.select(Media.id, Media.sha256)
                        .where(Media.hashed_at.is_(None), Media.id > last)
                        .order_by(Media.id)
                        .limit(BATCH)
                    )
                ]
                if not batch:
                    return
                last = batch[-1].media_id
                candidates = candidate_paths(s, [p.media_id for p in batch])
                missing = []
                for p in batch:
                    path = readable_path(candidates.get(p.media_id, []))
                    if path is None:
                        missing.append(p.media_id)
                    else:
                        expected[p.media_id], found[p.media_id] = p.sha256, path
                if missing:
                    s.execute(sa.update(Media).where(Media.id.in_(missing)).values(hash_error=NO_FILE))
                    summary["missing_files"] += len(missing)
                    reporter.advance(len(missing))
            for p in batch:
                if p.media_id in found:
                    yield HashJob(p.media_id, str(found.pop(p.media_id)))

    done: list[tuple[int, FileHashes]] = []

    def flush() -> None:
        with store.session() as s:
            for media_id, result in done:
                media = s.get(Media, media_id)
                if media is None:  # deleted while we were hashing
                    continue
                if result.sha256 is not None and result.sha256 != expected.pop(media_id, result.sha256):
                    media.hash_error = CHANGED_FILE
                    summary["changed_files"] += 1
                    continue
                apply_hashes(media, result)
                if result.error:
                    summary["errors"] += 1
                else:
                    summary["hashed"] += 1
                    if result.kind == "image":
                        summary["images"] += 1
                    elif result.kind == "video":
                        summary["videos"] += 1
                    summary["frames"] += len(result.frames or [])
        reporter.advance(len(done))
        done.clear()

    for media_id, result in hash_files(jobs(), options, workers):
        done.append((media_id, result))
        if len(done) >= BATCH // 4:
            flush()
    if done:
        flush()
    return summary


@stage("hash", order=20, help="Fingerprint new media: SHA-256, MD5, PDQ, video frame PDQ (1 frame/s).")
def hash_stage(store: Store, reporter: Reporter) -> dict[str, Any]:
    return hash_new_media(store, reporter)
