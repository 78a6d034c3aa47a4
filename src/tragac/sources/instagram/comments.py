"""Instagram comments: ``your_instagram_activity/comments/post_comments_1.json`` and ``reels_comments.json``
(older downloads: ``comments/post_comments.json``).

Three shapes are in use, all read here:

- a bare list (2023–): ``[{"media_list_data": [{"uri"}], "string_map_data": {"Comment": {"value"},
  "Media Owner": {"value"}, "Time": {"timestamp"}}}]``;
- an object holding that list as ``comments_media_comments`` or ``comments_reels_comments``;
- the oldest: ``{"comments_media_comments": [{"title": "<media owner>", "string_list_data": [{"value",
  "timestamp"}]}]}``.

The comments are the ones the account owner wrote (the file does not name the owner: ``personal_information.json``
does, see :func:`account_owner`). The comments on one media owner's posts are one source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tragac.sources.facebook.meta import load_json, number, resolve_uri
from tragac.sources.generic.threads import Occurrences, Problems, Thread, from_unix
from tragac.sources.records import MediaFile, MessageRecord, SourceRecord

PLATFORM = "instagram"
COMMENT_FILE = re.compile(r"^(post_comments(_\d+)?|reels_comments)\.json$")
_LIST_KEYS = ("comments_media_comments", "comments_reels_comments", "comments_story_comments")
_OWNER_FILES = (
    Path("personal_information") / "personal_information" / "personal_information.json",
    Path("personal_information") / "personal_information.json",
)


def comment_items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return list(data[key])
    return None


def _value(smd: dict[str, Any], key: str, field: str = "value") -> Any:
    entry = smd.get(key)
    return entry.get(field) if isinstance(entry, dict) else None


def account_owner(start: Path) -> tuple[str | None, str | None]:
    """(username, name) of the download's account, from ``personal_information.json`` in a folder above ``start``."""
    for folder in [start, *start.parents][:5]:
        for rel in _OWNER_FILES:
            path = folder / rel
            if path.is_file():
                data = load_json(path, "Instagram's download")
                users = data.get("profile_user") if isinstance(data, dict) else None
                if isinstance(users, list) and users and isinstance(users[0], dict):
                    smd = users[0].get("string_map_data") or {}
                    username = _value(smd, "Username")
                    name = _value(smd, "Name")
                    return (username if isinstance(username, str) else None, name if isinstance(name, str) else None)
    return None, None


def _fields(item: dict[str, Any]) -> tuple[str, str | None, float | None]:
    """(text, media owner, unix time) of one comment in any of the three shapes."""
    smd = item.get("string_map_data")
    if isinstance(smd, dict):
        text = _value(smd, "Comment")
        owner = _value(smd, "Media Owner")
        ts = number(_value(smd, "Time", "timestamp")) or number(_value(smd, "Comment", "timestamp"))
        return (text if isinstance(text, str) else ""), (owner if isinstance(owner, str) else None), ts
    sld = item.get("string_list_data")
    if isinstance(sld, list) and sld and isinstance(sld[0], dict):
        title = item.get("title")
        value = sld[0].get("value")
        return (
            (value if isinstance(value, str) else ""),
            (title if isinstance(title, str) else None),
            number(sld[0].get("timestamp")),
        )
    return "", None, None


def read_comments(path: Path, problems: Problems, position: list[int]) -> Iterator[Thread]:
    data = load_json(path, "Instagram's download")
    items = comment_items(data)
    if items is None:
        problems.skip(str(path), "no comments list: not an Instagram comments file")
        return
    username, name = account_owner(path.parent)
    author_id = username
    author_name = name or username
    kind = "reel" if path.name.startswith("reels") else "post"
    ids = Occurrences()
    by_owner: dict[str | None, list[MessageRecord]] = {}
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.skip(f"{path.name} comment #{n}", "not an object")
            continue
        text, owner, ts = _fields(item)
        if ts is None:
            problems.skip(f"{path.name} comment #{n}", "no timestamp")
            continue
        rec = MessageRecord(
            platform_message_id=ids.id_for(int(ts * 1000), kind, owner, text),
            kind="message",
            date=from_unix(ts),
            author_id=author_id,
            author_name=author_name,
            text=text,
            extra={"on": kind, "media_owner": owner} if owner else {"on": kind},
        )
        uris = [
            m["uri"]
            for m in item.get("media_list_data") or []
            if isinstance(m, dict) and isinstance(m.get("uri"), str) and m["uri"]
        ]
        if uris:
            rec.media_type = "photo"
            rec.media_info = {"files": uris}
            for uri in uris:
                full = resolve_uri(uri, path.parent)
                if full is not None:
                    rec.media_files.append(MediaFile(path=full, rel_path=uri, kind="image"))
        by_owner.setdefault(owner, []).append(rec.finish())
    position[0] += path.stat().st_size
    for owner, records in by_owner.items():
        source = SourceRecord(
            platform=PLATFORM,
            platform_id=f"comments:{owner or ''}",
            kind="comments",
            title=f"Comments on {owner}'s posts" if owner else "Comments",
            username=owner,
            raw={"format": "instagram-comments-json", "account": username},
        )
        yield Thread(PLATFORM, source, records, position=position[0])
