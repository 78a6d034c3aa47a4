"""Web app load benchmark: the review-queue page and the flags API under concurrent clients on loopback.

    .venv/bin/python benchmarks/web.py [--messages 100000] [--flags 5000] [--clients 1,10,50] [--seconds 10]
                                       [--think-ms 1000] [--workers 1] [--no-pg]
                                       [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Fills a fresh store (SQLite in a temporary folder; PostgreSQL in a throw-away schema) with generated rows sized like
the demo corpus scaled up (3 chats, 30 days, N messages, flags of every category, media with sightings), starts
`tragac.web.server.serve` in its own process on 127.0.0.1 (no background worker), signs an analyst in, and for each
client count runs closed-loop clients (each sends its next request as soon as the previous answer arrives) for a
fixed time, then the largest count again as paced clients (a random pause of 0.5–1.5 × --think-ms between a
client's requests: people reviewing, not a flood), against GET /review (the HTML queue, cookie session) and
GET /api/v1/flags?limit=50 (bearer token).
Prints one JSON object: requests/s, p50/p90/p99 latency in ms, errors. The load generator shares the machine's cores
with the server, so figures are a floor for a dedicated server.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store.models import SEVERITY, Flag, Media, Message, Sighting, Source
from tragac.web.accounts import create_token, create_user

PASSWORD = "benchmark password 1"
CATEGORIES = ["ncii_solicitation", "doxxing", "harassment", "identity", "ncii_match", "csam_signal"]
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def fill(store: Store, messages: int, flags: int) -> dict[str, float]:
    """Bulk-insert generated rows (fictional text, made-up hashes)."""
    t0 = time.perf_counter()
    with store.session() as s:
        srcs = [
            Source(platform="telegram", platform_id=str(9000 + i), kind="private_supergroup", title=f"Chat {i}")
            for i in range(3)
        ]
        s.add_all(srcs)
        s.flush()
        src_ids = [x.id for x in srcs]
    words = ["ima", "li", "ko", "nove", "slike", "razmena", "adresa", "grupa", "pozdrav", "danas", "sutra", "broj"]
    batch = 5000
    with store.engine.begin() as c:
        for start in range(0, messages, batch):
            rows = []
            for i in range(start, min(start + batch, messages)):
                text = " ".join(words[(i * k) % len(words)] for k in range(1, 9))
                rows.append(
                    {
                        "source_id": src_ids[i % 3],
                        "platform_message_id": i,
                        "kind": "message",
                        "date": T0 + timedelta(seconds=i * 30 * 86400 // max(messages, 1)),
                        "author_name": f"user{i % 500}",
                        "text": text,
                        "entities": [],
                        "content_hash": hashlib.sha256(str(i).encode()).hexdigest(),
                        "ingested_at": T0,
                        "updated_at": T0,
                    }
                )
            c.execute(sa.insert(Message), rows)
        n_media = max(flags // 5, 1)
        c.execute(
            sa.insert(Media),
            [
                {
                    "sha256": hashlib.sha256(f"m{i}".encode()).hexdigest(),
                    "kind": "image",
                    "in_vault": False,
                    "pdq": hashlib.sha256(f"p{i}".encode()).hexdigest(),
                    "created_at": T0,
                }
                for i in range(n_media)
            ],
        )
        msg_ids = [r[0] for r in c.execute(sa.select(Message.id).order_by(Message.id))]
        media_ids = [r[0] for r in c.execute(sa.select(Media.id).order_by(Media.id))]
        c.execute(
            sa.insert(Sighting),
            [
                {
                    "media_id": media_ids[i],
                    "message_id": msg_ids[(i * 7919) % len(msg_ids)],
                    "source_id": src_ids[i % 3],
                    "seen_at": T0,
                }
                for i in range(n_media)
            ],
        )
        frows = []
        for i in range(flags):
            cat = CATEGORIES[i % len(CATEGORIES)] if i % 50 else "csam_signal"
            mid = msg_ids[(i * 104729) % len(msg_ids)]
            frows.append(
                {
                    "fingerprint": hashlib.sha256(f"f{i}".encode()).hexdigest(),
                    "detector": "bench",
                    "category": cat,
                    "subtype": None,
                    "severity": SEVERITY.get(cat, 9),
                    "score": (i * 37 % 100) / 100,
                    "rule": f"rule.{i % 40}",
                    "why": f"rule.{i % 40} matched a phrase",
                    "spans": [[0, 3]],
                    "evidence": None,
                    "message_id": mid,
                    "media_id": media_ids[i % len(media_ids)] if cat == "ncii_match" else None,
                    "source_id": src_ids[i % 3],
                    "possible_minor": cat == "csam_signal",
                    "state": "new",
                    "created_at": T0 + timedelta(minutes=i),
                }
            )
        for start in range(0, len(frows), batch):
            c.execute(sa.insert(Flag), frows[start : start + batch])
    return {"messages": messages, "flags": flags, "media": n_media, "fill_seconds": round(time.perf_counter() - t0, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(settings: Settings, port: int, workers: int) -> subprocess.Popen[bytes]:
    code = (
        "from tragac.config import Settings; from tragac.web.server import serve; import json, sys;"
        "s = Settings(**json.loads(sys.argv[1]));"
        f"serve(s, '127.0.0.1', {port}, worker_interval=None, workers={workers}, log_level='warning')"
    )
    env = {**os.environ}
    args = json.dumps({"home": str(settings.home), "database_url": settings.database_url})
    proc = subprocess.Popen([sys.executable, "-c", code, args], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def sign_in(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base) as c:
        token = re.search(r'name="login_token" value="([^"]+)"', c.get("/login").text)
        assert token
        r = c.post("/login", data={"username": "bench", "password": PASSWORD, "login_token": token.group(1)})
        assert r.status_code in (200, 303), r.status_code
        return {"tragac_session": c.cookies["tragac_session"]}


async def load(base: str, path: str, clients: int, seconds: float, think: float = 0.0, **kw: Any) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, **kw) as c:

        async def client(k: int) -> None:
            nonlocal errors
            rng = random.Random(k)
            if think:
                await asyncio.sleep(rng.uniform(0, think))  # stagger the start, as people do not click in step
            while time.perf_counter() < stop:
                t = time.perf_counter()
                try:
                    r = await c.get(path)
                    ok = r.status_code == 200
                except httpx.TransportError:
                    # e.g. a keep-alive connection the server closed just as it was reused: counted, not fatal
                    ok = False
                latencies.append(time.perf_counter() - t)
                if not ok:
                    errors += 1
                if think:
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))

        t0 = time.perf_counter()
        await asyncio.gather(*(client(k) for k in range(clients)))
        elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1) if latencies else 0.0

    return {
        "clients": clients,
        "think_ms": round(think * 1000),
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
    }


def bench_backend(name: str, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    store = open_store(settings)
    data = fill(store, args.messages, args.flags)
    if store.dialect == "postgresql":
        # Autovacuum analyses a bulk-loaded table within a minute or so; without statistics the planner sorts every
        # open flag instead of walking ix_flag_review_order. Do it now rather than measure that first minute.
        with store.engine.begin() as c:
            c.execute(sa.text("ANALYZE"))
    create_user(store, "bench", "analyst", PASSWORD)
    token = create_token(store, "bench")
    store.close()
    port = free_port()
    proc = start_server(settings, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        cookies = sign_in(base)
        runs = []
        plan = [(c, 0.0) for c in args.clients]
        if args.think_ms:
            plan.append((max(args.clients), args.think_ms / 1000))
        for clients, think in plan:
            endpoints: tuple[tuple[str, str, dict[str, Any]], ...] = (
                ("review_page", "/review", {"cookies": cookies}),
                ("flags_api", "/api/v1/flags?limit=50", {"headers": {"Authorization": f"Bearer {token}"}}),
            )
            for label, path, kw in endpoints:
                asyncio.run(load(base, path, min(clients, 5), 1.0, **kw))  # warm-up
                r = asyncio.run(load(base, path, clients, args.seconds, think, **kw))
                # The 1-minute load average after the run: the machine is shared, so say how busy it was.
                r["load_avg_1m"] = round(os.getloadavg()[0], 2)
                runs.append({"endpoint": label, **r})
                print(f"{name} {label} {r}", file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(30)
    return {"data": data, "runs": runs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--flags", type=int, default=5_000)
    ap.add_argument("--clients", default="1,10,50")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument(
        "--pg-url",
        default=os.environ.get("TRAGAC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument(
        "--think-ms",
        type=float,
        default=1000,
        help="also run the largest client count with this mean pause between a client's requests (0: skip)",
    )
    ap.add_argument("--workers", type=int, default=1, help="server processes (tragac serve --workers)")
    args = ap.parse_args()
    args.clients = [int(x) for x in args.clients.split(",")]
    result: dict[str, Any] = {
        "benchmark": "web",
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
        },
        "params": {
            "messages": args.messages,
            "flags": args.flags,
            "clients": args.clients,
            "seconds": args.seconds,
            "server_workers": args.workers,
            "think_ms": args.think_ms,
        },
        "backends": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        result["backends"]["sqlite"] = bench_backend("sqlite", Settings(home=Path(tmp) / "sqlite"), args)
        if not args.no_pg:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = sa.create_engine(args.pg_url)
            with admin.begin() as c:
                c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            sep = "&" if "?" in args.pg_url else "?"
            url = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
            try:
                result["backends"]["postgresql"] = bench_backend(
                    "postgresql", Settings(home=Path(tmp) / "pg", database_url=url), args
                )
            finally:
                with admin.begin() as c:
                    c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
