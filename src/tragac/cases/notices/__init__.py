"""Notice templates, one small class per module, registered here: the one place to add a built-in template.

Plugins add templates through the ``register_notice_templates`` hook; one with a built-in's name replaces it."""

from __future__ import annotations

from tragac.cases.notices.base import NoticeContext, NoticeItem, NoticeTemplate
from tragac.cases.notices.dsa_hosting import DsaHostingNotice
from tragac.cases.notices.police_referral import PoliceReferral
from tragac.cases.notices.telegram import TelegramNotice
from tragac.errors import InputError
from tragac.plugins import PluginRegistry, hookimpl

BUILTIN_TEMPLATES: tuple[NoticeTemplate, ...] = (TelegramNotice(), DsaHostingNotice(), PoliceReferral())
# Every template by name, built-in and from plugins (a live view).
TEMPLATES: PluginRegistry[NoticeTemplate] = PluginRegistry("register_notice_templates", key=lambda t: t.name)


@hookimpl(trylast=True)
def register_notice_templates() -> list[NoticeTemplate]:
    return list(BUILTIN_TEMPLATES)


def template(name: str) -> NoticeTemplate:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise InputError(f"unknown notice template {name!r}; choose one of: {', '.join(TEMPLATES)}") from None


__all__ = ["BUILTIN_TEMPLATES", "TEMPLATES", "NoticeContext", "NoticeItem", "NoticeTemplate", "template"]
