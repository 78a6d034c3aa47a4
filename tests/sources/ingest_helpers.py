"""Helpers for the source tests: a comparable snapshot of what ingestion wrote, and row counts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tragac.store import Store


def snapshot(store: Store) -> dict[str, Any]:
    """Every row ingestion writes, keyed by natural keys and without ids or wall-clock stamps."""
    q = {
        "source": 'SELECT platform, platform_id, kind, title, "left", first_seen, last_seen FROM source',
        "author": "SELECT platform_id, display_name, names_seen, first_seen, last_seen FROM author",
        "message": """SELECT s.platform_id, m.platform_message_id, m.kind, m.date, m.date_raw, a.platform_id,
                      m.author_name, m.signature, m.text, m.entities, m.action, m.reply_to_message_id,
                      m.reply_to_peer_id, m.forwarded_from, m.saved_from, m.via_bot, m.media_type, m.media_info,
                      m.extra, m.raw_unknown, m.edited_at, m.content_hash
                      FROM message m JOIN source s ON s.id = m.source_id LEFT JOIN author a ON a.id = m.author_id""",
        "message_edit": """SELECT s.platform_id, m.platform_message_id, e.edited_at, e.text, e.entities,
                           e.content_hash FROM message_edit e JOIN message m ON m.id = e.message_id
                           JOIN source s ON s.id = m.source_id""",
        "membership_event": """SELECT s.platform_id, m.platform_message_id, e.event, e.action, e.actor_id, e.actor_name,
                               e.members, e.member_count, e.details, e.date
                               FROM membership_event e JOIN message m ON m.id = e.message_id
                               JOIN source s ON s.id = e.source_id""",
        "media": "SELECT sha256, md5, size, kind, mime_type, width, height, first_seen FROM media",
        "sighting": """SELECT md.sha256, s.platform_id, m.platform_message_id, g.file_path, g.seen_at
                       FROM sighting g JOIN media md ON md.id = g.media_id JOIN message m ON m.id = g.message_id
                       JOIN source s ON s.id = g.source_id""",
    }
    out: dict[str, Any] = {}
    with store.engine.connect() as c:
        for name, sql in q.items():
            rows = [tuple(repr(v) for v in r) for r in c.execute(sa.text(sql))]
            out[name] = sorted(rows)
    return out


def count(store: Store, table: str) -> int:
    with store.engine.connect() as c:
        return int(c.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
