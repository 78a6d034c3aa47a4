"""Facebook comments: ``comments_and_reactions/comments.json`` (older downloads: ``comments/comments.json``).

``{"comments_v2": [{"timestamp", "title": "<author> commented on <owner>'s post.", "data": [{"comment":
{"timestamp", "comment", "author", "group"}}], "attachments": [{"data": [{"media": {"uri"}}]}]}]}`` (older: the
list is ``"comments"``). They are the comments the account owner wrote; each author's comments are one source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tragac.sources.facebook.messenger import author_key
from tragac.sources.facebook.meta import load_json, number, resolve_uri, string
from tragac.sources.generic.threads import Occurrences, Problems, Thread, from_unix
from tragac.sources.records import MediaFile, MessageRecord, SourceRecord

PLATFORM = "facebook"
COMMENT_FILES = ("comments.json",)


def comment_lists(data: Any) -> list[Any] | None:
    if isinstance(data, dict):
        for key in ("comments_v2", "comments"):
            if isinstance(data.get(key), list):
                return list(data[key])
    return None


def _convert(item: dict[str, Any], folder: Path, ids: Occurrences) -> MessageRecord | None:
    inner: dict[str, Any] = {}
    for d in item.get("data") or []:
        if isinstance(d, dict) and isinstance(d.get("comment"), dict):
            inner = d["comment"]
            break
    ts = number(inner.get("timestamp")) or number(item.get("timestamp"))
    if ts is None:
        return None
    text = string(inner, "comment") or ""
    author = string(inner, "author")
    title = string(item, "title")
    rec = MessageRecord(
        platform_message_id=ids.id_for(int(ts * 1000), author, title, text),
        kind="message",
        date=from_unix(ts),
        author_id=author_key(author),
        author_name=author,
        text=text,
        extra={k: v for k, v in (("title", title), ("group", inner.get("group"))) if isinstance(v, str)} or None,
    )
    uris = [
        m["media"]["uri"]
        for a in item.get("attachments") or []
        if isinstance(a, dict)
        for m in a.get("data") or []
        if isinstance(m, dict) and isinstance(m.get("media"), dict) and isinstance(m["media"].get("uri"), str)
    ]
    if uris:
        rec.media_type = "photo"
        rec.media_info = {"files": uris}
        for uri in uris:
            full = resolve_uri(uri, folder)
            if full is not None:
                rec.media_files.append(MediaFile(path=full, rel_path=uri, kind="image"))
    return rec.finish()


def read_comments(path: Path, problems: Problems, position: list[int]) -> Iterator[Thread]:
    data = load_json(path, "Facebook's download")
    items = comment_lists(data)
    if items is None:
        problems.skip(str(path), "no comments_v2 list: not a Facebook comments file")
        return
    by_author: dict[str | None, list[MessageRecord]] = {}
    ids = Occurrences()
    for n, item in enumerate(items, 1):
        rec = _convert(item, path.parent, ids) if isinstance(item, dict) else None
        if rec is None:
            problems.skip(f"{path.name} comment #{n}", "no timestamp")
            continue
        by_author.setdefault(rec.author_name, []).append(rec)
    position[0] += path.stat().st_size
    for author, records in by_author.items():
        who = author or "the account owner"
        source = SourceRecord(
            platform=PLATFORM,
            platform_id=f"comments:{author or ''}",
            kind="comments",
            title=f"Comments by {who}",
            raw={"format": "facebook-comments-json"},
        )
        yield Thread(PLATFORM, source, records, position=position[0])
