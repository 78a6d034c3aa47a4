"""Insults, threats and sexualised abuse directed at a person."""

from __future__ import annotations

from tragac.signals.base import Detector, Finding, MessageContext, clamp, ids, register
from tragac.text.lexicon import Hit


@register
class Harassment(Detector):
    name = "harassment"
    category = "harassment"
    help = "threats, slurs, and insults or sexual-violence terms aimed at 'you' or 'her'"

    def detect(self, ctx: MessageContext) -> list[Finding]:
        threat = ctx.role("threat")
        strong = ctx.role("insult_strong")
        sexual = ctx.role("sexual_violence")
        weak = ctx.role("insult_weak")
        directed = ctx.role("directed")
        third = ctx.role("directed3")
        found: list[tuple[str, list[Hit], float]] = []
        if threat:
            found.append(("threat", threat, 0.85))
        if sexual and (directed or third):
            found.append(("sexual_abuse", sexual + directed + third, 0.8))
        if strong:
            found.append(("insult", strong, 0.8))
        elif weak and directed:
            found.append(("insult", weak + directed, 0.6))
        if not found:
            return []
        subtype, _used, score = found[0]
        all_hits = [h for _, hs, _ in found for h in hs]
        spans = sorted({tuple(ctx.span(h)) for h in all_hits})
        return [
            Finding(
                category=self.category,
                subtype=subtype,
                score=clamp(score + 0.05 * (len(found) - 1)),
                spans=[list(s) for s in spans],
                rule=f"harassment.{subtype}",
                why=f"{' + '.join(s for s, _, _ in found)} (terms: {', '.join(ids(all_hits))})",
                evidence={"terms": ids(all_hits), "kinds": [s for s, _, _ in found]},
            )
        ]
