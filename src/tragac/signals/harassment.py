"""Insults, threats and sexualised abuse directed at a person.

Banter between friends ("haha ubiću te 😂") reads like a threat word for word; laughter in the same message lowers
the score by ``LAUGHTER_DISCOUNT``, and so does a friendly errand next to a threat phrase ("znam gde živiš, svratiću po
knjigu"); a finding under ``THRESHOLD`` is not reported. The explanation says so.

Veiled threats come in two halves: a warning ("pazi se", "bolje ti je da", "čuvaj se") and a menace ("sama noću",
"nikad ne znaš ko te prati", "svašta se može desiti"). Either alone is everyday speech; together they are a threat.
"""

from __future__ import annotations

import re

from tragac.signals.base import Detector, Finding, MessageContext, apart, clamp, ids, register
from tragac.text.lexicon import Hit

THRESHOLD = 0.5
LAUGHTER_DISCOUNT = 0.4
# Laughing emoji and written laughter ("hahaha", "xD", "lol"); on the raw text, since emoji are not lexicon words.
_LAUGHTER = re.compile(
    r"[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F639]|(?i:\b(?:ha){2,}h?\b|\bhah|\bxd+\b|\blol\b)"
)


@register
class Harassment(Detector):
    name = "harassment"
    category = "harassment"
    help = "threats, slurs, and insults or sexual-violence terms aimed at 'you' or 'her'"
    triggers = frozenset({"menace"})  # a veiled threat's menace half (with a warning) fires without a threat term

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
        elif (menace := ctx.role("menace")) and (warning := apart(ctx.role("warning"), menace)):
            found.append(("veiled_threat", warning + menace, 0.75))
        if sexual and (directed or third):
            found.append(("sexual_abuse", sexual + directed + third, 0.8))
        if strong:
            found.append(("insult", strong, 0.8))
        elif weak and directed:
            found.append(("insult", weak + directed, 0.6))
        if not found:
            return []
        subtype, _used, score = found[0]
        score = clamp(score + 0.05 * (len(found) - 1))
        laughter = _LAUGHTER.search(ctx.text) is not None and not sexual
        # "znam gde živiš, svratiću po knjigu": an errand or a visit, not a threat (only threats are lowered).
        friendly = bool(ctx.role("friendly")) and found[0][0] in ("threat", "veiled_threat")
        if laughter or friendly:
            score -= LAUGHTER_DISCOUNT
            if score < THRESHOLD:
                return []
        all_hits = [h for _, hs, _ in found for h in hs]
        spans = sorted({tuple(ctx.span(h)) for h in all_hits})
        why = f"{' + '.join(s for s, _, _ in found)} (terms: {', '.join(ids(all_hits))})"
        if laughter:
            why += "; laughter in the message lowers the score"
        elif friendly:
            why += "; a friendly errand in the message lowers the score"
        return [
            Finding(
                category=self.category,
                subtype=subtype,
                score=clamp(score),
                spans=[list(s) for s in spans],
                rule=f"harassment.{subtype}",
                why=why,
                evidence={"terms": ids(all_hits), "kinds": [s for s, _, _ in found]},
            )
        ]
