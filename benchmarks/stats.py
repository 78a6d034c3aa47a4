"""Statistics and demo-corpus benchmark: `compute_stats` over a large store, and the default demo generation.

    .venv/bin/python benchmarks/stats.py [--messages 1000000] [--pg-url postgresql+psycopg://…/test] [--no-demo]

Fills a fresh store (SQLite in a temporary folder, and PostgreSQL in a throw-away schema when --pg-url is given) with
N messages over 10 sources and 90 days plus N/10 membership events, then times `compute_stats` over everything and
over one source and one month. Unless --no-demo, also times `generate_corpus` at the default scale. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tragac.analytics.stats import compute_stats
from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store.models import Author, MembershipEvent, Message, Source

T0 = datetime(2026, 9, 1, tzinfo=UTC)
DAYS = 90


def fill(store: Store, n: int) -> float:
    rng = random.Random(1)
    start = time.perf_counter()
    with store.session() as s:
        s.add_all(
            Source(platform="telegram", platform_id=str(i), kind="public_supergroup", title=f"S{i}") for i in range(10)
        )
        s.add_all(Author(platform="telegram", platform_id=f"user{i}") for i in range(5000))
    with store.engine.begin() as c:
        sources = [r[0] for r in c.execute(sa.select(Source.id))]
        authors = [r[0] for r in c.execute(sa.select(Author.id))]
        batch: list[dict[str, Any]] = []
        for i in range(n):
            batch.append(
                {
                    "source_id": sources[i % 10],
                    "platform_message_id": i,
                    "kind": "service" if i % 7 == 0 else "message",
                    "date": T0 + timedelta(seconds=rng.randrange(DAYS * 86400)),
                    "author_id": rng.choice(authors),
                    "text": "",
                    "entities": [],
                    "forwarded_from": rng.choice((None,) * 8 + ("A", "B")),
                    "content_hash": "x",
                    "ingested_at": T0,
                    "updated_at": T0,
                }
            )
            if len(batch) == 20_000:
                c.execute(sa.insert(Message), batch)
                batch = []
        if batch:
            c.execute(sa.insert(Message), batch)
        events = [
            {
                "source_id": sources[i % 10],
                "date": T0 + timedelta(seconds=rng.randrange(DAYS * 86400)),
                "event": rng.choice(("join", "invite", "leave", "remove", "pin")),
                "member_count": rng.randrange(1, 5),
                "members": [],
            }
            for i in range(n // 10)
        ]
        c.execute(sa.insert(MembershipEvent), events)
        if store.dialect == "postgresql":
            c.execute(sa.text("ANALYZE"))
    return time.perf_counter() - start


def measure(store: Store, n: int) -> dict[str, Any]:
    fill_s = fill(store, n)
    t = time.perf_counter()
    everything = compute_stats(store)
    all_s = time.perf_counter() - t
    first = everything["sources"][0]["id"]
    t = time.perf_counter()
    compute_stats(store, source_ids=[first], since="2026-10-01", until="2026-10-31")
    one_s = time.perf_counter() - t
    return {
        "messages": n,
        "membership_events": n // 10,
        "sources": 10,
        "days": DAYS,
        "fill_seconds": round(fill_s, 1),
        "stats_all_sources_seconds": round(all_s, 2),
        "stats_one_source_one_month_seconds": round(one_s, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--pg-url", default=None, help="PostgreSQL URL; a schema is created and dropped")
    ap.add_argument("--no-demo", action="store_true", help="skip timing the demo corpus generation")
    args = ap.parse_args()
    out: dict[str, Any] = {"machine": {"python": platform.python_version(), "platform": platform.platform()}}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Settings(home=Path(tmp) / "home"))
        out["sqlite"] = measure(store, args.messages)
        store.close()
        if not args.no_demo:
            from tragac.demo.generate import generate_corpus

            t = time.perf_counter()
            export = generate_corpus(Path(tmp) / "demo")
            secs = time.perf_counter() - t
            truth = json.loads((export / "truth.json").read_bytes())
            size = sum(p.stat().st_size for p in export.rglob("*") if p.is_file())
            out["demo_generation"] = {
                "seconds": round(secs, 1),
                "bytes": size,
                "totals": truth["totals"],
                "busiest_day": truth["busiest_day"],
            }
    if args.pg_url:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.pg_url)
        with admin.begin() as c:
            c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.pg_url else "?"
        try:
            store = open_store(Settings(database_url=f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"))
            out["postgresql"] = measure(store, args.messages)
            store.close()
        finally:
            with admin.begin() as c:
                c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
