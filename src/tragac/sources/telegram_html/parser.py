"""Read one page (``messagesN.html``) of a Telegram Desktop HTML export into plain message dicts, streaming.

The markup is the fixed layout that Telegram Desktop's ``export_output_html.cpp`` writes (see
docs/telegram-export.md §HTML): every message is a ``div.message`` with ``id="messageN"``; day separators are
``div.message.service`` with a negative id and are not messages. We tokenise with one regular expression over the
page (tags and text runs) and keep a stack of open elements, so whitespace and indentation changes (prettified pages)
do not matter, and memory is one page plus the message being read.

What a parsed message holds is :class:`HtmlMessage`; :mod:`tragac.sources.telegram_html.convert` turns it into a
:class:`~tragac.sources.records.MessageRecord`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# A tag (group 1: "/" for a closing tag, 2: name, 3: attributes) or a text run (group 4). A lone "<" (comments,
# doctype) is matched by the last alternative and skipped.
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|<!--.*?-->|<", re.S)
_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*"([^"]*)"')
_VOID = frozenset({"br", "img", "meta", "link", "hr", "input", "source", "wbr"})
_MESSAGE_ID = re.compile(r"message(-?\d+)$")
_TRAILING_DATE = re.compile(r"\s*\d\d\.\d\d\.\d{4} \d\d:\d\d(:\d\d)?( UTC[+-]\d\d?:?\d\d)?$")
_VIA = re.compile(r"^(.*?)\s+via @(\w+)$")
# Indentation between tags (Telegram writes every element on its own indented line; text content stays on one line,
# its line breaks are <br>): dropped before tokenising, which halves the number of tokens.
_INDENT = re.compile(r">\n\s*<")

# Media wrappers by class → our media type (the JSON export's vocabulary, so both formats agree).
_MEDIA_CLASSES = {
    "photo_wrap": "photo",
    "media_photo": "photo",
    "video_file_wrap": "video_file",
    "media_video": "video_file",
    "animated_wrap": "animation",
    "media_animation": "animation",
    "sticker_wrap": "sticker",
    "media_sticker": "sticker",
    "media_voice_message": "voice_message",
    "media_audio_file": "audio_file",
    "media_video_message": "video_message",
    "video_message_wrap": "video_message",
    "media_file": "file",
    "media_location": "location",
    "media_live_location": "location",
    "media_venue": "location",
    "media_contact": "contact",
    "media_call": "call",
    "media_game": "game",
    "media_invoice": "invoice",
    "poll": "poll",
}


@dataclass(slots=True)
class HtmlMessage:
    """One ``div.message`` as the page shows it; strings are unescaped, whitespace runs are kept as written."""

    id: int
    service: bool
    joined: bool = False
    date_title: str | None = None
    from_name: str | None = None
    text: str = ""
    reply_to_id: int | None = None
    reply_other_chat: bool = False
    forwarded_from: str | None = None
    forward_date_title: str | None = None
    media_type: str | None = None
    media_href: str | None = None
    media_title: str | None = None
    media_status: str | None = None
    media_description: str | None = None
    signature: str | None = None
    via_bot: str | None = None
    reactions: list[tuple[str, int]] = field(default_factory=list)
    edited_title: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (shown text, href) of text links


@dataclass(slots=True)
class PageInfo:
    """What a page says about itself besides its messages."""

    title: str | None = None
    next_page: str | None = None  # href of the "next messages" link, if any
    day_separators: int = 0


_EMPTY: tuple[frozenset[str], dict[str, str]] = (frozenset(), {})
_CLASS_CACHE: dict[str, tuple[frozenset[str], dict[str, str]]] = {}


def _classes(attrs: str) -> tuple[frozenset[str], dict[str, str]]:
    """Classes and attributes of a tag. Most tags repeat exactly (``class="body"``), so results are cached; the
    returned dict must not be changed."""
    hit = _CLASS_CACHE.get(attrs)
    if hit is not None:
        return hit
    if "=" not in attrs:
        return _EMPTY
    found = dict(_ATTR.findall(attrs))
    out = (frozenset(found.get("class", "").split()), found)
    if "title=" not in attrs and "id=" not in attrs:  # dates and ids are unique: not worth keeping
        if len(_CLASS_CACHE) > 4096:
            _CLASS_CACHE.clear()
        _CLASS_CACHE[attrs] = out
    return out


def _norm(s: str) -> str:
    return " ".join(s.split())


class _Capture:
    """Text collected for one element (``from_name``, ``text``, …) until its element closes."""

    __slots__ = ("depth", "kind", "parts")

    def __init__(self, kind: str, depth: int) -> None:
        self.kind = kind
        self.depth = depth
        self.parts: list[str] = []


def parse_page(data: str, info: PageInfo | None = None) -> Iterator[HtmlMessage]:
    """Yield the messages of one page in order (service messages included, day separators counted in ``info``)."""
    info = info if info is not None else PageInfo()
    stack: list[str] = []  # tag names of the open elements
    msg: HtmlMessage | None = None
    msg_depth = -1
    captures: list[_Capture] = []
    in_forward = -1  # depth of the open div.forwarded.body, or -1
    in_media = -1
    in_reactions = -1
    reaction_emoji: str | None = None
    link_href: str | None = None
    link_start = 0
    header_title: _Capture | None = None
    for m in _TOKEN.finditer(_INDENT.sub("><", data)):
        text = m.group(4)
        if text is not None:
            if captures:
                t = html.unescape(text) if "&" in text else text
                for c in captures:
                    c.parts.append(t)
            continue
        name = m.group(2)
        if name is None:
            continue
        name = name.lower()
        if m.group(1):  # closing tag
            if name in _VOID:
                continue
            depth = len(stack) - 1
            if (
                depth > msg_depth  # most closing tags: nothing to finish here (the fast path)
                and stack[-1] == name
                and (not captures or captures[-1].depth != depth)
                and depth != in_forward
                and depth != in_media
                and depth != in_reactions
                and (name != "a" or link_href is None)
                and msg_depth >= 0
            ):
                stack.pop()
                continue
            # Pop to the matching open tag (tolerates unclosed inline tags).
            while stack:
                tag = stack.pop()
                depth = len(stack)
                while captures and captures[-1].depth == depth:
                    done = captures.pop()
                    if msg is not None:
                        _finish_capture(msg, done, in_forward >= 0, in_media >= 0, reaction_emoji)
                        if done.kind == "emoji":
                            reaction_emoji = "".join(done.parts).strip()
                    elif done is header_title:
                        info.title = _norm("".join(done.parts)) or None
                if tag == "a" and link_href is not None and msg is not None:
                    shown = _text_of(captures, link_start)
                    if shown is not None:
                        msg.links.append((shown, link_href))
                    link_href = None
                if depth == in_forward:
                    in_forward = -1
                if depth == in_media:
                    in_media = -1
                if depth == in_reactions:
                    in_reactions = -1
                if depth == msg_depth and msg is not None:
                    yield msg
                    msg, msg_depth = None, -1
                if tag == name:
                    break
            continue
        attrs = m.group(3)
        if name == "br":
            for c in captures:
                c.parts.append("\n")
            continue
        cls, found = _classes(attrs)
        depth = len(stack)
        self_closing = attrs.endswith("/") or name in _VOID
        if name == "div" and "message" in cls:
            mid = _MESSAGE_ID.match(found.get("id", ""))
            if mid is None:
                pass
            elif int(mid.group(1)) < 0:
                info.day_separators += 1  # a day separator: "div.message.service" with id message-N
            else:
                msg = HtmlMessage(id=int(mid.group(1)), service="service" in cls, joined="joined" in cls)
                msg_depth = depth
        elif msg is None:
            if name == "div" and "text" in cls and "bold" in cls and info.title is None:
                header_title = _Capture("title", depth)
                captures.append(header_title)
            elif name == "a" and "pagination" in cls and "href" in found and "next" not in found:
                info.next_page = found["href"]
        else:
            if name == "div":
                if "date" in cls and "details" in cls and "title" in found:
                    if in_forward < 0:
                        msg.date_title = found["title"]
                    elif msg.forward_date_title is None:
                        msg.forward_date_title = found["title"]
                elif "from_name" in cls:
                    captures.append(_Capture("from_name", depth))
                elif "text" in cls and in_media < 0:
                    captures.append(_Capture("text", depth))
                elif "reply_to" in cls:
                    captures.append(_Capture("reply", depth))
                elif "forwarded" in cls and "body" in cls:
                    in_forward = depth
                elif "media_wrap" in cls:
                    in_media = depth
                elif "signature" in cls:
                    captures.append(_Capture("signature", depth))
                elif msg.service and "body" in cls and "details" in cls:
                    captures.append(_Capture("text", depth))
                elif in_media >= 0:
                    if "title" in cls:
                        captures.append(_Capture("media_title", depth))
                    elif "status" in cls:
                        captures.append(_Capture("media_status", depth))
                    elif "description" in cls:
                        captures.append(_Capture("media_description", depth))
                    elif "question" in cls:
                        captures.append(_Capture("media_title", depth))
                if in_media >= 0 and msg.media_type is None:
                    _media_kind(msg, cls, found)
            elif name == "a":
                href = found.get("href", "")
                if in_media >= 0 and msg.media_type is None:
                    _media_kind(msg, cls, found)
                elif any(c.kind == "reply" for c in captures):
                    # "#go_to_message12", or "messages.html#go_to_message12" for a message on another page.
                    _, mark, tail = href.partition("#go_to_message")
                    if mark and tail.lstrip("-").isdigit():
                        msg.reply_to_id = int(tail)
                    elif href.startswith(("https://t.me/", "tg://")):
                        msg.reply_other_chat = True
                elif href and not href.startswith("#") and any(c.kind == "text" for c in captures):
                    link_href, link_start = href, _text_len(captures)
                if in_media >= 0 and msg.media_href is None and href and not href.startswith("#"):
                    msg.media_href = href
            elif name == "span":
                if "reactions" in cls:
                    in_reactions = depth
                elif in_reactions >= 0 and "emoji" in cls:
                    captures.append(_Capture("emoji", depth))
                elif in_reactions >= 0 and "count" in cls:
                    captures.append(_Capture("count", depth))
                elif "date" in cls and "details" in cls and in_forward >= 0:
                    # Forward date: the title (newer exports) or the span's text (2017 exports).
                    if "title" in found:
                        msg.forward_date_title = found["title"]
                    else:
                        captures.append(_Capture("forward_date", depth))
                elif "details" in cls and in_forward >= 0 and any(c.kind == "from_name" for c in captures):
                    captures.append(_Capture("forward_date", depth))
            elif name == "img" and in_media >= 0 and msg.media_href is None and msg.media_type is None:
                _media_kind(msg, cls, found)
        if not self_closing:
            stack.append(name)
    if msg is not None:  # a truncated page: keep the last message we started
        yield msg


def _text_len(captures: list[_Capture]) -> int:
    for c in captures:
        if c.kind == "text":
            return sum(len(p) for p in c.parts)
    return 0


def _text_of(captures: list[_Capture], start: int) -> str | None:
    for c in captures:
        if c.kind == "text":
            return "".join(c.parts)[start:]
    return None


def _media_kind(msg: HtmlMessage, cls: frozenset[str], found: dict[str, str]) -> None:
    for c in cls:
        kind = _MEDIA_CLASSES.get(c)
        if kind is not None:
            msg.media_type = kind
            return


def _finish_capture(msg: HtmlMessage, c: _Capture, forwarded: bool, media: bool, emoji: str | None) -> None:
    raw = "".join(c.parts)
    kind = c.kind
    if kind == "text":
        msg.text = "\n".join(line.strip() for line in raw.strip().split("\n"))
    elif kind == "from_name":
        # The date span inside a forwarded block's from_name is part of the captured text: cut it off.
        name = _TRAILING_DATE.sub("", _norm(raw)) if forwarded else _norm(raw)
        via = _VIA.match(name)
        bot = None
        if via is not None:
            name, bot = via.group(1), via.group(2)
        if forwarded:
            msg.forwarded_from = name or None
        elif msg.from_name is None:
            msg.from_name = name
            msg.via_bot = bot
    elif kind == "forward_date":
        msg.forward_date_title = _norm(raw) or msg.forward_date_title
    elif kind == "reply":
        if "another chat" in raw:
            msg.reply_other_chat = True
    elif kind == "signature":
        msg.signature = _norm(raw) or None
    elif kind == "media_title":
        msg.media_title = _norm(raw) or None
    elif kind == "media_status":
        msg.media_status = _norm(raw) or None
    elif kind == "media_description":
        msg.media_description = _norm(raw) or None
    elif kind == "count":
        try:
            count = int(_norm(raw) or "1")
        except ValueError:
            count = 1
        msg.reactions.append((emoji or "", count))
