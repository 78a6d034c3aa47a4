"""compute_stats against brute-force counting, on SQLite and PostgreSQL, and the `tragac stats` command."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tragac.analytics.stats import compute_stats, parse_bound
from tragac.cli.main import app
from tragac.config import Settings
from tragac.errors import InputError
from tragac.store import Store, open_store
from tragac.store.models import Author, MembershipEvent, Message, Source

T0 = datetime(2026, 10, 20, tzinfo=UTC)


def _populate(store: Store, seed: int = 3) -> dict[str, Any]:
    """Random rows built directly through the models; returns what was inserted for brute-force checks."""
    rng = random.Random(seed)
    rows: dict[str, Any] = {"messages": [], "events": [], "sources": []}
    with store.session() as s:
        authors = [Author(platform="telegram", platform_id=f"user{i}", display_name=f"A{i}") for i in range(12)]
        s.add_all(authors)
        sources = [
            Source(platform="telegram", platform_id=str(1000 + i), kind=kind, title=f"Chat {i}")
            for i, kind in enumerate(("public_supergroup", "private_group", "public_channel", "private_supergroup"))
        ]
        s.add_all(sources)
        s.flush()
        rows["sources"] = [(src.id, src.title, src.kind) for src in sources]
        for src in sources[:3]:  # the fourth source stays empty
            for pid in range(rng.randrange(40, 120)):
                # times straddle UTC midnight so that day grouping is tested where it can go wrong
                when = T0 + timedelta(
                    days=rng.randrange(0, 6),
                    hours=rng.choice((0, 1, 12, 22, 23)),
                    minutes=rng.randrange(60),
                    seconds=rng.randrange(60),
                )
                kind = rng.choices(("message", "service", "unsupported"), weights=(8, 2, 0.3))[0]
                author = rng.choice([*authors, None]) if kind != "service" else rng.choice(authors)
                fwd = rng.choice([None, None, None, "Arhiva", "Vault", "Marko"]) if kind == "message" else None
                msg = Message(
                    source_id=src.id,
                    platform_message_id=pid,
                    kind=kind,
                    date=when,
                    author_id=author.id if author else None,
                    forwarded_from=fwd,
                    content_hash=f"h{pid}",
                )
                s.add(msg)
                rows["messages"].append((src.id, kind, when, msg.author_id, fwd))
                if kind == "service":
                    s.flush()
                    event = rng.choice(("join", "invite", "leave", "remove", "pin", "create"))
                    count = rng.randrange(0, 5) if event in {"join", "invite", "leave", "remove"} else 0
                    s.add(
                        MembershipEvent(source_id=src.id, message_id=msg.id, date=when, event=event, member_count=count)
                    )
                    rows["events"].append((src.id, event, when, count))
            # an "unsupported" message carries no date: it counts as a message but belongs to no day
            s.add(Message(source_id=src.id, platform_message_id=10_000, kind="unsupported", content_hash="u"))
            rows["messages"].append((src.id, "unsupported", None, None, None))
    return rows


def _brute(rows: dict[str, Any], since: date | None = None, until: date | None = None) -> dict[str, Any]:
    def inside(when: datetime | None) -> bool:
        if when is None:
            return since is None and until is None
        return (since is None or when.date() >= since) and (until is None or when.date() <= until)

    out = []
    for sid, title, kind in rows["sources"]:
        msgs = [m for m in rows["messages"] if m[0] == sid and inside(m[2])]
        regular = [m for m in msgs if m[1] != "service"]
        days: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"messages": 0, "authors": set(), "joins": 0, "leaves": 0}
        )
        for m in regular:
            if m[2] is None:
                continue
            d = days[m[2].date().isoformat()]
            d["messages"] += 1
            if m[3] is not None:
                d["authors"].add(m[3])
        for e in rows["events"]:
            if e[0] == sid and inside(e[2]) and e[1] in {"join", "invite", "leave", "remove"}:
                d = days[e[2].date().isoformat()]
                d["joins" if e[1] in {"join", "invite"} else "leaves"] += e[3]
        per_day = []
        if days:
            day, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
            while day <= last:
                d = days.get(day.isoformat(), {"messages": 0, "authors": set(), "joins": 0, "leaves": 0})
                per_day.append(
                    {
                        "date": day.isoformat(),
                        "messages": d["messages"],
                        "authors": len(d["authors"]),
                        "joins": d["joins"],
                        "leaves": d["leaves"],
                    }
                )
                day += timedelta(days=1)
        fwd = Counter(m[4] for m in regular if m[4] is not None)
        out.append(
            {
                "id": sid,
                "title": title,
                "type": kind,
                "messages": len(regular),
                "service_messages": len(msgs) - len(regular),
                "authors": len({m[3] for m in regular if m[3] is not None}),
                "first": min((m[2] for m in regular if m[2]), default=None),
                "last": max((m[2] for m in regular if m[2]), default=None),
                "per_day": per_day,
                "top_forwarded_from": [
                    {"name": n, "count": c} for n, c in sorted(fwd.items(), key=lambda x: (-x[1], x[0]))
                ],
            }
        )
    for src in out:
        for key in ("first", "last"):
            src[key] = src[key].isoformat().replace("+00:00", "Z") if src[key] else None
    return {"sources": out}


def test_matches_brute_force(store: Store) -> None:
    rows = _populate(store)
    assert compute_stats(store) == _brute(rows)


def test_period_and_source_filters(store: Store) -> None:
    rows = _populate(store, seed=5)
    since, until = date(2026, 10, 21), date(2026, 10, 23)
    expected = _brute(rows, since, until)
    assert compute_stats(store, since="2026-10-21", until="2026-10-23") == expected
    assert compute_stats(store, since=since, until=until) == expected
    one = rows["sources"][1][0]
    got = compute_stats(store, source_ids=[one], since=since, until=until)
    assert got == {"sources": [s for s in expected["sources"] if s["id"] == one]}


def test_empty_store_unknown_source_and_bad_dates(sqlite_store: Store) -> None:
    assert compute_stats(sqlite_store) == {"sources": []}
    with pytest.raises(InputError, match="no source with id 99"):
        compute_stats(sqlite_store, source_ids=[99])
    with pytest.raises(InputError, match="not a date"):
        compute_stats(sqlite_store, since="yesterday")
    with pytest.raises(InputError, match="after"):
        compute_stats(sqlite_store, since="2026-10-05", until="2026-10-01")


def test_parse_bound_is_inclusive_of_whole_days() -> None:
    assert parse_bound("2026-10-05", end=False) == datetime(2026, 10, 5, tzinfo=UTC)
    assert parse_bound("2026-10-05", end=True) == datetime(2026, 10, 6, tzinfo=UTC)
    assert parse_bound("2026-10-05T12:30:00Z", end=True) == datetime(2026, 10, 5, 12, 30, tzinfo=UTC)
    assert parse_bound(None, end=True) is None


def test_cli_json_table_and_errors(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = open_store(Settings(home=home))
    rows = _populate(store)
    store.close()
    runner = CliRunner()
    res = runner.invoke(app, ["stats", "--home", str(home), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == _brute(rows)
    res = runner.invoke(app, ["stats", "--home", str(home), "--json", "--source", "1001", "--since", "2026-10-22"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)["sources"]
    assert [s["title"] for s in got] == ["Chat 1"]
    assert all(r["date"] >= "2026-10-22" for r in got[0]["per_day"])
    res = runner.invoke(app, ["stats", "--home", str(home)])
    assert res.exit_code == 0 and "Chat 0" in res.stdout and "messages" in res.stdout
    res = runner.invoke(app, ["stats", "--home", str(home), "--source", "nope"])
    assert res.exit_code == 2 and "no such source" in res.output
    res = runner.invoke(app, ["stats", "--home", str(home), "--since", "31.10.2026"])
    assert res.exit_code == 2 and "not a date" in res.output
