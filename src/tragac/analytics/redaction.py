"""Masking personal data in example messages and exports: phone numbers, ID numbers, addresses, names, watched
identities, e-mail addresses, @mentions and links.

Each recogniser is one small class returning spans; :class:`Redactor` merges them and replaces every span with a
label such as ``[phone]``. Masking errs on the side of hiding too much: a report is published, a leak cannot be
taken back. Spans found by the text detectors (doxxing and identity flags) are passed in as ``extra`` spans so that
whatever the pipeline found is masked too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import phonenumbers

from tragac.text.labels import is_pii_kind
from tragac.text.labels import label as pii_label


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


class Recogniser(Protocol):
    label: ClassVar[str]

    def find(self, text: str) -> Iterable[Span]:
        """Every span of ``text`` this recogniser would mask."""


class RegexRecogniser:
    label: ClassVar[str] = "pii"
    pattern: ClassVar[re.Pattern[str]]

    def find(self, text: str) -> Iterable[Span]:
        for m in self.pattern.finditer(text):
            yield Span(m.start(), m.end(), self.label)


class PhoneRecogniser:
    """Phone numbers in Serbian and international notation (libphonenumber), plus any run of ≥ 6 digits with
    separators that looks dialable, because a partly-valid number is still someone's number."""

    label: ClassVar[str] = "phone"
    loose = re.compile(r"(?<![\w])\+?\d[\d ()/.-]{5,}\d(?![\w])")

    def find(self, text: str) -> Iterable[Span]:
        if sum(map(str.isdigit, text)) < 6:
            return
        for pm in phonenumbers.PhoneNumberMatcher(text, "RS", leniency=phonenumbers.Leniency.VALID):
            yield Span(pm.start, pm.end, self.label)
        for m in self.loose.finditer(text):
            if sum(c.isdigit() for c in m.group()) >= 6:
                yield Span(m.start(), m.end(), self.label)


class IdNumberRecogniser(RegexRecogniser):
    """JMBG (13 digits) whatever its checksum: a mistyped ID number still identifies someone."""

    label = "national_id"
    pattern = re.compile(r"(?<!\d)\d{13}(?!\d)")


class EmailRecogniser(RegexRecogniser):
    label = "email"
    pattern = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

    def find(self, text: str) -> Iterable[Span]:
        return super().find(text) if "@" in text else ()


class MentionRecogniser(RegexRecogniser):
    label = "mention"
    pattern = re.compile(r"(?<![\w@])@\w[\w.]{2,}\w")


class LinkRecogniser(RegexRecogniser):
    label = "link"
    pattern = re.compile(r"(?i)\b(?:https?://|www\.|t\.me/|telegram\.me/)\S+")


_UP = "A-ZČĆŽŠĐА-ЯЂЈЉЊЋЏ"
_LO = "a-zčćžšđа-яђјљњћџ"


class AddressRecogniser(RegexRecogniser):
    """A house number after a street: a street keyword and any words, two capitalised words ("Kralja Petra"), or
    one word with a street-name ending ("Resavska", "Njegoševa"); optionally flat and town."""

    label = "address"
    _num = r"(?:br\.\s*|бр\.\s*)?\d{1,4}[a-zа-я]?(?:/\d+)?\b(?!-)"
    _tail = (
        r"(?:,?\s*(?:stan|стан)\s*\d+)?"
        r"(?:,?\s*(?:Beograd|Novi Sad|Niš|Nis|Kragujevac|Subotica|Београд|Нови Сад|Ниш))?"
    )
    pattern = re.compile(
        r"\b(?:"
        rf"(?i:ul\.|ulica|bul\.|bulevar|trg|ulici|bulevaru|улица|ул\.|булевар|трг|улици)\s+(?:[\w.]+\s+){{0,3}}"
        rf"|(?:[{_UP}][{_LO}.]*\s+){{1,3}}[{_UP}][{_LO}]+\.?,?\s+"
        rf"|[{_UP}][{_LO}]*(?:sk|šk|čk|ov|ev|in|ск|шк|чк|ов|ев|ин)(?:a|oj|u|а|ој|у),?\s+"
        rf"|[{_UP}][{_LO}]+(?:\s+[{_LO}]{{4,}}){{1,2}},?\s+"
        rf"){_num}{_tail}"
    )


class SurnameRecogniser(RegexRecogniser):
    """Serbian surnames ending in -ić/-ић, declined or possessive ("Petrovićeva"), with the first name before them
    when capitalised; lower-case and diacritic-free too for the -vić family (chat spelling: "radosavljevic")."""

    label = "name"
    pattern = re.compile(
        rf"\b(?:[{_UP}][{_LO}]+\s+)?[{_UP}][{_LO}]*(?:ić|ic|ић|ич)[{_LO}]{{0,4}}\b"
        rf"|\b(?i:[{_LO}]{{2,}}(?:vić|vic|вић)[{_LO}]{{0,4}})\b"
    )


class KinRecogniser:
    """Relatives named next to a victim ("majka Vesna, otac Dejan"): the name after the kinship word."""

    label: ClassVar[str] = "name"
    pattern = re.compile(
        rf"\b(?i:majka|majke|majci|otac|oca|ocu|mama|mame|tata|brat|sestra|mother|father|мајка|отац)\s*:?\s+"
        rf"([{_UP}][{_LO}]+)"
    )

    def find(self, text: str) -> Iterable[Span]:
        for m in self.pattern.finditer(text):
            yield Span(m.start(1), m.end(1), self.label)


_CYR = str.maketrans("абвгдђежзијклљмнњопрстћуфхцчџш", "abvgddezzijkllmnnoprstcufhccds")


def fold(text: str) -> str:
    """Lower case, no diacritics, Cyrillic to Latin, **one character per character** so spans map back."""
    out = []
    for ch in text.lower():
        base = unicodedata.normalize("NFD", ch)[0] if ch not in "đ" else "d"
        out.append(base.translate(_CYR) if len(base) == 1 else ch)
    return "".join(out)


class TermRecogniser:
    """Watched identities (names, handles, phones, addresses given by a caseworker), matched whatever the script,
    case, diacritics or grammatical case, by the one watched-identity matcher (``tragac.text.watch``) in its
    masking mode: each of her names also counts alone ("Dunjo" names Dunja as surely as her full name does), and
    her phone's digits whatever separates them. ``terms`` are identities (``{"name", "handles", "phones",
    "addresses"}``) or loose strings."""

    label: ClassVar[str] = "identity"

    def __init__(self, terms: Iterable[str | dict[str, Any]]) -> None:
        from tragac.text.watch import WatchList

        self._watch = WatchList.from_terms(list(terms))

    def find(self, text: str) -> Iterable[Span]:
        for start, end in self._watch.mask_spans(text):
            yield Span(start, end, self.label)


def default_recognisers(watched: Iterable[str | dict[str, Any]] = ()) -> list[Recogniser]:
    recs: list[Recogniser] = [
        LinkRecogniser(),
        EmailRecogniser(),
        IdNumberRecogniser(),
        PhoneRecogniser(),
        AddressRecogniser(),
        SurnameRecogniser(),
        KinRecogniser(),
        MentionRecogniser(),
    ]
    terms = list(watched)
    if terms:
        recs.insert(0, TermRecogniser(terms))
    return recs


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans become one, labelled by the span that started first (longest on a tie)."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if s.end <= s.start:
            continue
        if out and s.start <= out[-1].end:
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, s.end), last.label)
        else:
            out.append(s)
    return out


class Redactor:
    """Replaces every recognised span by ``[label]`` in the report's language."""

    def __init__(self, recognisers: Sequence[Recogniser] | None = None, *, lang: str = "en") -> None:
        self.recognisers = list(recognisers) if recognisers is not None else default_recognisers()
        self.lang = lang

    def spans(self, text: str, extra: Iterable[Span] = ()) -> list[Span]:
        found: list[Span] = list(extra)
        for r in self.recognisers:
            found.extend(r.find(text))
        return merge(s for s in found if 0 <= s.start < s.end <= len(text))

    def redact(self, text: str | None, extra: Iterable[Span] = ()) -> str:
        if not text:
            return ""
        parts: list[str] = []
        pos = 0
        for s in self.spans(text, extra):
            parts.append(text[pos : s.start])
            # One vocabulary (tragac.text.labels) for masks, detectors, the web and the report.
            parts.append(f"[{pii_label(s.label if is_pii_kind(s.label) else 'pii', self.lang)}]")
            pos = s.end
        parts.append(text[pos:])
        return "".join(parts)


def flag_spans(spans: Iterable[Sequence[int]] | None, label: str = "pii") -> list[Span]:
    """Spans stored on a flag (``[[start, end], …]``) as :class:`Span` objects; malformed entries are ignored."""
    out = []
    for sp in spans or []:
        if isinstance(sp, list | tuple) and len(sp) >= 2 and isinstance(sp[0], int) and isinstance(sp[1], int):
            out.append(Span(sp[0], sp[1], label))
    return out
