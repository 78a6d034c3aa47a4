"""Byte-for-byte Telegram Desktop JSON: the indentation, key order and string escaping of its export writer.

Telegram Desktop does not use a JSON library: ``export_output_json.cpp`` concatenates text, indenting each nested
value by the depth of a "nesting" stack, and that stack is not always pushed the way a pretty-printer would (a
message's ``reactions`` sit one level deeper than its ``text``). A synthetic export only looks real if it repeats
those quirks, so this module mirrors the writer's functions (SerializeString, SerializeObject, SerializeArray,
SerializeText, SerializeMessage) rather than calling ``json.dumps``.

A message is given as an ordered ``dict`` in the order Telegram Desktop pushes its keys; values are ``str``,
``int``, ``bool``, ``None`` or the structured values named in :func:`message`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Escapes of SerializeString: only these; everything else (including "/" and non-ASCII) is written raw.
_ESCAPES = str.maketrans(
    {
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        '"': '\\"',
        "\\": "\\\\",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def string(value: str) -> str:
    """SerializeString. Other control characters are never generated here (tdesktop writes them as invalid \\xNN)."""
    return '"' + value.translate(_ESCAPES) + '"'


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return string(value)


def obj(depth: int, pairs: Iterable[tuple[str, str]]) -> str:
    """SerializeObject with ``depth`` = the writer's nesting size: keys at depth+1, closing brace at depth."""
    inner = "\n" + " " * (depth + 1)
    body = ",".join(inner + string(k) + ": " + v for k, v in pairs if v != "")
    return "{" + body + "\n" + " " * depth + "}"


def arr(depth: int, items: Iterable[str]) -> str:
    """SerializeArray: items at depth+1, closing bracket at depth."""
    inner = "\n" + " " * (depth + 1)
    return "[" + ",".join(inner + v for v in items) + "\n" + " " * depth + "]"


Part = str | dict[str, Any]


def _part(depth: int, part: Part) -> str:
    if isinstance(part, str):
        part = {"type": "plain", "text": part}
    pairs = [("type", string(part["type"])), ("text", string(part["text"]))]
    for extra in ("href", "user_id", "language", "document_id", "collapsed"):
        if extra in part:
            pairs.append((extra, scalar(part[extra])))
    return obj(depth, pairs)


def text(depth: int, parts: list[Part], *, as_objects: bool) -> str:
    """SerializeText. ``parts`` mixes plain strings and ``{type, text, [href|user_id|language|document_id]}``.

    ``depth`` is the nesting while the message's members are serialised (its key indentation).
    """
    if not parts:
        return "[]" if as_objects else '""'
    if not as_objects and len(parts) == 1 and isinstance(parts[0], str):
        return string(parts[0])
    # The writer pushes an array level while rendering the parts, then pops it before writing the array itself.
    rendered = [string(p) if isinstance(p, str) and not as_objects else _part(depth + 1, p) for p in parts]
    return arr(depth, rendered)


def message(depth: int, m: dict[str, Any], *, with_entities: bool = True) -> str:
    """SerializeMessage for a message at nesting ``depth`` (the messages array's depth).

    Structured keys: ``text`` (list of parts or a string; ``text_entities`` is derived), ``members`` (list of names
    or None), ``poll`` ({question, closed, total_voters, answers: [{text, voters, chosen}]}), ``reactions``
    ([{type, count, emoji|document_id}]), ``location_information`` ({latitude, longitude} or None),
    ``contact_information`` ({first_name, last_name, phone_number}).
    """
    d = depth + 1  # the writer pushes the message object before serialising its members
    pairs: list[tuple[str, str]] = []
    for key, value in m.items():
        if key == "text":
            parts: list[Part] = [value] if isinstance(value, str) and value else ([] if value == "" else value)
            pairs.append(("text", text(d, parts, as_objects=False)))
            if with_entities:  # exports before v4.1.2 (2022-09) have no text_entities
                pairs.append(("text_entities", text(d, parts, as_objects=True)))
        elif key == "members":
            pairs.append(("members", arr(d, [scalar(x) for x in value])))
        elif key == "poll":
            answers = [
                obj(
                    d + 2,
                    [("text", string(a["text"])), ("voters", scalar(a["voters"])), ("chosen", scalar(a["chosen"]))],
                )
                for a in value["answers"]
            ]
            pairs.append(
                (
                    "poll",
                    obj(
                        d,
                        [
                            ("question", string(value["question"])),
                            ("closed", scalar(value["closed"])),
                            ("total_voters", scalar(value["total_voters"])),
                            ("answers", arr(d + 1, answers)),
                        ],
                    ),
                )
            )
        elif key == "reactions":
            items = [obj(d + 2, [(k, scalar(v)) for k, v in r.items()]) for r in value]
            pairs.append(("reactions", arr(d + 1, items)))
        elif key in {"location_information", "contact_information"}:
            pairs.append((key, "null" if value is None else obj(d, [(k, scalar(v)) for k, v in value.items()])))
        else:
            pairs.append((key, scalar(value)))
    return obj(depth, pairs)


class ExportWriter:
    """Streams a full-account ``result.json`` in the order and layout of Telegram Desktop's JsonWriter."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh
        self._nesting = 0
        self._had_item = False

    def _write(self, s: str) -> None:
        self._fh.write(s.encode("utf-8"))

    def _push(self, opener: str) -> str:
        self._nesting += 1
        self._had_item = False
        return opener

    def _pop(self, closer: str) -> str:
        self._nesting -= 1
        self._had_item = True
        return "\n" + " " * self._nesting + closer

    def _key(self, key: str) -> str:
        sep = ",\n" if self._had_item else "\n"
        self._had_item = True
        return sep + " " * self._nesting + string(key) + ": "

    def _item(self) -> str:
        sep = ",\n" if self._had_item else "\n"
        self._had_item = True
        return sep + " " * self._nesting

    def start(self, about: str) -> None:
        self._write(self._push("{") + self._key("about") + string(about))

    def personal_information(self, info: dict[str, Any]) -> None:
        self._write(self._key("personal_information") + obj(self._nesting, [(k, scalar(v)) for k, v in info.items()]))

    def empty_list(self, key: str) -> None:
        """profile_pictures / stories with nothing in them: ``[`` then a pop, as the writer does."""
        self._write(self._key(key) + self._push("[") + self._pop("]"))

    def about_list(self, key: str, about: str, items: list[dict[str, Any]]) -> None:
        """contacts / frequent_contacts: ``{about, list: [objects]}``."""
        block = self._key(key) + self._push("{") + self._key("about") + string(about) + self._key("list")
        block += self._push("[")
        for item in items:
            block += self._item() + obj(self._nesting, [(k, scalar(v)) for k, v in item.items()])
        block += self._pop("]") + self._pop("}")
        self._write(block)

    def chats_start(self, key: str, about: str) -> None:
        self._write(
            self._key(key) + self._push("{") + self._key("about") + string(about) + self._key("list") + self._push("[")
        )

    def dialog_start(self, name: str | None, kind: str, chat_id: int) -> None:
        block = self._item() + self._push("{")
        if kind not in {"saved_messages", "replies"}:
            block += self._key("name") + scalar(name)
        block += self._key("type") + string(kind) + self._key("id") + str(chat_id)
        block += self._key("messages") + self._push("[")
        self._write(block)

    def dialog_messages(self, messages: Iterable[dict[str, Any]]) -> None:
        block = [self._item() + message(self._nesting, m) for m in messages]
        if block:
            self._write("".join(block))

    def dialog_end(self) -> None:
        self._write(self._pop("]") + self._pop("}"))

    def chats_end(self) -> None:
        self._write(self._pop("]") + self._pop("}"))

    def finish(self) -> None:
        self._write(self._pop("}"))
