"""One chat exported twice, once as HTML and once as JSON: finding that it is one chat, and merging the two.

An HTML export has no chat id and no user ids, so the HTML source keys its chat by a hash of the title (``html:…``)
and its authors by display name. When the other format of the same chat is ingested, the two must become one source,
keyed by the JSON export's real chat id, with the real author ids.

The matching rule (:func:`find_counterpart`), chosen so that a coincidence is not mistaken for the same chat:

- the incoming export's first messages (up to :data:`SAMPLE` with text) are looked up by message id in every chat
  of the other format; a stored message *agrees* when its text is the same and its time is within
  :data:`DATE_SLACK` (exports of one chat made on two computers can disagree on the zone of their times);
- a chat matches when at least 90 % of the messages both hold agree, and at least :data:`MIN_AGREEING` agree (or at
  least one when the titles are also equal, for a chat with few messages);
- two chats that both match is ambiguous: nothing is merged and the run says to pass ``--same-as``.

``tragac ingest --same-as CHAT`` names the stored chat (its platform id: the JSON chat id, or the ``html:…`` key)
instead. A chat merged once remembers the HTML key (``Source.raw["html_keys"]``), so a later run of either format
lands in the same source without matching again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa

from tragac.errors import InputError
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.store.db import Store
from tragac.store.models import Author, Message, Source

HTML_PREFIX = "html:"  # chat keys and author ids the HTML source makes up
SAMPLE = 200
MIN_AGREEING = 3
AGREEMENT = 0.9
DATE_SLACK = timedelta(hours=26)

_message = cast(sa.Table, Message.__table__)
_author = cast(sa.Table, Author.__table__)
_source = cast(sa.Table, Source.__table__)


def is_html_key(platform_id: str | None) -> bool:
    return bool(platform_id) and str(platform_id).startswith(HTML_PREFIX)


@dataclass(frozen=True)
class Counterpart:
    source_id: int
    platform_id: str
    agreeing: int
    compared: int


def find_counterpart(
    store: Store, records: Sequence[MessageRecord], title: str | None, *, html: bool, platform: str = "telegram"
) -> Counterpart | None:
    """The stored chat of the other format that ``records`` (the first messages of an incoming export) belong to.

    ``html``: look among chats read from HTML (the incoming export is JSON); else among the others. Raises
    :class:`InputError` when two chats match (pass ``--same-as``)."""
    sample = {r.platform_message_id: r for r in records if r.kind == "message" and r.text.strip()}
    sample = dict(list(sample.items())[:SAMPLE])
    if not sample:
        return None
    key_filter = _source.c.platform_id.like(f"{HTML_PREFIX}%")
    with store.engine.connect() as conn:
        sources = {
            int(row.id): row
            for row in conn.execute(
                sa.select(_source.c.id, _source.c.platform_id, _source.c.title, _source.c.raw).where(
                    _source.c.platform == platform, key_filter if html else sa.not_(key_filter)
                )
            )
            # a JSON chat merged with HTML before keeps its JSON key; it is found by html_keys instead
        }
        if not sources:
            return None
        rows = conn.execute(
            sa.select(_message.c.source_id, _message.c.platform_message_id, _message.c.text, _message.c.date).where(
                _message.c.source_id.in_(list(sources)), _message.c.platform_message_id.in_(list(sample))
            )
        ).all()
    tally: dict[int, list[int]] = {}
    for row in rows:
        rec = sample[int(row.platform_message_id)]
        t = tally.setdefault(int(row.source_id), [0, 0])
        t[1] += 1
        close = rec.date is None or row.date is None or abs(rec.date - row.date) <= DATE_SLACK
        if row.text == rec.text and close:
            t[0] += 1
    found = []
    for sid, (agreeing, compared) in tally.items():
        same_title = title is not None and sources[sid].title == title
        if agreeing >= AGREEMENT * compared and (agreeing >= MIN_AGREEING or (same_title and agreeing >= 1)):
            found.append(Counterpart(sid, str(sources[sid].platform_id), agreeing, compared))
    if len(found) > 1:
        names = ", ".join(c.platform_id for c in found)
        raise InputError(f"chat {title!r} matches several stored chats ({names}): pass --same-as one of them")
    return found[0] if found else None


def source_by_key(store: Store, key: str, platform: str = "telegram") -> tuple[int, str] | None:
    """``(id, platform_id)`` of the chat keyed ``key``, or of a JSON chat that ``key`` was merged into."""
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(_source.c.id, _source.c.platform_id).where(
                _source.c.platform == platform, _source.c.platform_id == key
            )
        ).first()
        if row is not None:
            return int(row.id), str(row.platform_id)
        if not is_html_key(key):
            return None
        # Few chats are merged; their raw is a small dict, so reading the JSON-keyed ones is cheap.
        for sid, pid, raw in conn.execute(
            sa.select(_source.c.id, _source.c.platform_id, _source.c.raw).where(
                _source.c.platform == platform, _source.c.raw.is_not(None)
            )
        ):
            if key in ((raw or {}).get("html_keys") or []):
                return int(sid), str(pid)
    return None


def named_chat(store: Store, value: str, platform: str = "telegram") -> tuple[int, str]:
    """The chat ``--same-as`` names: its platform id (JSON chat id or ``html:…`` key), or its store id as
    ``tragac stats`` shows it."""
    found = source_by_key(store, value, platform)
    if found is None and value.isdigit():
        with store.engine.connect() as conn:
            row = conn.execute(
                sa.select(_source.c.id, _source.c.platform_id).where(
                    _source.c.platform == platform, _source.c.id == int(value)
                )
            ).first()
        found = (int(row.id), str(row.platform_id)) if row is not None else None
    if found is None:
        raise InputError(f"--same-as {value}: no such chat in the store (use the id shown by `tragac stats`)")
    return found


def merged_from_html(store: Store, source_id: int) -> bool:
    with store.engine.connect() as conn:
        raw = conn.execute(sa.select(_source.c.raw).where(_source.c.id == source_id)).scalar_one_or_none()
    return bool((raw or {}).get("html_keys"))


def remember_html_key(store: Store, source_id: int, key: str) -> None:
    """Record on a JSON-keyed chat that the HTML chat ``key`` is the same chat."""
    with store.engine.begin() as conn:
        raw: dict[str, Any] = dict(
            conn.execute(sa.select(_source.c.raw).where(_source.c.id == source_id)).scalar_one_or_none() or {}
        )
        keys = list(raw.get("html_keys") or [])
        if key not in keys:
            raw["html_keys"] = [*keys, key]
            conn.execute(_source.update().where(_source.c.id == source_id).values(raw=raw))


def adopt_html_chat(store: Store, html_source_id: int, new_source_id: int, rec: SourceRecord) -> int:
    """A JSON export of a chat first read from HTML: the HTML chat takes the JSON chat's id and details, and the
    (still empty) source this run opened for the JSON chat is dropped. Returns the merged source's id."""
    with store.engine.begin() as conn:
        has = conn.execute(sa.select(_message.c.id).where(_message.c.source_id == new_source_id).limit(1)).first()
        if has is not None:  # both formats were stored apart already; keep them apart rather than guess
            return new_source_id
        old = conn.execute(sa.select(_source.c.platform_id, _source.c.raw).where(_source.c.id == html_source_id)).one()
        conn.execute(_source.delete().where(_source.c.id == new_source_id))
        raw = dict(rec.raw or {})
        raw["html_keys"] = sorted({*((old.raw or {}).get("html_keys") or []), str(old.platform_id)})
        conn.execute(
            _source.update()
            .where(_source.c.id == html_source_id)
            .values(platform_id=rec.platform_id, kind=rec.kind, title=rec.title, left=rec.left, raw=raw)
        )
    return html_source_id


def real_author_ids(store: Store, source_id: int) -> dict[str, str]:
    """Display name → real author id (``user123``) in one chat, for names that only one real author used there."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(_message.c.author_name, _author.c.platform_id)
            .join(_author, _author.c.id == _message.c.author_id)
            .where(
                _message.c.source_id == source_id,
                _message.c.author_name.is_not(None),
                sa.not_(_author.c.platform_id.like(f"{HTML_PREFIX}%")),
            )
            .distinct()
        ).all()
    ids: dict[str, set[str]] = {}
    for name, pid in rows:
        ids.setdefault(str(name), set()).add(str(pid))
    return {name: next(iter(pids)) for name, pids in ids.items() if len(pids) == 1}


def relink_synthetic_authors(store: Store, source_id: int, platform: str = "telegram") -> int:
    """After a merge: messages of the chat still attributed to a made-up HTML author get the real author of the
    same display name (when exactly one real author has it); made-up authors left with no message are removed.
    Returns the number of messages relinked."""
    names = real_author_ids(store, source_id)
    moved = 0
    with store.engine.begin() as conn:
        synthetic = conn.execute(
            sa.select(_author.c.id, _author.c.display_name).where(
                _author.c.platform == platform,
                _author.c.platform_id.like(f"{HTML_PREFIX}%"),
                _author.c.id.in_(sa.select(_message.c.author_id).where(_message.c.source_id == source_id)),
            )
        ).all()
        for sid, name in synthetic:
            real = names.get(str(name)) if name is not None else None
            if real is None:
                continue
            real_id = conn.execute(
                sa.select(_author.c.id).where(_author.c.platform == platform, _author.c.platform_id == real)
            ).scalar_one()
            moved += conn.execute(
                _message.update()
                .where(_message.c.source_id == source_id, _message.c.author_id == sid)
                .values(author_id=real_id)
            ).rowcount
        # Made-up authors no message points at any more (the JSON records replaced theirs) mean nothing.
        conn.execute(
            _author.delete().where(
                _author.c.platform == platform,
                _author.c.platform_id.like(f"{HTML_PREFIX}%"),
                ~sa.exists().where(_message.c.author_id == _author.c.id),
            )
        )
    return moved
