"""The columns of the generic CSV / JSONL format (docs/platforms.md §Generic), and the names other tools use for them.

A header is matched case-insensitively, with spaces and hyphens read as underscores (``Message ID`` is
``message_id``). 4CAT's exports (``id``, ``thread_id``, ``author``, ``body``, ``timestamp``, ``unix_timestamp``,
``reply_to``, ``attachment_type``) map onto these names without any renaming.
"""

from __future__ import annotations

import re

# Column -> the names accepted for it, in order of preference (the first present wins).
ALIASES: dict[str, tuple[str, ...]] = {
    "platform": ("platform",),
    "thread": ("thread", "thread_id", "chat", "conversation", "channel"),
    "thread_title": ("thread_title", "chat_title", "subject"),
    "message_id": ("message_id", "id", "post_id"),
    "author": ("author", "author_id", "author_username", "user", "sender"),
    "author_name": ("author_name", "author_fullname", "sender_name"),
    "time": ("time", "unix_timestamp", "timestamp", "date", "created_at"),
    "text": ("text", "body", "message", "content"),
    "reply_to": ("reply_to", "in_reply_to", "parent_id"),
    "media_path": ("media_path", "media", "attachment_filename"),
    "media_type": ("media_type", "attachment_type"),
}
REQUIRED = ("thread", "message_id", "time", "text")
DEFAULT_PLATFORM = "generic"

_SEP = re.compile(r"[\s\-]+")


def normal(name: str) -> str:
    return _SEP.sub("_", name.strip().lstrip("\ufeff")).lower()


def resolve(header: list[str]) -> dict[str, str]:
    """Our column -> the header name that holds it, for the columns present."""
    present = {normal(h): h for h in header}
    found: dict[str, str] = {}
    for column, names in ALIASES.items():
        for name in names:
            if name in present:
                found[column] = present[name]
                break
    return found


def missing(found: dict[str, str]) -> list[str]:
    return [c for c in REQUIRED if c not in found]
