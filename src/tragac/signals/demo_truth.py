"""Score the text detectors on the demo corpus's ``truth.json`` (docs/demo.md): run the signals stage with the
corpus's watched identity, then check every planted message and hard negative against the stored flags."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from tragac.errors import InputError
from tragac.signals.analyzer import TextAnalyzer
from tragac.signals.stage import run_signals
from tragac.store import Store
from tragac.store.models.core import Message, Source
from tragac.store.models.signals import Flag
from tragac.text.lexicon import build_matcher
from tragac.text.watch import WatchList

# truth.json category → the flag category that should find it
EXPECTED = {
    "doxxing": "doxxing",
    "solicitation": "ncii_solicitation",
    "code": "csam_signal",
    "harassment": "harassment",
    "watched_mention": "identity",
}
TEXT_CATEGORIES = frozenset(EXPECTED.values())


def watch_from_truth(truth: dict[str, Any]) -> WatchList:
    w = truth.get("watched_identity") or {}
    if not w.get("name"):
        return WatchList()
    ident = {
        "id": "demo-victim",
        "name": w["name"],
        "handles": [w["instagram"]] if w.get("instagram") else [],
        "phones": [w["phone"]] if w.get("phone") else [],
        "addresses": [w["address"]] if w.get("address") else [],
    }
    return WatchList.from_data({"identities": [ident]}, "truth.json")


def score_demo(store: Store, truth_path: Path) -> dict[str, Any]:
    try:
        truth = orjson.loads(truth_path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise InputError(f"cannot read {truth_path}: {exc}") from None
    if not isinstance(truth, dict) or "planted_messages" not in truth:
        raise InputError(f"{truth_path}: not a demo truth.json (no planted_messages)")
    run_signals(store, TextAnalyzer(build_matcher(), watch_from_truth(truth)))
    with store.session() as s:
        rows = s.execute(
            select(Source.platform_id, Message.platform_message_id, Flag.category)
            .join(Message, Flag.message_id == Message.id)
            .join(Source, Message.source_id == Source.id)
        ).all()
        messages = s.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) or 0
    flagged: dict[tuple[str, int], set[str]] = {}
    for chat, mid, cat in rows:
        flagged.setdefault((str(chat), int(mid)), set()).add(cat)
    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    missed: list[dict[str, Any]] = []
    negatives_flagged: list[dict[str, Any]] = []
    planted_keys: set[tuple[str, int]] = set()
    for p in truth["planted_messages"]:
        key = (str(p["chat_id"]), int(p["message_id"]))
        planted_keys.add(key)
        cats = flagged.get(key, set())
        if p["category"] == "hard_negative":
            planted["hard_negative"] += 1
            if cats & TEXT_CATEGORIES:
                negatives_flagged.append({**_where(p), "flags": sorted(cats)})
            continue
        want = EXPECTED.get(p["category"])
        if want is None:
            continue
        label = f"{p['category']}/{p['subtype']}"
        planted[label] += 1
        if want in cats:
            found[label] += 1
        else:
            missed.append({**_where(p), "expected": want, "flags": sorted(cats)})
    unplanted = Counter(c for key, cats in flagged.items() if key not in planted_keys for c in cats)
    by_category: dict[str, dict[str, int]] = {}
    for label, n in planted.items():
        if label == "hard_negative":
            continue
        cat = EXPECTED[label.split("/")[0]]
        agg = by_category.setdefault(cat, {"planted": 0, "found": 0})
        agg["planted"] += n
        agg["found"] += found[label]
    return {
        "truth": str(truth_path),
        "messages_in_store": messages,
        "recall_by_category": {
            c: {**v, "recall": round(v["found"] / v["planted"], 4)} for c, v in sorted(by_category.items())
        },
        "recall_by_subtype": {k: f"{found[k]}/{n}" for k, n in sorted(planted.items()) if k != "hard_negative"},
        "hard_negatives": {"planted": planted["hard_negative"], "flagged": len(negatives_flagged)},
        "missed": missed,
        "hard_negatives_flagged": negatives_flagged,
        "flags_on_unplanted_messages": dict(unplanted),
    }


def _where(p: dict[str, Any]) -> dict[str, Any]:
    return {"chat_id": p["chat_id"], "message_id": p["message_id"], "category": p["category"], "subtype": p["subtype"]}
