"""The author dossier: what a civil case against an anonymous uploader needs, each statement with the message it
rests on.

- the victims' media this author posted, and for each whether this author was the first to post it anywhere;
- every display name seen for the account over time (only for roles that may see handles; others get the count);
- the groups the author posted in, with counts and first/last dates;
- other accounts seen in the same role: those who posted the same files (near-duplicates through spread clusters)
  and those who forwarded from the same origins, with how many each shares and who was earlier.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tragac import policy
from tragac.analytics.dossier.common import Context, first_sightings, iso, matched_media, ref, resolve_author
from tragac.store.models.core import Author, Media, Message, Sighting, Source
from tragac.store.models.matching import SpreadMember

TOP_LINKED = 10


def build_author_dossier(ctx: Context, author_ref: str | int) -> dict[str, Any]:
    with ctx.store.session() as s:
        author = resolve_author(s, author_ref, ctx.pseudonyms)
        sources = {src.id: src for src in s.scalars(select(Source))}
        names = _names(s, author)
        return {
            "kind": "author",
            "author": ctx.who(author)
            | {
                "platform": author.platform,
                "first_seen": iso(author.first_seen),
                "last_seen": iso(author.last_seen),
                "names_seen": len(names),
            },
            "names": names if ctx.show_handles else [],
            "groups": _groups(s, author, sources),
            "media": _media(s, author, sources),
            "linked": _linked(ctx, s, author),
            "method": ctx.method(),
        }


def _names(s: Session, author: Author) -> list[dict[str, Any]]:
    """Each name the account posted under, first and last seen (the export writes it on every message)."""
    rows = s.execute(
        select(Message.author_name, func.min(Message.date), func.max(Message.date), func.min(Message.id))
        .where(Message.author_id == author.id, Message.author_name.is_not(None))
        .group_by(Message.author_name)
        .order_by(func.min(Message.date))
    ).all()
    out = []
    for name, first, last, mid in rows:
        message = s.get(Message, mid)
        out.append(
            {
                "name": name,
                "first": iso(first),
                "last": iso(last),
                "ref": ref(message, message.source) if message else None,
            }
        )
    for extra in author.names_seen or []:
        if extra not in {r["name"] for r in out}:
            out.append({"name": extra, "first": None, "last": None, "ref": None})
    return out


def _groups(s: Session, author: Author, sources: dict[int, Source]) -> list[dict[str, Any]]:
    n = func.count(Message.id)
    rows = s.execute(
        select(Message.source_id, n, func.count(Message.media_type), func.min(Message.date), func.max(Message.date))
        .where(Message.author_id == author.id, Message.kind == "message")
        .group_by(Message.source_id)
        .order_by(n.desc(), Message.source_id)
    ).all()
    return [
        {
            "source_id": sid,
            "title": (sources[sid].title if sid in sources else None) or f"#{sid}",
            "messages": count,
            "media": media,
            "first": iso(first),
            "last": iso(last),
        }
        for sid, count, media, first, last in rows
    ]


def _posted_media(s: Session, author: Author) -> dict[int, Message]:
    """The author's first message carrying each media file."""
    rows = s.execute(
        select(Sighting.media_id, Message)
        .join(Message, Message.id == Sighting.message_id)
        .where(Message.author_id == author.id)
        .order_by(Message.date, Message.id)
    ).all()
    out: dict[int, Message] = {}
    for media_id, message in rows:
        out.setdefault(media_id, message)
    return out


def _media(s: Session, author: Author, sources: dict[int, Source]) -> dict[str, Any]:
    posted = _posted_media(s, author)
    matched = matched_media(s, set(posted))
    withheld = policy.withheld_media(s, matched)
    shown = matched - withheld
    firsts = first_sightings(s, shown)
    items: list[dict[str, Any]] = []
    for mid in shown:
        media = s.get(Media, mid)
        mine = posted[mid]
        first = firsts.get(mid)
        items.append(
            {
                "sha256": media.sha256 if media else None,
                "kind": media.kind if media else None,
                "posted": ref(mine, sources.get(mine.source_id)),
                "first_anywhere": ref(*first) if first else None,
                "first_poster": bool(first and first[0].author_id == author.id),
            }
        )
    items.sort(key=lambda r: r["posted"]["date"] or "")
    return {
        "matched": len(matched),
        "withheld_for_hotline": len(withheld),
        "first_poster_of": sum(1 for r in items if r["first_poster"]),
        "items": items,
    }


def _linked(ctx: Context, s: Session, author: Author) -> list[dict[str, Any]]:
    """Accounts seen in the same role: posting the same files (exact or near-duplicate) or forwarding from the
    same origins."""
    posted = _posted_media(s, author)
    cluster_of = dict(s.execute(select(SpreadMember.media_id, SpreadMember.cluster_id)).all())
    mine_keys = {cluster_of.get(mid, -mid): msg for mid, msg in posted.items()}
    shared: dict[int, Counter[str]] = defaultdict(Counter)
    example: dict[int, int] = {}
    earlier: Counter[int] = Counter()
    if mine_keys:
        media_ids = [mid for mid, c in cluster_of.items() if c in mine_keys] + [-k for k in mine_keys if k < 0]
        rows = s.execute(
            select(Sighting.media_id, Message.author_id, Message.date, Message.id)
            .join(Message, Message.id == Sighting.message_id)
            .where(Sighting.media_id.in_(media_ids), Message.author_id.is_not(None), Message.author_id != author.id)
        ).all()
        seen: set[tuple[int, int]] = set()
        for mid, other, when, msg_id in rows:
            if other is None:
                continue
            key = cluster_of.get(mid, -mid)
            if (other, key) in seen:
                continue
            seen.add((other, key))
            shared[other]["files"] += 1
            example.setdefault(other, msg_id)
            mine = mine_keys[key]
            if when is not None and mine.date is not None and when < mine.date:
                earlier[other] += 1
    origins = set(
        s.scalars(
            select(Message.forwarded_from)
            .where(Message.author_id == author.id, Message.forwarded_from.is_not(None))
            .distinct()
        )
    )
    if origins:
        for other, origin_count, first_forward in s.execute(
            select(Message.author_id, func.count(func.distinct(Message.forwarded_from)), func.min(Message.id))
            .where(Message.forwarded_from.in_(origins), Message.author_id.is_not(None))
            .where(Message.author_id != author.id)
            .group_by(Message.author_id)
        ).all():
            if other is None:
                continue
            shared[other]["forward_origins"] += int(origin_count)
            example.setdefault(other, int(first_forward))
    ranked = sorted(shared, key=lambda a: (-(shared[a]["files"] * 2 + shared[a]["forward_origins"]), a))
    out = []
    for other in ranked[:TOP_LINKED]:
        msg = s.get(Message, example[other]) if other in example else None
        out.append(
            ctx.who(s.get(Author, other))
            | {
                "same_files": shared[other]["files"],
                "earlier_than_this_author": earlier[other],
                "same_forward_origins": shared[other]["forward_origins"],
                "ref": ref(msg, msg.source) if msg else None,
            }
        )
    return out
