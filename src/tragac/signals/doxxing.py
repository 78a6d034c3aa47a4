"""Personal data published about someone: JMBG, phone, address, e-mail, social account, plate, bank account, IBAN.

Each entity is scored on its own (checksums make some certain) and the score rises with relational cues
("majka", "živi u"), data cues ("broj", "adresa") and watched identities in the same message; service context
("za informacije", "dostava", hotlines) lowers it. Findings under ``THRESHOLD`` are not reported.
"""

from __future__ import annotations

from tragac.signals.base import Detector, Finding, MessageContext, clamp, ids, register
from tragac.text.labels import label

THRESHOLD = 0.5


@register
class Doxxing(Detector):
    name = "doxxing"
    category = "doxxing"
    help = "personal data (JMBG, phone, address, accounts, plates, handles) with relational cues raising the score"

    def detect(self, ctx: MessageContext) -> list[Finding]:
        out = self._structured(ctx)
        entities = ctx.entities
        if not entities:
            return out
        relation = ctx.role("relation")
        cues = ctx.role("pii_cue")
        service = ctx.role("service") + ctx.role("news")
        anchored = bool(ctx.identities)
        bonus = (0.2 if relation else 0.0) + (0.1 if cues else 0.0) + (0.15 if anchored else 0.0)
        bonus -= 0.35 if service else 0.0
        for ent in entities:
            score = clamp(ent.score + bonus)
            if score < THRESHOLD:
                continue
            reasons = [f"{label(ent.type)} ({ent.rule})"]  # the one vocabulary of personal-data labels
            if relation:
                reasons.append("relational cue")
            if anchored:
                reasons.append("watched identity in the same message")
            if service:
                reasons.append("service context lowers the score")
            out.append(
                Finding(
                    category=self.category,
                    subtype=ent.type,
                    score=score,
                    spans=[[ent.start, ent.end]],
                    rule=f"doxxing.{ent.rule}",
                    why="; ".join(reasons),
                    evidence={
                        "entity": ent.type,
                        "terms": ids(relation + cues + service),
                        "watch_ids": sorted({m.identity for m in ctx.identities}),
                    },
                )
            )
        return out

    def _structured(self, ctx: MessageContext) -> list[Finding]:
        """A shared contact card or location pin is personal data without any text around it."""
        out = []
        contact = ctx.extra.get("contact_information")
        if isinstance(contact, dict) and contact.get("phone_number"):
            why = "shared contact card with a phone number"
            out.append(Finding(self.category, "contact", 0.7, [], "doxxing.contact_card", why, {"entity": "contact"}))
        location = ctx.extra.get("location_information")
        if isinstance(location, dict) and "latitude" in location:
            why = "shared location pin"
            out.append(
                Finding(self.category, "location", 0.55, [], "doxxing.location_pin", why, {"entity": "location"})
            )
        return out
