"""Media of live messages: downloaded to a private temporary folder, fingerprinted, and the bytes dropped.

Nothing downloaded outlives the batch it belongs to: the folder is created 0700 and removed in a ``finally``, so
no picture — least of all one that may show a minor — is kept by the collector. Only hashes reach the store (the
same ``Media``/``Sighting`` rows as export ingestion, then the ``hash`` stage's fingerprints applied at once).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tragac.media.hasher import hash_file
from tragac.media.stage import apply_hashes, monitored_hash_options
from tragac.sources.live.convert import media_kind
from tragac.sources.records import MediaFile, MessageRecord
from tragac.sources.writer import hash_file as exact_hashes
from tragac.store.db import Store
from tragac.store.models import Media, Message, Sighting

log = logging.getLogger("tragac.collect")


class TooLarge(Exception):
    """Raised from the download progress callback to stop a file that grows past the cap."""


def rel_path(rec: MessageRecord) -> str | None:
    """What the sighting records instead of a file path: the Telegram file id (stable across re-collection)."""
    info = rec.media_info or {}
    tid = info.get("telegram_id")
    if tid is None or rec.media_type is None:
        return None
    return f"telegram:{'photo' if rec.media_type == 'photo' else 'document'}/{tid}"


def already_sighted(store: Store, source_id: int, recs: list[MessageRecord]) -> set[tuple[int, str]]:
    """(message id, rel path) pairs that already have a sighting, so re-scans do not download again."""
    wanted = [r.platform_message_id for r in recs if rel_path(r) is not None]
    if not wanted:
        return set()
    with store.session() as s:
        rows = s.execute(
            sa.select(Message.platform_message_id, Sighting.file_path)
            .join(Sighting, Sighting.message_id == Message.id)
            .where(Message.source_id == source_id, Message.platform_message_id.in_(wanted))
        )
        return {(int(pid), str(path)) for pid, path in rows if path is not None}


class MediaBatch:
    """The temporary files of one batch; use as a context manager so they are always removed."""

    def __init__(self, client: Any, max_bytes: int) -> None:
        self.client = client
        self.max_bytes = max_bytes
        self.dir: Path | None = None
        self.skipped_too_large = 0
        self.failed = 0
        self.downloaded = 0

    def __enter__(self) -> MediaBatch:
        self.dir = Path(tempfile.mkdtemp(prefix="tragac-live-"))  # mkdtemp makes it 0700
        return self

    def __exit__(self, *exc: object) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    async def fetch(self, msg: Any, rec: MessageRecord) -> None:
        """Download ``msg``'s media into the batch folder and attach it to ``rec`` (when small enough)."""
        rel = rel_path(rec)
        if rel is None or self.dir is None or rec.media_info is None:
            return
        declared = rec.media_info.get("size")
        if isinstance(declared, int) and declared > self.max_bytes:
            rec.media_info["not_downloaded"] = f"larger than the {self.max_bytes} byte cap"
            self.skipped_too_large += 1
            return
        target = self.dir / f"{rec.platform_message_id}-{rec.media_info['telegram_id']}"
        cap = self.max_bytes

        def guard(current: int, _total: int) -> None:
            if current > cap:
                raise TooLarge

        try:
            got = await self.client.download_media(msg, file=str(target), progress_callback=guard)
        except TooLarge:
            target.unlink(missing_ok=True)
            rec.media_info["not_downloaded"] = f"larger than the {self.max_bytes} byte cap"
            self.skipped_too_large += 1
            return
        except (OSError, ValueError, TypeError) as exc:
            log.warning("media of message %s not downloaded: %s", rec.platform_message_id, exc)
            self.failed += 1
            return
        if got is None:
            return
        path = Path(got)
        if not path.is_file() or path.stat().st_size > cap:
            path.unlink(missing_ok=True)
            return
        self.downloaded += 1
        mime = rec.media_info.get("mime_type")
        rec.media_files.append(
            MediaFile(
                path=path,
                rel_path=rel,
                kind=media_kind(rec.media_type, mime),
                mime_type=mime if isinstance(mime, str) else ("image/jpeg" if rec.media_type == "photo" else None),
                width=rec.media_info.get("width"),
                height=rec.media_info.get("height"),
                duration=rec.media_info.get("duration"),
            )
        )

    def fingerprint(self, store: Store, recs: list[MessageRecord]) -> int:
        """After the batch is written: PDQ / frame hashes for media rows not hashed yet, from the temporary files."""
        files = {}
        for r in recs:
            for f in r.media_files:
                if f.path.is_file():
                    files[exact_hashes(f.path)[0]] = f.path
        if not files:
            return 0
        done = 0
        options = monitored_hash_options(store)
        with store.session() as s:
            for media in s.scalars(sa.select(Media).where(Media.sha256.in_(list(files)), Media.hashed_at.is_(None))):
                apply_hashes(media, hash_file(files[media.sha256], options, display_path=media.sha256))
                done += 1
        return done
