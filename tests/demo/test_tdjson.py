"""The writer reproduces Telegram Desktop's byte layout: checked against a real export written by someone else."""

from __future__ import annotations

import json
from pathlib import Path

from tragac.demo import tdjson


def _single_chat(doc: dict, with_entities: bool) -> str:
    head = (
        "{\n"
        + ",\n".join(f" {tdjson.string(k)}: {tdjson.scalar(doc[k])}" for k in ("name", "type", "id") if k in doc)
        + ',\n "messages": ['
    )
    items = ",".join("\n  " + tdjson.message(2, m, with_entities=with_entities) for m in doc["messages"])
    return head + items + "\n ]\n}"


def test_real_export_round_trips_byte_for_byte(shared_fixtures: Path) -> None:
    path = shared_fixtures / "telegram" / "legacy-2021-migrated-supergroup.json"
    raw = path.read_bytes()
    doc = json.loads(raw)
    assert _single_chat(doc, with_entities=False).encode() == raw


def test_text_parts_reactions_and_polls_use_the_writers_indentation() -> None:
    m = {
        "id": 5,
        "type": "message",
        "poll": {
            "question": "q",
            "closed": False,
            "total_voters": 1,
            "answers": [{"text": "a", "voters": 1, "chosen": True}],
        },
        "text": ["x ", {"type": "text_link", "text": "l", "href": "https://e.org/"}],
        "reactions": [{"type": "emoji", "count": 4, "emoji": "🔥"}],
    }
    out = tdjson.message(2, m)
    lines = out.splitlines()
    # keys at 3 spaces; text parts at 4 with their keys at 5; reactions one level deeper than text (a quirk).
    assert '   "text": [' in lines
    assert '    "x ",' in lines
    assert '     "href": "https://e.org/"' in lines
    assert "     {" in lines and '      "emoji": "🔥"' in lines and "    ]" in lines
    assert '     "chosen": true' not in lines and '      "chosen": true' in lines
    assert json.loads(out)["text_entities"] == [
        {"type": "plain", "text": "x "},
        {"type": "text_link", "text": "l", "href": "https://e.org/"},
    ]


def test_strings_are_escaped_like_tdesktop() -> None:
    assert tdjson.string('a"b\\c\nd\te/f\u2028ž') == '"a\\"b\\\\c\\nd\\te/f\\u2028ž"'
    assert json.loads(tdjson.string('a"b\\c\nd\te/f\u2028ž')) == 'a"b\\c\nd\te/f\u2028ž'
