"""Phone numbers of Serbia, Montenegro, Bosnia and Herzegovina and Croatia, via phonenumbers.

Mobile and fixed lines only: toll-free, premium, shared-cost and service numbers (hotlines) are not personal data.
Numbers must be written with the trunk 0, or with +/00 and the country code, so dates and prices do not qualify.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, register

REGIONS = ("RS", "ME", "BA", "HR")
_PERSONAL = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_RX = re.compile(r"(?<![\w+/.-])((?:\+|00)\d[\d \t./()-]{6,17}\d|0\d[\d \t./()-]{5,15}\d)(?![\w-]|[./]\d)")


def parse_phone(raw: str) -> phonenumbers.PhoneNumber | None:
    """The number if it is a personal (mobile/fixed) number of RS, ME, BA or HR; else None."""
    return _parse_digits(re.sub(r"[^\d+]", "", raw))


@lru_cache(maxsize=65536)
def _parse_digits(digits: str) -> phonenumbers.PhoneNumber | None:
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    candidates = [None] if digits.startswith("+") else list(REGIONS)
    for region in candidates:
        try:
            num = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.region_code_for_number(num) not in REGIONS:
            continue
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in _PERSONAL:
            return num
    return None


def e164(raw: str) -> str | None:
    num = parse_phone(raw)
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164) if num else None


@register
class PhoneRecognizer(Recognizer):
    entity = "phone"
    number = True

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = []
        for m in _RX.finditer(text):
            raw = m.group(1).rstrip(" .-/(")
            if raw.count(".") >= 2 and not raw.startswith(("+", "0")):
                continue
            num = parse_phone(raw)
            if num is None:
                continue
            kind = "mobile" if phonenumbers.number_type(num) == PhoneNumberType.MOBILE else "fixed"
            region = phonenumbers.region_code_for_number(num) or ""
            value = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            score = 0.6 if kind == "mobile" else 0.5
            out.append(
                Entity(self.entity, m.start(1), m.start(1) + len(raw), score, f"phone.{region.lower()}.{kind}", value)
            )
        return out
