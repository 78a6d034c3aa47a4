"""Recognisers for personal data, one module per entity type; importing this package registers them all."""

import re
from collections.abc import Sequence

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
    "entity_candidates",
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


def _gate(sources: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in sources)) if sources else None


def _gates() -> tuple[bool, re.Pattern[str] | None, re.Pattern[str] | None]:
    raw: list[str] = []
    norm: list[str] = []
    for rec in _INSTANCES:
        if rec.number:
            raw.append(NUMBER_GATE.pattern)
        elif rec.raw_gate is None and rec.norm_gate is None:
            return False, None, None
        raw.extend([rec.raw_gate] if rec.raw_gate else [])
        norm.extend([rec.norm_gate] if rec.norm_gate else [])
    return True, _gate(sorted(set(raw))), _gate(sorted(set(norm)))


_GATED, _RAW_GATE, _NORM_GATE = _gates()


def entity_candidates(texts: Sequence[str], norm_texts: Sequence[str]) -> list[bool] | None:
    """Which messages could hold an entity (a superset of where ``find_entities`` finds one); ``norm_texts`` are
    their ``normalized_text``. ``None`` when some recogniser declares no gate, so every message must run."""
    if not _GATED:
        return None
    out = [False] * len(texts)
    if _RAW_GATE is not None:
        search = _RAW_GATE.search
        out = [search(t) is not None for t in texts]
    if _NORM_GATE is not None:
        search = _NORM_GATE.search
        out = [o or search(t) is not None for o, t in zip(out, norm_texts, strict=True)]
    return out
