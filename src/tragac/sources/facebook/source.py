"""Facebook's "Download your information" (JSON) as an ingest source (registered in :mod:`tragac.sources.builtin`).

The folder of the download (any level of it: the whole download, ``your_facebook_activity``, ``messages``, one
thread's folder) or one of its files (``message_N.json``, ``comments.json``). What is read is in docs/platforms.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tragac.errors import InputError
from tragac.progress import Reporter
from tragac.sources.base import IngestResult, Source, zone_for
from tragac.sources.facebook.comments import PLATFORM, read_comments
from tragac.sources.facebook.messenger import MESSAGE_FILE, read_threads, thread_folders
from tragac.sources.facebook.meta import refuse_html_download
from tragac.sources.generic.threads import Problems, Thread, check_utf8, ingest_threads
from tragac.sources.instagram.source import is_instagram_download, under_instagram
from tragac.store.db import Store

_ROOTS = ("your_facebook_activity", "your_activity_across_facebook", "comments_and_reactions")
_INSTAGRAM = "your_instagram_activity"
WHAT = "Facebook's Download your information"


def _is_instagram(path: Path) -> bool:
    """An Instagram download (same Messenger format): left to the Instagram source."""
    if under_instagram(path) or (path.is_dir() and (path / _INSTAGRAM).is_dir()):
        return True
    return path.is_dir() and is_instagram_download(path)


def comment_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root] if root.name in ("comments.json",) else []
    return sorted(p for p in root.rglob("comments.json") if p.parent.name in ("comments_and_reactions", "comments"))


def _head(path: Path, n: int = 4096) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


class FacebookExport(Source):
    name = "facebook"
    help = "Facebook 'Download your information' (JSON): Messenger threads and comments; the folder or a file."

    def sniff(self, path: Path) -> bool:
        if _is_instagram(path):
            return False
        if path.is_dir():
            if (path / "result.json").exists():
                return False
            if any((path / r).is_dir() for r in _ROOTS) or (path / "messages" / "inbox").is_dir():
                return True
            if path.name in ("inbox", "archived_threads", "filtered_threads", "message_requests", "e2ee_cutover"):
                return True
            return (path / "message_1.json").is_file() and b'"participants"' in _head(path / "message_1.json")
        head = _head(path)
        if MESSAGE_FILE.match(path.name):
            return b'"participants"' in head
        return path.name == "comments.json" and (b'"comments_v2"' in head or b'"comments"' in head)

    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        zone_for(timezone)  # validated for a clear error; the download's times are all UTC timestamps
        path = path.expanduser().absolute()
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        root = path if path.is_dir() else path.parent
        problems = Problems()
        if path.is_file():
            if MESSAGE_FILE.match(path.name):
                threads_root: Path | None = path.parent
                files = [p for p in path.parent.iterdir() if MESSAGE_FILE.match(p.name)]
                comments: list[Path] = []
            elif path.name == "comments.json":
                threads_root, files, comments = None, [], [path]
            else:
                raise InputError(f"{path}: not a file of {WHAT} (message_N.json or comments.json)")
        else:
            threads_root = path
            files = [f for d in thread_folders(path) for f in d.iterdir() if MESSAGE_FILE.match(f.name)]
            comments = comment_files(path)
            if not files and not comments:
                refuse_html_download(path, WHAT, ("message_1.html", "comments.html"))
                raise InputError(f"{path}: no message_N.json or comments.json here (is it {WHAT} in JSON?)")
        for file in [*files, *comments]:
            check_utf8(file)  # before anything is written
        size = sum(p.stat().st_size for p in [*files, *comments])
        position = [0]

        def threads() -> Iterator[Thread]:
            if threads_root is not None and files:
                yield from read_threads(PLATFORM, threads_root, problems, position)
            for file in comments:
                yield from read_comments(file, problems, position)

        return ingest_threads(
            store,
            threads(),
            path=path,
            root=root,
            size=size,
            timezone=timezone,
            reporter=reporter,
            label=path.name,
            problems=problems,
            details={"format": "facebook-json"},
        )
