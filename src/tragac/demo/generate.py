"""Write the demo corpus: a Telegram Desktop full-account export (result.json, chats/chat_N/photos|video_files)
plus ``truth.json`` and the fictional victim's own originals (``victim_originals/``) beside it.

Public API: :func:`generate_corpus`. The layout and truth schema are documented in docs/demo.md.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from tragac.demo import media, tdjson
from tragac.demo.corpus import (
    CHATS,
    EXPORTER_TZ,
    FILE_NOT_INCLUDED,
    FILE_TOO_BIG,
    FILE_UNAVAILABLE,
    TZ,
    Chat,
    Corpus,
    Event,
    build_corpus,
    local_iso,
    truth_counts,
)
from tragac.demo.people import WATCHED_FORMS, phone_spellings
from tragac.errors import InputError
from tragac.progress import NullReporter, Reporter

GENERATOR_VERSION = 2  # 2: videos encoded without x264 mbtree, so the same clip gives the same bytes
TRUTH_FILE = "truth.json"
VICTIM_DIR = "victim_originals"

ABOUT = (
    "Here is the data you requested. Remember: Telegram is ad free, it doesn't use your data for ad targeting and "
    "doesn't sell it to others. Telegram only keeps the information it needs to function as a secure and "
    "feature-rich cloud service.\n\nCheck out Settings > Privacy & Security on Telegram's mobile apps for the "
    "relevant settings."
)
ABOUT_CONTACTS = (
    "If you allow access, your contacts are continuously synced with Telegram. Thanks to this, you can easily "
    "switch to Telegram without losing your existing social graph \u2013 and connect with friends across all your "
    "devices. We use data about your contacts to let you know when they join Telegram. We also use it to make sure "
    "that you see the names you have in your phone book instead of the screen names people choose for themselves."
    "\n\nYou can disable contacts syncing or delete your stored contacts in Settings > Privacy & Security on "
    "Telegram's mobile apps."
)
ABOUT_CHATS = "This page lists all chats from this export."
ABOUT_LEFT = "This page lists all supergroups and channels from this export that you've left."

# The order in which Telegram Desktop's SerializeMessage pushes keys (export_output_json.cpp).
KEY_ORDER = [
    "id",
    "type",
    "date",
    "date_unixtime",
    "edited",
    "edited_unixtime",
    "actor",
    "actor_id",
    "action",
    "title",
    "members",
    "inviter",
    "message_id",
    "from",
    "from_id",
    "author",
    "forwarded_from",
    "saved_from",
    "reply_to_message_id",
    "reply_to_peer_id",
    "via_bot",
    "photo",
    "photo_file_size",
    "file",
    "file_name",
    "file_size",
    "thumbnail",
    "thumbnail_file_size",
    "media_type",
    "sticker_emoji",
    "mime_type",
    "duration_seconds",
    "width",
    "height",
    "media_spoiler",
    "contact_information",
    "location_information",
    "poll",
    "text",
    "reactions",
]
_RANK = {k: i for i, k in enumerate(KEY_ORDER)}


def _file_stamp(ts: int) -> str:
    return datetime.fromtimestamp(ts, TZ).strftime("%d-%m-%Y_%H-%M-%S")


class _MediaWriter:
    """Writes each message's media file and returns its export fields; remembers what it wrote for truth.json."""

    def __init__(self, root: Path, corpus: Corpus) -> None:
        self.root = root
        self.corpus = corpus
        self._originals: dict[str, bytes] = {}
        self._counters: dict[tuple[int, str], int] = {}
        self.files: dict[int, str] = {}  # event seq → relative path
        self.bytes_written = 0
        self.victim_seeds = {item["seed"] for item in corpus.victim_items}

    def _path(self, chat: Chat, folder: str, stem: str, ts: int, ext: str) -> str:
        key = (chat.index, folder)
        self._counters[key] = self._counters.get(key, 0) + 1
        digits = len(str(len(CHATS) - 1))
        return f"chats/chat_{chat.index:0{digits}d}/{folder}/{stem}_{self._counters[key]}@{_file_stamp(ts)}.{ext}"

    def _write(self, rel: str, data: bytes) -> int:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.bytes_written += len(data)
        return len(data)

    def original_picture(self, seed: str) -> bytes:
        if seed not in self._originals:
            if seed in self.victim_seeds:
                self._originals[seed] = media.jpeg_bytes(media.picture(seed, (640, 480)), 92)
            else:
                label = seed.rsplit(":", 1)[-1].upper() if ":distractor:" not in seed else ""
                self._originals[seed] = media.jpeg_bytes(media.picture(seed, label=label))
        return self._originals[seed]

    def write_victim_originals(self) -> list[dict[str, Any]]:
        out = []
        (self.root / VICTIM_DIR).mkdir(parents=True, exist_ok=True)
        for item in self.corpus.victim_items:
            if item["kind"] == "image":
                rel = f"{VICTIM_DIR}/{item['name']}.jpg"
                self._write(rel, self.original_picture(item["seed"]))
            else:
                rel = f"{VICTIM_DIR}/{item['name']}.mp4"
                media.write_video(self.root / rel, item["seed"], seconds=4.0, crf=20)
                self.bytes_written += (self.root / rel).stat().st_size
            out.append({"name": item["name"], "kind": item["kind"], "file": rel, "sha256": self.sha256(rel)})
        return out

    def sha256(self, rel: str) -> str:
        return hashlib.sha256((self.root / rel).read_bytes()).hexdigest()

    def fields(self, chat: Chat, e: Event, rng: random.Random) -> dict[str, Any]:
        if e.media is None:
            return {}
        kind = e.media[0]
        if kind == "picture":
            _, seed, transform = e.media
            original = self.original_picture(seed)
            if ":distractor:" in seed and rng.random() < 0.01:
                return {"photo": FILE_UNAVAILABLE, "photo_file_size": len(original), "width": 480, "height": 360}
            data = (
                original
                if transform in {"original", "copy", "forward"}
                else media.transformed_jpeg(original, transform)
            )
            rel = self._path(chat, "photos", "photo", e.ts, "jpg")
            size = self._write(rel, data)
            self.files[e.seq] = rel
            w, h = _jpeg_size(data)
            out: dict[str, Any] = {"photo": rel, "photo_file_size": size, "width": w, "height": h}
            if transform not in {"original"} and rng.random() < 0.1:
                out["media_spoiler"] = True
            return out
        if kind == "video":
            _, seed, transform = e.media
            rel = self._path(chat, "video_files", "video", e.ts, "mp4")
            (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
            opts: dict[str, Any] = {"seconds": 3.0}
            start = 0
            if transform == "reencode_small":
                opts.update(size=(128, 96), crf=32)
            elif transform == "greyscale":
                opts.update(greyscale=True)
            elif transform == "clip":
                start = 8
                opts.update(seconds=2.0, start_frame=start)
            frames = media.write_video(self.root / rel, seed, **opts)
            size = (self.root / rel).stat().st_size
            self.bytes_written += size
            self.files[e.seq] = rel
            thumb = self._write(rel + "_thumb.jpg", media.video_thumbnail(seed, start))
            w, h = opts.get("size", media.VIDEO_SIZE)
            return {
                "file": rel,
                "file_size": size,
                "thumbnail": rel + "_thumb.jpg",
                "thumbnail_file_size": thumb,
                "media_type": "video_file",
                "mime_type": "video/mp4",
                "duration_seconds": max(1, round(frames / media.VIDEO_FPS)),
                "width": w,
                "height": h,
            }
        if kind == "big_video":
            rel = self._path(chat, "video_files", "video", e.ts, "mp4")
            thumb = self._write(rel + "_thumb.jpg", media.video_thumbnail(f"{self.corpus.seed}:big:{e.seq}"))
            return {
                "file": FILE_TOO_BIG,
                "file_size": rng.randrange(20, 400) * 1_048_576 + rng.randrange(1_048_576),
                "thumbnail": rel + "_thumb.jpg",
                "thumbnail_file_size": thumb,
                "media_type": "video_file",
                "mime_type": "video/mp4",
                "duration_seconds": rng.randrange(20, 900),
                "width": 1280,
                "height": 720,
            }
        if kind == "sticker":
            return {
                "file": FILE_NOT_INCLUDED,
                "file_name": "sticker.webp",
                "file_size": rng.randrange(8_000, 60_000),
                "thumbnail": FILE_NOT_INCLUDED,
                "thumbnail_file_size": rng.randrange(3_000, 9_000),
                "media_type": "sticker",
                "sticker_emoji": e.media[1],
                "mime_type": "image/webp",
                "width": 512,
                "height": 512,
            }
        if kind == "voice":
            return {
                "file": FILE_NOT_INCLUDED,
                "file_size": e.media[1] * 2_400,
                "media_type": "voice_message",
                "mime_type": "audio/ogg",
                "duration_seconds": e.media[1],
            }
        raise ValueError(kind)


def _jpeg_size(data: bytes) -> tuple[int, int]:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return im.size


def _export_message(e: Event, media_fields: dict[str, Any]) -> dict[str, Any]:
    f = dict(e.fields)
    edited = f.pop("_edited", None)
    reactions = f.pop("_reactions", None)
    f.update(media_fields)
    f["id"] = e.msg_id
    f["type"] = e.kind
    f["date"] = local_iso(e.ts)
    f["date_unixtime"] = str(e.ts)
    if edited is not None:
        f["edited"] = local_iso(edited)
        f["edited_unixtime"] = str(edited)
    if reactions:
        f["reactions"] = reactions
    f.setdefault("text", "")
    return dict(sorted(f.items(), key=lambda kv: _RANK[kv[0]]))


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / TRUTH_FILE).is_file():
        raise InputError(f"{out_dir} is not empty and holds no demo corpus; choose an empty or new folder")


def generate_corpus(
    out_dir: Path | str, *, seed: int = 7, days: int = 30, scale: float = 1.0, reporter: Reporter | None = None
) -> Path:
    """Write the demo export to ``out_dir`` (result.json, media, truth.json); returns ``out_dir``.

    The corpus is built in a temporary folder beside ``out_dir`` and moved into place at the end, so an
    interrupted run leaves nothing half-written; an existing demo corpus in ``out_dir`` is replaced.
    """
    out_dir = Path(out_dir)
    _check_out_dir(out_dir)
    if days < 2 or days > 366:
        raise InputError(f"--days must be between 2 and 366 (got {days})")
    if not 0 < scale <= 10:
        raise InputError(f"--scale must be above 0 and at most 10 (got {scale})")
    reporter = reporter or NullReporter()
    t0 = time.perf_counter()
    corpus = build_corpus(seed, days, scale)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        truth = _write_all(tmp, corpus, reporter)
        truth["generator"]["seconds"] = round(time.perf_counter() - t0, 2)
        (tmp / TRUTH_FILE).write_bytes(orjson.dumps(truth, option=orjson.OPT_INDENT_2) + b"\n")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _write_all(root: Path, corpus: Corpus, reporter: Reporter) -> dict[str, Any]:
    rng = random.Random(f"{corpus.seed}:write")
    mw = _MediaWriter(root, corpus)
    total = sum(len(c.events) for c in corpus.chats)
    reporter.start("generating the demo export", total=total)
    victim_files = mw.write_victim_originals()
    with (root / "result.json").open("wb") as fh:
        w = tdjson.ExportWriter(fh)
        w.start(ABOUT)
        w.personal_information(
            {
                "user_id": 5089327714,
                "first_name": "Mira",
                "last_name": "Analitičarka",
                "phone_number": "+381 60 0000000",
                "username": "@tragac_demo",
                "bio": "Demo nalog za Tragač (izmišljeni podaci)",
            }
        )
        w.empty_list("profile_pictures")
        w.about_list(
            "contacts",
            ABOUT_CONTACTS,
            [
                {
                    "user_id": 5100200300,
                    "first_name": "Jovana",
                    "last_name": "Demo",
                    "phone_number": "+381 60 0000001",
                    "date": local_iso(corpus.exported_at - 86400 * 90),
                    "date_unixtime": str(corpus.exported_at - 86400 * 90),
                }
            ],
        )
        current = None
        for chat in corpus.chats:
            group = "left_chats" if chat.spec.left else "chats"
            if group != current:
                if current is not None:
                    w.chats_end()
                w.chats_start(group, ABOUT_LEFT if chat.spec.left else ABOUT_CHATS)
                current = group
            w.dialog_start(chat.spec.title, chat.spec.kind, chat.spec.chat_id)
            batch = []
            for e in chat.events:
                batch.append(_export_message(e, mw.fields(chat, e, rng)))
                if len(batch) >= 2000:
                    w.dialog_messages(batch)
                    reporter.advance(len(batch))
                    batch = []
            w.dialog_messages(batch)
            reporter.advance(len(batch))
            w.dialog_end()
        w.chats_end()
        w.finish()
    return _truth(corpus, mw, victim_files)


def _truth(corpus: Corpus, mw: _MediaWriter, victim_files: list[dict[str, Any]]) -> dict[str, Any]:
    counts = truth_counts(corpus)
    by_key = {c.spec.key: c for c in corpus.chats}
    chats = []
    planted = []
    for chat, c in zip(corpus.chats, counts["chats"], strict=True):
        chats.append(
            {
                "id": chat.spec.chat_id,
                "title": chat.spec.title,
                "type": chat.spec.kind,
                "list": "left_chats" if chat.spec.left else "chats",
                "folder": f"chats/chat_{chat.index}",
                **c,
            }
        )
        for e in chat.events:
            for t in e.truth:
                planted.append({"chat_id": chat.spec.chat_id, "message_id": e.msg_id, **t})

    def post(p: dict[str, Any]) -> dict[str, Any]:
        e = p["event"]
        chat = by_key[p["chat_key"]]
        rel = mw.files.get(e.seq)
        return {
            "chat_id": chat.spec.chat_id,
            "message_id": e.msg_id,
            "file": rel,
            "sha256": mw.sha256(rel) if rel else None,
            "transform": p["transform"],
        }

    clusters = []
    for cl in corpus.clusters:
        posts = [post(p) for p in cl["posts"]]
        clusters.append({"id": cl["id"], "kind": cl["kind"], "original": posts[0], "reposts": posts[1:]})
    victims = []
    for item, vf in zip(corpus.victim_items, victim_files, strict=True):
        victims.append({**vf, "reposts": [post(p) for p in item["posts"]]})
    w = corpus.watched
    totals = {k: sum(c[k] for c in counts["chats"]) for k in ("messages", "service_messages", "joins", "leaves")}
    return {
        "schema": 1,
        "generator": {
            "name": "tragac.demo",
            "version": GENERATOR_VERSION,
            "seed": corpus.seed,
            "days": corpus.days,
            "scale": corpus.scale,
            "media_bytes": mw.bytes_written,
        },
        "exporter_timezone": EXPORTER_TZ,
        "exported_at": local_iso(corpus.exported_at),
        "chats": chats,
        "totals": totals,
        "messages_per_day": counts["messages_per_day"],
        "busiest_day": counts["busiest_day"],
        "planted_messages": planted,
        "planted_media": {"clusters": clusters, "victim_items": victims},
        "watched_identity": {
            "name": w.name,
            "forms": list(WATCHED_FORMS),
            "jmbg": w.jmbg,
            "phone": f"+381{w.mobile}",
            "phone_spellings": phone_spellings(w.mobile),
            "address": w.address,
            "city": w.city,
            "postcode": w.postcode,
            "email": w.email,
            "instagram": w.instagram,
        },
    }
