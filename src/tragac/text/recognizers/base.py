"""What a recogniser returns, and the registry the doxxing and identity detectors read."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from tragac.text.normalize import Normalized


@dataclass(frozen=True, slots=True)
class Entity:
    """A piece of personal data found in a message; ``start``/``end`` are original offsets."""

    type: str  # national_id | phone | address | email | social_account | licence_plate | bank_account | iban
    start: int
    end: int
    score: float
    rule: str
    value: str  # canonical form (E.164 phone, digits only, lower-case handle…) for comparing with watch lists
    detail: dict[str, str] = field(default_factory=dict)


class Recognizer(ABC):
    """One entity type. ``prefilter`` is a cheap test; ``find`` runs only when it passes."""

    entity: ClassVar[str]
    needs_digit: ClassVar[bool] = True  # checked once per message for every recogniser that sets it
    # A number-shaped identifier (phone, JMBG, account, IBAN, plate): skipped unless NUMBER_GATE finds a candidate.
    number: ClassVar[bool] = False
    # For batch prefiltering (``entity_candidates``): ``find`` returns nothing unless ``raw_gate`` matches the text
    # or ``norm_gate`` the normalised text. Number recognisers are gated by NUMBER_GATE; a recogniser declaring
    # neither runs on every message.
    raw_gate: ClassVar[str | None] = None
    norm_gate: ClassVar[str | None] = None

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return True

    @abstractmethod
    def find(self, text: str, norm: Normalized) -> list[Entity]:
        """Every entity of this type in ``text``."""


_DIGIT = re.compile(r"\d")
# Anything a number recogniser could accept starts like one of these: a phone's "+", "00" or trunk "0"; 13+ digits
# (JMBG, long account), also in groups ("2206 995 715109"); a dashed account "160-…"; an IBAN's "RS35"; a plate's
# "BG 123-AB"; a phone typed digit by digit ("0 6 4 1 2 …"). Prices, times and dates mostly do not, so one search
# spares five recognisers.
NUMBER_GATE_REFERENCE = (
    r"(?<![\w+/.-])(?:\+|0)\d|(?<![\w+/.-])0(?:[ \t-]{1,3}\d|[ \t]?[/.][ \t]?\d){7}"
    r"|\d(?:[ .]?\d){12}|\d{3}-\d|[^\W\d_]{2}\d{2}|[^\W\d_]{2}[ -]?\d{3,4}[ -]?[^\W\d_]{2}(?!\w)"
)
# The same language as the reference (a property test checks it), rewritten so every branch starts at its first
# "+" or digit: a leading character class lets the regex engine skip to candidate positions in C instead of trying
# every branch at every letter, which made this search ~7x slower.
_L = r"[^\W\d_]"
NUMBER_GATE = re.compile(
    r"[+\d](?:(?<![\w+/.-][+0])(?<=[+0])\d|(?<![\w+/.-]0)(?<=0)(?:[ \t-]{1,3}\d|[ \t]?[/.][ \t]?\d){7}"
    r"|(?<=\d)(?:[ .]?\d){12}|(?<=\d)\d{2}-\d|(?<=" + _L + r"{2}\d)\d"
    r"|(?<=\d)\d{2}(?:(?<=" + _L + r"{2}\d{3})|(?<=" + _L + r"{2}[ -]\d{3}))\d?[ -]?" + _L + r"{2}(?!\w))"
)


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


_ASCII_DIGITS = "0123456789"


def digit_count_at_least(text: str, k: int) -> bool:
    """Whether ``text`` holds at least ``k`` characters that ``\\d`` matches (a prefilter for long numbers)."""
    if len(text) < k:
        return False
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS)) >= k
    return len(_DIGIT.findall(text)) >= k


RECOGNIZERS: list[type[Recognizer]] = []


def register(cls: type[Recognizer]) -> type[Recognizer]:
    RECOGNIZERS.append(cls)
    return cls
