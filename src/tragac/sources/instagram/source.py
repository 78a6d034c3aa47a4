"""Instagram's "Download your information" (JSON) as an ingest source (registered in :mod:`tragac.sources.builtin`).

The folder of the download (or ``your_instagram_activity``, ``comments``, ``messages``, a thread's folder) or one of
its files (``post_comments_1.json``, ``reels_comments.json``, ``message_N.json``). Messages use Messenger's format
(:mod:`tragac.sources.facebook.messenger`). What is read is in docs/platforms.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tragac.errors import InputError
from tragac.progress import Reporter
from tragac.sources.base import IngestResult, Source, zone_for
from tragac.sources.facebook.messenger import MESSAGE_FILE, read_threads, thread_folders
from tragac.sources.facebook.meta import refuse_html_download
from tragac.sources.generic.threads import Problems, Thread, check_utf8, ingest_threads
from tragac.sources.instagram.comments import COMMENT_FILE, PLATFORM, read_comments
from tragac.store.db import Store

ACTIVITY = "your_instagram_activity"
WHAT = "Instagram's Download your information"


def is_instagram_download(folder: Path) -> bool:
    """Whether ``folder`` is the top of an Instagram download: its account file is
    ``personal_information/personal_information/personal_information.json`` (2023–) or
    ``personal_information/personal_information.json`` (older); Facebook's is ``profile_information``."""
    info = folder / "personal_information"
    return (info / "personal_information").is_dir() or (info / "personal_information.json").is_file()


def under_instagram(path: Path) -> bool:
    """Whether ``path`` is inside an Instagram download (a folder above it is one, or is its activity folder)."""
    if ACTIVITY in {p.lower() for p in path.parts}:
        return True
    return any(is_instagram_download(folder) for folder in path.parents[:5])


def comment_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root] if COMMENT_FILE.match(root.name) else []
    return sorted(p for p in root.rglob("*.json") if COMMENT_FILE.match(p.name))


class InstagramExport(Source):
    name = "instagram"
    help = "Instagram 'Download your information' (JSON): post and reel comments, message threads; folder or file."

    def sniff(self, path: Path) -> bool:
        if path.is_dir():
            if (path / "result.json").exists():
                return False
            if (path / ACTIVITY).is_dir() or under_instagram(path):
                return True
            if is_instagram_download(path):
                return True
            return any(COMMENT_FILE.match(p.name) for p in [*path.glob("*.json"), *path.glob("comments/*.json")])
        if COMMENT_FILE.match(path.name):
            return True
        return bool(MESSAGE_FILE.match(path.name)) and under_instagram(path)

    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        zone_for(timezone)  # validated for a clear error; the download's times are all UTC timestamps
        path = path.expanduser().absolute()
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        problems = Problems()
        if path.is_file():
            if MESSAGE_FILE.match(path.name):
                threads_root: Path | None = path.parent
                files = [p for p in path.parent.iterdir() if MESSAGE_FILE.match(p.name)]
                comments: list[Path] = []
            elif COMMENT_FILE.match(path.name):
                threads_root, files, comments = None, [], [path]
            else:
                raise InputError(f"{path}: not a file of {WHAT} (post_comments_N.json or message_N.json)")
        else:
            threads_root = path
            files = [f for d in thread_folders(path) for f in d.iterdir() if MESSAGE_FILE.match(f.name)]
            comments = comment_files(path)
            if not files and not comments:
                refuse_html_download(path, WHAT, ("message_1.html", "post_comments_1.html", "post_comments.html"))
                raise InputError(f"{path}: no post_comments or message_N.json here (is it {WHAT} in JSON?)")
        for file in [*files, *comments]:
            check_utf8(file)  # before anything is written
        size = sum(p.stat().st_size for p in [*files, *comments])
        position = [0]

        def threads() -> Iterator[Thread]:
            for file in comments:
                yield from read_comments(file, problems, position)
            if threads_root is not None and files:
                yield from read_threads(PLATFORM, threads_root, problems, position)

        return ingest_threads(
            store,
            threads(),
            path=path,
            root=path if path.is_dir() else path.parent,
            size=size,
            timezone=timezone,
            reporter=reporter,
            label=path.name,
            problems=problems,
            details={"format": "instagram-json"},
        )
