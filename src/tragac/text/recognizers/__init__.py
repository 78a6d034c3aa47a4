"""Recognisers for personal data, one module per entity type; importing this package registers the built-ins.

Plugins add recognisers through the ``register_recognizers`` hook; one keyed by a built-in's entity type replaces it.
"""

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from tragac.plugins import PluginRegistry, get_manager, hookimpl
from tragac.plugins.manager import PluginManager
from tragac.text.normalize import Normalized
from tragac.text.recognizers import address, bank_account, email, iban, jmbg, phone, plate, social
from tragac.text.recognizers.base import NUMBER_GATE, RECOGNIZERS, Entity, Recognizer, has_digit

__all__ = [
    "RECOGNIZERS",
    "Entity",
    "Recognizer",
    "address",
    "all_recognizers",
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


@hookimpl(trylast=True)
def register_recognizers() -> list[type[Recognizer]]:
    from tragac.text.packs import pack_recognizers  # the language packs' own (Italian mobile numbers…)

    return [*RECOGNIZERS, *pack_recognizers()]


_REGISTRY: PluginRegistry[type[Recognizer]] = PluginRegistry("register_recognizers", key=lambda cls: cls.entity)


def all_recognizers() -> list[type[Recognizer]]:
    """Every recogniser class, built-in and from plugins, in registration order."""
    return list(_REGISTRY.values())


def find_entities(text: str, norm: Normalized) -> list[Entity]:
    """Every entity any registered recogniser finds; ``norm`` is ``normalize(text)``.

    One digit check and one number-shape search per message decide which recognisers run at all."""
    out: list[Entity] = []
    digit = has_digit(text)
    numbers = digit and NUMBER_GATE.search(text) is not None
    for rec, number, needs_digit, prefilter in _plan().rows:
        if number:
            if not numbers:
                continue
        elif needs_digit and not digit:
            continue
        if prefilter is None or prefilter(text, norm):
            out.extend(rec.find(text, norm))
    return out


class _Plan(NamedTuple):
    """The recognisers' instances and gates, built once per plugin-manager generation."""

    manager: PluginManager
    generation: int
    # Per recogniser, in registration order (the order of the entities): what decides whether it runs. A
    # recogniser that keeps the default prefilter (always True) is not asked.
    rows: list[tuple[Recognizer, bool, bool, Callable[[str, Normalized], bool] | None]]
    gated: bool
    raw_gates: list[re.Pattern[str]]
    norm_gates: list[re.Pattern[str]]


_PLAN: _Plan | None = None


def _plan() -> _Plan:
    global _PLAN
    pm = get_manager()
    plan = _PLAN
    if plan is not None and plan.manager is pm and plan.generation == pm.generation:
        return plan
    instances = [cls() for cls in all_recognizers()]
    rows: list[tuple[Recognizer, bool, bool, Callable[[str, Normalized], bool] | None]] = [
        (rec, rec.number, rec.needs_digit, None if type(rec).prefilter is Recognizer.prefilter else rec.prefilter)
        for rec in instances
    ]
    _PLAN = plan = _Plan(pm, pm.generation, rows, *_gates(instances))
    return plan


def _gates(instances: list[Recognizer]) -> tuple[bool, list[re.Pattern[str]], list[re.Pattern[str]]]:
    raw: set[str] = set()
    norm: set[str] = set()
    for rec in instances:
        if rec.number:
            raw.add(NUMBER_GATE.pattern)
        elif rec.raw_gate is None and rec.norm_gate is None:
            return False, [], []
        raw |= {rec.raw_gate} if rec.raw_gate else set()
        norm |= {rec.norm_gate} if rec.norm_gate else set()
    # Separate searches, not one alternation: a pattern led by a character class lets the engine skip ahead in C.
    return True, [re.compile(p) for p in sorted(raw)], [re.compile(p) for p in sorted(norm)]


def entity_candidates(texts: Sequence[str], norm_texts: Sequence[str]) -> list[bool] | None:
    """Which messages could hold an entity (a superset of where ``find_entities`` finds one); ``norm_texts`` are
    their ``normalized_text``. ``None`` when some recogniser declares no gate, so every message must run."""
    plan = _plan()
    if not plan.gated:
        return None
    out = [False] * len(texts)
    for gates, inputs in ((plan.raw_gates, texts), (plan.norm_gates, norm_texts)):
        for rx in gates:
            search = rx.search
            out = [o or search(t) is not None for o, t in zip(out, inputs, strict=True)]
    return out
