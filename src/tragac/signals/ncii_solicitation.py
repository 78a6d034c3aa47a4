"""Requests and offers to share, trade, buy, sell or rate intimate images of someone (co-occurrence scoring)."""

from __future__ import annotations

import re

from tragac.signals.base import Detector, Finding, MessageContext, apart, clamp, ids, register
from tragac.signals.harassment import exposure_threat
from tragac.text.lexicon import Hit

_NEXT_WORD = re.compile(r"[\s,:]+(\w+)")
# "njene nove kuhinje", "njenog psa": a possessive followed by another word modifies that word, unless it is a
# picture, an intimate word, a person or one of these ("njene za tvoje", "njene iz škole", "njene i sestrine").
_POSSESSIVE = re.compile(r"nj(?:en|ezin|ih)\w*|tvoj\w*|svoj\w*")
_AFTER_POSSESSIVE = re.compile(r"\s+([a-z]+)")
_LINKS = frozenset(
    {"za", "od", "iz", "sa", "s", "i", "a", "ili", "ako", "ko", "sto", "sta", "mi", "ti", "je", "su", "da", "na", "u"}
)
# "njegovog gola", "dva gola", "u golu": the football noun, not the adjective "naked".
_GOAL_BEFORE = re.compile(r"(?<!\w)(?:\w+(?:og|eg)|na|u|iz|dva|tri|cetiri|oba|\d+)\s+$")
_NOT = frozenset({" ne ", "bez ", "ema "})  # "ne slika", "bez slika", "nema slika" (the 4 characters before)
_ADULTS_ONLY = "\U0001f51e"  # 🔞
# Pronoun-like person cues ("one", "ova"): they point at pictures as often as at a woman.
_POINTERS = frozenset({"one", "onu", "ona", "ova", "ove", "ovu", "od one", "od ove"})
# Requests to take it to private messages (a collection handed out out of sight).
_SECRET = frozenset({"pm", "dm", "inbox", "u inbox"})


@register
class NciiSolicitation(Detector):
    name = "ncii_solicitation"
    category = "ncii_solicitation"
    # a priced, "genuine" or stored collection of women and the other half of a trade fire without a picture word
    triggers = frozenset({"paid", "genuine", "storage", "for_yours", "expose"})
    help = (
        "request/offer verb + intimate-content noun, request/offer + pictures + a person (or a watched name), "
        "trade talk, or 'rate' + a person"
    )

    def detect(self, ctx: MessageContext) -> list[Finding]:
        minor = ctx.role("age", "minor", "code")
        intimate = [h for h in ctx.role("intimate") if not _goal(ctx, h)]
        if _ADULTS_ONLY in ctx.text:
            intimate = [*intimate, *ctx.role("offer")]  # "… dijelim s vama 🔞": the sign marks the offer intimate
        # "iz prvog razreda" is an age, not a classmate; "njene nove kuhinje" is her kitchen, not her
        person = [p for p in apart(ctx.role("person"), minor) if not _modifier(ctx, p)]
        if ctx.has("food"):  # "šta imate od ribe na pijaci": the fish
            person = [p for p in person if not ctx.norm.text.startswith("rib", p.start) or "ribic" in _word(ctx, p)]
        # With an age marker, only a particular person counts: "one iz sobe" (those pictures) names nobody.
        particular = [p for p in person if p.entry.phrase not in _POINTERS]
        if ctx.has("news") or (minor and not (intimate and particular)):
            # Reporting; or an age or minor marker without an intimate word about a particular person ("sestre",
            # "ove"): then the reading that makes the request abusive is the age, so it is the CSAM signal's lead
            # alone (routed to a hotline by reference).
            return []
        if exposure := exposure_threat(ctx):
            # "ako me blokira, njene slike idu u grupu": sharing her pictures announced as a threat (sextortion)
            return [self._finding(ctx, exposure, 0.75, "exposure_threat", "threatens to share her pictures", [])]
        asks = ctx.role("request", "offer")
        # "za razmenu knjiga, ne slika": pictures said not to be there
        media = [h for h in ctx.role("media") if ctx.norm.text[max(0, h.start - 4) : h.start] not in _NOT]
        # "pošalji mi one slike": a pointer right before a picture word points at the pictures, not at a woman
        person = [
            p for p in person if not (p.entry.phrase in _POINTERS and any(0 <= m.start - p.end <= 1 for m in media))
        ]
        rate = ctx.role("rate")
        named = [m for m in ctx.identities if m.kind == "name"]
        if not named and (ctx.has("private") or secret_asked(ctx) or "link" in ctx.norm.text):
            # "@handle ima slike na drugom profilu, pišite meni za link": her handle with a link handed out
            named = [m for m in ctx.identities if m.kind == "handle"]
        paid = ctx.role("paid")
        genuine = ctx.role("genuine")
        storage = ctx.role("storage")
        market = bool(paid or genuine) and not ctx.has("service")
        secret = [h for h in ctx.role("request") if h.entry.phrase in _SECRET]
        if asks and intimate:
            used, score, subtype = asks + intimate + media + person, 0.8, "intimate_request"
            why = "request or offer next to intimate content"
        elif asks and media and person:
            used, score, subtype = asks + media + person, 0.7, "pictures_of_person"
            why = "request or offer for pictures or videos of a person"
        elif intimate and person and (market or storage or ctx.has("channel")):
            # "kanal VIP exposed balkan, ulaz 20e, svaki dan nove cure": intimate pictures of women behind a paywall
            used, score, subtype = (
                intimate + person + paid + genuine + storage + ctx.role("channel"),
                0.75,
                "paid_collection",
            )
            why = "intimate pictures of women in a paid or 'genuine' collection"
        elif named and ((intimate and (media or ctx.has("channel") or paid)) or (ctx.has("private") and paid)):
            # "<name> leak, link u opisu": her intimate pictures announced by name, no request needed.
            used, score, subtype = intimate + media + ctx.role("channel"), 0.75, "pictures_of_watched_person"
            why = "intimate pictures of a watched identity offered or linked"
        elif person and market and (asks or media or storage or (paid and genuine)):
            # "prodajem, 15e paket, sve domaće cure, bez fejkova": women's pictures priced or vouched for as real
            used, score, subtype = person + paid + genuine + asks + media + storage, 0.7, "paid_collection"
            why = "pictures of women sold, priced or vouched for as real and private"
        elif asks and (for_yours := ctx.role("for_yours")) and (person or named):
            # "menjam moje za tvoje, samo prave devojke", "menjam <name> za bilo koju drugu": a trade of women
            used, score, subtype = asks + for_yours + person, 0.7, "trade_talk"
            why = "trades one woman's pictures for another's"
        elif asks and storage and person and (secret or ctx.has("private", "leaked")):
            # "imam link na megu sa curama iz Splita, piši u inbox": a collection of women handed out in private
            used, score, subtype = asks + storage + person + secret, 0.65, "pictures_of_person"
            why = "a link or archive of women's pictures passed in private"
        elif ctx.has("trade"):
            # "dam 3 njene za 3 tvoje": one-for-one trading of people's pictures, no picture noun needed.
            used, score, subtype = ctx.role("trade") + media, 0.75, "trade_talk"
            why = "trades one person's pictures for another's"
        elif asks and named and (media or ctx.has("of_her", "private", "for_yours")):
            # Pictures of a *watched* woman asked for or traded by name ("ima li iko slike od <name>", "dajte sve od
            # <name>", "ima neko privatno", "razmena: <name> za tvoju").
            used = asks + media + ctx.role("of_her", "private", "for_yours")
            score, subtype = 0.75, "pictures_of_watched_person"
            why = "request, offer or trade of pictures of a watched identity"
        elif (
            (ctx.has("request") or (storage and ctx.has("offer")))
            and (of_her := [h for h in ctx.role("of_her") if _of_someone(ctx, h, person)])
            and not (ctx.has("relation") and ctx.entities)
        ):
            # "mail od nje je …, pišite joj" publishes her contact (doxxing), it asks for nothing of her.
            used, score, subtype = ctx.role("request") + of_her, 0.6, "anything_of_her"
            why = "asks for whatever others have of a woman"
        elif rate and (person or named):
            used, score, subtype = rate + person, 0.65, "rate_person"
            why = "asks others to rate a person"
        else:
            return []
        with_name = subtype in ("rate_person", "pictures_of_watched_person")
        names = [(m.start, m.end) for m in named if with_name]
        return [self._finding(ctx, used, clamp(score + (0.1 if intimate and person else 0.0)), subtype, why, names)]

    def _finding(
        self, ctx: MessageContext, used: list[Hit], score: float, subtype: str, why: str, names: list[tuple[int, int]]
    ) -> Finding:
        spans = {tuple(ctx.span(h)) for h in used} | set(names)
        return Finding(
            category=self.category,
            subtype=subtype,
            score=score,
            spans=[list(s) for s in sorted(spans)],
            rule=f"ncii.{subtype}",
            why=f"{why} (terms: {', '.join(ids(used))})",
            evidence={"terms": ids(used)},
        )


def _word(ctx: MessageContext, hit: Hit) -> str:
    return ctx.norm.text[hit.start : hit.end]


def secret_asked(ctx: MessageContext) -> bool:
    """A hand-off out of sight: "pm", "dm", "inbox" among the requests."""
    return any(h.entry.phrase in _SECRET for h in ctx.role("request"))


def _modifier(ctx: MessageContext, hit: Hit) -> bool:
    """A possessive person cue ("njene") that modifies the next word ("njene nove kuhinje"), not a woman."""
    text = ctx.norm.text
    if not _POSSESSIVE.fullmatch(text[hit.start : hit.end]):
        return False
    m = _AFTER_POSSESSIVE.match(text, hit.end)
    if m is None or m.group(1) in _LINKS:
        return False
    # a picture, intimate word or person within the next two words keeps it ("njene nove slike", "njene gole")
    window = m.end() + 24
    nxt = _AFTER_POSSESSIVE.match(text, m.end())
    stop = nxt.end() if nxt else m.end()
    return not any(
        hit.end < h.start < min(stop, window)
        for h in ctx.role("media", "intimate", "person", "rate", "storage", "channel", "private")
    )


def _goal(ctx: MessageContext, hit: Hit) -> bool:
    """ "gola" after a masculine adjective, a preposition or a number is the football noun ("njegovog gola")."""
    text = ctx.norm.text
    if text[hit.start : hit.end] not in ("gola", "golu"):
        return False
    return _GOAL_BEFORE.search(text, max(0, hit.start - 24), hit.start) is not None


def _of_someone(ctx: MessageContext, hit: Hit, person: list[Hit]) -> bool:
    """An open "sve što imate od …" asks for a person's pictures only when a person follows: a person word
    ("od bivše"), or a name, written with a capital ("od Milene"); "sve što imate od hrane" is a collection."""
    phrase = hit.entry.phrase or ""
    if not (phrase == "od" or phrase.endswith(" od")):
        return True  # "od nje", "od ove": the person is in the phrase
    if any(hit.end <= p.start <= hit.end + 1 for p in person):
        return True
    _, end = ctx.norm.span(hit.start, hit.end)
    m = _NEXT_WORD.match(ctx.text, end)
    # a woman's name in the genitive ("od Ane", "od Milene"); "od Balaševića", "od Marka" name a man
    return m is not None and m.group(1)[0].isupper() and not m.group(1).endswith(("a", "A"))
