"""The generated export looks like a real Telegram Desktop export (notes §1) and truth.json matches it."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pdqhash
import pytest
from PIL import Image

from tragac.demo.corpus import FILE_NOT_INCLUDED, FILE_TOO_BIG, FILE_UNAVAILABLE
from tragac.demo.generate import KEY_ORDER, generate_corpus
from tragac.demo.people import jmbg_is_valid
from tragac.errors import InputError

BELGRADE = ZoneInfo("Europe/Belgrade")
PLACEHOLDERS = {FILE_NOT_INCLUDED, FILE_TOO_BIG, FILE_UNAVAILABLE}
RANK = {k: i for i, k in enumerate(KEY_ORDER)}


def _load(root: Path) -> dict[str, Any]:
    return json.loads((root / "result.json").read_bytes())


def _chats(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["chats"]["list"] + doc["left_chats"]["list"]


def _tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "truth.json"
    }


def test_same_seed_gives_byte_identical_files(small_corpus: Path, small_options: dict, tmp_path: Path) -> None:
    again = generate_corpus(tmp_path / "again", **small_options)
    assert (again / "result.json").read_bytes() == (small_corpus / "result.json").read_bytes()
    assert _tree_hashes(again) == _tree_hashes(small_corpus)
    other = generate_corpus(tmp_path / "other", **{**small_options, "seed": small_options["seed"] + 1})
    assert (other / "result.json").read_bytes() != (small_corpus / "result.json").read_bytes()


def test_the_same_clip_encodes_to_the_same_bytes_every_time(tmp_path: Path) -> None:
    # Forwards and re-posts of one clip must be one sha256, and two runs of the demo one corpus; before mbtree was
    # switched off, 12 encodes of this clip in one process gave 7 different files.
    from tragac.demo.media import write_video

    digests = set()
    for k in range(12):
        write_video(tmp_path / f"{k}.mp4", "clip:same", seconds=3.0)
        digests.add(hashlib.sha256((tmp_path / f"{k}.mp4").read_bytes()).hexdigest())
    assert len(digests) == 1


def test_top_level_is_a_full_account_export(small_corpus: Path) -> None:
    doc = _load(small_corpus)
    assert list(doc) == ["about", "personal_information", "profile_pictures", "contacts", "chats", "left_chats"]
    assert doc["about"].startswith("Here is the data you requested.")
    assert set(doc["personal_information"]) == {"user_id", "first_name", "last_name", "phone_number", "username", "bio"}
    assert doc["profile_pictures"] == []
    kinds = Counter(c["type"] for c in _chats(doc))
    assert len(_chats(doc)) >= 6
    assert {"public_supergroup", "private_supergroup", "private_group", "public_channel", "private_channel"} <= set(
        kinds
    )
    assert [c["type"] for c in doc["left_chats"]["list"]] == ["public_channel"]
    for chat in _chats(doc):
        assert list(chat) == ["name", "type", "id", "messages"]
        assert isinstance(chat["id"], int)  # bare id, no prefix


def test_messages_follow_the_export_format(small_corpus: Path) -> None:
    doc = _load(small_corpus)
    seen: Counter[str] = Counter()
    for chat in _chats(doc):
        ids = [m["id"] for m in chat["messages"]]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        id_set = set(ids)
        for m in chat["messages"]:
            ranks = [RANK[k] for k in m if k != "text_entities"]
            assert ranks == sorted(ranks), m  # Telegram Desktop's key order
            # date is Belgrade wall-clock time without an offset; date_unixtime is the epoch as a string
            assert isinstance(m["date_unixtime"], str)
            local = datetime.fromtimestamp(int(m["date_unixtime"]), BELGRADE).strftime("%Y-%m-%dT%H:%M:%S")
            assert m["date"] == local
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", m["date"])
            if "edited" in m:
                assert int(m["edited_unixtime"]) > int(m["date_unixtime"])
                seen["edited"] += 1
            # text is a string for one plain part, otherwise a list; text_entities always lists objects
            ents = m["text_entities"]
            if isinstance(m["text"], str):
                assert ents == ([] if m["text"] == "" else [{"type": "plain", "text": m["text"]}])
            else:
                seen["entity_text"] += 1
                assert [e if isinstance(e, dict) else {"type": "plain", "text": e} for e in m["text"]] == ents
            if m["type"] == "service":
                assert "from" not in m and "actor_id" in m
                seen["action:" + m["action"]] += 1
                continue
            assert re.fullmatch(r"(user|channel)\d+", m["from_id"])
            assert m["from"] is None or isinstance(m["from"], str)
            seen["from_null"] += m["from"] is None
            if "reply_to_message_id" in m:
                seen["reply"] += 1
                if "reply_to_peer_id" in m:
                    seen["cross_chat_reply"] += 1
                else:
                    assert m["reply_to_message_id"] in id_set
            for key in ("forwarded_from", "reactions", "poll", "location_information", "contact_information"):
                seen[key] += key in m
            for key in ("photo", "file", "thumbnail"):
                if key in m:
                    value = m[key]
                    if value in PLACEHOLDERS:
                        seen["placeholder"] += 1
                    else:
                        assert (small_corpus / value).is_file(), value
                        name = value.rsplit("/", 1)[1]
                        assert re.fullmatch(
                            r"(photo|video)_\d+@\d\d-\d\d-\d{4}_\d\d-\d\d-\d\d\.(jpg|mp4)(_thumb\.jpg)?", name
                        )
                        stamp = datetime.fromtimestamp(int(m["date_unixtime"]), BELGRADE).strftime("%d-%m-%Y_%H-%M-%S")
                        assert stamp in name
    for needed in (
        "edited",
        "entity_text",
        "reply",
        "cross_chat_reply",
        "forwarded_from",
        "reactions",
        "poll",
        "location_information",
        "contact_information",
        "placeholder",
        "action:create_group",
        "action:invite_members",
        "action:join_group_by_link",
        "action:remove_members",
        "action:pin_message",
        "action:edit_group_title",
        "action:migrate_to_supergroup",
        "action:migrate_from_group",
        "action:create_channel",
    ):
        assert seen[needed] > 0, needed


def test_migrated_group_has_shifted_legacy_ids(small_corpus: Path) -> None:
    big = _chats(_load(small_corpus))[0]
    negative = [m for m in big["messages"] if m["id"] < 0]
    assert negative and all(-1_000_000_000 < m["id"] < -999_000_000 for m in negative)
    assert negative[0]["action"] == "create_group"
    assert any(m.get("action") == "migrate_to_supergroup" for m in negative)
    first_new = next(m for m in big["messages"] if m["id"] > 0)
    assert first_new["action"] == "migrate_from_group" and first_new["id"] == 1


def test_text_is_serbian_in_both_scripts_and_english(small_corpus: Path) -> None:
    text = (small_corpus / "result.json").read_text("utf-8")
    assert re.search(r"[čćšžđ]", text)  # Latin with diacritics
    assert re.search(r"[љњџћђ]", text)  # Serbian Cyrillic
    assert "sta mislite" in text or "cao svima" in text or "jel zna neko" in text  # without diacritics
    assert "Anyone here from Belgrade?" in text or "Good morning everyone" in text or "lol this group is wild" in text


def _recount(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for chat in _chats(doc):
        msgs = [m for m in chat["messages"] if m["type"] == "message"]
        service = [m for m in chat["messages"] if m["type"] == "service"]
        joins = leaves = 0
        per_day: dict[str, Counter[str]] = defaultdict(Counter)
        for m in msgs:
            per_day[datetime.fromtimestamp(int(m["date_unixtime"]), UTC).date().isoformat()]["messages"] += 1
        for m in service:
            day = datetime.fromtimestamp(int(m["date_unixtime"]), UTC).date().isoformat()
            j = l_ = 0
            if m["action"] == "invite_members":
                j = len(m["members"])
            elif m["action"] in {"join_group_by_link", "join_group_by_request"}:
                j = 1
            elif m["action"] == "remove_members":
                l_ = len(m["members"])
            if j or l_:
                per_day[day]["joins"] += j
                per_day[day]["leaves"] += l_
            joins += j
            leaves += l_
        out.append(
            {
                "id": chat["id"],
                "title": chat["name"],
                "type": chat["type"],
                "messages": len(msgs),
                "service_messages": len(service),
                "joins": joins,
                "leaves": leaves,
                "authors": len({m["from_id"] for m in msgs}),
                "per_day": [
                    {"date": d, "messages": c["messages"], "joins": c["joins"], "leaves": c["leaves"]}
                    for d, c in sorted(per_day.items())
                ],
            }
        )
    return out


def test_truth_matches_a_recount_of_the_export(small_corpus: Path) -> None:
    doc = _load(small_corpus)
    truth = json.loads((small_corpus / "truth.json").read_bytes())
    recount = _recount(doc)
    for mine, t in zip(recount, truth["chats"], strict=True):
        assert {k: t[k] for k in mine} == mine
        assert t["members"] == t["initial_members"] + t["joins"] - t["leaves"]
    per_day: Counter[str] = Counter()
    for chat in recount:
        for row in chat["per_day"]:
            per_day[row["date"]] += row["messages"]
    assert truth["messages_per_day"] == [{"date": d, "messages": per_day[d]} for d in sorted(per_day)]
    assert truth["busiest_day"]["messages"] == max(per_day.values())
    assert per_day[truth["busiest_day"]["date"]] == truth["busiest_day"]["messages"]
    assert truth["totals"]["messages"] == sum(c["messages"] for c in recount)


def test_planted_messages_are_where_truth_says(small_corpus: Path) -> None:
    doc = _load(small_corpus)
    truth = json.loads((small_corpus / "truth.json").read_bytes())
    by_key = {(c["id"], m["id"]): m for c in _chats(doc) for m in c["messages"]}
    cats = Counter()
    for p in truth["planted_messages"]:
        m = by_key[(p["chat_id"], p["message_id"])]
        text = "".join(t["text"] for t in m["text_entities"])
        cats[p["category"]] += 1
        values = p["values"]
        if "jmbg" in values:
            assert values["jmbg"] in text and jmbg_is_valid(values["jmbg"])
        if "written" in values:
            assert values["written"] in text
        if "email" in values:
            assert {"type": "email", "text": values["email"]} in m["text_entities"]
        if p["subtype"] == "location":
            assert m["location_information"] == {"latitude": values["latitude"], "longitude": values["longitude"]}
        if p["category"] == "watched_mention":
            assert values["form"] in text
        if p["category"] == "code":
            assert p["subtype"] in {"plain", "spaced", "emoji", "leet", "homoglyph", "dotted"}
    assert set(cats) == {"doxxing", "solicitation", "code", "harassment", "watched_mention", "hard_negative"}
    subtypes = {p["subtype"] for p in truth["planted_messages"] if p["category"] == "code"}
    assert subtypes == {"plain", "spaced", "emoji", "leet", "homoglyph", "dotted"}


def _pdq(path: Path) -> tuple[np.ndarray, int]:
    with Image.open(io.BytesIO(path.read_bytes())) as im:
        return pdqhash.compute(np.asarray(im.convert("RGB")))


def test_planted_media_exist_and_reposts_stay_within_pdq_distance(small_corpus: Path) -> None:
    truth = json.loads((small_corpus / "truth.json").read_bytes())
    clusters = truth["planted_media"]["clusters"]
    assert any(c["kind"] == "video" for c in clusters) and any(c["kind"] == "image" for c in clusters)
    for cluster in clusters:
        original = cluster["original"]
        assert cluster["reposts"], cluster["id"]
        files = [original, *cluster["reposts"]]
        chats = {p["chat_id"] for p in files}
        for p in files:
            assert hashlib.sha256((small_corpus / p["file"]).read_bytes()).hexdigest() == p["sha256"]
        if cluster["kind"] != "image":
            continue
        h0, q0 = _pdq(small_corpus / original["file"])
        assert q0 >= 50
        for p in cluster["reposts"]:
            h, _q = _pdq(small_corpus / p["file"])
            distance = int((h0 != h).sum())
            if p["transform"] == "mirror":
                assert distance > 31  # plain PDQ misses mirrors; dihedral hashing is needed
            else:
                assert distance <= 31, (cluster["id"], p["transform"], distance)
            if p["transform"] == "forward":
                assert p["sha256"] == original["sha256"]
        assert len(chats) >= 1
    victims = truth["planted_media"]["victim_items"]
    assert {v["kind"] for v in victims} == {"image", "video"}
    for v in victims:
        assert (small_corpus / v["file"]).is_file() and v["reposts"]
        assert v["file"].startswith("victim_originals/")
    watched = truth["watched_identity"]
    assert watched["name"] == "Dunja Radosavljević" and jmbg_is_valid(watched["jmbg"])
    assert watched["email"].endswith("@example.com")


def test_refuses_a_folder_that_is_not_a_demo_corpus(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(InputError, match="not empty"):
        generate_corpus(tmp_path, scale=0.01)
    assert (tmp_path / "precious.txt").read_text() == "keep me"
