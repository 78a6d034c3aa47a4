"""Requests and offers to share, trade, buy, sell or rate intimate images of someone (co-occurrence scoring)."""

from __future__ import annotations

from tragac.signals.base import Detector, Finding, MessageContext, clamp, ids, register


@register
class NciiSolicitation(Detector):
    name = "ncii_solicitation"
    category = "ncii_solicitation"
    help = "request/offer verb + intimate-content noun, request/offer + pictures + a person, or 'rate' + a person"

    def detect(self, ctx: MessageContext) -> list[Finding]:
        if ctx.has("news"):
            return []
        asks = ctx.role("request", "offer")
        intimate = ctx.role("intimate")
        media = ctx.role("media")
        person = ctx.role("person")
        rate = ctx.role("rate")
        named = [m for m in ctx.identities if m.kind == "name"]
        if asks and intimate:
            used, score, subtype = asks + intimate + media + person, 0.8, "intimate_request"
            why = "request or offer next to intimate content"
        elif asks and media and person:
            used, score, subtype = asks + media + person, 0.7, "pictures_of_person"
            why = "request or offer for pictures or videos of a person"
        elif ctx.has("request") and ctx.has("of_her"):
            used, score, subtype = ctx.role("request", "of_her"), 0.6, "anything_of_her"
            why = "asks for whatever others have of a woman"
        elif rate and (person or named):
            used, score, subtype = rate + person, 0.65, "rate_person"
            why = "asks others to rate a person"
        else:
            return []
        spans = {tuple(ctx.span(h)) for h in used} | {(m.start, m.end) for m in named if subtype == "rate_person"}
        return [
            Finding(
                category=self.category,
                subtype=subtype,
                score=clamp(score + (0.1 if intimate and person else 0.0)),
                spans=[list(s) for s in sorted(spans)],
                rule=f"ncii.{subtype}",
                why=f"{why} (terms: {', '.join(ids(used))})",
                evidence={"terms": ids(used)},
            )
        ]
