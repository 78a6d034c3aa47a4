"""IBANs: ISO 13616 mod-97 check, with the lengths of the region's countries checked exactly."""

from __future__ import annotations

import re

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, register

LENGTHS = {"RS": 22, "ME": 22, "HR": 21, "BA": 20, "SI": 19, "MK": 19, "AT": 20, "DE": 22, "AL": 28, "HU": 28}
_RX = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])"
)
# What every match opens with (a cheap search before the full one).
_START = re.compile(r"[A-Za-z]{2}\d{2}")


def iban_valid(raw: str) -> bool:
    s = re.sub(r"\s", "", raw).upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    expected = LENGTHS.get(s[:2])
    if expected is not None and len(s) != expected:
        return False
    rearranged = s[4:] + s[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


@register
class IbanRecognizer(Recognizer):
    entity = "iban"
    number = True

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return _START.search(text) is not None

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = []
        for m in _RX.finditer(text):
            if iban_valid(m.group(1)):
                value = re.sub(r"\s", "", m.group(1)).upper()
                out.append(Entity(self.entity, m.start(1), m.end(1), 0.9, f"iban.{value[:2].lower()}", value))
        return out
