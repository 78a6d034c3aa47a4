"""Versioned lexicons (YAML or JSON) and one Aho-Corasick pass that finds every entry in a normalised message.

An entry has ``id``, ``category``, ``role`` (what it contributes to a detector: code, request, intimate…),
``language``, ``weight`` and exactly one of:

- ``phrase``: matched on whole words of the normalised text. ``{a,e,u}`` expands alternatives (BCMS case endings:
  ``sestr{a,e,i,u,om}``) and a trailing ``*`` makes the last word a stem matched at a word start (``prodaj*``);
- ``pattern``: a regular expression over the normalised text; an optional ``requires`` names a literal that every
  match contains ("tvoj" for a trade pattern), tested with ``in`` before the regex runs (a pattern that cannot
  open with a literal otherwise costs a regex search on every message);
- ``hash``: HMAC-SHA256 (hex) of the normalised phrase under a key given at run time, so private terms never ship.
  Hashed entries match exact 1–4 word n-grams.

Flags and logs carry entry ids, never private phrases. Ids of a private lexicon are opaque, because an id built
from its phrase (``priv.code.<slug>``) would publish the very term the list keeps private in every flag, export and
report: a group's entries are numbered (``<id_prefix>.<n>``); an explicit id is kept only when it contains none of
the entry's words; a hashed entry of a list written before ids were opaque gets ``<namespace>.<first 12 hex digits
of its hash>``; ``hash_lexicon`` writes the (already opaque) ids of the plain list, or keyed-hash ids for a public one.
Errors about a private entry name its position, never its id or phrase.
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
from tragac.text import batch
from tragac.text.normalize import Normalized, normalize
from tragac.text.packs import pack_lexicons, phrase_variants

SEED = "seed.yaml"
_MAX_NGRAM = 4
_MIN_COMPACT = 5  # spaced-out matching ("t e e n") only for entries with at least this many letters


@dataclass(frozen=True, slots=True, repr=False)
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
    requires: str | None = None  # a literal every match of ``pattern`` contains (a cheap test before the regex)

    def __repr__(self) -> str:
        # A private entry's phrase or pattern must not reach a log or a traceback through its repr.
        what = "<private>" if self.private else repr(self.phrase or self.pattern or self.hash)
        return f"Entry(id={self.id!r}, category={self.category!r}, role={self.role!r}, term={what})"


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


def _entry(raw: dict[str, Any], where: str, private: bool, label: str | None = None) -> Entry:
    # ``label`` names the entry in errors: for a private entry its position, since its id may still hold the term.
    name = label or repr(raw.get("id", "?"))
    missing = [k for k in ("id", "category", "role") if not raw.get(k)]
    if missing:
        raise InputError(f"{where}: entry {name} lacks {', '.join(missing)}")
    kinds = [k for k in ("phrase", "pattern", "hash") if raw.get(k)]
    if len(kinds) != 1:
        raise InputError(f"{where}: entry {name} needs exactly one of phrase, pattern, hash")
    if raw.get("pattern"):
        try:
            re.compile(raw["pattern"])
        except re.error as exc:
            # The compiler's message quotes no part of the pattern, only a position.
            raise InputError(f"{where}: entry {name} has a bad pattern: {exc}") from None
    weight = float(raw.get("weight", 0.5))
    if not 0 <= weight <= 1:
        raise InputError(f"{where}: entry {name} weight must be within 0..1")
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
        requires=str(raw["requires"]) if raw.get("requires") and raw.get("pattern") else None,
    )


def _slug(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalize(phrase).text.replace("*", "")).strip("_") or "x"


_PRIVATE_NS = "private"
_HASH_ID_DIGITS = 12


def _words(raw: dict[str, Any]) -> set[str]:
    """The normalised words (3+ letters) of an entry's phrase or pattern literals: what its id must not contain."""
    if raw.get("phrase"):
        text = " ".join(_expand(str(raw["phrase"]))).replace("*", " ")
    elif raw.get("pattern"):
        text = re.sub(r"\\.", " ", str(raw["pattern"]))  # escapes (\b, \w) are syntax, not letters of the term
    else:
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", normalize(text).text) if len(w) >= 3}


def reveals(name: str, words: set[str]) -> bool:
    """Whether an id (or id prefix) spells a word of the term, whole or in part ("teen_swap", "teenswap")."""
    parts = [p for p in re.split(r"[^a-z0-9]+", normalize(name).text) if len(p) >= 3]
    joined = "".join(re.findall(r"[a-z0-9]+", normalize(name).text))
    return any(w in p or p in w or w in joined for w in words for p in parts)


def _namespace(entry_id: str) -> str:
    base = entry_id.split("#", 1)[0]
    return base.rsplit(".", 1)[0] if "." in base else _PRIVATE_NS


def _private_ids(raw: list[dict[str, Any]], prefixes: list[str | None], where: str, opaque: bool) -> None:
    """Give every entry of a private lexicon an id that says nothing about its term (in place).

    ``prefixes[n]`` is the ``id_prefix`` of the group entry ``n`` came from (``None`` for a single entry); ``opaque``
    is set on hashed lists written by :func:`hash_lexicon` since ids are opaque, whose ids are kept as written."""
    counters: dict[str, int] = {}
    for n, (e, prefix) in enumerate(zip(raw, prefixes, strict=True), 1):
        words = _words(e)
        if prefix is not None:
            if reveals(prefix, words):
                raise InputError(
                    f"{where}: a group's id_prefix contains a word of one of its private phrases (entry {n}); "
                    "choose a prefix that does not name the terms, such as 'priv.code'"
                )
            counters[prefix] = counters.get(prefix, 0) + 1
            e["id"] = f"{prefix}.{counters[prefix]}"
        elif e.get("hash") and e.get("id") and not opaque:
            # Written before ids were opaque: the id may be the phrase's slug, and the phrase is unknown here.
            e["id"] = f"{_namespace(str(e['id']))}.{str(e['hash']).lower()[:_HASH_ID_DIGITS]}"
        elif e.get("id") and reveals(str(e["id"]), words):
            raise InputError(
                f"{where}: entry {n} of a private lexicon has an id that contains a word of its own term; "
                "give it an opaque id (such as 'priv.code.7') or put it in a group"
            )


def _group_entries(group: dict[str, Any], where: str, private: bool) -> list[dict[str, Any]]:
    """A group shares category/role/language/weight. Each phrase's id is ``id_prefix.<slug of the phrase>`` in a
    public lexicon (readable, and the phrase is public anyway) and numbered in a private one (see _private_ids)."""
    prefix = group.get("id_prefix")
    phrases = group.get("phrases")
    if not prefix or not isinstance(phrases, list):
        raise InputError(f"{where}: a group needs 'id_prefix' and a list of 'phrases'")
    common = {k: v for k, v in group.items() if k not in {"id_prefix", "phrases"}}
    if private:
        return [{**common, "id": str(prefix), "phrase": p} for p in phrases]
    return [{**common, "id": f"{prefix}.{_slug(p)}", "phrase": p} for p in phrases]


def parse_lexicon(data: Any, where: str, private: bool = True) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise InputError(f"{where}: a lexicon is a mapping with 'name', 'version' and a list of 'entries'")
    raw = [dict(e) for e in data.get("entries", []) if isinstance(e, dict)]
    prefixes: list[str | None] = [None] * len(raw)
    for group in data.get("groups", []) or []:
        if not isinstance(group, dict):
            raise InputError(f"{where}: a group needs 'id_prefix' and a list of 'phrases'")
        members = _group_entries(group, where, private)
        raw.extend(members)
        prefixes.extend([str(group["id_prefix"])] * len(members))
    if private:
        _private_ids(raw, prefixes, where, opaque=bool(data.get("opaque_ids")))
    entries = [_entry(e, where, private, f"{n}" if private else None) for n, e in enumerate(raw, 1)]
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
        data = json.loads(text) if path.suffix == ".json" else _load_yaml(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read lexicon {path}: {str(exc).splitlines()[0]}") from None
    return [
        parse_lexicon(data, str(path), private=not bool(data.get("public", False)) if isinstance(data, dict) else True)
    ]


def seed_lexicon() -> Lexicon:
    text = resources.files("tragac.text").joinpath("data").joinpath(SEED).read_text(encoding="utf-8")
    return parse_lexicon(_load_yaml(text), f"tragac/text/data/{SEED}", private=False)


def term_hash(phrase: str, key: bytes) -> str:
    """HMAC-SHA256 (hex) of the normalised phrase: how a private list is distributed without its terms."""
    return hmac.new(key, normalize(phrase).text.encode("utf-8"), hashlib.sha256).hexdigest()


def _keyed_id(entry: Entry, key: bytes) -> str:
    """An opaque id for an entry of a public lexicon being hashed: keyed, so it cannot be looked up without the key,
    and domain-separated from the match hash so the id is not itself a hash that matches."""
    mac = hmac.new(key, b"tragac-lexicon-id\x00" + (entry.phrase or "").encode("utf-8"), hashlib.sha256)
    return f"{_namespace(entry.id)}.{mac.hexdigest()[:_HASH_ID_DIGITS]}"


def hash_lexicon(lexicon: Lexicon, key: bytes) -> dict[str, Any]:
    """The hashed form of a phrase lexicon (stems and alternatives are expanded to their exact forms).

    Ids are opaque: a private lexicon's own ids (already opaque when loaded), a keyed hash for a public one; the
    forms of one entry share it (``<id>#<n>``) so that reports count a term once whatever its case ending."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n_entry, e in enumerate(lexicon.entries, 1):
        # Errors name the entry's position in a private list: its id could be all that is left of the term.
        private = lexicon.private or e.private
        name = f"{n_entry}" if private else repr(e.id)
        if not e.phrase:
            raise InputError(f"entry {name}: only phrase entries can be hashed")
        base = e.id if private else _keyed_id(e, key)
        for n, form in enumerate(_expand(e.phrase)):
            if form.endswith("*"):
                raise InputError(f"entry {name}: stems (*) cannot be hashed; list the forms with {{…}}")
            digest = term_hash(form, key)
            if digest in seen:
                continue  # the same form listed twice: one hash is enough, and two would collide on look-up
            seen.add(digest)
            out.append(
                {
                    "id": base if n == 0 else f"{base}#{n}",
                    "category": e.category,
                    "role": e.role,
                    "weight": e.weight,
                    "language": e.language,
                    "hash": digest,
                }
            )
    return {"name": lexicon.name, "version": lexicon.version, "hashed": True, "opaque_ids": True, "entries": out}


@dataclass
class _Key:
    entry: Entry
    length: int
    prefix: bool


@dataclass
class LexiconMatcher:
    """Compiles lexicons once; :meth:`find` is one automaton pass plus the (few) patterns and hash look-ups."""

    lexicons: list[Lexicon]
    key: bytes | None = field(default=None, repr=False)  # the lexicon key never goes into a repr or a log
    entries: list[Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.entries = [e for lex in self.lexicons for e in lex.entries]
        # Numbered private ids make a clash between two files likely (both use "priv.code"): one id for two terms
        # would merge them in every count and mislead a reviewer, so refuse it.
        where: dict[str, str] = {}
        for lex in self.lexicons:
            origin = _origin(lex)
            for e in lex.entries:
                other = where.setdefault(e.id, origin)
                if other != origin:
                    raise InputError(
                        f"entry id {e.id!r} is in two lexicons ({other}, {origin}): give each list its own id_prefix"
                    )
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
                    base = normalize(form.rstrip("*")).text
                    if not base:
                        continue
                    # A phrase also matches its forms under its language pack's morphology (BCMS: ijekavian and
                    # Croatian/Bosnian forms; Italian: gender and number), so matching stays one automaton pass.
                    for norm in phrase_variants(base, e.language):
                        keys = words.setdefault(norm, [])
                        if not any(k.entry is e for k in keys):
                            keys.append(_Key(e, len(norm), prefix))
                        letters = normalize(norm).compact[0]
                        if len(letters) >= _MIN_COMPACT:
                            ckeys = compact.setdefault(letters, [])
                            if not any(k.entry is e for k in ckeys):
                                ckeys.append(_Key(e, len(letters), prefix))
        # Per pattern, a literal every match contains (its ``requires``, else the text it opens with): tested with
        # ``in`` before the search.
        self._pattern_tests = [(e, rx, e.requires or batch.leading_literal(rx)) for e, rx in self._patterns]
        # How ``pattern_hits`` searches a batch for each: the joined batch at once where that is exact and the
        # engine can skip to the pattern's opening literal itself; else the texts holding its literal; else each.
        self._batch_plans = [
            "joined" if batch.nul_safe(rx) and e.requires is None  # its literal, if any, is the one it opens with
            else "literal" if lit is not None and _SEP not in lit
            else "each"
            for e, rx, lit in self._pattern_tests
        ]  # fmt: skip
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

    def find(self, norm: Normalized, patterns: int | None = None) -> list[Hit]:
        """Every entry's hits in ``norm``. ``patterns``: the bit set of the pattern entries that match its text
        (``pattern_hits``), when a batch already knows; the others are not searched again."""
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
        if patterns is None:
            for e, rx, lit in self._pattern_tests:
                if lit is not None and lit not in text:
                    continue
                if rx.search(text) is not None:  # most messages: no iterator built at all
                    hits.extend(Hit(e, m.start(), m.end(), "pattern") for m in rx.finditer(text))
        else:
            tests = self._pattern_tests
            while patterns:
                low = patterns & -patterns
                e, rx, _ = tests[low.bit_length() - 1]
                hits.extend(Hit(e, m.start(), m.end(), "pattern") for m in rx.finditer(text))
                patterns ^= low
        if self._hmac is not None:
            hits.extend(self._find_hashed(norm))
        return hits

    def pattern_hits(self, texts: list[str], joined: batch.Joined | None = None) -> list[int]:
        """Per normalised text, the bit set of the pattern entries that match it (bit k: ``_pattern_tests[k]``),
        exactly as a search of each text would say, for the whole batch at once: one search over the joined batch
        where that is exact (``batch.nul_safe``), else the texts holding the pattern's literal, else every text.
        ``joined`` is ``batch.join(texts)`` when the caller has it."""
        out = [0] * len(texts)
        joined = joined or batch.join(texts)
        for k, ((_, rx, lit), plan) in enumerate(zip(self._pattern_tests, self._batch_plans, strict=True)):
            bit = 1 << k
            search = rx.search
            if plan == "joined":
                found: Iterable[int] = batch.hits(rx, joined)
            elif plan == "literal":
                assert lit is not None
                found = [i for i in batch.literal_hits(lit, joined) if search(texts[i]) is not None]
            else:
                found = [i for i, t in enumerate(texts) if (lit is None or lit in t) and search(t) is not None]
            for i in found:
                out[i] |= bit
        return out

    def candidates(
        self,
        texts: list[str],
        roles: frozenset[str],
        joined: batch.Joined | None = None,
        patterns: list[int] | None = None,
    ) -> list[bool] | None:
        """Which normalised texts (``normalized_text``) could hold a hit of an entry with one of ``roles``.

        A superset, never missing one: automaton keys match anywhere (no word-boundary check), any "t e e n" spacing
        counts, and so does any pattern match. ``None`` when it cannot tell (hashed entries with those roles).
        ``joined`` is ``batch.join(texts)`` and ``patterns`` is ``pattern_hits(texts)`` when the caller has them."""
        gate = self._gates.get(roles)
        if gate is None:
            gate = self._gates[roles] = _Gate.build(self, roles)
        if gate.opaque:
            return None
        out = [False] * len(texts)
        joined = joined or batch.join(texts)
        if gate.words is not None:
            # One automaton pass over the whole batch; keys never hold the separator, so no hit spans two texts.
            right = bisect.bisect_right
            starts = joined.starts
            for end, _ in gate.words.iter(joined.text):
                out[right(starts, end) - 1] = True
        if gate.compact:
            for i in batch.hits(_SPACED, joined):
                out[i] = True
        mask = gate.pattern_mask
        if mask:
            patterns = patterns if patterns is not None else self.pattern_hits(texts, joined)
            out = [o or bool(p & mask) for o, p in zip(out, patterns, strict=True)]
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
    pattern_mask: int  # the patterns with those roles, as bits of ``pattern_hits``
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
            pattern_mask=sum(1 << k for k, (e, _, _) in enumerate(m._pattern_tests) if e.role in roles),
            opaque=any(e.role in roles for e in m._hashes.values()) or (bool(keys) and words is None),
        )


SPACED_REFERENCE = r"(?<!\w)\w \w \w(?!\w)"
# The same test (a match exists exactly where the reference finds one), opening with the first space: the engine skips
# to spaces instead of trying every letter.
_SPACED = re.compile(r" (?<=\w )(?<!\w\w )\w \w(?!\w)")


def _spaced(norm: Normalized) -> bool:
    """True when three single-letter words follow each other: the "t e e n" evasion (punctuation between letters
    is already a space in the normalised text)."""
    return _SPACED.search(norm.text) is not None


class PrivateTerms:
    """Where a private lexicon's terms occur in a raw text (original offsets), so that published outputs (report
    examples, research exports) can mask them: an example message quoting a private code word would publish the
    list as surely as its id would. Only private entries count; the public seed's phrases may be read."""

    def __init__(self, lexicons: Iterable[Lexicon], key: bytes | None = None) -> None:
        private = [lex for lex in lexicons if lex.private or any(e.private for e in lex.entries)]
        self._matcher = LexiconMatcher(private, key) if private else None

    def __bool__(self) -> bool:
        return self._matcher is not None and bool(self._matcher.entries)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self._matcher is None or not text:
            return []
        norm = normalize(text)
        return sorted({norm.span(h.start, h.end) for h in self._matcher.find(norm) if h.entry.private})


def private_terms(paths: Iterable[Path], key: bytes | None = None) -> PrivateTerms:
    """The private lexicons under ``paths`` (files or folders), for masking; without the seed."""
    return PrivateTerms([lex for p in paths for lex in load_lexicon(p)], key)


def _origin(lex: Lexicon) -> str:
    """Where a lexicon came from: its file's real path (one file given twice, by two spellings, is one lexicon)."""
    source = lex.source or lex.name
    p = Path(source)
    return str(p.resolve()) if p.is_file() else source


def _load_yaml(text: str) -> Any:
    # libyaml's loader where PyYAML was built with it (the wheels are): the same documents, ~10x faster to read
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def build_matcher(paths: Iterable[Path] = (), key: bytes | None = None, include_seed: bool = True) -> LexiconMatcher:
    lexicons = [seed_lexicon()] if include_seed else []
    seen: set[str] = set()
    # The language packs' lexicons come with the seed (tragac.text.packs): built-in vocabulary, not a deployment's.
    for p in [*(pack_lexicons() if include_seed else []), *paths]:
        for lex in load_lexicon(p):
            # The same file named twice (--lexicon HOME/lexicons and HOME/lexicons itself) is loaded once.
            if _origin(lex) not in seen:
                seen.add(_origin(lex))
                lexicons.append(lex)
    return LexiconMatcher(lexicons, key)
