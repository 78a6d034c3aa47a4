"""E-mail addresses."""

from __future__ import annotations

import re

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, register

_RX = re.compile(r"(?<![\w.+-])([A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})(?![\w@])")


@register
class EmailRecognizer(Recognizer):
    entity = "email"

    needs_digit = False
    raw_gate = "@"

    def prefilter(self, text: str, norm: Normalized) -> bool:
        return "@" in text

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        return [Entity(self.entity, m.start(1), m.end(1), 0.7, "email", m.group(1).lower()) for m in _RX.finditer(text)]
