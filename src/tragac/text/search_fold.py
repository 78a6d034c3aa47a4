"""Search folding for Serbian: one character table used by the query (in Python) and by the index (in SQL).

Serbian is written in two scripts and, online, mostly without diacritics: "истина", "istina", "slike", "šta"/"sta"
are the same words to a reader, so the search index and the query are both folded to plain ASCII Latin before they
meet. The table is built from ``tragac.text.normalize``'s Serbian sound transliteration and diacritic fold (one
transliteration in the code base), so "ђ" → "dj", "љ" → "lj", "ч"/"ћ"/"č"/"ć" → "c", "ш"/"š" → "s", "ж"/"ž" → "z".

The same table is emitted as a chain of SQL ``replace()`` calls (:func:`sql_fold`) that SQLite triggers and a
PostgreSQL immutable function evaluate, so the database folds stored text exactly as :func:`fold` folds a query
(tests/text/test_search_fold.py runs both on both databases). Only the table's letters and ASCII case are folded in
SQL; SQLite's FTS5 tokenizer additionally strips other accents, PostgreSQL does not (there is no portable
``unaccent``), which only matters for non-Serbian accented words.

Inflection: Serbian nouns and adjectives change their endings ("slika", "slike", "slikama"). :func:`stem` strips one
common case/number ending and the search matches the remaining stem as a prefix, so "slike" finds "slika" and
"slikama". It is a light suffix stripper, not a full stemmer: stem changes (ruka → ruci, sibilarisation) are not
undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tragac.text.normalize import _CYR_SOUND, _fold  # the one Serbian transliteration and diacritic fold

_SERBIAN_LATIN = "čćšžđ"


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for cyr, sound in _CYR_SOUND.items():
        folded = "".join(_fold(ch) for ch in sound)
        table[cyr] = folded
        table[cyr.upper()] = folded
    for lat in _SERBIAN_LATIN:
        table[lat] = _fold(lat)
        table[lat.upper()] = _fold(lat)
    # Only real one-character keys whose upper form differs (e.g. "ъ".upper() is itself a distinct letter).
    return {k: v for k, v in table.items() if len(k) == 1}


FOLD_TABLE: dict[str, str] = _build_table()
_TRANS = str.maketrans(FOLD_TABLE)


def fold(text: str) -> str:
    """Text as the search index holds it: the table applied, then lower case (what SQL ``lower`` does on ASCII)."""
    return text.translate(_TRANS).lower()


_SQL_CHAIN = 16  # SQLite's parser stack (100 deep) cannot take one chain of ~100 nested replace() calls


def sql_fold(expr: str) -> str:
    """A SQL expression (SQLite and PostgreSQL alike) folding ``expr`` the way :func:`fold` does for the table's
    letters and ASCII. ``expr`` is trusted SQL (a column or parameter name), never user input.

    The replacements are split into chains of 16, each a common table expression reading the one before: CTEs
    follow one another instead of nesting, so the parser holds one chain at a time, even inside a trigger (nested
    derived tables overflow SQLite's parser stack there)."""
    items = list(FOLD_TABLE.items())
    ctes = []
    for level, start in enumerate(range(0, len(items), _SQL_CHAIN)):
        chain = expr if level == 0 else "f"
        for src, dst in items[start : start + _SQL_CHAIN]:
            chain = f"replace({chain}, '{src}', '{dst}')"
        ctes.append(f"c{level} AS (SELECT {chain} AS f" + (f" FROM c{level - 1})" if level else ")"))
    return f"(WITH {', '.join(ctes)} SELECT lower(f) FROM c{len(ctes) - 1})"


# Longest first, so "slikama" loses "ama", not "a". Folded (ASCII) spellings of the common noun/adjective endings.
_SUFFIXES = (
    "ovima", "evima", "asmo", "oga", "ome", "omu", "ama", "ima", "ega", "emu", "ih", "im", "om", "em", "og", "oj",
    "a", "e", "i", "o", "u",
)  # fmt: skip
_MIN_STEM = 3
# Letters and digits, no underscore: both FTS5 and PostgreSQL's parser split on "_", so it must not join a term.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def stem(word: str) -> str:
    """A folded word without one inflectional ending, keeping at least three letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class Term:
    """One query word after folding: matched as a prefix (stem or explicit ``*``) or exactly (short words)."""

    text: str
    prefix: bool

    def matches(self, folded_word: str) -> bool:
        return folded_word.startswith(self.text) if self.prefix else folded_word == self.text


def query_terms(q: str, max_terms: int = 20) -> list[Term]:
    """The user's words as search terms. Every word is folded; a word of four letters or more is stemmed and
    matched as a prefix; a trailing ``*`` asks for a prefix of the word as typed; shorter words match exactly (a
    two-letter prefix would match half the corpus)."""
    terms: list[Term] = []
    for raw in q.split()[:max_terms]:
        explicit = raw.endswith("*")
        words = WORD.findall(fold(raw))
        for i, word in enumerate(words):
            last = i == len(words) - 1
            if explicit and last:
                terms.append(Term(word, True))
            elif len(word) > _MIN_STEM:
                terms.append(Term(stem(word), True))
            else:
                terms.append(Term(word, False))
    return terms


def fts5_query(terms: list[Term]) -> str | None:
    """Terms as an FTS5 query: all must appear; each is quoted, so no FTS5 syntax can be injected."""
    return " ".join(f'"{t.text}"' + ("*" if t.prefix else "") for t in terms) or None


def tsquery(terms: list[Term]) -> str | None:
    """Terms as a PostgreSQL ``to_tsquery`` string: all must appear; lexemes quoted (letters and digits only)."""
    return " & ".join(f"'{t.text}'" + (":*" if t.prefix else "") for t in terms) or None


def highlight_spans(body: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Offsets of the words in ``body`` that a term matches, for marking hits in the original text."""
    spans = []
    for m in WORD.finditer(body):
        folded = fold(m.group())
        if any(t.matches(folded) for t in terms):
            spans.append((m.start(), m.end()))
    return spans
