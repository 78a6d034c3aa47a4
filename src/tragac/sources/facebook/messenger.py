"""Messenger threads as Facebook and Instagram download them: ``messages/<box>/<thread>/message_N.json``.

Each file holds ``participants`` (``[{"name"}]``), ``messages`` (newest first: ``sender_name``, ``timestamp_ms``,
``content``, ``photos`` / ``videos`` / ``audio_files`` / ``gifs`` / ``files`` (``[{"uri", "creation_timestamp"}]``),
``sticker`` (``{"uri"}``), ``share`` (``{"link"}``), ``reactions`` (``[{"reaction", "actor"}]``), ``type``), and the
thread's ``title``, ``thread_path`` and ``is_still_participant``. A long thread is split over message_1.json,
message_2.json, …

The download has no message ids and no user ids: a message's id is a stable hash of (thread, time in ms, sender,
text), and an author is keyed by display name (``name:<name>``), which is all the download gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tragac.sources.facebook.meta import load_json, number, resolve_uri, string
from tragac.sources.generic.threads import Occurrences, Problems, Thread, from_unix
from tragac.sources.records import MediaFile, MembershipRecord, MessageRecord, SourceRecord

MESSAGE_FILE = re.compile(r"^message_(\d+)\.json$")
# The download's attachment list -> our media type (Telegram's names, so filters and reports agree) and file kind.
MEDIA_KEYS: dict[str, tuple[str, str]] = {
    "photos": ("photo", "image"),
    "videos": ("video_file", "video"),
    "gifs": ("animation", "video"),
    "audio_files": ("audio_file", "other"),
    "files": ("file", "other"),
}
_SERVICE = {"Subscribe": "join", "Unsubscribe": "leave"}


def author_key(name: str | None) -> str | None:
    """The author id of a display name (the download has no user ids)."""
    return f"name:{name}" if name else None


def thread_folders(root: Path) -> list[Path]:
    """Folders under ``root`` (or ``root`` itself) that hold ``message_N.json`` files, sorted."""
    if any(MESSAGE_FILE.match(p.name) for p in root.iterdir() if p.is_file()):
        return [root]
    found = {p.parent for p in root.rglob("message_*.json") if MESSAGE_FILE.match(p.name)}
    return sorted(found)


def thread_files(folder: Path) -> list[Path]:
    files = [p for p in folder.iterdir() if p.is_file() and MESSAGE_FILE.match(p.name)]
    return sorted(files, key=lambda p: int(MESSAGE_FILE.match(p.name).group(1)))  # type: ignore[union-attr]


def _media(rec: MessageRecord, msg: dict[str, Any], folder: Path) -> None:
    refs: list[tuple[str, str, str]] = []  # (uri, media type, kind)
    for key, (media_type, kind) in MEDIA_KEYS.items():
        items = msg.get(key)
        if isinstance(items, list):
            refs.extend(
                (i["uri"], media_type, kind) for i in items if isinstance(i, dict) and isinstance(i.get("uri"), str)
            )
    sticker = msg.get("sticker")
    if isinstance(sticker, dict) and isinstance(sticker.get("uri"), str):
        refs.append((sticker["uri"], "sticker", "image"))
    if not refs:
        return
    rec.media_type = refs[0][1]
    rec.media_info = {"files": [uri for uri, _, _ in refs]}
    for uri, _, kind in refs:
        full = resolve_uri(uri, folder)
        if full is not None:
            rec.media_files.append(MediaFile(path=full, rel_path=uri, kind=kind))


def convert(msg: dict[str, Any], thread: str, folder: Path, ids: Occurrences) -> MessageRecord | None:
    """One Messenger message as a record; None when it has no time (it cannot be placed or keyed)."""
    ms = number(msg.get("timestamp_ms"))
    if ms is None:
        return None
    sender = string(msg, "sender_name")
    content = string(msg, "content") or ""
    kind = string(msg, "type")
    rec = MessageRecord(
        platform_message_id=ids.id_for(int(ms), thread, sender, content),
        kind="message",
        date=from_unix(ms / 1000),
        author_id=author_key(sender),
        author_name=sender,
        text=content,
    )
    extra: dict[str, Any] = {}
    if kind in _SERVICE:
        users = [u.get("name") for u in msg.get("users", []) if isinstance(u, dict)]
        rec.kind = "service"
        rec.action = kind
        rec.membership = MembershipRecord(
            event=_SERVICE[kind],
            action=kind,
            actor_id=author_key(sender),
            actor_name=sender,
            members=[u if isinstance(u, str) else None for u in users],
            member_count=len(users),
        )
    elif kind and kind != "Generic":
        extra["type"] = kind
    share = msg.get("share")
    if isinstance(share, dict) and isinstance(share.get("link"), str):
        extra["link"] = share["link"]
    reactions = msg.get("reactions")
    if isinstance(reactions, list) and reactions:
        extra["reactions"] = [
            {"reaction": r.get("reaction"), "actor": r.get("actor")} for r in reactions if isinstance(r, dict)
        ]
    if msg.get("is_unsent") is True:
        extra["unsent"] = True
    if extra:
        rec.extra = extra
    _media(rec, msg, folder)
    return rec.finish()


def read_threads(platform: str, root: Path, problems: Problems, position: list[int]) -> Iterator[Thread]:
    """The Messenger threads under ``root``; ``position`` accumulates the bytes read (for the progress bar)."""
    for folder in thread_folders(root):
        files = thread_files(folder)
        first = load_json(files[0], "a Messenger thread")
        if not isinstance(first, dict) or not isinstance(first.get("messages"), list):
            problems.skip(str(files[0]), "not a Messenger thread (no messages list)")
            continue
        key = string(first, "thread_path") or folder.name
        participants = [p.get("name") for p in first.get("participants", []) if isinstance(p, dict)]
        source = SourceRecord(
            platform=platform,
            platform_id=f"thread:{key}",
            kind="private_group" if len(participants) > 2 else "personal_chat",
            title=string(first, "title") or key,
            left=first.get("is_still_participant") is False,
            raw={"format": "messenger-json", "participants": participants, "thread_path": key},
        )
        ids = Occurrences()
        for index, path in enumerate(files):
            data = first if index == 0 else load_json(path, "a Messenger thread")
            messages = data.get("messages") if isinstance(data, dict) else None
            if not isinstance(messages, list):
                problems.skip(str(path), "not a Messenger thread (no messages list)")
                continue
            records: list[MessageRecord] = []
            # Oldest first, so the repeat counter (identical messages in the same millisecond) is stable.
            for n, msg in enumerate(reversed(messages)):
                rec = convert(msg, key, folder, ids) if isinstance(msg, dict) else None
                if rec is None:
                    problems.skip(f"{path} message #{len(messages) - n}", "no timestamp_ms")
                    continue
                records.append(rec)
            position[0] += path.stat().st_size
            yield Thread(platform, source, records, position=position[0])
