"""The archive's data files: JavaScript that assigns one JSON array, ``window.YTD.<name>.part<N> = [ … ]``.

Nothing is executed: the prefix is matched, and what follows it must be exactly one JSON array (a trailing ``;`` is
allowed). ``data/account.js`` names the archive's owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tragac.errors import InputError
from tragac.sources.base import read_text

_PREFIX = re.compile(r"\A\s*window\.YTD\.([A-Za-z0-9_]+)\.part(\d+)\s*=\s*")
# File name (without .js) -> the YTD name inside; parts are "<name>-part1.js", "<name>-part2.js", …
FILES = {
    "tweets": "tweets",
    "tweet": "tweet",  # archives before 2022
    "direct-messages": "direct_messages",
    "direct-messages-group": "direct_messages_group",
    "account": "account",
}
_FILE = re.compile(r"^(tweets?|direct-messages(?:-group)?|account)(?:-part(\d+))?\.js$")


def data_kind(name: str) -> tuple[str, int] | None:
    """(base name, part) of an archive data file name, or None for another file."""
    m = _FILE.match(name)
    return (m.group(1), int(m.group(2) or 0)) if m else None


def looks_like_ytd(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"window.YTD.")


def load(path: Path) -> list[Any]:
    """The array a data file assigns; anything else is an InputError naming the file and the byte."""
    text = read_text(path)
    m = _PREFIX.match(text)
    if m is None:
        raise InputError(f"{path}: not an X archive data file (it does not start with 'window.YTD.<name>.part0 =')")
    body = text[m.end() :].rstrip()
    body = body.removesuffix(";").rstrip()
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        offset = len(text[: m.end() + (exc.pos or 0)].encode())
        raise InputError(f"{path}: malformed JSON at byte {offset}: {exc.msg}") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: not an X archive data file (window.YTD… is not assigned an array)")
    return data


@dataclass(frozen=True, slots=True)
class Account:
    """The archive's owner (``data/account.js``)."""

    account_id: str | None = None
    username: str | None = None
    display_name: str | None = None


def account(data_dir: Path) -> Account:
    path = data_dir / "account.js"
    if not path.is_file():
        return Account()
    rows = load(path)
    acc = rows[0].get("account") if rows and isinstance(rows[0], dict) else None
    if not isinstance(acc, dict):
        return Account()

    def s(key: str) -> str | None:
        v = acc.get(key)
        return v if isinstance(v, str) and v else None

    return Account(s("accountId"), s("username"), s("accountDisplayName"))
