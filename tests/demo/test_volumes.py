"""The default corpus meets the volume requirements; checked on the plan, without writing media."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from tragac.demo.corpus import CHANNEL_KINDS, TZ, Corpus, build_corpus, truth_counts
from tragac.demo.people import jmbg_check_digit, jmbg_is_valid, make_jmbg
from tragac.demo.phrases import to_cyrillic


@pytest.fixture(scope="module")
def default_corpus() -> Corpus:
    return build_corpus()  # seed 7, 30 days, scale 1: the corpus `tragac demo` loads


def test_default_volumes(default_corpus: Corpus) -> None:
    counts = truth_counts(default_corpus)
    chats = counts["chats"]
    assert len(default_corpus.chats) >= 6
    assert sum(c["messages"] for c in chats) >= 25_000
    big = max(chats, key=lambda c: c["members"])
    assert big["members"] >= 50_000 and big["joins"] >= 50_000
    busiest = counts["busiest_day"]
    assert 9_000 <= busiest["messages"] <= 11_000
    others = [d["messages"] for d in counts["messages_per_day"] if d["date"] != busiest["date"]]
    assert max(others) < busiest["messages"] / 5
    days = {d["date"] for d in counts["messages_per_day"]}
    assert 30 <= len(days) <= 31  # 30 local days touch 31 UTC days (local midnight is 22:00/23:00 UTC)


def test_daily_rhythm_quiet_nights_busy_evenings(default_corpus: Corpus) -> None:
    hours: Counter[int] = Counter()
    for chat in default_corpus.chats:
        for e in chat.events:
            if e.kind == "message":
                hours[datetime.fromtimestamp(e.ts, TZ).hour] += 1
    night = sum(hours[h] for h in (2, 3, 4, 5))
    evening = sum(hours[h] for h in (19, 20, 21, 22))
    assert evening > 10 * night


def test_people_overlap_across_groups(default_corpus: Corpus) -> None:
    groups = [c for c in default_corpus.chats if c.spec.kind not in CHANNEL_KINDS]
    ids = [{p[1] for p in c.posters} for c in groups]
    shared = set.intersection(ids[0], ids[1]) | set.intersection(ids[0], ids[-1])
    assert shared


def test_jmbg_checksum() -> None:
    assert jmbg_is_valid("0101900350008")
    assert not jmbg_is_valid("0101900350007")
    assert not jmbg_is_valid("3102990710001")  # no 31 February
    import random

    rng = random.Random(1)
    for _ in range(200):
        value = make_jmbg(rng, datetime(1995, 5, 17).date(), 71, rng.random() < 0.5)
        assert jmbg_is_valid(value) and jmbg_check_digit(value[:12]) == int(value[12])


def test_cyrillic_transliteration() -> None:
    assert to_cyrillic("Ljubav i njega, džep, Đorđe") == "Љубав и њега, џеп, Ђорђе"
    assert to_cyrillic("link https://t.me/x i @nick") == "линк https://t.me/x и @nick"
