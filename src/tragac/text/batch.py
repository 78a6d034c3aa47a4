"""Batch gates: one regex search over a whole batch of messages joined by NUL, instead of one search per message.

``hits(rx, joined)`` returns the messages in which ``rx`` matches, exactly as ``[rx.search(t) for t in texts]``
would, provided the pattern is :func:`nul_safe`: a NUL between two messages must behave like the end of one and the
start of the other. That holds when the pattern has no anchors but ``\\b``/``\\B`` (``^`` and ``$`` do not match at
a NUL), no atomic groups or possessive repeats (their pruning could depend on what follows the message), no
back-references, and no negative look-around that could read a NUL (at a message's edge it would read the
separator where the message alone has nothing). A pattern that can consume a NUL elsewhere is still safe: a match
that runs into the next message only makes its own message a (harmless) candidate, and the search for the next
message starts again at that message's start.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate
from re import _constants as _sre_c  # type: ignore[attr-defined]  # the parser re itself uses (3.11+)
from re import _parser as _sre_p  # type: ignore[attr-defined]
from typing import Any, NamedTuple

SEP = "\x00"
_PLUS_ONE = (1).__add__
_BOUNDARIES = {_sre_c.AT_BOUNDARY, _sre_c.AT_NON_BOUNDARY}
_BOUNDARIES |= {getattr(_sre_c, f"AT_{k}_{b}") for k in ("LOC", "UNI") for b in ("BOUNDARY", "NON_BOUNDARY")}
_UNSAFE_OPS = {_sre_c.GROUPREF, _sre_c.GROUPREF_EXISTS, _sre_c.ATOMIC_GROUP, _sre_c.POSSESSIVE_REPEAT}


class Joined(NamedTuple):
    """A batch of texts joined by NUL, and where each text starts in the joined string."""

    text: str
    starts: list[int]


def join(texts: Sequence[str]) -> Joined:
    # starts[i] = sum of len(t) + 1 over the texts before i, summed in C
    starts = list(accumulate(map(_PLUS_ONE, map(len, texts)), initial=0))
    starts.pop()
    return Joined(SEP.join(texts), starts)


def hits(rx: re.Pattern[str], joined: Joined) -> list[int]:
    """Indices (ascending) of the texts in which ``rx`` finds a match; ``rx`` must be :func:`nul_safe`."""
    out: list[int] = []
    text, starts = joined
    n = len(starts)
    search = rx.search
    right = bisect.bisect_right
    pos = 0
    while (m := search(text, pos)) is not None:
        i = right(starts, m.start()) - 1
        out.append(i)
        i += 1
        if i >= n:
            break
        pos = starts[i]
    return out


def literal_hits(literal: str, joined: Joined) -> list[int]:
    """Indices (ascending) of the texts that contain ``literal`` (which holds no NUL)."""
    out: list[int] = []
    text, starts = joined
    n = len(starts)
    find = text.find
    right = bisect.bisect_right
    pos = find(literal)
    while pos >= 0:
        i = right(starts, pos) - 1
        out.append(i)
        i += 1
        if i >= n:
            break
        pos = find(literal, starts[i])
    return out


def _class_has_nul(items: list[tuple[Any, Any]]) -> bool:
    negate = False
    found = False
    for op, av in items:
        if op is _sre_c.NEGATE:
            negate = True
        elif op is _sre_c.LITERAL:
            found |= av == 0
        elif op is _sre_c.RANGE:
            found |= av[0] <= 0 <= av[1]
        elif op is _sre_c.CATEGORY:
            found |= "NOT_" in str(av)  # \D, \S, \W match NUL; \d, \s, \w do not
        else:
            return True  # unknown member: assume the worst
    return found != negate


def _reads_nul(sub: Any) -> bool:
    """Whether any character-consuming node of ``sub`` could match a NUL (conservative)."""
    for op, av in sub:
        if op in (_sre_c.ANY, _sre_c.NOT_LITERAL):
            return True
        if op is _sre_c.LITERAL:
            if av == 0:
                return True
        elif op is _sre_c.IN:
            if _class_has_nul(av):
                return True
        elif op is _sre_c.BRANCH:
            if any(_reads_nul(b) for b in av[1]):
                return True
        elif op is _sre_c.SUBPATTERN:
            if _reads_nul(av[-1]):
                return True
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, _sre_c.POSSESSIVE_REPEAT):
            if _reads_nul(av[2]):
                return True
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            if _reads_nul(av[1]):
                return True
        elif op is _sre_c.ATOMIC_GROUP:
            if _reads_nul(av):
                return True
        elif op is not _sre_c.AT:
            return True  # anything else (back-references…): assume it could
    return False


def _safe(sub: Any) -> bool:
    for op, av in sub:
        if op in _UNSAFE_OPS:
            return False
        if op is _sre_c.AT:
            if av not in _BOUNDARIES:
                return False
        elif op is _sre_c.BRANCH:
            if not all(_safe(b) for b in av[1]):
                return False
        elif op is _sre_c.SUBPATTERN:
            if not _safe(av[-1]):
                return False
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT):
            if not _safe(av[2]):
                return False
        elif op is _sre_c.ASSERT:
            if not _safe(av[1]):
                return False
        elif op is _sre_c.ASSERT_NOT:
            if not _safe(av[1]) or _reads_nul(av[1]):
                return False
        elif op not in (_sre_c.LITERAL, _sre_c.NOT_LITERAL, _sre_c.IN, _sre_c.ANY):
            return False
    return True


@lru_cache(maxsize=1024)
def _nul_safe(pattern: str, flags: int) -> bool:
    try:
        return _safe(_sre_p.parse(pattern, flags))
    except Exception:  # a pattern the parser reads differently: take the per-message path
        return False


def leading_literal(rx: re.Pattern[str]) -> str | None:
    """The literal text every match of ``rx`` starts with (``"mladj"`` for ``mladj(?<!\\wmladj)…``), or None: a
    cheap ``in`` test that must pass before the search can find anything."""
    if not isinstance(rx.pattern, str) or rx.flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_p.parse(rx.pattern, rx.flags)
    except Exception:  # a pattern the parser reads differently: no shortcut
        return None
    out = []
    for op, av in parsed:
        if op is not _sre_c.LITERAL:
            break
        out.append(chr(av))
    return "".join(out) or None


def nul_safe(rx: re.Pattern[str]) -> bool:
    """Whether :func:`hits` gives exactly the per-text searches' answer for ``rx`` (see the module's docstring)."""
    return isinstance(rx.pattern, str) and _nul_safe(rx.pattern, rx.flags)
