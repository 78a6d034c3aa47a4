"""The demo corpus as data: chats, their messages and service events, planted items, and the ground truth.

:func:`build_corpus` decides everything (deterministically from the seed) without touching the disk, so tests can
check the default-scale volumes cheaply; :mod:`tragac.demo.generate` then writes the media and the JSON.

Time: the exporter sits in Europe/Belgrade, so the export's zone-less ``date`` is Belgrade wall-clock time and the
period crosses the end of summer time (25 October 2026), when one local hour happens twice. People post on a
daily rhythm in local time (quiet nights, busy evenings); one day (the "raid") carries about 10,000 messages.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tragac.demo import phrases
from tragac.demo.people import FIRST_F, FIRST_M, LAST, NICK, Person, make_person, watched_person

EXPORTER_TZ = "Europe/Belgrade"
TZ = ZoneInfo(EXPORTER_TZ)
START_DAY = date(2026, 10, 6)  # first local day; the 30-day default period crosses the DST change on 25 October
DEFAULT_DAYS = 30
BUSIEST_DAY_MESSAGES = 10_000
OTHER_DAYS_MESSAGES = 17_000  # spread over the other days (scale 1)
BIG_GROUP_JOINS = 56_000
MIN_CHAT_MESSAGES = 60
HOURLY = (3, 2, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 10, 10, 10, 11, 12, 14, 16, 18, 20, 19, 14, 7)

FILE_NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"
FILE_TOO_BIG = "(File exceeds maximum size. Change data exporting settings to download.)"
FILE_UNAVAILABLE = "(File unavailable, please try again later)"


@dataclass(frozen=True)
class ChatSpec:
    key: str
    title: str
    kind: str
    chat_id: int
    share: float  # of the daily message volume
    posters: int  # active posters at scale 1
    joins: int  # join events' members at scale 1
    left: bool = False  # listed under left_chats
    planted_weight: float = 0.0  # where abusive planted messages go
    negatives_weight: float = 0.0  # where hard negatives go
    first_title: str | None = None  # title before an edit_group_title


CHATS: tuple[ChatSpec, ...] = (
    ChatSpec(
        "big",
        "BG Razmena 🔥",
        "public_supergroup",
        1874406217,
        0.55,
        1200,
        BIG_GROUP_JOINS,
        planted_weight=0.5,
        negatives_weight=0.2,
        first_title="BG Razmena",
    ),
    ChatSpec(
        "ns",
        "Novi Sad Noću",
        "private_supergroup",
        1633820945,
        0.15,
        300,
        3000,
        planted_weight=0.25,
        negatives_weight=0.1,
    ),
    ChatSpec("ocene", "Ocene 💯", "private_group", 4127730651, 0.08, 40, 160, planted_weight=0.15),
    ChatSpec("arhiva", "Arhiva Kanal", "public_channel", 1958812044, 0.04, 0, 0),
    ChatSpec("vault", "Leaks Vault", "private_channel", 1702255318, 0.03, 0, 0, planted_weight=0.1),
    ChatSpec("student", "Studentski Kutak NS", "public_supergroup", 1590034472, 0.12, 250, 800, negatives_weight=0.7),
    ChatSpec("stara", "Stara Arhiva", "public_channel", 1466120379, 0.03, 0, 0, left=True),
)
CHANNEL_KINDS = {"public_channel", "private_channel"}


@dataclass
class Event:
    """A message or service message before serialisation; ``fields`` are in Telegram Desktop's key order."""

    ts: int
    seq: int
    kind: str  # message | service
    fields: dict[str, Any] = field(default_factory=dict)
    # What to write for this message's media: ("picture", seed, transform) / ("video", seed, opts) / None.
    media: tuple[Any, ...] | None = None
    truth: list[dict[str, Any]] = field(default_factory=list)  # planted records, message id filled in later
    media_truth: list[dict[str, Any]] = field(default_factory=list)
    msg_id: int = 0
    joins: int = 0
    leaves: int = 0
    legacy: bool = False
    pin_target: Event | None = None


@dataclass
class Chat:
    spec: ChatSpec
    index: int  # 1-based position in the export (folder chats/chat_N)
    events: list[Event] = field(default_factory=list)
    posters: list[tuple[str | None, str]] = field(default_factory=list)  # (display name, from_id)
    initial_members: int = 0


@dataclass
class Corpus:
    seed: int
    days: int
    scale: float
    chats: list[Chat]
    watched: Person
    victims: list[Person]
    clusters: list[dict[str, Any]]
    victim_items: list[dict[str, Any]]
    exported_at: int

    def messages_total(self) -> int:
        return sum(1 for c in self.chats for e in c.events if e.kind == "message")


def local_iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, TZ).strftime("%Y-%m-%dT%H:%M:%S")


def utc_day(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).date().isoformat()


def _local_ts(day: date, rng: random.Random, hours: tuple[int, ...] = HOURLY) -> int:
    hour = rng.choices(range(24), weights=hours)[0]
    local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=TZ)
    return int(local.timestamp())


def _user_name(rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.01:
        return None  # deleted account: "from": null
    if r < 0.45:
        return f"{rng.choice(FIRST_M)} {rng.choice(LAST)}"
    if r < 0.7:
        return f"{rng.choice(FIRST_M)} {rng.choice(LAST)[0]}."
    if r < 0.85:
        return f"{rng.choice(NICK).capitalize()} {rng.choice(('BG', 'NS', '011', '021', '', '🔥'))}".strip()
    return f"{rng.choice(FIRST_F)} {rng.choice(LAST)}"


def _day_volumes(days: int, scale: float, rng: random.Random) -> tuple[list[int], int]:
    """Messages per local day and the index of the busiest day."""
    busiest = min(days - 1, (days * 2) // 3)
    others = max(1, days - 1)
    base = OTHER_DAYS_MESSAGES * scale / others
    vols = []
    for d in range(days):
        weekday = (START_DAY + timedelta(days=d)).weekday()
        factor = (1.2 if weekday >= 4 else 0.93) * rng.uniform(0.85, 1.15)
        vols.append(max(1, round(base * factor)))
    vols[busiest] = max(vols[busiest] + 1, round(BUSIEST_DAY_MESSAGES * scale))
    return vols, busiest


def _split(total: int, shares: list[float]) -> list[int]:
    raw = [total * s for s in shares]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:rest]:
        out[i] += 1
    return out


class _Builder:
    def __init__(self, seed: int, days: int, scale: float) -> None:
        if days < 2:
            raise ValueError("days must be at least 2")
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.seed, self.days, self.scale = seed, days, scale
        self.rng = random.Random(f"tragac-demo:{seed}")
        self.seq = 0
        self.chats = [Chat(spec, i + 1) for i, spec in enumerate(CHATS)]
        self.by_key = {c.spec.key: c for c in self.chats}
        self.day0 = START_DAY
        self.watched = watched_person(seed)
        vr = random.Random(f"{seed}:victims")
        self.victims = [make_person(vr, female=True) for _ in range(8)]

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def ev(self, chat: Chat, ts: int, kind: str, fields: dict[str, Any]) -> Event:
        e = Event(ts=ts, seq=self._next_seq(), kind=kind, fields=fields)
        chat.events.append(e)
        return e

    # -- people ---------------------------------------------------------------------------------------------
    def make_posters(self) -> None:
        shared: list[tuple[str | None, str]] = []
        for chat in self.chats:
            r = random.Random(f"{self.seed}:posters:{chat.spec.key}")
            if chat.spec.kind in CHANNEL_KINDS:
                chat.posters = [(chat.spec.title, f"channel{chat.spec.chat_id}")]
                continue
            n = max(8, round(chat.spec.posters * min(1.0, self.scale * 4)))
            own = [(_user_name(r), f"user{r.randrange(5_000_000_000, 7_999_999_999)}") for _ in range(n)]
            # Some people sit in several groups: the network stage needs those overlaps.
            take = shared[: n // 6]
            chat.posters = take + own[len(take) :]
            shared.extend(own[: max(2, n // 10)])
            r.shuffle(shared)

    def _poster(self, chat: Chat, rng: random.Random) -> tuple[str | None, str]:
        # Skewed activity: a few people write most messages, most write a few.
        idx = int(len(chat.posters) * rng.random() ** 3)
        return chat.posters[idx]

    # -- the timeline -------------------------------------------------------------------------------------
    def schedule_messages(self) -> int:
        rng = random.Random(f"{self.seed}:schedule")
        vols, busiest = _day_volumes(self.days, self.scale, rng)
        shares = [c.spec.share for c in self.chats]
        for d, vol in enumerate(vols):
            per_chat = _split(vol, shares)
            if d == busiest:  # the raid happens in the big group
                big = round(vol * 0.8)
                per_chat = _split(vol - big, shares)
                per_chat[0] += big
            for chat, n in zip(self.chats, per_chat, strict=True):
                for _ in range(n):
                    self.ev(chat, self._when(d, rng), "message", {})
        for chat in self.chats:  # even a tiny corpus needs room in every chat for the planted items
            for _ in range(MIN_CHAT_MESSAGES - len(chat.events)):
                self.ev(chat, self._when(rng.randrange(self.days), rng), "message", {})
        return busiest

    def _when(self, d: int, rng: random.Random) -> int:
        """A moment on local day ``d``; on the first day, only after the chats were created (00:15)."""
        ts = _local_ts(self.day0 + timedelta(days=d), rng)
        if d == 0:
            ts = max(ts, self._day_start(0) + 900 + rng.randrange(600))
        return ts

    def _day_start(self, d: int) -> int:
        day = self.day0 + timedelta(days=d)
        return int(datetime(day.year, day.month, day.day, tzinfo=TZ).timestamp())

    def service_events(self, busiest: int) -> None:
        rng = random.Random(f"{self.seed}:service")
        admin = {c.spec.key: c.posters[0] for c in self.chats}
        t0 = self._day_start(0) + 60
        big = self.by_key["big"]
        # The big group began as a basic group and was migrated: legacy ids are shifted by -1,000,000,000.
        creator = admin["big"]
        founding = [creator[0]] + [p[0] for p in big.posters[1:4]]
        e = self.ev(
            big,
            t0,
            "service",
            {
                "actor": creator[0],
                "actor_id": creator[1],
                "action": "create_group",
                "title": big.spec.first_title,
                "members": founding,
                "text": "",
            },
        )
        e.legacy = True
        big.initial_members = len(founding)
        for k in range(3):
            m = self.ev(big, t0 + 60 * (k + 1), "message", {})
            m.legacy = True
        e = self.ev(
            big,
            t0 + 600,
            "service",
            {"actor": creator[0], "actor_id": creator[1], "action": "migrate_to_supergroup", "text": ""},
        )
        e.legacy = True
        self.ev(
            big,
            t0 + 600,
            "service",
            {
                "actor": big.spec.first_title,
                "actor_id": f"channel{big.spec.chat_id}",
                "action": "migrate_from_group",
                "title": big.spec.first_title,
                "text": "",
            },
        )
        title_day = min(self.days - 1, 3)
        self.ev(
            big,
            self._day_start(title_day) + 11 * 3600,
            "service",
            {
                "actor": creator[0],
                "actor_id": creator[1],
                "action": "edit_group_title",
                "title": big.spec.title,
                "text": "",
            },
        )
        for chat in self.chats:
            spec = chat.spec
            adm = admin[spec.key]
            if spec.kind in CHANNEL_KINDS:
                self.ev(
                    chat,
                    t0 - 30,
                    "service",
                    {
                        "actor": spec.title,
                        "actor_id": f"channel{spec.chat_id}",
                        "action": "create_channel",
                        "title": spec.title,
                        "text": "",
                    },
                )
                continue
            if spec.key == "ocene":
                founding = [adm[0]] + [p[0] for p in chat.posters[1:6]]
                self.ev(
                    chat,
                    t0 + 120,
                    "service",
                    {
                        "actor": adm[0],
                        "actor_id": adm[1],
                        "action": "create_group",
                        "title": spec.title,
                        "members": founding,
                        "text": "",
                    },
                )
                chat.initial_members = len(founding)
            elif spec.key != "big":
                chat.initial_members = round(spec.posters * 2 * self.scale) + 5
            self._joins(chat, rng, adm, busiest)

    def _joins(self, chat: Chat, rng: random.Random, adm: tuple[str | None, str], busiest: int) -> None:
        total = max(3, round(chat.spec.joins * self.scale))
        weights = [3.0 if d == busiest else (1.6 if d < 3 else 1.0) for d in range(self.days)]
        per_day = _split(total, [w / sum(weights) for w in weights])
        bulk = chat.spec.key == "big"
        names = random.Random(f"{self.seed}:joiners:{chat.spec.key}")
        for d, n in enumerate(per_day):
            while n > 0:
                if bulk and n > 40 and rng.random() < 0.8:
                    # Admins add people in bulk: one invite_members message lists every name.
                    k = min(n, rng.randrange(40, 400))
                    members = [_user_name(names) for _ in range(k)]
                    e = self.ev(
                        chat,
                        self._when(d, rng),
                        "service",
                        {
                            "actor": adm[0],
                            "actor_id": adm[1],
                            "action": "invite_members",
                            "members": members,
                            "text": "",
                        },
                    )
                    e.joins = k
                    n -= k
                    for member in members:
                        if rng.random() < 0.06:
                            uid = f"user{names.randrange(5_000_000_000, 7_999_999_999)}"
                            self._leave(chat, rng, e.ts, (member, uid), adm)
                    continue
                who = (_user_name(names), f"user{names.randrange(5_000_000_000, 7_999_999_999)}")
                if chat.spec.key == "ocene" or rng.random() < 0.1:
                    fields = {
                        "actor": adm[0],
                        "actor_id": adm[1],
                        "action": "invite_members",
                        "members": [who[0]],
                        "text": "",
                    }
                elif rng.random() < 0.85:
                    fields = {
                        "actor": who[0],
                        "actor_id": who[1],
                        "action": "join_group_by_link",
                        "inviter": adm[0],
                        "text": "",
                    }
                else:
                    fields = {"actor": who[0], "actor_id": who[1], "action": "join_group_by_request", "text": ""}
                e = self.ev(chat, self._when(d, rng), "service", fields)
                e.joins = 1
                n -= 1
                if rng.random() < 0.08:
                    self._leave(chat, rng, e.ts, who, adm)

    def _leave(
        self, chat: Chat, rng: random.Random, joined: int, who: tuple[str | None, str], adm: tuple[str | None, str]
    ) -> None:
        """Someone leaves again (remove_members naming themselves) or is removed by an admin."""
        later = min(joined + rng.randrange(600, 5 * 86400), self._day_start(self.days) - 60)
        actor = who if rng.random() < 0.7 else adm
        fields = {"actor": actor[0], "actor_id": actor[1], "action": "remove_members", "members": [who[0]], "text": ""}
        self.ev(chat, later, "service", fields).leaves = 1

    # -- content ------------------------------------------------------------------------------------------
    def _slots(self, chat: Chat) -> list[Event]:
        return [e for e in chat.events if e.kind == "message" and not e.fields and e.media is None and not e.legacy]

    def _pick_slot(self, rng: random.Random, weights: dict[str, float], taken: set[int]) -> tuple[Chat, Event]:
        keys = [k for k, w in weights.items() if w > 0]
        for _ in range(1000):
            chat = self.by_key[rng.choices(keys, weights=[weights[k] for k in keys])[0]]
            slots = self._slot_cache[chat.spec.key]
            e = slots[rng.randrange(len(slots))]
            if e.seq not in taken:
                taken.add(e.seq)
                return chat, e
        for key in keys:  # nearly full: take the first free slot rather than loop forever
            for e in self._slot_cache[key]:
                if e.seq not in taken:
                    taken.add(e.seq)
                    return self.by_key[key], e
        raise ValueError("the corpus is too small for its planted items; use a larger --scale or more --days")

    def plant(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = random.Random(f"{self.seed}:plant")
        self._slot_cache = {c.spec.key: self._slots(c) for c in self.chats}
        taken: set[int] = set()
        abusive = {c.spec.key: c.spec.planted_weight for c in self.chats}
        benign = {c.spec.key: c.spec.negatives_weight for c in self.chats}
        items: list[phrases.Planted] = []
        for _ in range(max(1, round(12 * self.scale))):
            items.extend(phrases.planted_messages(rng, self.victims, self.watched))
        items.extend(phrases.all_codes_round())
        items.extend(phrases.all_hard_negatives())
        for item in items:
            chat, e = self._pick_slot(rng, benign if item.category == "hard_negative" else abusive, taken)
            self._set_text(chat, e, rng, item.text)
            e.truth.append({"category": item.category, "subtype": item.subtype, "values": item.values})
        self._plant_location_and_contact(rng, abusive, taken)
        clusters = self._plant_clusters(rng, abusive, taken)
        victim_items = self._plant_victim(rng, abusive, taken)
        self._fill(rng, taken)
        return clusters, victim_items

    def _set_text(self, chat: Chat, e: Event, rng: random.Random, text: str | list[Any]) -> None:
        name, from_id = self._poster(chat, rng)
        e.fields.update({"from": name, "from_id": from_id, "text": text})

    def _plant_location_and_contact(self, rng: random.Random, weights: dict[str, float], taken: set[int]) -> None:
        p = self.watched
        chat, e = self._pick_slot(rng, weights, taken)
        name, from_id = self._poster(chat, rng)
        lat, lon = round(45.2519 + rng.uniform(-0.01, 0.01), 6), round(19.8367 + rng.uniform(-0.01, 0.01), 6)
        e.fields.update(
            {"from": name, "from_id": from_id, "location_information": {"latitude": lat, "longitude": lon}, "text": ""}
        )
        e.truth.append(
            {
                "category": "doxxing",
                "subtype": "location",
                "values": {"name": p.name, "latitude": lat, "longitude": lon},
            }
        )
        chat, e = self._pick_slot(rng, weights, taken)
        name, from_id = self._poster(chat, rng)
        phone = f"+381 {p.mobile[:2]} {p.mobile[2:]}"
        e.fields.update(
            {
                "from": name,
                "from_id": from_id,
                "contact_information": {"first_name": p.first, "last_name": p.last, "phone_number": phone},
                "text": "",
            }
        )
        e.truth.append(
            {"category": "doxxing", "subtype": "contact", "values": {"name": p.name, "phone": f"+381{p.mobile}"}}
        )

    def _repost_slots(
        self, rng: random.Random, weights: dict[str, float], taken: set[int], n: int
    ) -> list[tuple[Chat, Event]]:
        picked = [self._pick_slot(rng, weights, taken) for _ in range(n)]
        return sorted(picked, key=lambda ce: (ce[1].ts, ce[1].seq))

    def _plant_clusters(self, rng: random.Random, weights: dict[str, float], taken: set[int]) -> list[dict[str, Any]]:
        clusters: list[dict[str, Any]] = []
        spread = dict(weights)
        spread["arhiva"] = 0.1  # pictures also travel through the public channel
        transforms = ["resize_50", "resize_75_q60", "jpeg_q35", "greyscale", "watermark", "mirror", "telegram_like"]
        n_images = max(3, round(14 * min(1.0, self.scale * 2)))
        n_videos = max(1, round(3 * min(1.0, self.scale * 2)))
        for c in range(n_images + n_videos):
            is_video = c >= n_images
            cid = f"{'video' if is_video else 'image'}-{c + 1:02d}"
            posts = self._repost_slots(rng, spread, taken, rng.randrange(3, 6))
            members = []
            for k, (chat, e) in enumerate(posts):
                if k == 0:
                    transform = "original"
                elif is_video:
                    transform = rng.choice(["reencode_small", "greyscale", "clip"])
                elif rng.random() < 0.25:
                    transform = "forward"
                else:
                    transform = rng.choice(transforms)
                name, from_id = self._poster(chat, rng)
                e.fields.update({"from": name, "from_id": from_id})
                if transform == "forward":
                    first_chat = posts[0][0]
                    e.fields["forwarded_from"] = first_chat.spec.title
                caption = rng.choice(["", "", "Ocene? 1-10", "Ko je ova?", "Evo nove", "🔥🔥", "stara ali dobra"])
                e.fields["text"] = caption
                seed = f"{self.seed}:{cid}"
                e.media = ("video", seed, transform) if is_video else ("picture", seed, transform)
                members.append({"chat_key": chat.spec.key, "event": e, "transform": transform})
            clusters.append({"id": cid, "kind": "video" if is_video else "image", "posts": members})
        return clusters

    def _plant_victim(self, rng: random.Random, weights: dict[str, float], taken: set[int]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        photo_transforms = ["copy", "telegram_like", "resize_50", "greyscale", "watermark", "jpeg_q35"]
        specs = [("image", f"victim_photo_{k + 1}") for k in range(3)] + [("video", "victim_video_1")]
        for kind, name in specs:
            seed = f"{self.seed}:{name}"
            n = rng.randrange(2, 4)
            posts = self._repost_slots(rng, weights, taken, n)
            reposts = []
            for chat, e in posts:
                poster, from_id = self._poster(chat, rng)
                form = rng.choice(("Dunja", "Dunje", "Дуња", "Dunju Radosavljević"))
                e.fields.update({"from": poster, "from_id": from_id, "text": rng.choice(("", "", f"Evo {form}"))})
                if kind == "video":
                    transform = rng.choice(["reencode_small", "clip"])
                    e.media = ("video", seed, transform)
                else:
                    transform = rng.choice(photo_transforms)
                    e.media = ("picture", seed, transform)
                if e.fields["text"]:
                    e.truth.append(
                        {
                            "category": "watched_mention",
                            "subtype": "caption",
                            "values": {"form": form, "name": self.watched.name},
                        }
                    )
                reposts.append({"chat_key": chat.spec.key, "event": e, "transform": transform})
            items.append({"name": name, "kind": kind, "seed": seed, "posts": reposts})
        return items

    def _fill(self, rng: random.Random, taken: set[int]) -> None:
        """Everything else: chatter with replies, forwards, edits, reactions, stickers, voice, photos, polls."""
        forward_names = [
            self.by_key["arhiva"].spec.title,
            self.by_key["vault"].spec.title,
            self.by_key["stara"].spec.title,
            "Marko J.",
            "Vesti 24",
        ]
        polls = max(1, round(4 * self.scale))
        for chat in self.chats:
            is_channel = chat.spec.kind in CHANNEL_KINDS
            for e in chat.events:
                if e.kind != "message" or e.seq in taken:
                    continue
                name, from_id = self._poster(chat, rng)
                f: dict[str, Any] = {"from": name, "from_id": from_id}
                if is_channel and rng.random() < 0.3:
                    f["author"] = rng.choice(("Admin", "Moderator"))
                if not is_channel and rng.random() < 0.04:
                    f["forwarded_from"] = rng.choice(forward_names)
                if rng.random() < 0.005:
                    f["via_bot"] = "@gif"
                r = rng.random()
                text: str | list[Any]
                text, _label = phrases.chatter(rng)
                if r < 0.02:
                    e.media = ("picture", f"{self.seed}:distractor:{e.seq}", "original")
                    text = rng.choice(("", "", text))
                elif r < 0.025:
                    e.media = ("big_video", e.seq)
                    text = rng.choice(("", text))
                elif r < 0.035 and not is_channel:
                    e.media = ("sticker", rng.choice(("😂", "👍", "🔥", "😎")))
                    text = ""
                elif r < 0.04 and not is_channel:
                    e.media = ("voice", rng.randrange(2, 60))
                    text = ""
                elif r < 0.12:
                    text = self._entities(rng, text)
                if polls > 0 and chat.spec.key in {"big", "student"} and rng.random() < 0.002:
                    polls -= 1
                    f["poll"] = {
                        "question": "Gde se nalazimo u subotu?",
                        "closed": False,
                        "total_voters": 7,
                        "answers": [
                            {"text": "Centar", "voters": 4, "chosen": False},
                            {"text": "Novi Beograd", "voters": 3, "chosen": False},
                        ],
                    }
                    e.media = None
                    text = ""
                f["text"] = text
                e.fields = f
        if polls > 0:  # make sure even a tiny corpus has a poll
            target = next(e for e in self.by_key["student"].events if e.kind == "message" and e.seq not in taken)
            target.fields["poll"] = {
                "question": "Ko dolazi na ispit?",
                "closed": True,
                "total_voters": 3,
                "answers": [{"text": "Ja", "voters": 2, "chosen": True}, {"text": "Ne", "voters": 1, "chosen": False}],
            }
            target.fields["text"] = ""
            target.media = None

    def _entities(self, rng: random.Random, text: str) -> list[Any]:
        kind = rng.randrange(4)
        if kind == 0:
            return [text + " ", {"type": "mention", "text": "@" + rng.choice(NICK) + str(rng.randrange(10, 99))}]
        if kind == 1:
            return [{"type": "bold", "text": text}]
        if kind == 2:
            return [
                text + " ",
                {"type": "link", "text": "https://t.me/+" + "".join(rng.choices("abcdefXYZ123", k=12))},
                "",
            ]
        return [text + " ", {"type": "hashtag", "text": "#" + rng.choice(("beograd", "novisad", "ns", "bg"))}]

    def decorate(self) -> None:
        """Pins, ids, replies, edits and reactions, once every chat's events are in time order."""
        rng = random.Random(f"{self.seed}:decorate")
        for chat in self.chats:
            messages = [e for e in chat.events if e.kind == "message" and not e.legacy]
            admin = chat.posters[0]
            for _ in range(min(3, len(messages) // 50)):  # an admin pins a message now and then
                target = rng.choice(messages)
                pin = self.ev(
                    chat,
                    target.ts + 120,
                    "service",
                    {"actor": admin[0], "actor_id": admin[1], "action": "pin_message", "text": ""},
                )
                pin.pin_target = target
            chat.events.sort(key=lambda e: (e.ts, e.seq))
            self._assign_ids(chat, rng)
            for e in chat.events:
                if e.pin_target is not None:
                    e.fields["message_id"] = e.pin_target.msg_id
        arhiva = self.by_key["arhiva"]
        arhiva_ids = [e.msg_id for e in arhiva.events if e.kind == "message"]
        for chat in self.chats:
            recent: list[Event] = []
            is_channel = chat.spec.kind in CHANNEL_KINDS
            legacy_ids = [e.msg_id for e in chat.events if e.legacy and e.kind == "message"]
            for e in chat.events:
                if e.kind != "message":
                    continue
                if not is_channel and recent and rng.random() < 0.18 and "poll" not in e.fields:
                    target = recent[-rng.randrange(1, min(len(recent), 200) + 1)]
                    e.fields["reply_to_message_id"] = target.msg_id
                elif legacy_ids and not e.legacy and rng.random() < 0.002:
                    e.fields["reply_to_message_id"] = legacy_ids[0]  # a reply into the migrated basic group
                elif chat.spec.key == "big" and arhiva_ids and rng.random() < 0.003:
                    e.fields["reply_to_message_id"] = rng.choice(arhiva_ids)  # a comment on a channel post
                    e.fields["reply_to_peer_id"] = f"channel{arhiva.spec.chat_id}"
                if rng.random() < 0.03 and not e.legacy:
                    e.fields["_edited"] = e.ts + rng.randrange(20, 3600)
                if rng.random() < (0.15 if is_channel else 0.03):
                    emojis = rng.sample(["👍", "🔥", "😂", "❤", "😱", "👎"], rng.randrange(1, 3))
                    e.fields["_reactions"] = [
                        {"type": "emoji", "count": rng.randrange(1, 40), "emoji": em} for em in emojis
                    ]
                recent.append(e)
                if len(recent) > 400:
                    del recent[:200]
            if chat.spec.key == "big" and arhiva_ids:
                # Even a tiny corpus carries one comment on a channel post and one reply into the legacy group.
                plain = [e for e in chat.events if e.kind == "message" and not e.legacy and "poll" not in e.fields]
                if not any("reply_to_peer_id" in e.fields for e in plain):
                    e = plain[len(plain) // 2]
                    e.fields["reply_to_message_id"] = arhiva_ids[0]
                    e.fields["reply_to_peer_id"] = f"channel{arhiva.spec.chat_id}"
                if legacy_ids and not any(e.fields.get("reply_to_message_id", 0) < 0 for e in plain):
                    plain[1].fields.pop("reply_to_peer_id", None)
                    plain[1].fields["reply_to_message_id"] = legacy_ids[0]

    def _assign_ids(self, chat: Chat, rng: random.Random) -> None:
        if chat.spec.kind == "private_group":
            next_id = 183_290  # basic groups share the account-wide message counter: big ids, big gaps
            for e in chat.events:
                e.msg_id = next_id
                next_id += rng.randrange(1, 40)
            return
        legacy = [e for e in chat.events if e.legacy]
        old = 321_550
        for e in legacy:
            e.msg_id = old - 1_000_000_000
            old += rng.randrange(1, 5)
        next_id = 1
        for e in chat.events:
            if e.legacy:
                continue
            e.msg_id = next_id
            next_id += 1 if rng.random() > 0.03 else rng.randrange(2, 6)  # deleted messages leave gaps


def build_corpus(seed: int = 7, days: int = DEFAULT_DAYS, scale: float = 1.0) -> Corpus:
    """Decide every chat, message, service event and planted item (no files are written)."""
    b = _Builder(seed, days, scale)
    b.make_posters()
    busiest = b.schedule_messages()
    b.service_events(busiest)
    clusters, victim_items = b.plant()
    b.decorate()
    exported = b._day_start(days) + 10 * 3600
    return Corpus(seed, days, scale, b.chats, b.watched, b.victims, clusters, victim_items, exported)


def truth_counts(corpus: Corpus) -> dict[str, Any]:
    """Per-chat and per-day counts, recomputed from the events (the same numbers the JSON will carry)."""
    per_day: Counter[str] = Counter()
    chats = []
    for chat in corpus.chats:
        days: dict[str, Counter[str]] = defaultdict(Counter)
        msgs = service = joins = leaves = 0
        authors: set[str] = set()
        for e in chat.events:
            day = utc_day(e.ts)
            if e.kind == "message":
                msgs += 1
                per_day[day] += 1
                days[day]["messages"] += 1
                authors.add(e.fields["from_id"])
            else:
                service += 1
                joins += e.joins
                leaves += e.leaves
                if e.joins or e.leaves:
                    days[day]["joins"] += e.joins
                    days[day]["leaves"] += e.leaves
        stamps = [e.ts for e in chat.events if e.kind == "message"]
        chats.append(
            {
                "messages": msgs,
                "service_messages": service,
                "joins": joins,
                "leaves": leaves,
                "initial_members": chat.initial_members,
                "members": chat.initial_members + joins - leaves,
                "authors": len(authors),
                "first": _iso_utc(min(stamps)) if stamps else None,
                "last": _iso_utc(max(stamps)) if stamps else None,
                "per_day": [
                    {"date": d, "messages": c["messages"], "joins": c["joins"], "leaves": c["leaves"]}
                    for d, c in sorted(days.items())
                ],
            }
        )
    busiest = max(sorted(per_day), key=lambda d: per_day[d])
    return {
        "chats": chats,
        "messages_per_day": [{"date": d, "messages": per_day[d]} for d in sorted(per_day)],
        "busiest_day": {"date": busiest, "messages": per_day[busiest]},
    }


def _iso_utc(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
