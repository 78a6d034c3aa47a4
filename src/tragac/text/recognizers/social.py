"""Social media accounts: profile links, "insta:"/"snap:" cues, and bare @handles (low confidence on their own)."""

from __future__ import annotations

import re

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, register

_LINK = re.compile(
    r"(?:https?://)?(?:www\.|m\.)?(instagram\.com|instagr\.am|tiktok\.com/@|facebook\.com|fb\.com|snapchat\.com/add|"
    r"t\.me|x\.com|twitter\.com|threads\.net/@)/?([A-Za-z0-9_.]{2,40})",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(insta|instagram|ig|snap|snapchat|sc|tiktok|tt|fb|face|telegram|tg)"
    r"(?:\s*[:=-]\s*@?|\s+@)([A-Za-z0-9_][A-Za-z0-9_.]{1,39})",
    re.IGNORECASE,
)
# Named without "@" or ":" ("snap joj je ana_test_snap", "njen insta je mila.k99", "tiktok nalog jeca_bg"): the
# platform, whose account it is or "je"/"nalog", then a name shaped like a handle (a dot, an underscore or a digit),
# so "insta joj je super" is not an account.
_PLATFORMS = r"(?:insta|instagram|ig|snap|snapchat|sc|tiktok|tt|fb|face|telegram|tg)"
_NAMED = re.compile(
    r"\b(?:(?:njen|njezin|njegov|njihov)\w*\s+)?(" + _PLATFORMS + r")\s+(?:(?:joj|mu|im|njen|njezin|njegov)\s+)?"
    r"(?:(?:je|nalog|profil|ime|username|user|account|handle)\s+)+"
    r"([A-Za-z0-9_]*[._\d][A-Za-z0-9_.]*)(?![\w@])",
    re.IGNORECASE,
)
_NAMED_GATE = r"(?i:insta|snap|tiktok|\big\b|\bfb\b|face|telegram|\btg\b|\bsc\b|\btt\b)"
RAW_GATE_REFERENCE = "[@/:]|" + _NAMED_GATE
# The same test (a match exists exactly where the reference finds one), opening with a character class: the engine
# skips to those characters in C instead of trying the case-insensitive alternation at every position (7x).
_RAW_GATE = (
    r"(?i:[@/:istf](?:(?<=[@/:])|(?<=i)(?:nsta|g(?<!\wig)\b)|(?<=s)(?:nap|c(?<!\wsc)\b)"
    r"|(?<=t)(?:iktok|elegram|g(?<!\wtg)\b|t(?<!\wtt)\b)|(?<=f)(?:ace|b(?<!\wfb)\b)))"
)
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.]{2,39})(?![\w@])")
_PLATFORM = {"instagr.am": "instagram.com", "fb.com": "facebook.com"}


@register
class SocialAccountRecognizer(Recognizer):
    entity = "social_account"

    needs_digit = False
    raw_gate = _RAW_GATE
    _named_gate = re.compile(_NAMED_GATE)

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return "@" in text or "/" in text or ":" in text or self._named_gate.search(text) is not None

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out: list[Entity] = []
        taken: list[tuple[int, int]] = []
        for m in _LINK.finditer(text):
            platform = m.group(1).lower().rstrip("/@")
            platform = _PLATFORM.get(platform, platform)
            handle = m.group(2).rstrip(".").lower()
            out.append(Entity(self.entity, m.start(), m.end(), 0.7, f"social.link.{platform.split('.')[0]}", handle))
            taken.append((m.start(), m.end()))
        for m in _CUE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            out.append(
                Entity(self.entity, m.start(), m.end(), 0.65, f"social.cue.{m.group(1).lower()}", m.group(2).lower())
            )
            taken.append((m.start(), m.end()))
        for m in _NAMED.finditer(text):
            if any(s <= m.start(2) < e for s, e in taken) or len(m.group(2)) < 3:
                continue
            platform = m.group(1).lower()
            out.append(Entity(self.entity, m.start(), m.end(), 0.6, f"social.named.{platform}", m.group(2).lower()))
            taken.append((m.start(), m.end()))
        for m in _HANDLE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            out.append(Entity(self.entity, m.start(), m.end(), 0.35, "social.handle", m.group(1).rstrip(".").lower()))
        return out
