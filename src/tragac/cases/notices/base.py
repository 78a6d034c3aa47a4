"""What every notice template is: a small class with a name, its default recipient and a text per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from jinja2 import Environment, StrictUndefined

_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, trim_blocks=True)


@dataclass(frozen=True)
class NoticeItem:
    """One exact location a notice asks about, with the references that prove it (never the media)."""

    url: str
    kind: str  # match | identity | doxxing
    posted_at: str | None
    sha256: str | None
    reason: str


@dataclass(frozen=True)
class NoticeContext:
    case_ref: str  # the case label, never her name
    notifier_name: str
    notifier_email: str
    notifier_org: str
    items: list[NoticeItem]
    date: str
    package_ref: str | None = None
    renotice: int = 0  # how many times it was sent before
    extra: dict[str, str] = field(default_factory=dict)


class NoticeTemplate:
    """Subclass, set the class attributes and list an instance in ``tragac.cases.notices`` (or return one from a
    plugin's ``register_notice_templates``); texts are Jinja2."""

    name: ClassVar[str]
    title: ClassVar[str]
    default_recipient: ClassVar[str | None] = None
    needs_package: ClassVar[bool] = False
    subjects: ClassVar[dict[str, str]]
    bodies: ClassVar[dict[str, str]]

    @property
    def languages(self) -> list[str]:
        return sorted(self.bodies)

    def render(self, ctx: NoticeContext, language: str) -> tuple[str, str]:
        subject = _ENV.from_string(self.subjects[language]).render(c=ctx).strip()
        body = _ENV.from_string(self.bodies[language]).render(c=ctx)
        return subject, body
