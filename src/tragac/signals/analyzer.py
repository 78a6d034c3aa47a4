"""The whole text stack for one message: normalise once, one lexicon pass, then every detector."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tragac.signals.base import Detector, Finding, MessageContext, detector_classes
from tragac.text import batch
from tragac.text.lexicon import LexiconMatcher, build_matcher
from tragac.text.normalize import Normalized, normalize, normalized_texts
from tragac.text.recognizers import Entity, entity_rows, find_entities
from tragac.text.watch import WatchList

# Roles without which no lexicon-driven detector can fire (cue words like "je", "ko ima" alone never do).
TRIGGERS = frozenset(
    {"code", "code_weak", "age", "minor", "minor_weak", "intimate", "rate", "media", "of_her",
     "threat", "insult_strong", "insult_weak", "sexual_violence", "identifying", "trade"}
)  # fmt: skip


# Structured message parts that are personal data by themselves.
STRUCTURED = ("contact_information", "location_information")


class TextAnalyzer:
    """Build once (lexicons compile into one automaton), then call :meth:`analyze` per message."""

    def __init__(
        self,
        matcher: LexiconMatcher | None = None,
        watch: WatchList | None = None,
        only: Iterable[str] | None = None,
        opt_in: Iterable[str] = (),
    ) -> None:
        """``only``: just these detectors; otherwise every detector except the opt-in ones not named in ``opt_in``."""
        self.matcher = matcher or build_matcher()
        self.watch = watch
        wanted = set(only) if only else None
        asked = set(opt_in)
        chosen = [
            c()
            for c in detector_classes()
            if (c.name in wanted if wanted is not None else not c.opt_in or c.name in asked)
        ]
        self.detectors: list[Detector] = [d for d in chosen if not d.supplements]
        self.supplements: list[Detector] = [d for d in chosen if d.supplements]
        # Detectors the gates below cannot speak for (plugins reading raw text): they see every message.
        self.ungated: list[Detector] = [d for d in self.detectors if not d.gated]
        # A plugin's gated detector may fire on lexicon roles of its own (from its own lexicon).
        self.triggers: frozenset[str] = TRIGGERS.union(*(d.triggers for d in self.detectors))

    @classmethod
    def from_paths(
        cls, lexicons: Iterable[Path] = (), watch: Path | None = None, key: bytes | None = None
    ) -> TextAnalyzer:
        return cls(build_matcher(lexicons, key), WatchList.load(watch) if watch else None)

    def context(
        self,
        text: str,
        extra: dict[str, Any] | None = None,
        norm: Normalized | None = None,
        patterns: int | None = None,
    ) -> MessageContext:
        """``norm``: ``normalize(text)`` when the caller already has it; ``patterns``: which lexicon patterns match
        it (``LexiconMatcher.pattern_hits``), when a batch knows."""
        norm = norm or normalize(text)
        return MessageContext(text, norm, self.matcher.find(norm, patterns), self.watch, extra)

    def analyze(self, text: str, extra: dict[str, Any] | None = None) -> list[Finding]:
        """Findings for one message; ``extra`` is the stored message's structured data (contact cards, pins)."""
        return self._analyze(text, extra, None)

    def _analyze(
        self,
        text: str,
        extra: dict[str, Any] | None,
        entities: list[Entity] | None,
        rows: int | None = None,
        norm: Normalized | None = None,
        patterns: int | None = None,
        wanted: list[bool] | None = None,
    ) -> list[Finding]:
        """``entities``, when the caller already knows them (a batch gate ruled them out), are not searched again;
        ``rows`` (``entity_rows``), when given, are the only recognisers that can find any; ``norm`` and
        ``patterns`` as for :meth:`context`; ``wanted`` as for :meth:`_supplemented`."""
        structured = bool(extra) and any(k in extra for k in STRUCTURED)  # type: ignore[operator]
        if (not text or text.isspace()) and not structured:
            return []
        ctx = self.context(text, extra, norm, patterns)
        if entities is not None:
            ctx.__dict__["entities"] = entities  # what MessageContext.entities would have computed
        elif rows is not None:
            ctx.entity_rows = rows
        if self.watch is None and not (self.triggers & ctx.by_role.keys()) and not structured and not ctx.entities:
            # most messages: only common cue words, nothing a gated detector could fire on
            return self._supplemented([f for d in self.ungated for f in d.detect(ctx)], ctx, wanted)
        return self._supplemented([f for d in self.detectors for f in d.detect(ctx)], ctx, wanted)

    def _supplemented(
        self, found: list[Finding], ctx: MessageContext, wanted: list[bool] | None = None
    ) -> list[Finding]:
        """``found`` plus what the supplementing detectors report in categories nothing in ``found`` covers.
        ``wanted``: each supplementing detector's ``wants`` for this message, when a batch has asked already."""
        if not self.supplements:
            return found
        have = {f.category for f in found}
        text = ctx.norm.text
        wanted = wanted if wanted is not None else [d.wants(text) for d in self.supplements]
        more = [
            f
            for d, w in zip(self.supplements, wanted, strict=True)
            if w
            for f in d.detect(ctx)
            if f.category not in have
        ]
        return found + more if more else found

    def analyze_many(
        self, texts: Sequence[str], extras: Sequence[dict[str, Any] | None] | None = None
    ) -> list[list[Finding]]:
        """``[analyze(t, x) for t, x in zip(texts, extras)]``, faster: a text repeated in the batch (forwards, reposted
        adverts, "ok") is read once, and batch prefilters (one automaton pass over the batch for trigger terms, a
        few gate regexes per message for personal data) find the messages no detector could fire on, so only the
        others take the full per-message path."""
        extras = extras if extras is not None else [None] * len(texts)
        # The findings depend on the text and its structured parts only, so a repeat without those shares them.
        first: dict[str, int] = {}
        unique: list[int] = []
        for i, (t, x) in enumerate(zip(texts, extras, strict=True)):
            if x or first.setdefault(t, i) == i:
                unique.append(i)
        if len(unique) == len(texts):
            return self._analyze_batch(texts, extras)
        results = self._analyze_batch([texts[i] for i in unique], [extras[i] for i in unique])
        found = dict(zip(unique, results, strict=True))
        return [list(found[i if extras[i] else first[t]]) for i, t in enumerate(texts)]

    def _analyze_batch(self, texts: Sequence[str], extras: Sequence[dict[str, Any] | None]) -> list[list[Finding]]:
        gates = self._gates(texts)
        if gates is None:
            if not self.supplements:
                return [self.analyze(t, x) for t, x in zip(texts, extras, strict=True)]
            wanting = self._wants(normalized_texts(list(texts)))
            return [self._analyze(t, x, None, wanted=w) for t, x, w in zip(texts, extras, wanting, strict=True)]
        out: list[list[Finding]] = []
        lexicals, entity_gates, norm_texts, pattern_sets = gates
        wants = self._wants(norm_texts) if self.supplements else [None] * len(texts)
        for t, x, lexical, entity, pats, wanted in zip(
            texts, extras, lexicals, entity_gates, pattern_sets, wants, strict=True
        ):
            if lexical or x:
                out.append(self._analyze(t, x, None if entity else [], entity or None, patterns=pats, wanted=wanted))
            elif entity and (found := find_entities(t, norm := normalize(t), entity)):
                # No trigger term can be in it, so only personal data could fire; most messages through this gate
                # hold a time or a price, ruled out here without the lexicon pass.
                out.append(self._analyze(t, x, found, norm=norm, patterns=pats, wanted=wanted))
            elif wanted and any(wanted):
                # the gates ruled out every rule's finding
                out.append(self._supplemented([], self.context(t, x, patterns=pats), wanted))
            else:
                out.append([])
        return out

    def _wants(self, norm_texts: list[str]) -> list[list[bool] | None]:
        """Per message, each supplementing detector's ``wants``, asked for the whole batch at once."""
        per_detector = [d.wants_many(norm_texts) for d in self.supplements]
        return [list(w) for w in zip(*per_detector, strict=True)]

    def _gates(self, texts: Sequence[str]) -> tuple[list[bool], list[int], list[str], list[int]] | None:
        """Per message: could it hold a trigger term, which recognisers could find an entity in it (bit sets, see
        ``entity_rows``; supersets both), its normalised text, and which lexicon patterns match it (exactly). When
        neither gate is open, no rule's detector finds anything in it. ``None`` means every message must take the
        full path."""
        if self.watch is not None or self.ungated:
            return None  # watched names, handles and addresses (and ungated detectors) need no trigger or entity
        norm_texts = normalized_texts(list(texts))
        joined = batch.join(norm_texts)  # the gates search the batch at once
        patterns = self.matcher.pattern_hits(norm_texts, joined)
        lexical = self.matcher.candidates(norm_texts, self.triggers, joined, patterns)
        if lexical is None:
            return None
        entities = entity_rows(texts, norm_texts, joined)
        if entities is None:
            return None
        return lexical, entities, norm_texts, patterns
