"""The character n-gram model as a detector: it reports what the rules did not (a solicitation, an insult or
threat, a signal of minors phrased in a way no rule knows), each finding with its score and the words that raised
it. It supplements the rules: a category a rule already found in the message is not reported again.

The model (:mod:`tragac.text.ngram_model`) is trained from the project's labelled sets and benign demo chatter by
``tools/train_text_model.py``; docs/text-signals.md ("The n-gram model") has its measured effect.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tragac.signals.base import Detector, Finding, MessageContext, register
from tragac.signals.csam_signal import CsamSignal
from tragac.text.ngram_model import NgramModel, shipped_model

THRESHOLD = 0.5  # chosen on the validation set (docs/text-signals.md); the model's scores are not probabilities
_THRESHOLD_LOGIT = math.log(THRESHOLD / (1 - THRESHOLD))
_EDGE = 1e-6  # far above the ~1e-12 by which two summation orders of a logit can differ


@register
class NgramModelDetector(Detector):
    name = "ngram_model"
    category = "model"  # each finding carries the model category it scored
    help = "a character n-gram model for phrasing the rules miss (solicitation, harassment, minors)"
    supplements = True
    # Named by the product's analyzers (the text_model setting, on by default; --model/--no-model) rather than run by
    # every TextAnalyzer: a rule's test or a library user gets the rules alone unless it asks.
    opt_in = True

    def __init__(self, model: NgramModel | None = None) -> None:
        self.model = model or shipped_model()

    def wants(self, normalized: str) -> bool:
        """Whether any category scores over the threshold: the analyzer's batch gate for this detector."""
        return max(self.model.logits(normalized)) >= _THRESHOLD_LOGIT

    def wants_many(self, normalized: Sequence[str]) -> list[bool]:
        # The batch's scores at once; a text within rounding of the threshold is asked again the exact way, so the
        # answer is always ``wants``'s.
        top = self.model.max_logits(normalized)
        return [z >= _THRESHOLD_LOGIT + _EDGE or (z >= _THRESHOLD_LOGIT - _EDGE and self.wants(t))
                for z, t in zip(top.tolist(), normalized, strict=True)]  # fmt: skip

    def detect(self, ctx: MessageContext) -> list[Finding]:
        text = ctx.norm.text
        out = []
        for category, score in self.model.scores(text).items():
            if score < THRESHOLD:
                continue
            located = [(p, span) for p in self.model.strongest(text, category) if (span := _span(ctx, p))]
            shown = [ctx.text[s:e] for _, (s, e) in located]  # as written, strongest first
            out.append(
                Finding(
                    category=category,
                    subtype="model",
                    score=round(score, 3),
                    spans=sorted([s, e] for _, (s, e) in located),
                    rule="model.ngram",
                    why=f"n-gram model score {score:.2f}; words that raised it: {', '.join(shown) or '—'}",
                    evidence={"model_score": round(score, 4), "strongest": [p for p, _ in located]},
                    possible_minor=category == CsamSignal.category,  # as the rule's csam findings are
                )
            )
        return out


def _span(ctx: MessageContext, phrase: str) -> tuple[int, int] | None:
    """The original-text span of a normalised word or word pair (its first whole-word occurrence)."""
    text = ctx.norm.text
    start = 0
    while (at := text.find(phrase, start)) >= 0:
        end = at + len(phrase)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return ctx.norm.span(at, end)
        start = at + 1
    return None
