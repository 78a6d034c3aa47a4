"""Insults, threats and sexualised abuse directed at a person.

Banter between friends ("haha ubiću te 😂") reads like a threat word for word; laughter in the same message lowers
the score by ``LAUGHTER_DISCOUNT``, and so does a friendly errand next to a threat phrase ("znam gde živiš, svratiću po
knjigu"), a caution about the weather ("pazi se kad ideš kući, poledica je") or help beside a call to many
("prijavite joj profil, hakovan je"); a finding under ``THRESHOLD`` is not reported. The explanation says so.

Veiled threats come in two halves: a warning ("pazi se", "bolje ti je da", "čuvaj se") and a menace ("sama noću",
"nikad ne znaš ko te prati", "svašta se može desiti"). Either alone is everyday speech; together they are a threat.

A weaker insult word ("krava", "glupača", "smeće") is an insult only when it is aimed at someone: at "you" (ti, si,
a vocative), or at a third person by a determiner or intensifier right before it ("ta kuja", "ona drolja", "obična
budala"), a second insult beside it ("glupa krava"), "… od žene" after it, or a watched identity named in the
message. Laughter lowers an insult only when it is said to "you" (banter); mocking a third person is not banter.

Incitement: calls on others to go at her ("sredite je", "pljujte je"), or an appeal to many ("pišite joj", "ajde
svi") with what to do ("noću", "dok ne poludi", "ispod svake slike"; "šta mislite o njoj" only where the message
also publishes her data or insults her).
"""

from __future__ import annotations

import re

from tragac.signals.base import Detector, Finding, MessageContext, apart, clamp, ids, register
from tragac.text.lexicon import Hit
from tragac.text.normalize import normalized_text

THRESHOLD = 0.5
LAUGHTER_DISCOUNT = 0.4
# Laughing emoji and written laughter ("hahaha", "xD", "lol"); on the raw text, since emoji are not lexicon words.
_LAUGHTER = re.compile(
    r"[\U0001F602\U0001F923\U0001F606\U0001F605\U0001F639]|(?i:\b(?:ha){2,}h?\b|\bhah|\bxd+\b|\blol\b)"
)
# Words that point an insult noun at a third person when they stand right before it (normalised).
_POINTERS = frozenset(
    {
        "ta",
        "tu",
        "toj",
        "ova",
        "ovu",
        "ovoj",
        "ona",
        "onu",
        "onoj",
        "te",
        "ove",
        "one",
        "tih",
        "ovih",
        "onih",
        "takva",
        "takvu",
    }
)
# Intensifiers point only after "je"/"si" ("ona je obična budala"; "obična budala bi to platila" is anyone).
_INTENSIFIERS = frozenset(
    {
        "obicna",
        "obicnu",
        "obicnoj",
        "prava",
        "pravu",
        "najobicnija",
        "najobicniju",
        "totalna",
        "totalnu",
        "najveca",
        "najvecu",
        "obican",
        "pravi",
        "najveci",
        "totalni",
    }
)
# Insult nouns that are also animals: a pointer alone ("ta krava") may mean the animal.
_ANIMALS = (
    "krav",
    "svinj",
    "kuj",
    "kuck",
    "krmac",
    "zmij",
    "majmun",
    "gnjid",
    "ovc",
    "kokos",
    "gusk",
    "kobil",
    "prasic",
    "bacv",
)
# Incitement acts that are speech, not a campaign ("pišite joj šta mislite", "u inbox"): they count only where the
# message also publishes her data or insults her.
_SAID = ("mislite", "mislimo", "kakva", "sta je", "sto je", "u lice", "inbox", "poruke", "u dm")
# Between two insults of one chain ("glupa krava", "debela, ružna i glupa").
_CHAIN = re.compile(r"\s|,\s?|\s+i\s+")
# After an insult noun opening the message: it is the subject ("glupača nije …") or a label ("izdajnica, …").
_SUBJECT = re.compile(r",|\s+(?:nije|je|ne|s|sa|od|obicna|jedna)\b")
# Insult nouns that are also things ("smeće se iznosi utorkom"): not a person at the start of a message.
_THINGS = ("smec", "djubr", "govn", "stok", "sramot")
# A threat or insult quoted to condemn or report it ("prijavila sam poruku 'k*rvo …' policiji").
_QUOTES = "\"'“”„«»‘’‚"


@register
class Harassment(Detector):
    name = "harassment"
    category = "harassment"
    help = "threats, slurs, and insults or sexual-violence terms aimed at 'you' or 'her'"
    # a veiled threat's menace half (with a warning) and incitement fire without a threat term
    triggers = frozenset({"menace", "incite", "mob", "hint", "mock_look", "expose", "purge"})

    def detect(self, ctx: MessageContext) -> list[Finding]:
        threat = ctx.role("threat")
        strong = ctx.role("insult_strong")
        if strong and (oaths := ctx.role("oath")):
            # "kurva li ga materina, opet pada kiša": an oath at the weather, not an insult of anyone
            strong = [h for h in strong if not any(o.start <= h.start and h.end <= o.end for o in oaths)]
        sexual = ctx.role("sexual_violence")
        weak = ctx.role("insult_weak")
        if (strong or weak) and ctx.has("thing") and not _person_in(ctx):
            # "ne mogu više s ovim printerom, đubre jedno glupo": swearing at a machine, no person in the message
            strong, weak = [], []
        directed = ctx.role("directed")
        third = ctx.role("directed3")
        found: list[tuple[str, list[Hit], float]] = []
        if ctx.has("news") and threat + strong + weak and all(_quoted(ctx, h) for h in threat + strong + weak):
            return []  # quoted to report or condemn it
        if threat:
            found.append(("threat", threat, 0.85))
        elif (menace := ctx.role("menace")) and (warning := apart(ctx.role("warning"), menace)):
            found.append(("veiled_threat", warning + menace, 0.75))
        if exposure := exposure_threat(ctx):
            # "ako me blokira, njene slike završe kod ćaće": her pictures held over her (sextortion)
            found.insert(0, ("exposure_threat", exposure, 0.8))
        if (purge := ctx.role("purge")) and (
            strong
            or any(_aimed(ctx, h, weak) for h in weak)
            or ctx.identities
            or ctx.entities
            or ctx.has("purge_where", "label")
        ):
            # "treba je istjerati iz grada", "sve takve potrpati u kamion pa daleko": putting a woman away
            found.append(("threat", purge + ctx.role("purge_where"), 0.75))
        if sexual and (directed or third):
            found.append(("sexual_abuse", sexual + directed + third, 0.8))
        incite = ctx.role("incite")
        if not incite and (mob := ctx.role("mob")) and (acts := apart(ctx.role("incite_act"), mob)):
            said = [h for h in acts if h.entry.phrase and any(w in normalized_text(h.entry.phrase) for w in _SAID)]
            if len(said) < len(acts) or ctx.entities or ctx.identities or strong or weak:
                incite = mob + acts
        aimed = [h for h in weak if _aimed(ctx, h, weak)]
        if not incite and (hint := ctx.role("hint")) and _hint_counts(ctx, bool(strong or aimed)):
            incite = hint  # "tko je blizu neka joj objasni" under her address: a call to go at her
        if incite:
            found.append(("incitement", incite, 0.75))
        if strong:
            found.append(("insult", strong, 0.8))
        elif weak and directed:
            found.append(("insult", weak + directed, 0.6))
        elif aimed:
            found.append(("insult", aimed, 0.65))
        if (look := ctx.role("mock_look")) and (ctx.has("mock") or strong or aimed):
            # "fuj, pogledajte joj lice, ko bi to dirao": a crowd pointed at her looks, with disgust or an insult
            found.append(("mockery", look + ctx.role("mock"), 0.7))
        if not found:
            return []
        subtype, _used, score = found[0]
        score = clamp(score + 0.05 * (len(found) - 1))
        # Laughing at a third person (a watched name, "ta kuja") mocks her; banter is said to "you".
        # Laughing beside her published number or address (or at her looks) is mockery, not banter either.
        kind = found[0][0]
        third_person = kind == "insult" and bool(aimed or ctx.identities)
        published = kind in ("insult", "incitement") and bool(ctx.entities)
        # A call on many to go at her is not banter with her either ("spamujte joj inbox 😂").
        mocking = kind == "mockery" or ((third_person or published or kind == "incitement") and not directed)
        laughter = _LAUGHTER.search(ctx.text) is not None and not sexual and not mocking
        # "znam gde živiš, svratiću po knjigu": an errand or a visit, not a threat (only threats are lowered).
        # "prijavite joj profil, hakovan je", "ajmo joj u posetu u bolnicu": help, not a pile-on
        friendly = bool(ctx.role("friendly")) and found[0][0] in ("threat", "veiled_threat", "incitement")
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


def _aimed(ctx: MessageContext, hit: Hit, weak: list[Hit]) -> bool:
    """A weak insult word pointed at a third person: a pointer word or another insult right before it ("ta kuja",
    "obična budala", "glupa krava", "debela, ružna i glupa"), "od žene" right after it, a label pinned after it
    ("…, eto šta je"), a person noun opening the message as its subject ("glupača nije ni za …", "izdajnica, …"), or a
    watched identity in the message."""
    if ctx.identities and any(m.kind in ("name", "handle") for m in ctx.identities):
        return True
    text = ctx.norm.text
    before = text[max(0, hit.start - 24) : hit.start].split()
    if any(0 <= hit.start - w.end <= 3 and _CHAIN.fullmatch(text[w.end : hit.start]) for w in weak if w is not hit):
        return True  # "glupa krava", "debela, ružna i glupa"
    word = text[hit.start : hit.end]
    if ctx.has("label"):
        return True  # "krmača s diplomom, eto šta je"
    # "ta svinja na ražnju", "ova krava": an animal is one, unless the message is about a person's data
    animal = word.startswith(_ANIMALS) and not ctx.entities
    if not before and not animal and not word.startswith(_THINGS) and _SUBJECT.match(text, hit.end):
        return True  # "glupača nije ni za čistačicu", "izdajnica, da joj se zna ime"
    if before and before[-1] in _POINTERS and not animal:
        return True
    if len(before) > 1 and before[-1] in _INTENSIFIERS and before[-2] in ("je", "si", "ste", "bila", "bio"):
        return True
    return any(0 <= o.start - hit.end <= 1 for o in ctx.role("of_person"))


def exposure_threat(ctx: MessageContext) -> list[Hit]:
    """Her pictures announced to go to an audience, on a condition or with a send-off ("ako ne vrati pare, sve njene
    slike idu u grupu", "samo neka me ostavi, videće cela škola šta mi je slala"): the hits, or [] (shared with the
    NCII detector, which reports the same message as a solicitation of sharing)."""
    expose = ctx.role("expose")
    if not expose:
        return []
    extra = apart(ctx.role("audience", "warning"), expose)
    if extra or len(expose) > 1:
        return expose + extra
    return []


def _person_in(ctx: MessageContext) -> bool:
    """A person the message could be about: "ti", "ona"/"joj", a person noun, a watched identity or personal data."""
    return bool(ctx.identities or ctx.entities) or ctx.has("directed", "directed3", "person", "targeted")


def _hint_counts(ctx: MessageContext, insulted: bool) -> bool:
    """A crowd hint ("znate šta treba", "ajmo joj u posetu", "ujutro je sama") is incitement beside her published data,
    a watched identity, her workplace or an insult; alone it is everyday speech."""
    return bool(ctx.entities or ctx.identities or insulted or ctx.has("workplace", "lie_in_wait"))


def _quoted(ctx: MessageContext, hit: Hit) -> bool:
    """The hit lies inside quotation marks in the original text."""
    start, end = ctx.span(hit)
    text = ctx.text
    opened = [i for i in range(start) if text[i] in _QUOTES]
    return bool(opened) and any(text[i] in _QUOTES for i in range(end, len(text))) and len(opened) % 2 == 1
