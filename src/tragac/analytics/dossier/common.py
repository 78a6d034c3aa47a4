"""What both dossiers share: who may see handles, how an author or a message is named, and how a statement points
at the message it rests on.

A dossier names authors by their stable pseudonym (``analytics.pseudonyms``) unless the reader's role may see
handles (``show_handles``, administrators); example texts are masked by the report's redactor, which also masks
every watched identity of every open case. Media are never shown: a dossier names a file by its hashes only, and
media the possible-minor rule withholds (``tragac.policy``) appear as a count referred to a hotline, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

import tragac
from tragac.analytics.pseudonyms import Pseudonymizer
from tragac.analytics.redaction import Redactor
from tragac.analytics.watched import masking_recognisers
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.models.core import Author, Message, Source

LANGS = ("sr", "en")
# Audit actions of this module (the audit log's vocabulary for dossiers).
DOSSIER_VIEW = "dossier.view"
DOSSIER_EXPORT = "dossier.export"


@dataclass
class Context:
    store: Store
    lang: str
    show_handles: bool
    operator: str
    pseudonyms: Pseudonymizer
    redactor: Redactor
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def make(cls, store: Store, *, lang: str, show_handles: bool, operator: str) -> Context:
        if lang not in LANGS:
            raise InputError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
        if not operator or not operator.strip():
            raise InputError("say who makes the dossier: --operator NAME (named in the dossier and the audit log)")
        return cls(
            store,
            lang,
            show_handles,
            operator.strip(),
            Pseudonymizer.for_home(store.settings.ensure_home()),
            Redactor(masking_recognisers(store), lang=lang),
        )

    def who(self, author: Author | None) -> dict[str, Any]:
        """An author as the dossier shows them: pseudonym always, handle and display name only for roles that may."""
        if author is None:
            return {"pseudonym": None, "handle": None, "name": None, "author_id": None}
        return {
            "author_id": author.id,
            "pseudonym": self.pseudonyms(author.platform, author.platform_id),
            "handle": author.platform_id if self.show_handles else None,
            "name": author.display_name if self.show_handles else None,
        }

    def masked(self, text: str | None, extra: Any = ()) -> str:
        return self.redactor.redact(text, extra)

    def method(self) -> dict[str, Any]:
        return {
            "tool": f"tragac {tragac.__version__}",
            "generated_at": iso(self.generated_at),
            "operator": self.operator,
            "pseudonymised": not self.show_handles,
            "lang": self.lang,
        }


def iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def day(at: datetime | None) -> str | None:
    return at.date().isoformat() if at else None


def ref(message: Message, source: Source | None) -> dict[str, Any]:
    """The message a statement rests on: Tragač's own id (the web app's message page) and where it was posted."""
    return {
        "message_id": message.id,
        "source_id": message.source_id,
        "source": (source.title if source else None) or f"#{message.source_id}",
        "platform_message_id": message.platform_message_id,
        "date": iso(message.date),
        "link": _link(source, message.platform_message_id),
    }


def _link(source: Source | None, platform_message_id: int) -> str | None:
    if source is None or source.platform != "telegram":
        return None
    if source.username:
        return f"https://t.me/{source.username.lstrip('@')}/{platform_message_id}"
    bare = source.platform_id.removeprefix("-100")
    return f"https://t.me/c/{bare}/{platform_message_id}" if bare.isdigit() else None


def resolve_source(s: Session, ref_text: str | int) -> Source:
    """A source by Tragač id, platform id, username or exact title."""
    text = str(ref_text).strip()
    conds = [Source.platform_id == text, Source.username == text.lstrip("@"), Source.title == text]
    if text.isdigit():
        found = s.get(Source, int(text))
        if found is not None:
            return found
    rows = s.scalars(select(Source).where(or_(*conds)).order_by(Source.id)).all()
    if not rows:
        raise InputError(f"no source {text!r} (give its id, platform id, @username or title; see `tragac stats`)")
    if len(rows) > 1:
        raise InputError(f"{text!r} names {len(rows)} sources; give the id: " + ", ".join(str(r.id) for r in rows))
    return rows[0]


def resolve_author(s: Session, ref_text: str | int, pseudonyms: Pseudonymizer) -> Author:
    """An author by Tragač id, platform id (``user123``) or pseudonym (``P-…``): a caseworker often has only the
    pseudonym from a report."""
    text = str(ref_text).strip()
    if text.isdigit():
        found = s.get(Author, int(text))
        if found is not None:
            return found
    found = s.scalars(select(Author).where(Author.platform_id == text).order_by(Author.id)).first()
    if found is not None:
        return found
    if text.startswith(Pseudonymizer.prefix):
        for a in s.scalars(select(Author)).yield_per(2000):
            if pseudonyms(a.platform, a.platform_id) == text:
                return a
    raise InputError(f"no author {text!r} (give the Tragač id, platform id such as user123, or the pseudonym P-…)")


def matched_media(s: Session, media_ids: Any = None) -> set[int]:
    """Media with a match against an active bank entry (a withdrawn or deleted hash proves nothing any more)."""
    from tragac.store.models.matching import BankEntry, Match

    q = select(Match.media_id).join(BankEntry, BankEntry.id == Match.entry_id).where(BankEntry.status == "active")
    if media_ids is not None:
        q = q.where(Match.media_id.in_(list(media_ids)))
    return set(s.scalars(q.distinct()))


def first_sightings(s: Session, media_ids: set[int]) -> dict[int, tuple[Message, Source | None]]:
    """Each media's earliest sighting in a message anywhere (ties broken by message id): who posted it first."""
    from tragac.store.models.core import Sighting

    out: dict[int, tuple[Message, Source | None]] = {}
    if not media_ids:
        return out
    rows = s.execute(
        select(Sighting.media_id, Message, Source)
        .join(Message, Message.id == Sighting.message_id)
        .outerjoin(Source, Source.id == Message.source_id)
        .where(Sighting.media_id.in_(list(media_ids)), Message.date.is_not(None))
        .order_by(Sighting.media_id, Message.date, Message.id)
    ).all()
    for media_id, message, source in rows:
        out.setdefault(media_id, (message, source))
    return out
