"""Tweets (``tweets.js``) and direct messages (``direct-messages.js``, ``direct-messages-group.js``) as records.

Tweet fields read: ``id_str``, ``full_text`` (HTML entities decoded: the archive writes ``&amp;``), ``created_at``
(``"Wed Oct 10 20:19:24 +0000 2018"``), ``in_reply_to_status_id_str``, ``in_reply_to_screen_name``,
``entities.user_mentions``, ``extended_entities.media`` (photos in ``data/tweets_media/<tweet id>-<file>``),
``retweeted`` / ``RT @…`` (a retweet: ``forwarded_from``), ``favorite_count``, ``retweet_count``, ``lang``.

DM events read: ``messageCreate`` (``id``, ``senderId``, ``recipientId``, ``text``, ``createdAt`` ISO,
``mediaUrls`` (files in ``data/direct_messages[_group]_media/<message id>-<file>``), ``reactions``, ``urls``);
``participantsJoin`` / ``participantsLeave`` / ``joinConversation`` (membership) and ``conversationNameUpdate``.
"""

from __future__ import annotations

import html
import mimetypes
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tragac.sources.generic.threads import message_id, time_id
from tragac.sources.records import MediaFile, MembershipRecord, MessageRecord
from tragac.sources.x_archive.ytd import Account

PLATFORM = "x"
_RT = re.compile(r"^RT @([A-Za-z0-9_]{1,15}):")


class Malformed(ValueError):
    """A tweet or DM event that cannot become a record."""


def user_id(value: Any) -> str | None:
    return f"user{value}" if isinstance(value, str | int) and str(value).isdigit() else None


def tweet_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise Malformed("no created_at")
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").astimezone(UTC)
    except ValueError:
        raise Malformed(f"created_at {value[:40]!r} is not Twitter's date format") from None


def iso_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise Malformed("no createdAt")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Malformed(f"createdAt {value[:40]!r} is not ISO 8601") from None
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def _local_media(folder: Path, owner_id: str, url: str) -> Path | None:
    """The archive names a media file ``<tweet or message id>-<last part of its URL>``."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    candidate = folder / f"{owner_id}-{name}"
    return candidate if name and candidate.is_file() else None


def _media_kind(media_type: str | None, path: str) -> str:
    if media_type == "photo":
        return "image"
    if media_type in ("video", "animated_gif"):
        return "video"
    mime = mimetypes.guess_type(path)[0] or ""
    return "image" if mime.startswith("image/") else "video" if mime.startswith("video/") else "other"


def tweet(obj: dict[str, Any], owner: Account, data_dir: Path) -> MessageRecord:
    t = obj.get("tweet", obj)
    if not isinstance(t, dict):
        raise Malformed("not a tweet object")
    tid = t.get("id_str") or t.get("id")
    if not isinstance(tid, str | int) or not str(tid).isdigit():
        raise Malformed("no id_str")
    text = t.get("full_text") if isinstance(t.get("full_text"), str) else t.get("text")
    rec = MessageRecord(
        platform_message_id=message_id(str(tid)),
        kind="message",
        date=tweet_time(t.get("created_at")),
        author_id=user_id(owner.account_id),
        author_name=owner.display_name or owner.username,
        text=html.unescape(text) if isinstance(text, str) else "",
    )
    extra: dict[str, Any] = {"id": str(tid)}
    reply = t.get("in_reply_to_status_id_str")
    if isinstance(reply, str) and reply.isdigit():
        rec.reply_to_message_id = message_id(reply)
        if isinstance(t.get("in_reply_to_screen_name"), str):
            extra["in_reply_to"] = t["in_reply_to_screen_name"]
    rt = _RT.match(rec.text)
    if rt is not None:
        rec.forwarded_from = rt.group(1)
    for key in ("favorite_count", "retweet_count", "lang"):
        if t.get(key) is not None:
            extra[key] = t[key]
    mentions = (t.get("entities") or {}).get("user_mentions") if isinstance(t.get("entities"), dict) else None
    if isinstance(mentions, list) and mentions:
        extra["mentions"] = [m.get("screen_name") for m in mentions if isinstance(m, dict)]
    rec.extra = extra
    media = (t.get("extended_entities") or t.get("entities") or {}).get("media")
    if isinstance(media, list) and media:
        first = media[0] if isinstance(media[0], dict) else {}
        mtype: str = first["type"] if isinstance(first.get("type"), str) else "photo"
        rec.media_type = {"photo": "photo", "video": "video_file", "animated_gif": "animation"}.get(mtype, mtype)
        urls = [m.get("media_url_https") or m.get("media_url") for m in media if isinstance(m, dict)]
        rec.media_info = {"urls": [u for u in urls if isinstance(u, str)]}
        for folder in ("tweets_media", "tweet_media"):
            for m in media:
                url = m.get("media_url_https") or m.get("media_url") if isinstance(m, dict) else None
                if not isinstance(url, str):
                    continue
                full = _local_media(data_dir / folder, str(tid), url)
                if full is not None:
                    kind = _media_kind(m.get("type"), full.name)
                    rec.media_files.append(MediaFile(path=full, rel_path=f"data/{folder}/{full.name}", kind=kind))
    return rec.finish()


_EVENTS = {"participantsJoin": "join", "joinConversation": "join", "participantsLeave": "leave"}


def dm_event(event: dict[str, Any], conversation: str, owner: Account, media_dir: Path) -> MessageRecord | None:
    """One event of a conversation as a record; None for an event type that carries nothing we keep."""
    if len(event) != 1:
        raise Malformed("not a DM event (one key expected)")
    ((kind, body),) = event.items()
    if not isinstance(body, dict):
        raise Malformed(f"{kind} is not an object")
    if kind == "messageCreate":
        mid = body.get("id")
        if not isinstance(mid, str) or not mid.isdigit():
            raise Malformed("messageCreate has no id")
        sender = user_id(body.get("senderId"))
        own = owner.account_id is not None and str(body.get("senderId")) == owner.account_id
        text = body.get("text")
        rec = MessageRecord(
            platform_message_id=message_id(mid),
            kind="message",
            date=iso_time(body.get("createdAt")),
            author_id=sender,
            author_name=(owner.display_name or owner.username) if own else None,
            text=html.unescape(text) if isinstance(text, str) else "",
        )
        extra: dict[str, Any] = {"id": mid}
        if user_id(body.get("recipientId")):
            extra["recipient"] = user_id(body.get("recipientId"))
        urls = body.get("urls")
        if isinstance(urls, list) and urls:
            extra["urls"] = [u.get("expanded") for u in urls if isinstance(u, dict)]
        reactions = body.get("reactions")
        if isinstance(reactions, list) and reactions:
            extra["reactions"] = [
                {"reaction": r.get("reactionKey"), "actor": user_id(r.get("senderId"))}
                for r in reactions
                if isinstance(r, dict)
            ]
        rec.extra = extra
        media_urls = [u for u in body.get("mediaUrls") or [] if isinstance(u, str)]
        if media_urls:
            rec.media_info = {"urls": media_urls}
            kinds = [_media_kind(None, u) for u in media_urls]
            rec.media_type = "photo" if kinds[0] == "image" else "video_file" if kinds[0] == "video" else "file"
            for url, k in zip(media_urls, kinds, strict=True):
                full = _local_media(media_dir, mid, url)
                if full is not None:
                    rec.media_files.append(MediaFile(path=full, rel_path=f"data/{media_dir.name}/{full.name}", kind=k))
        return rec.finish()
    if kind in _EVENTS or kind == "conversationNameUpdate":
        when = iso_time(body.get("createdAt"))
        actor = user_id(body.get("initiatingUserId"))
        users = [user_id(u) for u in body.get("userIds") or []]
        if kind == "joinConversation" and not users:
            users = [user_id(owner.account_id)]
        name = body.get("name") if isinstance(body.get("name"), str) else None
        event_name = _EVENTS.get(kind, "title")
        rec = MessageRecord(
            platform_message_id=time_id(int(when.timestamp() * 1000), conversation, kind, *users, name),
            kind="service",
            date=when,
            author_id=actor,
            action=kind,
            text=name or "",
            membership=MembershipRecord(
                event=event_name,
                action=kind,
                actor_id=actor,
                members=list(users),
                member_count=len(users) if event_name in ("join", "leave") else 0,
                details={"name": name} if name else None,
            ),
        )
        return rec.finish()
    return None
