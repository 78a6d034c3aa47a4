"""Mentions of a case's watched people: full name in any case form and script, handle, phone or address."""

from __future__ import annotations

from tragac.signals.base import Detector, Finding, MessageContext, register

_SCORE = {"phone": 0.9, "handle": 0.85, "name": 0.8, "address": 0.75}


@register
class IdentityDetector(Detector):
    name = "identity"
    category = "identity"
    help = "a watched person's full name (seven cases, both scripts, leetspeak), handle, phone or address"

    def detect(self, ctx: MessageContext) -> list[Finding]:
        matches = ctx.identities
        out = []
        for ident in sorted({m.identity for m in matches}):
            mine = [m for m in matches if m.identity == ident]
            kinds = sorted({m.kind for m in mine}, key=lambda k: -_SCORE[k])
            score = min(1.0, _SCORE[kinds[0]] + 0.05 * (len(kinds) - 1))
            out.append(
                Finding(
                    category=self.category,
                    subtype=kinds[0],
                    score=score,
                    spans=sorted([m.start, m.end] for m in mine),
                    rule=f"identity.{kinds[0]}",
                    why=f"watched identity {ident} mentioned by {', '.join(kinds)}",
                    evidence={"identity": ident, "watch_id": ident, "kinds": kinds},
                )
            )
        return out
