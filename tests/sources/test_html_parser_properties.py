"""Property: any chat rendered the way Telegram Desktop writes its HTML export (html_gen, after
``export_output_html.cpp``) parses back to the same messages: ids, senders (``joined`` continuations inherit theirs),
texts with markup-significant characters and line breaks, dates with their offset, replies, forwards and service
messages. Also: the same page pretty-printed differently parses the same."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from html_gen import _HEAD, _TAIL, _e, _render
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tragac.sources.telegram_html.convert import Converter
from tragac.sources.telegram_html.parser import PageInfo, parse_page

_CHARS = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S"), include_characters="&<>\"'#;/=ћčž😀", exclude_characters="\r"
)
_WORD = st.text(_CHARS, min_size=1, max_size=8)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_TEXT = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_NAME = (
    st.lists(_WORD, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda n: n != "Deleted Account" and " via @" not in n and not re.search(r"\d\d\.\d\d\.\d{4}", n))
)


@st.composite
def chats(draw: Any) -> tuple[list[dict[str, Any]], int]:
    names = draw(st.lists(_NAME, min_size=1, max_size=4, unique=True))
    offset = draw(st.sampled_from([-8, -3, 0, 1, 2, 5]))
    n = draw(st.integers(1, 25))
    ts = 1_700_000_000
    mid = 0
    out: list[dict[str, Any]] = []
    for _ in range(n):
        mid += draw(st.integers(1, 3))
        ts += draw(st.sampled_from([5, 60, 600, 1000, 90_000]))  # inside and beyond the 900 s "joined" window
        who = draw(st.integers(0, len(names) - 1))
        if draw(st.integers(0, 9)) == 0:
            out.append({"id": mid, "type": "service", "date_unixtime": str(ts), "action": "other", "text": draw(_LINE)})
            continue
        m: dict[str, Any] = {
            "id": mid,
            "type": "message",
            "date_unixtime": str(ts),
            "from": names[who],
            "from_id": f"user{who}",
            "text": draw(_TEXT),
        }
        if out and draw(st.booleans()):
            m["reply_to_message_id"] = draw(st.sampled_from([x["id"] for x in out]))
        if draw(st.integers(0, 5)) == 0:
            m["forwarded_from"] = draw(_NAME)
        out.append(m)
    return out, offset


def _page(messages: list[dict[str, Any]], tz: timezone, folder: Path) -> str:
    parts = [_HEAD.format(title=_e("Grupa"))]
    prev = None
    for m in messages:
        parts.append(_render(m, prev, tz, folder))
        prev = m
    parts.append(_TAIL)
    return "".join(parts)


def _expected_text(m: dict[str, Any]) -> str:
    return str(m["text"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chats())
def test_generated_pages_round_trip_their_messages(tmp_path: Path, chat: tuple[list[dict[str, Any]], int]) -> None:
    messages, offset = chat
    tz = timezone(timedelta(hours=offset))
    page = _page(messages, tz, tmp_path)
    info = PageInfo()
    parsed = list(parse_page(page, info))
    assert info.title == "Grupa"
    assert [p.id for p in parsed] == [m["id"] for m in messages]
    conv = Converter("html:test", tmp_path, UTC)
    records = [conv.convert(p, tmp_path) for p in parsed]
    for m, p, r in zip(messages, parsed, records, strict=True):
        assert p.service == (m["type"] == "service")
        if m["type"] == "service":
            assert r.kind == "service" and " ".join(p.text.split()) == " ".join(m["text"].split())
            continue
        assert r.author_name == m["from"]  # joined continuations included
        assert r.text == _expected_text(m)
        assert r.date == datetime.fromtimestamp(int(m["date_unixtime"]), UTC)
        assert r.reply_to_message_id == m.get("reply_to_message_id")
        assert r.forwarded_from == m.get("forwarded_from")
    assert conv.dates_from_local_time == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chats(), st.sampled_from(["", " ", "\t", "\n\n  "]))
def test_indentation_does_not_change_what_a_page_says(
    tmp_path: Path, chat: tuple[list[dict[str, Any]], int], indent: str
) -> None:
    messages, offset = chat
    page = _page(messages, timezone(timedelta(hours=offset)), tmp_path)
    # Re-indent the lines between tags (what another pretty-printer would do); text lines keep their content.
    other = re.sub(r">\n\s*<", lambda _: ">\n" + indent + "<", page)
    assert list(parse_page(other)) == list(parse_page(page))
