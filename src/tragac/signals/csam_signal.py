"""Age and trading codes suggesting material involving minors. Always the highest severity, always
``possible_minor``: such a flag is routed to a hotline by reference and never leads to keeping media."""

from __future__ import annotations

from tragac.signals.base import Detector, Finding, MessageContext, clamp, ids, register
from tragac.text.lexicon import Hit


@register
class CsamSignal(Detector):
    name = "csam_signal"
    category = "csam_signal"
    help = "age codes (-18, 'mlađe od 15') and trading codes ('teen trade') next to requests, offers or links"

    def detect(self, ctx: MessageContext) -> list[Finding]:
        codes = ctx.role("code")
        news = ctx.has("news")
        asks = ctx.role("request", "offer")
        channel = ctx.role("channel")
        strong = ctx.role("age", "minor", "code_weak")
        weak = ctx.role("minor_weak")
        if strong and ctx.has("schoolwork", "goods"):
            # "beleške iz 2. razreda", "auto mlađe od 5 godina": a grade beside school work is a pupil's request,
            # a number of years beside goods is the thing's age
            school, goods = ctx.has("schoolwork"), ctx.has("goods")
            strong = [h for h in strong if not ((school and _grade(ctx, h)) or (goods and _numeric(ctx, h)))]
        if codes:
            trigger, score, rule = codes, 0.9 + (0.05 if asks else 0.0), codes[0].entry.id
            why = "trading code"
        elif strong and (asks or channel) and not news:
            trigger, score, rule = strong, 0.75 + (0.1 if asks and channel else 0.0), strong[0].entry.id
            why = "age or minor marker next to a request, offer or link"
        elif weak and asks and ctx.has("media") and not news:
            trigger, score, rule = weak, 0.7, weak[0].entry.id
            why = "children mentioned with a request or offer for pictures or videos"
        else:
            return []
        support = asks + channel
        spans = sorted({tuple(ctx.span(h)) for h in trigger + support})
        return [
            Finding(
                category=self.category,
                subtype=trigger[0].entry.role,
                score=clamp(score),
                spans=[list(s) for s in spans],
                rule=rule,
                why=f"{why} (terms: {', '.join(ids(trigger + support))})",
                evidence={"terms": ids(trigger + support)},
                possible_minor=True,
            )
        ]


def _grade(ctx: MessageContext, hit: Hit) -> bool:
    """A school year or grade marker ("iz 2. razreda srednje", "sedmi razred", "iz osnovne")."""
    return any(w in ctx.norm.text[hit.start : hit.end] for w in _GRADE_WORDS)


_GRADE_WORDS = ("razred", "srednj", "osnovn", "iz os", "u os")


def _numeric(ctx: MessageContext, hit: Hit) -> bool:
    return any(c.isdigit() for c in ctx.norm.text[hit.start : hit.end])
