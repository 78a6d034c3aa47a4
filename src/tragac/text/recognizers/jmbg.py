"""JMBG (unique master citizen number, all ex-Yugoslav states): 13 digits DDMMYYYRRBBBK, checksum and date."""

from __future__ import annotations

import re
from datetime import date

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, digit_count_at_least, register

_RX = re.compile(r"(?<![\d-])(\d{13})(?![\d-])")
# Written in groups ("1503 990 710 002", "0101.990.715007"): the checksum and date decide, as for the plain form.
# The control digit may stand alone at the end ("27 08 001 17 733 8").
_GROUPED = re.compile(r"(?<![\d-])(\d{2,7}(?:[ .]\d{2,7}){1,5}(?:[ .]\d)?)(?![\d-]|[ .]\d)")
_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


# Said to be a JMBG ("jmbg", "matični broj"): then a mistyped checksum is still a lead, at a lower score.
_CUE = re.compile(r"\b(?:jmbg|maticn\w*|maticni broj)\b")


def jmbg_shape(digits: str, today: date | None = None) -> bool:
    """13 digits that start with a past date of birth and an assigned region (the checksum aside)."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    yyy = int(digits[4:7])
    year = 1000 + yyy if yyy >= 800 else 2000 + yyy
    try:
        born = date(year, int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return False
    return born <= (today or date.today()) and not 60 <= int(digits[7:9]) <= 69  # 60–69: not assigned


def jmbg_check(digits: str, today: date | None = None) -> str | None:
    """'valid', 'remainder1' (checksum remainder 1: some issuers wrote K=0) or None when not a JMBG."""
    if not jmbg_shape(digits, today):
        return None
    d = [int(c) for c in digits]
    r = sum(a * b for a, b in zip(d, _WEIGHTS, strict=False)) % 11
    if r == 0:
        return "valid" if d[12] == 0 else None
    if r == 1:
        return "remainder1" if d[12] == 0 else None
    return "valid" if d[12] == 11 - r else None


@register
class JmbgRecognizer(Recognizer):
    entity = "national_id"
    number = True

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return digit_count_at_least(text, 13)  # both forms hold 13 digits

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = []
        cued: bool | None = None  # looked up once, only for a number that fails its checksum
        for m in _RX.finditer(text):
            verdict = jmbg_check(m.group(1))
            if verdict is None:
                if not jmbg_shape(m.group(1)):
                    continue
                cued = _CUE.search(norm.text) is not None if cued is None else cued
                if not cued:
                    continue
                verdict = "cued"
            score = {"valid": 0.95, "remainder1": 0.4, "cued": 0.35}[verdict]
            out.append(Entity(self.entity, m.start(1), m.end(1), score, f"jmbg.{verdict}", m.group(1)))
        for m in _GROUPED.finditer(text):
            digits = re.sub(r"\D", "", m.group(1))
            if len(digits) != 13:
                continue
            if jmbg_check(digits) == "valid":
                out.append(Entity(self.entity, m.start(1), m.end(1), 0.9, "jmbg.grouped", digits))
            elif jmbg_shape(digits):
                # grouped digits are commoner than JMBGs: a failed checksum counts only when it is called one
                cued = _CUE.search(norm.text) is not None if cued is None else cued
                if cued:
                    out.append(Entity(self.entity, m.start(1), m.end(1), 0.35, "jmbg.cued", digits))
        return out
