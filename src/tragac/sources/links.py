"""Exact locations for notices and evidence: Telegram message links and web URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from tragac.store.models.core import Message, Sighting, Source


def message_link(source: Source, message: Message) -> str | None:
    """``https://t.me/<username>/<id>`` for public chats, ``https://t.me/c/<internal id>/<id>`` otherwise."""
    if source.platform != "telegram":
        return None
    msg_id = message.platform_message_id
    if source.username:
        return f"https://t.me/{source.username.lstrip('@')}/{msg_id}"
    internal = source.platform_id.removeprefix("-100").lstrip("-")
    if not internal.isdigit():
        return None
    return f"https://t.me/c/{internal}/{msg_id}"


def sighting_link(sighting: Sighting, source: Source | None, message: Message | None) -> str | None:
    if sighting.url:
        return sighting.url
    if source is not None and message is not None:
        return message_link(source, message)
    return None


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.lower()
