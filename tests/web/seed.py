"""A small, fully fictional monitoring store for the web tests: three chats, messages over two weeks,
joins and leaves, flags of every category, media with sightings, a bank match and a spread cluster.
No real people, no real material: names are invented and media rows carry made-up hashes only."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from PIL import Image, ImageDraw

from tragac.store import Store
from tragac.store.models import (
    SEVERITY,
    Author,
    Bank,
    BankEntry,
    Flag,
    Match,
    Media,
    MembershipEvent,
    Message,
    Sighting,
    Source,
    SpreadCluster,
    SpreadMember,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
TEXTS = [
    "Dobro jutro svima, ko je bio na utakmici sinoć?",
    "Tragač je bolji od pretrage, kažu",
    "Ima li ko nove slike? Šaljite u inbox",
    "Razmena u privatnim porukama, samo provereni",
    "Evo adrese: Javorova 12, Novi Sad, tel 064 000 0000",
    "Smiri se, nije to u redu",
    "Ko zna kako se zove ona sa slike?",
    "Prodajem bicikl, javite se",
]


@dataclass
class Seeded:
    sources: list[int] = field(default_factory=list)
    messages: list[int] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)  # category -> one flag id
    media: list[int] = field(default_factory=list)
    csam_media: int = 0
    cluster: int = 0
    rule_fp: str = "lex.generic_ask"


def _span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def _sha(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def seed(store: Store, days: int = 14, per_day: int = 6) -> Seeded:
    out = Seeded()
    with store.session() as s:
        sources = [
            Source(platform="telegram", platform_id=str(1000 + i), kind="private_supergroup", title=title)
            for i, title in enumerate(["Grupa Alfa", "Kanal Beta", "Ćaskanje Gama"])
        ]
        s.add_all(sources)
        authors = [Author(platform="telegram", platform_id=f"user{i}", display_name=f"Korisnik {i}") for i in range(6)]
        s.add_all(authors)
        s.flush()
        out.sources = [x.id for x in sources]
        pid = 0
        msgs: list[Message] = []
        for d in range(days):
            for k in range(per_day):
                src = sources[(d + k) % 3]
                pid += 1
                text = TEXTS[(d * per_day + k) % len(TEXTS)]
                m = Message(
                    source_id=src.id,
                    platform_message_id=pid,
                    kind="message",
                    date=T0 + timedelta(days=d, minutes=37 * k),
                    author_id=authors[(d + k) % 6].id,
                    author_name=authors[(d + k) % 6].display_name,
                    text=text,
                    reply_to_message_id=pid - 1 if k % 3 == 2 else None,
                    content_hash=_sha(text + str(pid)),
                )
                msgs.append(m)
            for ev, n in (("join", 3 + d % 4), ("leave", 1 + d % 2)):
                s.add(
                    MembershipEvent(
                        source_id=sources[d % 3].id, date=T0 + timedelta(days=d, hours=5), event=ev, member_count=n
                    )
                )
        s.add_all(msgs)
        s.flush()
        out.messages = [m.id for m in msgs]

        media = []
        for i in range(4):
            media.append(
                Media(
                    sha256=_sha(f"media{i}"),
                    md5=hashlib.md5(f"media{i}".encode()).hexdigest(),
                    kind="image",
                    size=1000 + i,
                    width=640,
                    height=480,
                    pdq=_sha(f"pdq{i}"),
                    pdq_quality=90,
                    first_seen=T0,
                )
            )
        s.add_all(media)
        s.flush()
        out.media = [m.id for m in media]
        for i, md in enumerate(media):
            for j in range(1 + i % 2):
                m = msgs[5 + 7 * i + j]
                s.add(Sighting(media_id=md.id, message_id=m.id, source_id=m.source_id, seen_at=m.date))
        bank = Bank(name="case-0001", kind="victim_case")
        s.add(bank)
        s.flush()
        entry = BankEntry(bank_id=bank.id, signal_type="pdq", value=media[0].pdq or "")
        s.add(entry)
        s.flush()
        s.add(Match(media_id=media[0].id, entry_id=entry.id, bank_id=bank.id, signal_type="pdq", distance=4))
        cluster = SpreadCluster(
            key=media[0].sha256,
            representative_media_id=media[0].id,
            kind="image",
            media_count=2,
            sighting_count=3,
            source_count=2,
            first_seen=T0,
            last_seen=T0 + timedelta(days=3),
        )
        s.add(cluster)
        s.flush()
        out.cluster = cluster.id
        s.add_all(
            [
                SpreadMember(cluster_id=cluster.id, media_id=media[0].id, distance=0),
                SpreadMember(cluster_id=cluster.id, media_id=media[1].id, distance=6),
            ]
        )

        def flag(cat: str, m: Message | None, score: float, rule: str, **kw: object) -> Flag:
            f = Flag(
                fingerprint=_sha(f"{cat}{m.id if m else ''}{rule}{score}{kw}"),
                detector="test",
                category=cat,
                severity=SEVERITY.get(cat, 9),
                score=score,
                rule=rule,
                why=f"{rule} matched",
                message_id=m.id if m else None,
                source_id=m.source_id if m else None,
                created_at=(m.date if m and m.date else T0),
                **kw,
            )
            s.add(f)
            return f

        by_text = {t: [m for m in msgs if m.text == t] for t in TEXTS}
        ask = by_text[TEXTS[2]]
        fl = {
            "ncii_solicitation": flag(
                "ncii_solicitation", ask[0], 0.7, "lex.nove_slike", spans=[_span(TEXTS[2], "nove slike")]
            ),
            "doxxing": flag(
                "doxxing",
                by_text[TEXTS[4]][0],
                0.9,
                "pii.address",
                spans=[_span(TEXTS[4], "Javorova 12, Novi Sad"), _span(TEXTS[4], "064 000 0000")],
            ),
            "harassment": flag("harassment", by_text[TEXTS[6]][0], 0.4, "harass.who_is"),
            "ncii_match": flag("ncii_match", None, 0.95, "bank.case-0001", media_id=media[0].id),
            # The shape the text pipeline writes: the flag on the message only; the picture the message carries is
            # linked to it by a sighting, and that alone must withhold the picture (tragac.policy).
            "csam_signal": flag("csam_signal", by_text[TEXTS[3]][0], 0.6, "code.trade", possible_minor=True),
        }
        csam_msg = by_text[TEXTS[3]][0]
        s.add(
            Sighting(media_id=media[3].id, message_id=csam_msg.id, source_id=csam_msg.source_id, seen_at=csam_msg.date)
        )
        for m in ask[1:6]:
            flag("ncii_solicitation", m, 0.3, out.rule_fp, spans=[[0, 7]])
        s.flush()
        out.flags = {k: v.id for k, v in fl.items()}
        out.csam_media = media[3].id
    return out


def picture(seed: int = 0) -> bytes:
    """A generated, benign picture (gradient and shapes) standing in for vault bytes."""
    im = Image.new("RGB", (480, 360))
    draw = ImageDraw.Draw(im)
    for y in range(360):
        draw.line([(0, y), (480, y)], fill=(40 + y // 3, 90 + seed * 30 % 120, 200 - y // 3))
    draw.ellipse([120, 60, 360, 300], fill=(240, 200, 40), outline=(0, 0, 0), width=6)
    draw.rectangle([20, 20, 100, 100], fill=(200, 30, 30))
    draw.text((150, 320), f"stand-in picture {seed}", fill=(255, 255, 255))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()
