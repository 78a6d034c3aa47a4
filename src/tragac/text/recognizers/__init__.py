"""Recognisers for personal data, one module per entity type; importing this package registers the built-ins.

Plugins add recognisers through the ``register_recognizers`` hook; one keyed by a built-in's entity type replaces it.
"""

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from tragac.plugins import PluginRegistry, get_manager, hookimpl
from tragac.plugins.manager import PluginManager
from tragac.text import batch
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
    "entity_rows",
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


def find_entities(text: str, norm: Normalized, rows: int | None = None) -> list[Entity]:
    """Every entity any registered recogniser finds; ``norm`` is ``normalize(text)``.

    One digit check and one number-shape search per message decide which recognisers run at all. ``rows``, from
    :func:`entity_rows`, is a bit set of the recognisers whose batch gate opened: the others would find nothing, so
    they are not asked (the result is the same)."""
    out: list[Entity] = []
    plan = _plan()
    selected = plan.rows if rows is None else plan.subset(rows)
    if not selected:
        return out
    digit: bool | None = None  # asked only when a selected recogniser needs it
    numbers: bool | None = None
    for rec, number, needs_digit, prefilter in selected:
        if number or needs_digit:
            if digit is None:
                digit = has_digit(text)
            if number:
                if numbers is None:
                    numbers = digit and NUMBER_GATE.search(text) is not None
                if not numbers:
                    continue
            elif not digit:
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
    # Per gate (raw gates, then normalised-text gates): the bit set of the rows it opens.
    gate_rows: list[int]
    subsets: dict[int, list[tuple[Recognizer, bool, bool, Callable[[str, Normalized], bool] | None]]]

    def subset(self, rows: int) -> list[tuple[Recognizer, bool, bool, Callable[[str, Normalized], bool] | None]]:
        """The rows in the bit set ``rows``, in registration order."""
        got = self.subsets.get(rows)
        if got is None:
            got = self.subsets[rows] = [row for i, row in enumerate(self.rows) if rows >> i & 1]
        return got


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
    gated, raw_gates, norm_gates = _gates(instances)
    gate_rows = [0] * (len(raw_gates) + len(norm_gates))
    for i, rec in enumerate(instances):
        raw = NUMBER_GATE.pattern if rec.number else rec.raw_gate
        for k, rx in enumerate(raw_gates):
            if rx.pattern == raw:
                gate_rows[k] |= 1 << i
        for k, rx in enumerate(norm_gates, len(raw_gates)):
            if rx.pattern == rec.norm_gate:
                gate_rows[k] |= 1 << i
    _PLAN = plan = _Plan(pm, pm.generation, rows, gated, raw_gates, norm_gates, gate_rows, {})
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
    rows = entity_rows(texts, norm_texts)
    return None if rows is None else [bool(r) for r in rows]


def entity_rows(
    texts: Sequence[str], norm_texts: Sequence[str], joined_norm: batch.Joined | None = None
) -> list[int] | None:
    """Per message, the bit set of the recognisers (``find_entities``'s ``rows``) whose gate opens on it: the others
    find nothing there; 0 when none can. ``joined_norm`` is ``batch.join(norm_texts)`` when the caller has it.
    ``None`` when some recogniser declares no gate, so every message must run every recogniser."""
    plan = _plan()
    if not plan.gated:
        return None
    out = [0] * len(texts)
    joined_raw: batch.Joined | None = None
    k = 0
    for gates, inputs in ((plan.raw_gates, texts), (plan.norm_gates, norm_texts)):
        for rx in gates:
            bits = plan.gate_rows[k]
            k += 1
            if batch.nul_safe(rx):
                # One search over the whole batch (joined by NUL) instead of one per message.
                if inputs is texts:
                    joined = joined_raw = joined_raw or batch.join(texts)
                else:
                    joined = joined_norm = joined_norm or batch.join(norm_texts)
                for i in batch.hits(rx, joined):
                    out[i] |= bits
            else:
                search = rx.search
                for i, t in enumerate(inputs):
                    if search(t) is not None:
                        out[i] |= bits
    return out
