"""Serbian bank accounts: BBB-AAAAAAAAAAAAA-KK (short forms drop the account's leading zeros), mod 97 == 1."""

from __future__ import annotations

import re

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, digit_count_at_least, register

# Called an account ("račun", "tekući", "žiro", "uplatite"): a mistyped control number is still a lead, scored so
# low that only a relational cue ("joj", "njenog oca") reports it ("račun … pogrešna kontrolna cifra" is not).
_CUE = re.compile(r"\b(?:racun\w*|tekuc\w*|ziro|uplat\w*|uplaci\w*|uplaca\w*|account)\b")
_RX = re.compile(r"(?<![\w-])(?:(\d{3})-(\d{1,13})-(\d{2})|(\d{18}))(?![\w-])")


def account_digits(bank: str, account: str, control: str) -> str:
    return f"{bank}{account.zfill(13)}{control}"


def account_valid(digits: str) -> bool:
    return len(digits) == 18 and digits.isdigit() and int(digits) % 97 == 1 and int(digits[3:16]) != 0


@register
class BankAccountRecognizer(Recognizer):
    entity = "bank_account"
    number = True

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return "-" in text or digit_count_at_least(text, 18)  # BBB-A…-KK, or 18 digits in a row

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = []
        cued: bool | None = None
        for m in _RX.finditer(text):
            digits = m.group(4) or account_digits(m.group(1), m.group(2), m.group(3))
            if account_valid(digits):
                out.append(Entity(self.entity, m.start(), m.end(), 0.85, "bank_account.rs.mod97", digits))
            elif m.group(1) and int(digits[3:16]) != 0:
                # the dashed form only (bank-account-control), not any 18 digits
                cued = _CUE.search(norm.text) is not None if cued is None else cued
                if cued:
                    out.append(Entity(self.entity, m.start(), m.end(), 0.35, "bank_account.rs.cued", digits))
        return out
