"""One normalisation for lexicon entries and messages alike, with a map back to the original offsets.

Rules, in order (each has a golden test in tests/text/test_normalize.py):

1. invisible and bidi characters are dropped (zero-width, soft hyphen, bidi controls, variation selectors, keycaps);
2. NFKC and casefold per character (fullwidth, mathematical and circled letters become plain letters), enclosed and
   regional-indicator letters map to a–z;
3. per word: an all-Cyrillic word is transliterated by *sound* (Serbian: р→r, с→s, у→u, в→v, љ→lj…); a word mixing
   scripts is an evasion, so its Cyrillic and Greek letters map by *shape* (р→p, с→c, у→y, в→b, н→h…);
4. diacritics fold (č/ć→c, š→s, ž→z, đ→dj);
5. leetspeak (0→o, 3→e, 4→a, @→a, $→s…) only for digits and symbols *between letters* of one word, so digit runs
   ("-18", phone numbers, "u 18h") never change; one 0, 1, 3, 4 or @ *ending* a word of two letters or more is its
   last letter too ("kuj0" → "kujo", "glup4" → "glupa");
6. punctuation between two letters of one chunk becomes a space ("teen-trade", "t.e.e.n");
7. repeated letters squeeze to one ("seeeex"→"sex", "teen"→"ten": lexicon entries get the same treatment);
8. whitespace runs become one space.

``Normalized.compact`` is the separator-free letter stream used for "t e e n" spacing. Chunks are cached, so a
message costs a handful of dict look-ups for words seen before.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

# Serbian Cyrillic by sound (the notes' 30-letter table), plus a few Russian/Ukrainian/Macedonian letters.
_CYR_SOUND = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i", "ј": "j",
    "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "ё": "e", "щ": "šč",
    "ъ": "", "ь": "", "і": "i", "ї": "ji", "є": "je", "ґ": "g",
}  # fmt: skip
# Cyrillic and Greek letters by the Latin letter they look like (UTS #39 prototypes, lower case).
_SHAPE = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
    "х": "x", "ј": "j", "і": "i", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ь": "b", "п": "n", "г": "r",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ѵ": "v", "ӏ": "l", "ԍ": "g", "ч": "4", "з": "3", "ш": "w",
}  # fmt: skip
# Dash-like signs (minus, en dash, heavy minus emoji) are one "-": the age code "-18" is written with all of them.
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212\u2796\ufe63\uff0d"}
_FOLD = {"đ": "dj", "ð": "dj", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"}
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s",
         "!": "i", "|": "i", "€": "e"}  # fmt: skip
_TRAILING_LEET = frozenset("0134@")  # rule 5b: the signs that stand for a word's last letter
_INVISIBLE = frozenset(
    [chr(c) for c in (0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x20E3, 0xFEFF, 0x3164)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
    + [chr(c) for c in range(0xFE00, 0xFE10)]
)
_MAX_CACHE = 200_000
_T = TypeVar("_T")


class lazy(Generic[_T]):
    """``functools.cached_property`` without the lock Python 3.11 takes on every first access (a few µs each, on
    every message). The value lands in the instance ``__dict__``, so later reads never reach this descriptor."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> lazy[_T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> _T | lazy[_T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def _enclosed(ch: str) -> str | None:
    cp = ord(ch)
    for first in (0x1F130, 0x1F150, 0x1F170, 0x1F1E6):  # squared, negative circled, negative squared, regional
        if first <= cp < first + 26:
            return chr(ord("a") + cp - first)
    return None


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def _is_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff"


_char_cache: dict[str, str] = {}


def _nfkc_casefold(ch: str) -> str:
    """Rules 1–2 for one character: '' for invisibles, else NFKC + casefold (may be several characters)."""
    out = _char_cache.get(ch)
    if out is None:
        if ch in _INVISIBLE or unicodedata.category(ch) == "Cf":
            out = ""
        else:
            out = _DASHES.get(ch) or _enclosed(ch) or unicodedata.normalize("NFKC", ch).casefold()
            out = "".join(c for c in out if not c.isspace())  # NFKC gives "¸" a leading space
        _char_cache[ch] = out
    return out


_fold_cache: dict[str, str] = {}


def _fold(ch: str) -> str:
    """Rule 4 for one Latin character: strip combining marks, map the letters that do not decompose."""
    out = _fold_cache.get(ch)
    if out is None:
        if ch in _FOLD:
            out = _FOLD[ch]
        elif ch.isascii():
            out = ch
        else:
            out = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            out = "".join(_FOLD.get(c, c) for c in out)
        _fold_cache[ch] = out
    return out


def _is_symbol(ch: str) -> bool:
    """Emoji and pictographs (So), modifier symbols (Sk: skin tones); never letters, digits or leet signs."""
    return ch not in _LEET and unicodedata.category(ch) in ("So", "Sk")


def _drop_inner_symbols(items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop runs of symbols that have a letter on both sides; the letters keep their own offsets."""
    out: list[tuple[str, int, int]] = []
    n = len(items)
    i = 0
    while i < n:
        if not _is_symbol(items[i][0]):
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < n and _is_symbol(items[j][0]):
            j += 1
        inner = bool(out) and out[-1][0].isalpha() and j < n and items[j][0].isalpha()
        if not inner:
            out.extend(items[i:j])
        i = j
    return out


_DIGIT_LOOKALIKE = {"o": "0", "i": "1", "l": "1"}


def _looks_numeric(word: list[tuple[str, int, int]]) -> bool:
    """A run of digits with a few look-alike letters ("o64", "i8"): at least as many digits as letters, and every
    letter one of o/i/l. "lol", "l0l" and "10h" are not numbers."""
    digits = letters = 0
    prev = ""
    for ch, _, _ in word:
        if ch.isdigit():
            digits += 1
        elif ch in _DIGIT_LOOKALIKE:
            letters += ch != prev  # counted as rule 7 will squeeze them, so the rule agrees with its own output
        else:
            return False
        prev = ch
    return letters > 0 and digits >= letters


@dataclass(frozen=True, slots=True)
class Chunk:
    """A whitespace-free piece of the original, normalised; ``starts``/``ends`` are offsets within the piece."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _normalize_chunk(raw: str) -> Chunk:
    # Rules 1–2: each item is (char, start, end) with offsets into ``raw``.
    items: list[tuple[str, int, int]] = []
    for i, ch in enumerate(raw):
        if unicodedata.combining(ch) and items:
            # A combining mark belongs to the letter before it; rule 4 would drop it anyway.
            c, s, _ = items[-1]
            items[-1] = (c, s, i + 1)
            continue
        for c in _nfkc_casefold(ch):
            if not unicodedata.combining(c):
                items.append((c, i, i + 1))
    # Rule 2b: an emoji or symbol inside a word is an evasion ("sli🔥ke", "k🤡u🤡r🤡v🤡o"): drop it there. At a
    # word's edge it stays (emoji used as code words are lexicon tokens; laughter emoji are context).
    if any(_is_symbol(c) for c, _, _ in items):
        items = _drop_inner_symbols(items)
    # Rule 3: decide the script per run of letters/leet characters.
    out: list[tuple[str, int, int]] = []
    n = len(items)
    i = 0
    while i < n:
        c = items[i][0]
        if not (c.isalnum() or c in _LEET):
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < n and (items[j][0].isalnum() or items[j][0] in _LEET):
            j += 1
        word = items[i:j]
        has_cyr = any(_is_cyrillic(w[0]) or _is_greek(w[0]) for w in word)
        has_lat = any(w[0].isalpha() and not (_is_cyrillic(w[0]) or _is_greek(w[0])) for w in word)
        table = _SHAPE if (has_cyr and has_lat) else _CYR_SOUND
        mapped: list[tuple[str, int, int]] = []
        for ch, s, e in word:
            if has_cyr and ch in table:
                for t in table[ch]:
                    for f in _fold(t):
                        mapped.append((f, s, e))
            else:
                for f in _fold(ch):
                    mapped.append((f, s, e))
        if _looks_numeric(mapped):
            # Rule 3b: look-alike letters inside a number ("o64", "-I8", "1o") are the digits they stand for.
            mapped = [(_DIGIT_LOOKALIKE.get(ch, ch), s, e) for ch, s, e in mapped]
        out.extend(mapped)
        i = j
    # Rule 5: leet between letters; rule 6: punctuation between letters becomes one space.
    n = len(out)
    letters = [c.isalpha() for c, _, _ in out]
    res: list[tuple[str, int, int]] = []
    i = 0
    while i < n:
        c, s, e = out[i]
        if letters[i] or c.isspace() or (c.isalnum() and c not in _LEET):
            res.append(out[i])
            i += 1
            continue
        j = i
        leet_run = c in _LEET
        if leet_run:
            while j < n and out[j][0] in _LEET and not letters[j]:
                j += 1
            before = i > 0 and letters[i - 1]
            after = j < n and letters[j]
            leading_dollar = c == "$" and i == 0 and after
            if not after and before and c in _TRAILING_LEET and len(res) > 1 and res[-2][0].isalpha():
                # Rule 5b: one look-alike sign ending a word of two letters or more ("kuj0", "kurv4!", "glup@"):
                # the word's last letter; never part of a digit run ("mp3" stays, "jelena95" too).
                # ... at the word's real end: a space, the text's end, or sentence punctuation before one
                nxt = out[i + 1][0] if i + 1 < n else " "
                nxt2 = out[i + 2][0] if i + 2 < n else " "
                if nxt.isspace() or (nxt in ".,!?;:" and (nxt2.isspace() or nxt2 in ".,!?;:")):
                    res.append((_LEET[c], s, e))
                    i += 1
                    continue
            if (before and after) or leading_dollar:
                res.extend((_LEET[out[k][0]], out[k][1], out[k][2]) for k in range(i, j))
            else:
                res.extend(out[i:j])
            i = j
            continue
        while j < n and not letters[j] and not out[j][0].isalnum() and out[j][0] not in _LEET:
            j += 1
        if i > 0 and letters[i - 1] and j < n and letters[j]:
            res.append((" ", s, out[j - 1][2]))
        else:
            res.extend(out[i:j])
        i = j
    # Rule 7: squeeze repeated letters.
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for c, s, e in res:
        if text and c == text[-1] and c.isalpha():
            ends[-1] = e
            continue
        text.append(c)
        starts.append(s)
        ends.append(e)
    return Chunk("".join(text), tuple(starts), tuple(ends))


_chunk_cache: dict[str, Chunk] = {}


_HAS_LETTER = re.compile(r"[^\W\d_]")
_letter_cache: dict[str, str] = {}


def _letter(ch: str) -> str:
    """Rules 2–4 for one letter of a single-script word (Latin letters and Cyrillic letters never overlap)."""
    out = _letter_cache.get(ch)
    if out is None:
        folded = _nfkc_casefold(ch)
        out = "".join(_fold(t) for c in folded for t in _CYR_SOUND.get(c, c))
        _letter_cache[ch] = out
        if len(out) == 1:
            _letter1[ch] = out
    return out


_letter1: dict[str, str] = {}  # letters whose ``_letter`` is exactly one character
_REPEAT = re.compile(r"(.)\1")
# Sentence punctuation after a word: no rule touches it there (leet and the punctuation-to-space rule apply only
# between letters), so "vas?" is the word's chunk plus "?".
_TAIL = re.compile(r"[.,?!:;]+\Z")
# Letters for which the word path and the general path provably agree (Latin, Serbian Cyrillic); exotic letters
# whose NFKC form changes script (µ → μ) take the general path.
_PLAIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u045f]+\Z")


_CYR_GREEK = re.compile("[\u0370-\u03ff\u0400-\u052f]")  # what _is_cyrillic or _is_greek accepts
_NOT_CYR_GREEK = re.compile("[^\u0370-\u03ff\u0400-\u052f]")
_IDENTITY: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}


def _identity(n: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``starts``/``ends`` of a chunk whose characters map one to one (shared: tuples are immutable)."""
    got = _IDENTITY.get(n)
    if got is None:
        got = _IDENTITY[n] = (tuple(range(n)), tuple(range(1, n + 1)))
    return got


def _word_chunk(raw: str) -> Chunk | None:
    """Fast path for a chunk of letters only, in one script, optionally followed by sentence punctuation: no leet,
    punctuation or shape rules apply."""
    if not raw.isalpha():
        tail = _TAIL.search(raw)
        if tail is None or _PLAIN_WORD.match(raw, 0, tail.start()) is None:
            return None
        if raw.isascii():
            one = raw.lower()  # the word lower-cased, its tail unchanged
            if _REPEAT.search(one, 0, tail.start()) is None:
                return Chunk(one, *_identity(len(raw)))
        word = _word_chunk(raw[: tail.start()])
        if word is None or not word.text.isascii():
            return None
        n = tail.start()
        return Chunk(
            word.text + tail.group(),
            word.starts + tuple(range(n, len(raw))),
            word.ends + tuple(range(n + 1, len(raw) + 1)),
        )
    if raw.isascii():
        one = raw.lower()  # what ``_letter`` gives every ASCII letter
        if _REPEAT.search(one) is None:
            return Chunk(one, *_identity(len(raw)))
    else:
        # A word mixing Cyrillic or Greek with any other letter takes the general (shape) path.
        if _CYR_GREEK.search(raw) is not None and _NOT_CYR_GREEK.search(raw) is not None:
            return None
        try:
            one = "".join([_letter1[c] for c in raw])
        except KeyError:
            pass
        else:
            if _REPEAT.search(one) is None:  # one letter per letter, nothing to squeeze: offsets are the identity
                return Chunk(one, *_identity(len(raw)))
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(raw):
        for c in _letter(ch):
            if text and text[-1] == c:
                ends[-1] = i + 1
                continue
            text.append(c)
            starts.append(i)
            ends.append(i + 1)
    return Chunk("".join(text), tuple(starts), tuple(ends))


_text_cache: dict[str, str] = {}  # raw chunk -> normalised text; same keys as ``_chunk_cache``


def normalize_chunk(raw: str) -> Chunk:
    chunk = _chunk_cache.get(raw)
    if chunk is None:
        if raw.isascii() and _HAS_LETTER.search(raw) is None:
            # Digits and punctuation only: no rule changes them ("-18", "064", "12.05.").
            chunk = Chunk(raw, *_identity(len(raw)))
        else:
            chunk = _word_chunk(raw) or _normalize_chunk(raw)
        if len(_chunk_cache) >= _MAX_CACHE:
            _chunk_cache.clear()  # bounded memory; words recur (Zipf), so the cache refills with the useful ones
            _text_cache.clear()
        _chunk_cache[raw] = chunk
        _text_cache[raw] = chunk.text
    return chunk


_CHUNK = re.compile(r"\S+")


@dataclass(frozen=True)
class Normalized:
    """The normalised text of ``original`` and a way back to original offsets for any normalised span."""

    original: str
    text: str
    chunks: list[Chunk] = field(repr=False, compare=False)  # one per whitespace-separated piece of ``original``

    @lazy
    def _layout(self) -> tuple[list[int], list[tuple[int, int, Chunk]]]:
        """(start in ``text``, start in ``original``, chunk) per non-empty chunk; built only when a span is mapped."""
        starts: list[int] = []
        pieces: list[tuple[int, int, Chunk]] = []
        pos = 0
        for m, chunk in zip(_CHUNK.finditer(self.original), self.chunks, strict=True):
            if not chunk.text:
                continue
            if pieces:
                pos += 1
            starts.append(pos)
            pieces.append((pos, m.start(), chunk))
            pos += len(chunk.text)
        return starts, pieces

    def origin(self, i: int) -> tuple[int, int]:
        """Original (start, end) of normalised character ``i``; a separator space spans the gap it stands for."""
        piece_starts, pieces = self._layout
        k = bisect.bisect_right(piece_starts, i) - 1
        if k < 0:
            return (0, 0)
        nstart, ostart, chunk = pieces[k]
        local = i - nstart
        if local < len(chunk.text):
            return (ostart + chunk.starts[local], ostart + chunk.ends[local])
        gap_start = ostart + chunk.ends[-1]
        gap_end = pieces[k + 1][1] + pieces[k + 1][2].starts[0] if k + 1 < len(pieces) else gap_start
        return (gap_start, gap_end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalised [start, end)."""
        if end <= start:
            s = self.origin(start)[0] if start < len(self.text) else len(self.original)
            return (s, s)
        return (self.origin(start)[0], self.origin(end - 1)[1])

    @property
    def offsets(self) -> list[tuple[int, int]]:
        return [self.origin(i) for i in range(len(self.text))]

    @lazy
    def words(self) -> list[tuple[int, int]]:
        """(start, end) in ``text`` of each run of letters and digits."""
        out: list[tuple[int, int]] = []
        start = -1
        for i, ch in enumerate(self.text):
            if ch.isalnum():
                if start < 0:
                    start = i
            elif start >= 0:
                out.append((start, i))
                start = -1
        if start >= 0:
            out.append((start, len(self.text)))
        return out

    @lazy
    def compact(self) -> tuple[str, tuple[int, ...]]:
        """Letters only, separators removed ("t e e n" → "ten"), and each letter's index in ``text``."""
        idx = tuple(i for i, ch in enumerate(self.text) if ch.isalpha())
        letters: list[str] = []
        keep: list[int] = []
        for i in idx:
            ch = self.text[i]
            if letters and letters[-1] == ch:
                continue  # squeezing again: "t e e n" has one letter per chunk
            letters.append(ch)
            keep.append(i)
        return "".join(letters), tuple(keep)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (a message or a lexicon phrase); pure, deterministic, cached per word."""
    # str.split() splits on exactly the characters ``\s`` matches (tested), so chunks line up with ``_CHUNK``.
    get = _chunk_cache.get
    chunks = [get(raw) or normalize_chunk(raw) for raw in text.split()]
    return Normalized(text, " ".join([c.text for c in chunks if c.text]), chunks)


def normalized_text(text: str) -> str:
    """``normalize(text).text`` without building the offset map: what batch prefilters read."""
    raws = text.split()
    get = _text_cache.get
    parts = [get(raw) for raw in raws]
    if None in parts:  # words seen for the first time: normalise just those
        parts = [normalize_chunk(raw).text if p is None else p for p, raw in zip(parts, raws, strict=True)]
    return " ".join(filter(None, parts))


def normalized_texts(texts: list[str] | tuple[str, ...]) -> list[str]:
    """``[normalized_text(t) for t in texts]``, for a batch at once: one split and one cache look-up per word of the
    whole batch, the messages kept apart by a NUL chunk (a NUL normalises to itself, and no message's normalised
    text starts or ends with a space, so the spaces around the NULs are the separators')."""
    if not texts or any("\x00" in t for t in texts):
        return [normalized_text(t) for t in texts]
    raws = " \x00 ".join(texts).split()
    get = _text_cache.get
    parts = [get(raw) for raw in raws]
    if None in parts:
        parts = [normalize_chunk(raw).text if p is None else p for p, raw in zip(parts, raws, strict=True)]
    joined = " ".join(filter(None, parts))
    return joined.replace(" \x00", "\x00").replace("\x00 ", "\x00").split("\x00")


def clear_caches() -> None:
    """Forget every cached word and character (benchmarks measure cold runs; results never depend on the caches)."""
    for cache in (_char_cache, _fold_cache, _chunk_cache, _text_cache, _letter_cache, _letter1):
        cache.clear()
