"""Detectors turn one message's context into findings. Each is a small class registered with :func:`register`.

Plugins add detectors through the ``register_detectors`` hook (:mod:`tragac.plugins.hookspecs`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tragac.plugins import PluginRegistry, hookimpl
from tragac.severity import SEVERITY
from tragac.text.lexicon import Hit
from tragac.text.normalize import Normalized, lazy
from tragac.text.recognizers import Entity, find_entities
from tragac.text.watch import IdentityMatch, WatchList


@dataclass(frozen=True)
class Finding:
    """A lead for a human: what fired, where (original offsets), how strongly and why."""

    category: str
    subtype: str
    score: float
    spans: list[list[int]]
    rule: str
    why: str
    evidence: dict[str, Any] = field(default_factory=dict)
    possible_minor: bool = False

    @property
    def severity(self) -> int:
        return SEVERITY.get(self.category, 9)

    def public(self) -> dict[str, Any]:
        """The six fields scan-text prints."""
        return {
            "category": self.category,
            "subtype": self.subtype,
            "score": round(self.score, 3),
            "spans": self.spans,
            "rule": self.rule,
            "why": self.why,
        }


class MessageContext:
    """Everything detectors share about one message, computed once: normalisation, lexicon hits, entities."""

    # The recognisers that can find anything here (``find_entities``'s ``rows``), when a batch gate knows; else all.
    entity_rows: int | None = None

    def __init__(
        self, text: str, norm: Normalized, hits: list[Hit], watch: WatchList | None, extra: dict[str, Any] | None = None
    ) -> None:
        self.text = text
        self.extra = extra or {}  # the message's structured parts: shared contact cards, location pins
        self.norm = norm
        self.hits = hits
        self.watch = watch
        by_role: dict[str, list[Hit]] = defaultdict(list)
        for h in hits:
            by_role[h.entry.role].append(h)
        self.by_role = by_role

    def has(self, *roles: str) -> bool:
        return not self.by_role.keys().isdisjoint(roles)

    def role(self, *roles: str) -> list[Hit]:
        get = self.by_role.get
        out: list[Hit] = []
        for r in roles:
            hits = get(r)
            if hits:
                out += hits
        return out

    def span(self, hit: Hit) -> list[int]:
        s, e = self.norm.span(hit.start, hit.end)
        return [s, e]

    @lazy
    def entities(self) -> list[Entity]:
        return find_entities(self.text, self.norm, self.entity_rows)

    @lazy
    def identities(self) -> list[IdentityMatch]:
        if self.watch is None or not self.watch.identities:
            return []
        return self.watch.match(self.text, self.norm, self.entities)


class Detector(ABC):
    """Declares its name and category on the class; ``detect`` returns zero or more findings."""

    name: ClassVar[str]
    category: ClassVar[str]
    help: ClassVar[str] = ""
    # True: fires only on a lexicon trigger role, a personal-data entity, a structured part or a watched identity,
    # so the analyzer's batch gates may skip messages with none. False (the default, safe for a plugin that reads
    # the raw text): run on every message.
    gated: ClassVar[bool] = False
    # Lexicon roles, beyond the built-in trigger roles, on which a gated detector fires (a plugin's own lexicon).
    triggers: ClassVar[frozenset[str]] = frozenset()
    # True: runs after the others, on every message :meth:`wants`, and reports only categories no other detector
    # found in the message (the n-gram model: a second opinion where the rules are silent).
    supplements: ClassVar[bool] = False
    # True: runs only when asked for by name (TextAnalyzer's ``only`` or ``opt_in``; the ``text_model`` setting).
    opt_in: ClassVar[bool] = False

    def wants(self, normalized: str) -> bool:
        """For a supplementing detector: whether the message (its normalised text) can give it a finding."""
        return True

    def wants_many(self, normalized: Sequence[str]) -> list[bool]:
        """``[wants(t) for t in normalized]``; a supplementing detector may answer a batch faster."""
        return [self.wants(t) for t in normalized]

    @abstractmethod
    def detect(self, ctx: MessageContext) -> list[Finding]:
        """Findings for one message."""


_BUILTIN: dict[str, type[Detector]] = {}
# Modules whose import registers the built-in detectors; one line per detector.
BUILTIN_DETECTORS = (
    "tragac.signals.csam_signal",
    "tragac.signals.identity",
    "tragac.signals.doxxing",
    "tragac.signals.ncii_solicitation",
    "tragac.signals.harassment",
    "tragac.signals.learned",
)
DETECTORS: PluginRegistry[type[Detector]] = PluginRegistry("register_detectors", key=lambda cls: cls.name)


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator for the built-in detectors; plugins return their classes from ``register_detectors``.

    Every built-in is gated (see :attr:`Detector.gated`; a supplementing one is gated by its ``wants``), and is
    marked so here, in one place."""
    cls.gated = True
    _BUILTIN[cls.name] = cls
    return cls


@hookimpl(trylast=True)
def register_detectors() -> list[type[Detector]]:
    import importlib

    for module in BUILTIN_DETECTORS:
        importlib.import_module(module)
    return list(_BUILTIN.values())


def detector_classes() -> list[type[Detector]]:
    """Every detector, built-in and from plugins, most severe category first."""
    return sorted(DETECTORS.values(), key=lambda c: (SEVERITY.get(c.category, 9), c.name))


def ids(hits: list[Hit]) -> list[str]:
    """Entry ids, never phrases: private terms must not reach flags or logs."""
    return sorted({h.entry.id for h in hits})


def apart(hits: list[Hit], others: list[Hit]) -> list[Hit]:
    """``hits`` that overlap none of ``others`` (a word read as one role is not also another: "pazi" inside a menace
    phrase is not a warning, "razreda" inside "iz prvog razreda" is an age marker, not a person)."""
    return [h for h in hits if all(h.end <= o.start or o.end <= h.start for o in others)]


def clamp(x: float) -> float:
    return max(0.0, min(1.0, x))
