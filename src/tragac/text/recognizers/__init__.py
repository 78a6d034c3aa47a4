"""Recognisers for personal data, one module per entity type; importing this package registers them all."""

from tragac.text.normalize import Normalized
from tragac.text.recognizers import address, bank_account, email, iban, jmbg, phone, plate, social
from tragac.text.recognizers.base import NUMBER_GATE, RECOGNIZERS, Entity, Recognizer, has_digit

__all__ = [
    "RECOGNIZERS",
    "Entity",
    "Recognizer",
    "address",
    "bank_account",
    "email",
    "find_entities",
    "iban",
    "jmbg",
    "phone",
    "plate",
    "social",
]


def find_entities(text: str, norm: Normalized) -> list[Entity]:
    """Every entity any registered recogniser finds; ``norm`` is ``normalize(text)``.

    One digit check and one number-shape search per message decide which recognisers run at all."""
    out: list[Entity] = []
    digit = has_digit(text)
    numbers = digit and NUMBER_GATE.search(text) is not None
    for rec in _INSTANCES:
        if rec.number and not numbers:
            continue
        if (digit or not rec.needs_digit) and rec.prefilter(text, norm):
            out.extend(rec.find(text, norm))
    return out


_INSTANCES: list[Recognizer] = [cls() for cls in RECOGNIZERS]
