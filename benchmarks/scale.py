"""Scale-out benchmark: PostgreSQL workers, Ray hashing actors, and the prefix-sharded index at 10M entries.

    .venv/bin/python benchmarks/scale.py --part workers --pictures 240
    .venv/bin/python benchmarks/scale.py --part ray --pictures 240
    .venv/bin/python benchmarks/scale.py --part index --entries 10000000 --shards 4

``workers``: a generated export (benign 640x480 pictures) ingested into a fresh PostgreSQL schema, then hashed by
1 and by 2 ``tragac worker`` processes (``--processes 0``: each worker hashes in its own process); wall time from
start to the last worker's exit, ratio 2-vs-1. ``ray``: the same pictures through ``tragac.distributed.ray_hash`` on
a local Ray with 1 and 2 actors (Ray start-up excluded, actor start-up included). ``index``: uniform random hashes
in a :class:`ShardedIndex` of MIH shards; build time, bytes per entry, RSS, and the query rate at threshold 31 for a
batch of queries (half planted neighbours). Prints one JSON object per part. Numbers from a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the test suite's export generator


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def write_corpus(folder: Path, n: int) -> Path:
    from sources.export_gen import ChatSpec, write_export
    from tragac.demo.media import jpeg_bytes, picture

    photos = {f"chats/chat_001/photos/p_{i:04d}.jpg": jpeg_bytes(picture(f"bench-{i}", (640, 480))) for i in range(n)}
    return write_export(folder / "result.json", [ChatSpec(4001, "Bench", messages=n * 24)], photos=photos)


def part_workers(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    import sqlalchemy as sa

    from tragac.config import Settings
    from tragac.sources.telegram_json import ingest_path
    from tragac.store import open_store
    from tragac.store.models import Media, WorkBatch

    export = write_corpus(tmp / "export", args.pictures)
    admin = sa.create_engine(args.postgres)
    out: dict[str, Any] = {"pictures": args.pictures, "runs": {}}
    for n in (1, 2):
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.begin() as c:
            c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.postgres}{'&' if '?' in args.postgres else '?'}options=-csearch_path%3D{schema}"
        try:
            home = tmp / f"home{n}"
            store = open_store(Settings(home=home, database_url=url))
            ingest_path(store, export)
            with store.session() as s:
                media = s.scalar(sa.select(sa.func.count(Media.id))) or 0
            env = {**os.environ, "TRAGAC_DATABASE_URL": url, "TRAGAC_HOME": str(home)}
            cmd = [sys.executable, "-m", "tragac", "worker", "--processes", "0", "--batch-size", "20"]
            cmd += ["--poll", "0.2", "--exit-when-idle", "--json"]
            t0 = time.perf_counter()
            procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE) for _ in range(n)]
            summaries = [json.loads(p.communicate()[0]) for p in procs]
            wall = time.perf_counter() - t0
            with store.session() as s:
                left = s.scalar(sa.select(sa.func.count(Media.id)).where(Media.hashed_at.is_(None)))
                # Hashing alone: first batch queued to last batch committed (start-up and later stages excluded).
                span = sa.select(sa.func.min(WorkBatch.created_at), sa.func.max(WorkBatch.done_at))
                first, last = s.execute(span).one()
            store.close()
            hash_s = (last - first).total_seconds()
            out["runs"][str(n)] = {
                "workers": n,
                "media": media,
                "unhashed_after": left,
                "wall_s": round(wall, 2),
                "hash_s": round(hash_s, 2),
                "media_per_s_hashing": round(media / hash_s, 1),
                "batches_per_worker": [sm["batches"] for sm in summaries],
            }
        finally:
            with admin.begin() as c:
                c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    out["speedup_2_vs_1_hashing"] = round(out["runs"]["1"]["hash_s"] / out["runs"]["2"]["hash_s"], 2)
    out["speedup_2_vs_1_wall"] = round(out["runs"]["1"]["wall_s"] / out["runs"]["2"]["wall_s"], 2)
    return out


def part_ray(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    import ray

    from tragac.distributed.ray_hash import hash_with_ray
    from tragac.media.hasher import HashOptions

    export = write_corpus(tmp / "export", args.pictures)
    folder = str(export.parent / "chats")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    out: dict[str, Any] = {"pictures": args.pictures, "runs": {}}
    try:
        options = HashOptions(video_threads=1)
        hash_with_ray([folder], options, actors=1, batch_size=8)  # warm-up: imports and the object store
        for n in (1, 2):
            t0 = time.perf_counter()
            results = hash_with_ray([folder], options, actors=n, batch_size=8)
            wall = time.perf_counter() - t0
            out["runs"][str(n)] = {
                "actors": n,
                "files": len(results),
                "wall_s": round(wall, 2),
                "files_per_s": round(len(results) / wall, 1),
            }
    finally:
        ray.shutdown()
    out["speedup_2_vs_1"] = round(out["runs"]["1"]["wall_s"] / out["runs"]["2"]["wall_s"], 2)
    return out


def part_index(args: argparse.Namespace) -> dict[str, Any]:
    from tragac.distributed.sharded_index import ShardedIndex
    from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD
    from tragac.matching.index import release_memory

    proc = psutil.Process()
    rng = np.random.default_rng(20261203)
    rss0 = proc.memory_info().rss
    index = ShardedIndex(shards=args.shards, kind=args.kind)
    t0 = time.perf_counter()
    chunk = 1_000_000
    planted = []
    for start in range(0, args.entries, chunk):  # generated and added in chunks: the bank is never held twice
        n = min(chunk, args.entries - start)
        hashes = rng.integers(0, 256, (n, 32), dtype=np.uint8)
        planted.append(hashes[: max(1, args.queries // 2 * n // args.entries)].copy())
        index.add(np.arange(start, start + n, dtype=np.int64), hashes)
        del hashes
    for shard in index.shards:  # MIH keeps recent additions in a buffer; merge them as a loaded index would be
        merge = getattr(shard, "merge", None)
        if merge is not None:
            merge()
    build = time.perf_counter() - t0
    release_memory()
    rss = proc.memory_info().rss - rss0
    near = np.concatenate(planted)[: args.queries // 2]
    bits = np.unpackbits(near, axis=1)
    for row in range(len(bits)):
        bits[row, rng.choice(256, size=int(rng.integers(0, PDQ_MATCH_THRESHOLD + 1)), replace=False)] ^= 1
    queries = np.concatenate(
        [np.packbits(bits, axis=1), rng.integers(0, 256, (args.queries - len(near), 32), dtype=np.uint8)]
    )
    index.query(queries[:64], PDQ_MATCH_THRESHOLD)  # warm-up
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        hits = index.query(queries, PDQ_MATCH_THRESHOLD)
        times.append(time.perf_counter() - t0)
    best = min(times)
    return {
        "entries": len(index),
        "shards": args.shards,
        "shard_kind": args.kind,
        "shard_sizes": index.shard_sizes(),
        "build_s": round(build, 1),
        "index_bytes_per_entry": round(index.nbytes() / len(index), 1),
        "rss_bytes_per_entry": round(rss / len(index), 1),
        "queries": len(queries),
        "planted_found": len(np.unique(hits.query[hits.query < len(near)])),
        "query_s_best_of_3": round(best, 3),
        "query_s_all": [round(t, 3) for t in times],
        "queries_per_s": round(len(queries) / best, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["workers", "ray", "index"], required=True)
    parser.add_argument("--pictures", type=int, default=240)
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--kind", default="mih")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TRAGAC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tragac-scale-"))
    try:
        if args.part == "workers":
            result = part_workers(args, tmp)
        elif args.part == "ray":
            result = part_ray(args, tmp)
        else:
            result = part_index(args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps({"part": args.part, "machine": machine(), **result}, indent=2))


if __name__ == "__main__":
    main()
