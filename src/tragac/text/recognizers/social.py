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
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.]{2,39})(?![\w@])")
_PLATFORM = {"instagr.am": "instagram.com", "fb.com": "facebook.com"}


@register
class SocialAccountRecognizer(Recognizer):
    entity = "social_account"

    needs_digit = False
    raw_gate = "[@/:]"

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return "@" in text or "/" in text or ":" in text

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
        for m in _HANDLE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            out.append(Entity(self.entity, m.start(), m.end(), 0.35, "social.handle", m.group(1).rstrip(".").lower()))
        return out
