"""A small hand-built corpus with known figures, written through the models (no ingestion or stages needed).

All names, numbers and addresses are fictional; the JMBG is checksum-valid but belongs to nobody.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tragac.store import Store
from tragac.store import models as m

DAY0 = date(2026, 6, 1)
DAYS = 5
# Messages per source per day; day index 2 (2026-06-03) is the busiest: 9 + 7 + 4 + 2 = 22.
VOLUMES = {
    "Grupa Alfa": [5, 6, 9, 4, 3],
    "Grupa Beta": [3, 2, 7, 2, 1],
    "Kanal Gama": [1, 2, 4, 1, 1],
    "Grupa Delta": [0, 1, 2, 1, 0],
}
KINDS = {"Grupa Alfa": "public_supergroup", "Grupa Beta": "private_supergroup", "Kanal Gama": "public_channel",
         "Grupa Delta": "private_group"}  # fmt: skip

WATCHED_NAME = "Dunja Radosavljević"
PHONE = "+381 64 555 0192"
PHONE_ALT = "064/555-0192"
JMBG = "0101995715006"
ADDRESS = "Bulevar oslobođenja 117"
ADDRESS_2 = "Kneza Miloša 23a"
EMAIL = "dunja.rad95@example.com"
AUTHOR_NAMES = [f"Korisnik{i} Testović" for i in range(12)]


@dataclass
class Truth:
    sources: int = 4
    messages: int = 0
    busiest_day: date = DAY0 + timedelta(days=2)
    busiest_count: int = 22
    planted_cluster_groups: int = 3
    planted_cluster_pdq: str = "f0" * 32
    exact_repost_groups: int = 2
    alfa_members: int = 0
    pii: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    forwards_beta_from_alfa: int = 3
    solicitation_text: str = "Ko ima još njenih slika neka šalje u inbox"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(DAY0.year, DAY0.month, DAY0.day, hour, minute, tzinfo=UTC) + timedelta(days=day)


def _h(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def build_corpus(store: Store) -> Truth:
    truth = Truth(
        pii=[WATCHED_NAME, "Radosavljević", PHONE, PHONE_ALT, "555-0192", JMBG, ADDRESS, ADDRESS_2, EMAIL],
        authors=AUTHOR_NAMES,
    )
    with store.session() as s:
        sources = {}
        for i, title in enumerate(VOLUMES):
            src = m.Source(platform="telegram", platform_id=str(1000 + i), kind=KINDS[title], title=title)
            s.add(src)
            sources[title] = src
        authors = []
        for i, name in enumerate(AUTHOR_NAMES):
            a = m.Author(platform="telegram", platform_id=f"user{5000 + i}", display_name=name, names_seen=[name])
            s.add(a)
            authors.append(a)
        s.flush()

        msgs: dict[str, list[m.Message]] = {t: [] for t in VOLUMES}
        n = 0
        for title, per_day in VOLUMES.items():
            src = sources[title]
            for day, count in enumerate(per_day):
                for k in range(count):
                    n += 1
                    msg = m.Message(
                        source_id=src.id,
                        platform_message_id=n,
                        kind="message",
                        date=at(day, 18 + k % 5, k),
                        author_id=authors[(n * 7) % len(authors)].id,
                        author_name=AUTHOR_NAMES[(n * 7) % len(authors)],
                        text=f"poruka {n}",
                        content_hash=_h(str(n)),
                    )
                    s.add(msg)
                    msgs[title].append(msg)
        truth.messages = n
        # A service message must not count as a message.
        s.add(m.Message(source_id=sources["Grupa Alfa"].id, platform_message_id=9999, kind="service",
                        date=at(2, 12), action="join_group_by_link", text="", content_hash=_h("svc")))  # fmt: skip
        s.flush()

        # Planted texts (on existing messages so the counts stay as above).
        alfa, beta = msgs["Grupa Alfa"], msgs["Grupa Beta"]
        alfa[0].text = f"{WATCHED_NAME} živi na adresi {ADDRESS}, Novi Sad, telefon {PHONE}"
        alfa[1].text = f"matični {JMBG}, zovite {PHONE_ALT}"
        alfa[2].text = f"{truth.solicitation_text}, pitajte Dunju Radosavljević, {PHONE_ALT}"
        alfa[3].text = f"razmena slika u dm, {ADDRESS_2}, mejl {EMAIL}"
        beta[0].text = "teen trade u dm"
        for k in range(truth.forwards_beta_from_alfa):
            beta[1 + k].forwarded_from = "Grupa Alfa"
        msgs["Kanal Gama"][0].forwarded_from = "Some Person Outside"

        # Joins and leaves: Alfa grows by 120 − 7.
        s.add(m.MembershipEvent(source_id=sources["Grupa Alfa"].id, date=at(0, 9), event="join", member_count=100))
        s.add(m.MembershipEvent(source_id=sources["Grupa Alfa"].id, date=at(2, 9), event="join", member_count=20))
        s.add(m.MembershipEvent(source_id=sources["Grupa Alfa"].id, date=at(3, 9), event="leave", member_count=7))
        s.add(m.MembershipEvent(source_id=sources["Grupa Beta"].id, date=at(1, 9), event="join", member_count=30))
        truth.alfa_members = 113

        # Media: a near-duplicate cluster of two files seen in Alfa, Beta, Gama; an exact re-post in Alfa+Delta.
        media = []
        for i, pdq in enumerate([truth.planted_cluster_pdq, "f0" * 31 + "f1", "0f" * 32, "aa" * 32, "55" * 32]):
            md = m.Media(sha256=_h(f"media{i}"), kind="image", pdq=pdq, pdq_quality=90, size=1000 + i)
            s.add(md)
            media.append(md)
        s.flush()
        sightings = [
            (media[0], alfa[5]), (media[1], beta[4]), (media[0], msgs["Kanal Gama"][1]),
            (media[2], alfa[6]), (media[2], msgs["Grupa Delta"][0]),
            (media[3], alfa[7]), (media[4], beta[5]),
        ]  # fmt: skip
        for md, msg in sightings:
            msg.media_type = "photo"
            s.add(m.Sighting(media_id=md.id, message_id=msg.id, source_id=msg.source_id, seen_at=msg.date))
        cluster = m.SpreadCluster(key=media[0].sha256, representative_media_id=media[0].id, kind="image",
                                  media_count=2, sighting_count=3, source_count=3, first_seen=alfa[5].date)  # fmt: skip
        s.add(cluster)
        s.flush()
        s.add(m.SpreadMember(cluster_id=cluster.id, media_id=media[0].id, distance=0))
        s.add(m.SpreadMember(cluster_id=cluster.id, media_id=media[1].id, distance=8))

        # Flags as the text stage would write them: term ids, spans, never the doxxed values.
        def flag(
            msg: m.Message, category: str, subtype: str, rule: str, minor: bool = False, **evidence: object
        ) -> None:
            s.add(m.Flag(fingerprint=_h(f"{msg.id}:{category}:{subtype}"), detector="text", category=category,
                         subtype=subtype, score=0.9, rule=rule, why="test", evidence=evidence, message_id=msg.id,
                         source_id=msg.source_id, spans=[[0, 4]], possible_minor=minor))  # fmt: skip

        flag(alfa[0], "doxxing", "address", "doxx.address")
        flag(alfa[0], "doxxing", "phone", "doxx.phone")
        flag(alfa[0], "identity", "name", "identity.name")
        flag(alfa[1], "doxxing", "jmbg", "doxx.jmbg")
        flag(alfa[1], "doxxing", "phone", "doxx.phone")
        flag(alfa[2], "ncii_solicitation", "request", "solicit.request", terms=["cue.request.dm", "ncii.request.slike"])
        flag(alfa[3], "ncii_solicitation", "trade", "solicit.trade", terms=["cue.offer.trade", "private.custom.0042"])
        flag(
            beta[0],
            "csam_signal",
            "code",
            "code.teen_trade",
            minor=True,
            terms=["csam.code.ten_trade", "cue.request.dm"],
        )
    return truth
