"""Reading a Telegram Desktop JSON export as a stream: byte scans for chat boundaries, nesting and string-size
limits, and byte offsets for malformed-input errors. Nothing here knows about the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from tragac.errors import InputError
from tragac.sources.base import DuplicateIds

MAX_DEPTH = 1000  # JSON nesting; real exports stay under 12
MAX_STRING_BYTES = 1 << 20  # a JSON string longer than this in the file is cut (the parser is quadratic beyond)


@dataclass
class Chat:
    """A chat as the stream announces it (name/type/id and other top-level keys) and how far ingest is with it."""

    left: bool = False
    name: str | None = None
    type: str | None = None
    id: Any = None
    raw: dict[str, Any] = field(default_factory=dict)
    index: int = 0  # messages seen
    source_id: int | None = None
    buffer: list[tuple[Any, int, int]] = field(default_factory=list)
    ended: bool = False
    duplicates: DuplicateIds = field(default_factory=DuplicateIds)
    merge_checked: bool = False
    raw_record: Any = None  # the SourceRecord written for it
    merged: bool = False  # a chat first read from HTML: JSON records replace its rows (writer mode "replace")

    def label(self) -> str:
        name = f" {self.name!r}" if self.name else ""
        return f"chat {self.id}{name}" if self.id is not None else f"chat{name or ' (no id yet)'}"


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


@dataclass
class Split:
    """A byte offset where a chat's ``"messages"`` key starts (with the chat's header), or the ``"left_chats"`` key."""

    offset: int
    header: Chat | None


_KEY = re.compile(rb'"(messages|left_chats)"\s*:')
_HEADER = re.compile(
    rb'\{\s*(?:"name"\s*:\s*(null|"(?:[^"\\]|\\.)*")\s*,\s*)?"type"\s*:\s*"([^"\\]*)"\s*,\s*"id"\s*:\s*(-?\d+)\s*,\s*\Z'
)


def chat_splits(path: Path) -> list[Split] | None:
    """Where each chat's messages begin in a full-account export, with its name/type/id, by a byte scan.

    Returns None unless every ``"messages"`` key is preceded by a Telegram Desktop chat header (``{"name", "type",
    "id",``): then the caller falls back to the event-by-event parser.
    """
    splits: list[Split] = []
    left_seen = False
    with path.open("rb") as f:
        prev = b""
        pos = 0
        last_hit = -1
        while block := f.read(1 << 22):
            data = prev + block
            base = pos - len(prev)
            for m in _KEY.finditer(data):
                at = base + m.start()
                if at <= last_hit:
                    continue
                last_hit = at
                if m.group(1) == b"left_chats":
                    if left_seen:
                        return None
                    left_seen = True
                    splits.append(Split(at, None))
                    continue
                h = _HEADER.search(data, max(0, m.start() - 8192), m.start())
                if h is None:
                    return None
                try:
                    name = orjson.loads(h.group(1)) if h.group(1) else None
                except orjson.JSONDecodeError:
                    return None
                splits.append(
                    Split(
                        at,
                        Chat(left=left_seen, name=name, type=h.group(2).decode(errors="replace"), id=int(h.group(3))),
                    )
                )
            prev = data[-16384:]
            pos += len(block)
    return splits


class Reader:
    """The file as ijson reads it: counts bytes, keeps the last chunk (for error offsets) and watches nesting depth.

    Depth is tracked on the raw bytes outside JSON strings, so a file nested deeper than :data:`MAX_DEPTH` is
    stopped before the parser builds its (quadratically growing) paths.
    """

    def __init__(self, f: IO[bytes], name: str, splits: list[Split] | None = None) -> None:
        self.f = f
        self.name = name
        self.pos = 0
        self.last = b""
        self.last_start = 0
        self.depth = 0
        self.in_string = False
        self.escaped = False
        self.string_len = 0  # bytes of the string the last chunk ended in
        self.skipping = False  # dropping the rest of an over-long string
        self.splits = list(reversed(splits or []))
        self.on_split: Any = None

    def read(self, n: int = -1) -> bytes:
        rewrite = False
        while self.splits and self.splits[-1].offset <= self.pos:
            split = self.splits.pop()
            if split.header is None:
                rewrite = True  # the "left_chats" key: read as "chats" so one item prefix covers both lists
            elif self.on_split is not None:
                self.on_split(split)
        if self.splits and n > 0:
            n = max(1, min(n, self.splits[-1].offset - self.pos))
        while True:
            chunk = self.f.read(n)
            if rewrite and chunk.startswith(b'"left_chats"'):
                chunk = b'"chats"     ' + chunk[12:]
            if not chunk:
                return chunk
            self.last_start = self.pos
            self.pos += len(chunk)
            out = self._scan(chunk)
            if out:  # empty while skipping the rest of an over-long string; b"" would mean end of file
                self.last = out
                return out

    def _string_end(self, chunk: bytes) -> int:
        """Index just past the closing quote of the string we are in, or -1 (the escape state is kept)."""
        i = 0
        if self.escaped:
            i, self.escaped = 1, False
        while True:
            j = chunk.find(b'"', i)
            if j < 0:
                seg = chunk[i:]
                self.escaped = (len(seg) - len(seg.rstrip(b"\\"))) % 2 == 1
                return -1
            k = j
            while k > i and chunk[k - 1] == 92:
                k -= 1
            if (j - k) % 2:
                i = j + 1
                continue
            self.in_string = False
            return j + 1

    def _scan(self, chunk: bytes) -> bytes:
        """Track strings and depth over ``chunk``; return the bytes to hand to the parser."""
        if self.skipping:
            end = self._string_end(chunk)
            if end < 0:
                return b""
            self.skipping = False
            return b'"' + self._scan_outside(chunk[end:])
        if self.in_string:
            end = self._string_end(chunk)
            if end < 0:
                self.string_len += len(chunk)
                return self._cut(chunk) if self.string_len > MAX_STRING_BYTES else chunk
            return chunk[:end] + self._scan_outside(chunk[end:])
        return self._scan_outside(chunk)

    def _cut(self, chunk: bytes) -> bytes:
        """End an over-long string here (at a character and escape boundary) and skip the rest of it."""
        c = len(chunk)
        while c > 0 and (chunk[c - 1] & 0xC0) == 0x80:
            c -= 1
        if c > 0 and chunk[c - 1] >= 0xC0:
            c -= 1
        k = chunk.rfind(b"\\", max(0, c - 6), c)
        if k >= 0:
            c = k
            while c > 0 and chunk[c - 1] == 92:
                c -= 1
        self.skipping = True
        self.escaped = False
        self._string_end(chunk[c:])  # sets the escape state at the end of the chunk
        self.in_string = True
        return chunk[:c] + "…[truncated]".encode()

    def _scan_outside(self, chunk: bytes) -> bytes:
        """Scan ``chunk``, which starts outside any string."""
        if not chunk:
            return chunk
        if b'\\"' in chunk:  # escaped quotes: strip whole strings with a regular expression
            rest = _STRING.sub(b"", chunk)
            q = rest.find(b'"')
            if q >= 0:
                tail = rest[q + 1 :]
                self.in_string = True
                self.escaped = (len(tail) - len(tail.rstrip(b"\\"))) % 2 == 1
                self.string_len = len(tail)
                rest = rest[:q]
        else:  # every quote delimits a string: the even-numbered parts are outside strings
            parts = chunk.split(b'"')
            if len(parts) % 2 == 0:
                tail = parts[-1]
                self.in_string = True
                self.escaped = (len(tail) - len(tail.rstrip(b"\\"))) % 2 == 1
                self.string_len = len(tail)
            rest = b"".join(parts[0::2])
        brackets = rest.translate(None, _NOT_BRACKETS)
        opens = brackets.count(b"[") + brackets.count(b"{")
        if self.depth + opens <= MAX_DEPTH:
            self.depth += 2 * opens - len(brackets)
            return chunk
        for b in brackets:
            self.depth += 1 if b in (91, 123) else -1
            if self.depth > MAX_DEPTH:
                raise InputError(
                    f"{self.name}: JSON nested deeper than {MAX_DEPTH} levels near byte {self.pos}; "
                    "this is not a Telegram Desktop export"
                )
        return chunk


def error_offset(message: str, reader: Reader) -> int:
    """Byte offset of a yajl parse error, from the context yajl prints and the chunk it was parsing."""
    lines = message.split("\n")
    if "premature EOF" in message or len(lines) < 2:
        return reader.pos
    snippet = lines[1]
    chunk = reader.last.replace(b"\n", b" ").replace(b"\r", b" ")
    try:
        text = snippet.encode("utf-8")
    except UnicodeEncodeError:  # pragma: no cover - yajl output is bytes decoded as UTF-8
        return reader.pos
    # yajl's offset is just past the offending token; report the token's last byte.
    for pad in range(40, 10, -1):  # offset < 30: pad = 40 - offset
        o = 40 - pad
        if text == b" " * pad + chunk[0 : o + 30]:
            return reader.last_start + max(o - 1, 0)
    body = text[10:]
    if body:
        hits = [m.start() for m in re.finditer(re.escape(body), chunk)]
        if len(hits) >= 1:
            return reader.last_start + hits[-1] + 29
    return reader.pos


# -- field conversion ----------------------------------------------------------------------------------------------
