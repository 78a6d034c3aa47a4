"""What Facebook's and Instagram's "Download your information" JSON have in common.

Meta writes every string as its UTF-8 bytes, each byte escaped as a Latin-1 code point (``"Petrovi\\u00c4\\u0087"``
for "Petrović"): :func:`repair` undoes that. A string that is not such mojibake (a character above U+00FF, or
Latin-1 bytes that are not UTF-8, as in a correctly written "café") is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from tragac.errors import InputError
from tragac.sources.base import read_text


def repair_text(text: str) -> str:
    """``text`` with Meta's Latin-1-escaped UTF-8 decoded (see the module docstring)."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def repair(obj: Any) -> Any:
    """:func:`repair_text` applied to every string (keys included) of a parsed JSON value."""
    if isinstance(obj, str):
        return repair_text(obj)
    if isinstance(obj, list):
        return [repair(v) for v in obj]
    if isinstance(obj, dict):
        return {repair_text(k): repair(v) for k, v in obj.items()}
    return obj


def load_json(path: Path, what: str) -> Any:
    """A download's JSON file, parsed and repaired; not UTF-8, HTML or malformed JSON is an InputError."""
    text = read_text(path)
    head = text.lstrip()[:15].lower()
    if head.startswith(("<!doctype", "<html", "<div")):
        raise InputError(f"{path}: HTML, not JSON: this is the HTML version of {what}; request the JSON format")
    try:
        return repair(orjson.loads(text))
    except orjson.JSONDecodeError as exc:
        offset = len(text[: exc.pos].encode()) if exc.pos is not None else 0
        raise InputError(f"{path}: malformed JSON at byte {offset}: {exc.msg}") from None


def refuse_html_download(folder: Path, what: str, names: tuple[str, ...]) -> None:
    """Explain a download requested in HTML (Meta offers both) instead of saying nothing was found."""
    for name in names:
        if next(folder.rglob(name), None) is not None:
            raise InputError(f"{folder}: this is the HTML version of {what}; request the download again in JSON format")


def resolve_uri(uri: str, start: Path, levels: int = 8) -> Path | None:
    """The file a download's relative ``uri`` names: Meta writes it from the download's root, which may be any
    folder above ``start`` (the user may have moved or unpacked only part of it)."""
    if not uri or "://" in uri:
        return None
    rel = Path(uri)
    if rel.is_absolute() or ".." in rel.parts:
        return None
    for folder in [start, *start.parents][:levels]:
        candidate = folder / rel
        if candidate.is_file():
            return candidate
    return None


def string(obj: dict[str, Any], key: str) -> str | None:
    """``obj[key]`` when it is a string (a download's fields may be missing or of another type)."""
    value = obj.get(key)
    return value if isinstance(value, str) else None


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
