"""Notice templates, one small class per module, registered here: the one place to add a template."""

from __future__ import annotations

from tragac.cases.notices.base import NoticeContext, NoticeItem, NoticeTemplate
from tragac.cases.notices.dsa_hosting import DsaHostingNotice
from tragac.cases.notices.police_referral import PoliceReferral
from tragac.cases.notices.telegram import TelegramNotice
from tragac.errors import InputError

TEMPLATES: dict[str, NoticeTemplate] = {t.name: t for t in (TelegramNotice(), DsaHostingNotice(), PoliceReferral())}


def template(name: str) -> NoticeTemplate:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise InputError(f"unknown notice template {name!r}; choose one of: {', '.join(TEMPLATES)}") from None


__all__ = ["TEMPLATES", "NoticeContext", "NoticeItem", "NoticeTemplate", "template"]
