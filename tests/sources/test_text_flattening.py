"""Property tests for turning an export's ``text`` (string or entity list) into plain text + entities."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tragac.sources.telegram_json import flatten_text

ENTITY_TYPES = [
    "bold",
    "italic",
    "link",
    "text_link",
    "mention",
    "hashtag",
    "code",
    "pre",
    "plain",
    "spoiler",
    "custom_emoji",
    "blockquote",
    "mention_name",
]

plain_parts = st.text(max_size=20)
entity_parts = st.builds(
    lambda t, text, href: {"type": t, "text": text, **({"href": href} if t == "text_link" else {})},
    st.sampled_from(ENTITY_TYPES),
    st.text(max_size=20),
    st.text(min_size=1, max_size=10),
)
text_lists = st.lists(st.one_of(plain_parts, entity_parts), max_size=12)


@given(text_lists)
def test_entities_point_at_their_text(parts: list) -> None:  # type: ignore[type-arg]
    text, entities = flatten_text(parts)
    assert text == "".join(p if isinstance(p, str) else p["text"] for p in parts)
    expected = [p for p in parts if isinstance(p, dict) and p["type"] != "plain"]
    assert len(entities) == len(expected)
    for ent, part in zip(entities, expected, strict=True):
        assert ent["type"] == part["type"]
        assert text[ent["offset"] : ent["offset"] + ent["length"]] == part["text"]
        if part["type"] == "text_link":
            assert ent["href"] == part["href"]
    offsets = [e["offset"] for e in entities]
    assert offsets == sorted(offsets)


@given(st.text())
def test_a_plain_string_is_its_own_text(s: str) -> None:
    assert flatten_text(s) == (s, [])


@given(text_lists)
def test_flattening_is_deterministic(parts: list) -> None:  # type: ignore[type-arg]
    assert flatten_text(parts) == flatten_text(list(parts))
