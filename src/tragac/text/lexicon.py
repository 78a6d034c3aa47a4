"""Versioned lexicons (YAML or JSON) and one Aho-Corasick pass that finds every entry in a normalised message.

An entry has ``id``, ``category``, ``role`` (what it contributes to a detector: code, request, intimate…),
``language``, ``weight`` and exactly one of:

- ``phrase``: matched on whole words of the normalised text. ``{a,e,u}`` expands alternatives (BCMS case endings:
  ``sestr{a,e,i,u,om}``) and a trailing ``*`` makes the last word a stem matched at a word start (``prodaj*``);
- ``pattern``: a regular expression over the normalised text;
- ``hash``: HMAC-SHA256 (hex) of the normalised phrase under a key given at run time, so private terms never ship.
  Hashed entries match exact 1–4 word n-grams.

Flags and logs carry entry ids, never private phrases.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from tragac.errors import InputError
from tragac.text.normalize import Normalized, normalize

SEED = "seed.yaml"
_MAX_NGRAM = 4
_MIN_COMPACT = 5  # spaced-out matching ("t e e n") only for entries with at least this many letters


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    category: str
    role: str
    weight: float = 0.5
    language: str = "und"
    phrase: str | None = None
    pattern: str | None = None
    hash: str | None = None
    private: bool = False


@dataclass
class Lexicon:
    name: str
    version: str
    entries: list[Entry]
    private: bool = False
    source: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    start: int  # in the normalised text
    end: int
    via: str = "text"  # text | compact | pattern | hash


def _expand(phrase: str) -> list[str]:
    """``sestr{a,e,u} slik*`` → every combination of the alternatives (the star stays on the result)."""
    parts = re.split(r"(\{[^{}]*\})", phrase)
    options = [p[1:-1].split(",") if p.startswith("{") else [p] for p in parts]
    return ["".join(combo) for combo in itertools.product(*options)]


def _entry(raw: dict[str, Any], where: str, private: bool) -> Entry:
    missing = [k for k in ("id", "category", "role") if not raw.get(k)]
    if missing:
        raise InputError(f"{where}: entry {raw.get('id', '?')!r} lacks {', '.join(missing)}")
    kinds = [k for k in ("phrase", "pattern", "hash") if raw.get(k)]
    if len(kinds) != 1:
        raise InputError(f"{where}: entry {raw['id']!r} needs exactly one of phrase, pattern, hash")
    if raw.get("pattern"):
        try:
            re.compile(raw["pattern"])
        except re.error as exc:
            raise InputError(f"{where}: entry {raw['id']!r} has a bad pattern: {exc}") from None
    weight = float(raw.get("weight", 0.5))
    if not 0 <= weight <= 1:
        raise InputError(f"{where}: entry {raw['id']!r} weight must be within 0..1")
    return Entry(
        id=str(raw["id"]),
        category=str(raw["category"]),
        role=str(raw["role"]),
        weight=weight,
        language=str(raw.get("language", "und")),
        phrase=raw.get("phrase"),
        pattern=raw.get("pattern"),
        hash=str(raw["hash"]).lower() if raw.get("hash") else None,
        private=private,
    )


def _slug(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalize(phrase).text.replace("*", "")).strip("_") or "x"


def _group_entries(group: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """A group shares category/role/language/weight; each phrase's id is ``id_prefix.<slug of the phrase>``."""
    prefix = group.get("id_prefix")
    phrases = group.get("phrases")
    if not prefix or not isinstance(phrases, list):
        raise InputError(f"{where}: a group needs 'id_prefix' and a list of 'phrases'")
    common = {k: v for k, v in group.items() if k not in {"id_prefix", "phrases"}}
    return [{**common, "id": f"{prefix}.{_slug(p)}", "phrase": p} for p in phrases]


def parse_lexicon(data: Any, where: str, private: bool = True) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise InputError(f"{where}: a lexicon is a mapping with 'name', 'version' and a list of 'entries'")
    raw = [e for e in data.get("entries", []) if isinstance(e, dict)]
    for group in data.get("groups", []) or []:
        raw.extend(_group_entries(group, where))
    entries = [_entry(e, where, private) for e in raw]
    ids = [e.id for e in entries]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"{where}: duplicate entry ids: {', '.join(dupes[:5])}")
    return Lexicon(str(data.get("name", where)), str(data.get("version", "0")), entries, private, where)


def load_lexicon(path: Path) -> list[Lexicon]:
    """A lexicon file (.yaml, .yml, .json) or every such file in a folder; private by default."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml", ".json"})
        return [lex for f in files for lex in load_lexicon(f)]
    if not path.is_file():
        raise InputError(f"lexicon not found: {path}")
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read lexicon {path}: {str(exc).splitlines()[0]}") from None
    return [
        parse_lexicon(data, str(path), private=not bool(data.get("public", False)) if isinstance(data, dict) else True)
    ]


def seed_lexicon() -> Lexicon:
    text = resources.files("tragac.text").joinpath("data").joinpath(SEED).read_text(encoding="utf-8")
    return parse_lexicon(yaml.safe_load(text), f"tragac/text/data/{SEED}", private=False)


def term_hash(phrase: str, key: bytes) -> str:
    """HMAC-SHA256 (hex) of the normalised phrase: how a private list is distributed without its terms."""
    return hmac.new(key, normalize(phrase).text.encode("utf-8"), hashlib.sha256).hexdigest()


def hash_lexicon(lexicon: Lexicon, key: bytes) -> dict[str, Any]:
    """The hashed form of a phrase lexicon (stems and alternatives are expanded to their exact forms)."""
    out: list[dict[str, Any]] = []
    for e in lexicon.entries:
        if not e.phrase:
            raise InputError(f"entry {e.id!r}: only phrase entries can be hashed")
        for n, form in enumerate(_expand(e.phrase)):
            if form.endswith("*"):
                raise InputError(f"entry {e.id!r}: stems (*) cannot be hashed; list the forms with {{…}}")
            out.append(
                {
                    "id": e.id if n == 0 else f"{e.id}#{n}",
                    "category": e.category,
                    "role": e.role,
                    "weight": e.weight,
                    "language": e.language,
                    "hash": term_hash(form, key),
                }
            )
    return {"name": lexicon.name, "version": lexicon.version, "hashed": True, "entries": out}


@dataclass
class _Key:
    entry: Entry
    length: int
    prefix: bool


@dataclass
class LexiconMatcher:
    """Compiles lexicons once; :meth:`find` is one automaton pass plus the (few) patterns and hash look-ups."""

    lexicons: list[Lexicon]
    key: bytes | None = None
    entries: list[Entry] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = [e for lex in self.lexicons for e in lex.entries]
        self._words = ahocorasick.Automaton()
        self._compact = ahocorasick.Automaton()
        self._patterns: list[tuple[Entry, re.Pattern[str]]] = []
        self._hashes: dict[str, Entry] = {}
        words: dict[str, list[_Key]] = {}
        compact: dict[str, list[_Key]] = {}
        for e in self.entries:
            if e.pattern:
                self._patterns.append((e, re.compile(e.pattern)))
            elif e.hash:
                self._hashes[e.hash] = e
            elif e.phrase:
                for form in _expand(e.phrase):
                    prefix = form.endswith("*")
                    norm = normalize(form.rstrip("*")).text
                    if not norm:
                        continue
                    words.setdefault(norm, []).append(_Key(e, len(norm), prefix))
                    letters = normalize(form.rstrip("*")).compact[0]
                    if len(letters) >= _MIN_COMPACT:
                        compact.setdefault(letters, []).append(_Key(e, len(letters), prefix))
        if self._hashes and self.key is None:
            raise InputError("a lexicon holds hashed entries: give the key (--key-env VAR)")
        for table, auto in ((words, self._words), (compact, self._compact)):
            for k, v in table.items():
                auto.add_word(k, v)
            if table:
                auto.make_automaton()
        self._hmac = hmac.new(self.key, digestmod=hashlib.sha256) if self.key and self._hashes else None
        self._word_keys = words
        self._compact_keys = compact
        self._gates: dict[frozenset[str], _Gate] = {}

    def find(self, norm: Normalized) -> list[Hit]:
        text = norm.text
        hits: list[Hit] = []
        if self._words.kind == ahocorasick.AHOCORASICK:
            n = len(text)
            for end, keys in self._words.iter(text):
                stop = end + 1
                after = stop < n and text[stop].isalnum()
                for k in keys:
                    start = stop - k.length
                    if start > 0 and text[start - 1].isalnum():
                        continue
                    if k.prefix:
                        last = stop
                        while last < n and text[last].isalnum():
                            last += 1
                        hits.append(Hit(k.entry, start, last))
                    elif not after:
                        hits.append(Hit(k.entry, start, stop))
            if self._compact.kind == ahocorasick.AHOCORASICK and _spaced(norm):
                hits.extend(self._find_compact(norm, hits))
        for e, rx in self._patterns:
            if rx.search(text) is not None:  # most messages: no iterator built at all
                hits.extend(Hit(e, m.start(), m.end(), "pattern") for m in rx.finditer(text))
        if self._hmac is not None:
            hits.extend(self._find_hashed(norm))
        return hits

    def candidates(self, texts: list[str], roles: frozenset[str]) -> list[bool] | None:
        """Which normalised texts (``normalized_text``) could hold a hit of an entry with one of ``roles``.

        A superset, never missing one: automaton keys match anywhere (no word-boundary check), any "t e e n" spacing
        counts, and so does any pattern match. ``None`` when it cannot tell (hashed entries with those roles)."""
        gate = self._gates.get(roles)
        if gate is None:
            gate = self._gates[roles] = _Gate.build(self, roles)
        if gate.opaque:
            return None
        out = [False] * len(texts)
        if gate.words is not None:
            # One automaton pass over the whole batch; keys never hold the separator, so no hit spans two texts.
            big = _SEP.join(texts)
            starts: list[int] = []
            pos = 0
            for t in texts:
                starts.append(pos)
                pos += len(t) + 1
            right = bisect.bisect_right
            for end, _ in gate.words.iter(big):
                out[right(starts, end) - 1] = True
        if gate.compact:
            spaced = _SPACED.search
            out = [o or spaced(t) is not None for o, t in zip(out, texts, strict=True)]
        for rx in gate.patterns:
            search = rx.search
            out = [o or search(t) is not None for o, t in zip(out, texts, strict=True)]
        return out

    def _find_compact(self, norm: Normalized, found: list[Hit]) -> Iterator[Hit]:
        letters, index = norm.compact
        text = norm.text
        seen = {h.entry.id for h in found}
        for end, keys in self._compact.iter(letters):
            for k in keys:
                if k.entry.id in seen:
                    continue
                s, e = index[end - k.length + 1], index[end] + 1
                # The hit must start and end on word edges and span letters that were spaced apart.
                if s > 0 and text[s - 1].isalnum():
                    continue
                if not k.prefix and e < len(text) and text[e].isalnum():
                    continue
                if text[s:e].count(" ") < 3:
                    continue
                seen.add(k.entry.id)
                yield Hit(k.entry, s, e, "compact")

    def _find_hashed(self, norm: Normalized) -> Iterator[Hit]:
        assert self._hmac is not None
        words = norm.words
        text = norm.text
        for i in range(len(words)):
            for n in range(1, _MAX_NGRAM + 1):
                if i + n > len(words):
                    break
                s, e = words[i][0], words[i + n - 1][1]
                mac = self._hmac.copy()
                mac.update(text[s:e].encode("utf-8"))
                entry = self._hashes.get(mac.hexdigest())
                if entry is not None:
                    yield Hit(entry, s, e, "hash")


_SEP = "\x00"


@dataclass
class _Gate:
    """What :meth:`LexiconMatcher.candidates` runs for one set of roles."""

    words: Any  # ahocorasick.Automaton of the word keys with those roles, or None
    compact: bool  # some spaced-out key has those roles
    patterns: list[re.Pattern[str]]  # the patterns with those roles (separately: each can skip to its literal)
    opaque: bool  # hashed entries with those roles: no text-level test can rule them out

    @classmethod
    def build(cls, m: LexiconMatcher, roles: frozenset[str]) -> _Gate:
        keys = [k for k, v in m._word_keys.items() if any(x.entry.role in roles for x in v)]
        words = None
        if keys and not any(_SEP in k for k in keys):
            words = ahocorasick.Automaton()
            for k in keys:
                words.add_word(k, None)
            words.make_automaton()
        return cls(
            words=words,
            compact=any(x.entry.role in roles for v in m._compact_keys.values() for x in v),
            patterns=[rx for e, rx in m._patterns if e.role in roles],
            opaque=any(e.role in roles for e in m._hashes.values()) or (bool(keys) and words is None),
        )


_SPACED = re.compile(r"(?<!\w)\w \w \w(?!\w)")


def _spaced(norm: Normalized) -> bool:
    """True when three single-letter words follow each other: the "t e e n" evasion (punctuation between letters
    is already a space in the normalised text)."""
    return _SPACED.search(norm.text) is not None


def build_matcher(paths: Iterable[Path] = (), key: bytes | None = None, include_seed: bool = True) -> LexiconMatcher:
    lexicons = [seed_lexicon()] if include_seed else []
    for p in paths:
        lexicons.extend(load_lexicon(p))
    return LexiconMatcher(lexicons, key)
