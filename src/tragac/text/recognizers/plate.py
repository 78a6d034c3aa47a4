"""Serbian licence plates (since 2011): city code, 3–4 digits, two letters (AB 123-CD)."""

from __future__ import annotations

import re

from tragac.text.normalize import Normalized
from tragac.text.recognizers.base import Entity, Recognizer, register

# Registration areas (public list of Serbian plate codes).
_CODES = (
    "AL AR AC BB BG BO BP BT BĆ BU BČ VA VB VL VP VR VS VŠ GL GM DE ĐA ZA ZR IN IC JA KA KV KG KŽ KI KL "
    "KM KO KŠ KU LB LE LO LU NV NG NI NP NS PA PB PŽ PZ PI PK PN PO PP PR PT RA RU SA SV SD SJ SM SO SP "
    "ST SU SC TO TS TT ĆU UB UE ČA ŠA ŠI "
)
CITY_CODES = frozenset(_CODES.split())
_CYR = str.maketrans(
    "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш", "ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš"
)
_RX = re.compile(r"(?<![\w])([A-ZČĆŠŽĐ]{2})[ -]?(\d{3,4})[ -]?([A-ZČĆŠŽĐXYW]{2})(?![\w])", re.IGNORECASE)


@register
class PlateRecognizer(Recognizer):
    entity = "licence_plate"
    number = True

    def find(self, text: str, norm: Normalized) -> list[Entity]:
        out = []
        if not text.isascii():
            text = text.translate(_CYR)  # one letter for one letter, so offsets stay valid
        for m in _RX.finditer(text):
            city = m.group(1).upper()
            if city not in CITY_CODES:
                continue
            value = f"{city}{m.group(2)}{m.group(3).upper()}"
            out.append(Entity(self.entity, m.start(), m.end(), 0.6, "licence_plate.rs", value))
        return out
