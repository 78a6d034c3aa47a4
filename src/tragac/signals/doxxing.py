"""Personal data published about someone: JMBG, phone, address, e-mail, social account, plate, bank account, IBAN.

Each entity is scored on its own (checksums make some certain) and the score rises with relational cues
("majka", "živi u"), data cues ("broj", "adresa") and watched identities in the same message; context lowers it and
the explanation says which: a business, event, donation or newsroom (``service``: "zakazivanje", "donacije",
"redakcija", hotlines) or a message about oneself (``self``: "moj broj", "ja živim", "zovi me"). Findings under
``THRESHOLD`` are not reported.
"""

from __future__ import annotations

import re

from tragac.signals.base import Detector, Finding, MessageContext, apart, clamp, ids, register
from tragac.text.labels import label
from tragac.text.recognizers import Entity

THRESHOLD = 0.5
# "do 15h", "posle 20h", "oko 22h", "u 10": a time of day; read only when a workplace phrase is in the message.
_HOURS = re.compile(r"\b(?:do|od|oko|posle|poslije|nakon|u)\s+\d{1,2}(?:[:.]\d{2})?\s?(?:h|sati|casova)?\b(?![\d.,/-])")
# "ona što je prijavila Acu": a reporting word in a relative clause says what she did, it is no report.
_RELATIVE = ("sto je ", "koja je ", "sto ga je ", "sto ju je ", "koja ga je ")
SERVICE_DISCOUNT = 0.45
SELF_DISCOUNT = 0.45


@register
class Doxxing(Detector):
    name = "doxxing"
    category = "doxxing"
    help = "personal data (JMBG, phone, address, accounts, plates, handles) with relational cues raising the score"
    triggers = frozenset({"lie_in_wait", "workplace"})  # her whereabouts, without any number (below)

    def detect(self, ctx: MessageContext) -> list[Finding]:
        out = self._structured(ctx) + self._family(ctx) + self._whereabouts(ctx)
        entities = ctx.entities
        out += self._watched_phone(ctx, entities)
        if not entities:
            return out
        relation = ctx.role("relation")
        cues = ctx.role("pii_cue")
        # "evo broja od one kučke što je prijavila …": a message that insults or threatens her is no notice or report
        hostile = ctx.has("insult_strong", "insult_weak", "threat", "incite")
        news = [h for h in ctx.role("news") if not ctx.norm.text[max(0, h.start - 12) : h.start].endswith(_RELATIVE)]
        service = ctx.role("service") + ([] if hostile else news)
        own = ctx.role("self")
        lives_here = ctx.role("lives_here")
        base = (0.2 if relation else 0.0) + (0.1 if cues else 0.0) - (SERVICE_DISCOUNT if service else 0.0)
        for ent in entities:
            # A watched identity anchors data *about* her; her own handle posting ("@handle objavila sliku") is
            # the identity itself, not personal data beside it.
            anchored = any(m.end <= ent.start or ent.end <= m.start for m in ctx.identities)
            bonus = base + (0.15 if anchored else 0.0) - (SELF_DISCOUNT if own and not anchored else 0.0)
            # "živi u Zmaj Jovinoj 3, pored pekare": where someone lives, said so, is about her whatever is nearby.
            lives = ent.rule == "address.lives_at" or (
                ent.type == "address" and any(0 <= ctx.span(h)[0] - ent.end <= 24 for h in lives_here)
            )  # "u Njegoševoj 40 stanuje, …": the same said after the address
            score = clamp(ent.score + bonus + (SERVICE_DISCOUNT if lives and service else 0.0))
            if score < THRESHOLD:
                continue
            reasons = [f"{label(ent.type)} ({ent.rule})"]  # the one vocabulary of personal-data labels
            if relation:
                reasons.append("relational cue")
            if anchored:
                reasons.append("watched identity in the same message")
            if service and not lives:
                reasons.append("business, event, donation or newsroom context lowers the score")
            if own and not anchored:
                reasons.append("written about oneself lowers the score")
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
                        "terms": ids(relation + cues + service + own),
                        "watch_ids": sorted({m.identity for m in ctx.identities}),
                    },
                )
            )
        return out

    def _watched_phone(self, ctx: MessageContext, entities: list[Entity]) -> list[Finding]:
        """A watched woman's phone written so that no recogniser reads it ("+387 62 417 3385" for her 062 number, digit
        by digit): it is her number published all the same."""
        phones = [
            m
            for m in ctx.identities
            if m.kind == "phone" and not any(e.start < m.end and m.start < e.end for e in entities)
        ]
        return [
            Finding(
                category=self.category,
                subtype="phone",
                score=0.7,
                spans=[[m.start, m.end]],
                rule="doxxing.watched_phone",
                why=f"{label('phone')} of a watched identity, written in another form",
                evidence={"entity": "phone", "terms": [], "watch_ids": [m.identity]},
            )
            for m in phones[:1]
        ]

    def _family(self, ctx: MessageContext) -> list[Finding]:
        """Her parents' names or workplaces, without any number (how an activist was doxxed): a parent word, a
        name or workplace phrase ("zove se", "radi u") and a third-person pointer ("joj", "njen")."""
        parent = ctx.role("parent")
        identifying = ctx.role("identifying")
        targeted = ctx.role("targeted")
        # Her, or a watched woman by name ("Mileni Stanković otac radi u …"); a parent's own workplace is not
        # about oneself ("moja mama radi u pošti").
        if not (parent and identifying and (targeted or ctx.identities)) or ctx.has("self"):
            return []
        used = parent + identifying + targeted
        what = f"{label('parents')} / {label('workplace')}"
        spans = sorted({tuple(ctx.span(h)) for h in used})
        return [
            Finding(
                category=self.category,
                subtype="parents",
                score=0.6 + (0.1 if len(identifying) > 1 else 0.0),
                spans=[list(x) for x in spans],
                rule="doxxing.family_workplace",
                why=f"{what} of someone, without a number (terms: {', '.join(ids(used))})",
                evidence={"entity": "parents", "terms": ids(used)},
            )
        ]

    def _whereabouts(self, ctx: MessageContext) -> list[Finding]:
        """Where and when to find her, for others to go there ("čekajte je ispred gimnazije, izlazi u 14h"): an
        instruction to wait for or find someone, and a place or a schedule; not when written about a service."""
        wait = ctx.role("lie_in_wait")
        where = apart(ctx.role("whereabouts"), wait)
        work = ctx.role("workplace")
        # "radi u pekari": the place she works at is not a business's own notice
        # (within the same few words: "radi kao frizerka u salonu Bella")
        service = [h for h in ctx.role("service") if not any(0 <= h.start - w.end <= 24 for w in work)]
        if service or ctx.has("news", "friendly", "self"):
            return []
        if not (wait and where):
            # "radi u pekari, smena od 6 do 14", "ona radi u vrtiću, do 16h": her workplace with her shift or route,
            # or with hours when the message points at her; a shop's opening hours have no shift and no "ona".
            shift = apart(ctx.role("shift"), work)
            if not work:
                return []
            pointed = ctx.has("targeted") or bool(ctx.identities)
            hours = [m.span() for m in _HOURS.finditer(ctx.norm.text)] if pointed else []
            if not (shift or hours):
                return []
            wait, where = work, shift
        else:
            hours = []
        used = wait + where
        spans = sorted({tuple(ctx.span(h)) for h in used} | {ctx.norm.span(s, e) for s, e in hours})
        return [
            Finding(
                category=self.category,
                subtype="whereabouts",
                score=0.6 + (0.1 if len(where) + len(hours) > 1 else 0.0),
                spans=[list(x) for x in spans],
                rule="doxxing.whereabouts",
                why=f"tells others where and when to find someone (terms: {', '.join(ids(used))})",
                evidence={"entity": "whereabouts", "terms": ids(used)},
            )
        ]

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
