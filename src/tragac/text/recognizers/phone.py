"""Phone numbers of Serbia, Montenegro, Bosnia and Herzegovina and Croatia, via phonenumbers.

Mobile and fixed lines only: toll-free, premium, shared-cost and service numbers (hotlines) are not personal data.
Numbers must be written with the trunk 0, or with +/00 and the country code, so dates and prices do not qualify.

A second pass reads the normalised text, where keycap digits ("0️⃣6️⃣4️⃣"), look-alike letters ("o64") and digits
written as words ("nula šest četiri", "06четири") have become digits; offsets map back through the normaliser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneNumberType

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import NUMBER_GATE, Entity, Recognizer, register

REGIONS = ("RS", "ME", "BA", "HR")
_PERSONAL = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Digit words (BCMS by their normalised, diacritic-free form; English; "thre" is "three" after letters squeeze),
# read only inside a run of at least seven.
_DIGIT_WORDS = {
    "nula": "0", "zero": "0", "jedan": "1", "jedna": "1", "one": "1", "dva": "2", "dve": "2", "dvije": "2",
    "two": "2", "tri": "3", "three": "3", "thre": "3", "cetiri": "4", "four": "4", "pet": "5", "five": "5", "sest": "6",
    "six": "6", "sedam": "7", "seven": "7", "osam": "8", "eight": "8", "devet": "9", "nine": "9",
}  # fmt: skip
_WORD_ALT = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
_SPELLED = re.compile(
    r"(?<![\w+])(?:\+|(?:0|nula|zero))(?:[\s./(),-]{0,2}(?:\d|(?:" + _WORD_ALT + r")(?![a-z]))){6,13}"
)
_SPELLED_TOKEN = re.compile(r"\+|\d|" + _WORD_ALT)
# Where the second pass could find something: a trunk 0 at a word start, or a spelled zero.
NORM_GATE_REFERENCE = r"\b(?:0\d|nula\b|zero\b)"
# The same test, opening with its first letter so the engine skips to candidates in C (checked against the reference).
_NORM_GATE = r"[0nz](?<!\w[0nz])(?:(?<=0)\d|(?<=n)ula\b|(?<=z)ero\b)"
_NORM_GATE_RX = re.compile(_NORM_GATE)
_WORD_TRIGGER = re.compile(r"\b(?:nula|zero)\b|\d[\s./-]{0,2}(?:" + _WORD_ALT + r")\b")
_NON_DIGIT = re.compile(r"\D+")
_RX = re.compile(r"(?<![\w+/.-])((?:\+|00)\d[\d \t./()-]{6,17}\d|0\d[\d \t./()-]{5,15}\d)(?![\w-]|[./]\d)")
# Typed digit by digit, spaces, dashes or a slash between ("0 6 7 4 1 2 9 0 5", "0 6 1 - 5 5 4 - 2 1 9 0",
# "0 6 3 / 8 2 0 …").
_SPACED = re.compile(r"(?<![\w+/.-])(0(?:[ \t-]{1,3}\d|[ \t]?[/.][ \t]?\d){7,11})(?![\w-])")


def parse_phone(raw: str) -> phonenumbers.PhoneNumber | None:
    """The number if it is a personal (mobile/fixed) number of RS, ME, BA or HR; else None."""
    found = _parse_digits(_NOT_DIAL.sub("", raw))
    return found.number if found else None


class _Phone(NamedTuple):
    """A personal number and what an entity says about it, worked out once per digit string."""

    number: phonenumbers.PhoneNumber
    kind: str  # mobile | fixed
    region: str
    value: str  # E.164


_NOT_DIAL = re.compile(r"[^\d+]")


@lru_cache(maxsize=65536)
def _parse_digits(digits: str) -> _Phone | None:
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    candidates = [None] if digits.startswith("+") else list(REGIONS)
    for region in candidates:
        try:
            num = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        code = phonenumbers.region_code_for_number(num)
        if code not in REGIONS:
            continue
        # ``is_valid_number`` is ``number_type(...) != UNKNOWN`` for a number of a region (phonenumbers defines it so:
        # the same metadata, the same type look-up), so one look-up answers both questions.
        kind = phonenumbers.number_type(num)
        if kind in _PERSONAL:
            value = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            return _Phone(num, "mobile" if kind == PhoneNumberType.MOBILE else "fixed", code, value)
    return None


def e164(raw: str) -> str | None:
    found = _parse_digits(_NOT_DIAL.sub("", raw))
    return found.value if found else None


@register
class PhoneRecognizer(Recognizer):
    entity = "phone"
    # Not a plain number recogniser: spelled-out numbers have no digit in the raw text, so the gate is either the
    # number gate on the raw text or the second pass's gate on the normalised text.
    needs_digit = False
    raw_gate = NUMBER_GATE.pattern
    norm_gate = _NORM_GATE

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return NUMBER_GATE.search(text) is not None or _NORM_GATE_RX.search(norm.text) is not None

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = self._raw(text)
        t = norm.text
        # The second pass only when normalising changed a number: its digits differ from the raw text's (keycaps,
        # "o64"), or digit words follow a zero or a digit. Most messages with a phone number skip it.
        if _NORM_GATE_RX.search(t) is not None and (
            _WORD_TRIGGER.search(t) is not None
            or _NON_DIGIT.sub("", t) != _NON_DIGIT.sub("", text)
            or "\u20e3" in text  # keycap digits: the same digits, but joined by marks the first pass cannot read
        ):
            taken = [(e.start, e.end) for e in out]
            for ent in self._normalised(norm):
                if not any(s < ent.end and ent.start < e for s, e in taken):
                    out.append(ent)
        return out

    def _normalised(self, norm: Normalized) -> list[Entity]:
        out = []
        for m in _SPELLED.finditer(norm.text):
            digits = "".join(_DIGIT_WORDS.get(t, t) for t in _SPELLED_TOKEN.findall(m.group(0)))
            found = _parse_digits(digits)
            if found is None:
                continue
            s, e = norm.span(m.start(), m.end())
            out.append(self._entity(found, s, e, "obfuscated"))
        return out

    def _entity(self, found: _Phone, start: int, end: int, how: str = "") -> Entity:
        kind = found.kind
        score = 0.6 if kind == "mobile" else 0.5
        rule = f"phone.{found.region.lower()}.{kind}" + (f".{how}" if how else "")
        return Entity(self.entity, start, end, score, rule, found.value)

    def _raw(self, text: str) -> list[Entity]:
        out = []
        for m in _RX.finditer(text):
            raw = m.group(1).rstrip(" .-/(")
            if raw.count(".") >= 2 and not raw.startswith(("+", "0")):
                continue
            found = _parse_digits(_NOT_DIAL.sub("", raw))
            if found is None:
                continue
            out.append(self._entity(found, m.start(1), m.start(1) + len(raw)))
        if "0 " in text or "0-" in text or "0\t" in text:
            for m in _SPACED.finditer(text):
                if any(e.start < m.end(1) and m.start(1) < e.end for e in out):
                    continue
                found = _parse_digits(_NOT_DIAL.sub("", m.group(1)))
                if found is not None:
                    out.append(self._entity(found, m.start(1), m.end(1), "spaced"))
        return out
