"""Rows for case tests that do not need a whole corpus: a Telegram chat, messages, media, sightings and matches."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from tragac.cases.service import create_case
from tragac.store import Store
from tragac.store.models import Bank, BankEntry, Case, Match, Media, Message, Sighting, Source

WHEN = datetime(2026, 10, 1, 20, 0, tzinfo=UTC)


def case_with_matches(store: Store, name: str = "t", *, n: int = 2, chat: str = "1874406217", **kw: object) -> Case:
    """A case whose bank matched ``n`` media, each posted once in one private Telegram chat."""
    case = create_case(store, name, pseudonym="P.", caseworker="cw", **kw)  # type: ignore[arg-type]
    with store.session() as s:
        src = s.scalars(select(Source).where(Source.platform_id == chat)).first()
        if src is None:
            src = Source(platform="telegram", platform_id=chat, kind="private_supergroup", title="Grupa")
            s.add(src)
            s.flush()
        bank = s.get(Bank, case.bank_id)
        assert bank is not None
        for i in range(n):
            sha = hashlib.sha256(f"{name}-{i}".encode()).hexdigest()
            entry = BankEntry(
                bank_id=bank.id, signal_type="pdq", value=f"{i:064x}", item_key=sha, label=f"item {i + 1}"
            )
            media = Media(sha256=sha, kind="image", pdq="0" * 64, pdq_quality=90)
            msg = Message(source_id=src.id, platform_message_id=100 + i + 1000 * len(name), kind="message", date=WHEN,
                          content_hash="x")  # fmt: skip
            s.add_all([entry, media, msg])
            s.flush()
            s.add(Sighting(media_id=media.id, message_id=msg.id, source_id=src.id, seen_at=WHEN))
            s.add(Match(media_id=media.id, entry_id=entry.id, bank_id=bank.id, signal_type="pdq", distance=4 + i))
    return case
