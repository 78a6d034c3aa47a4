"""PDQ index benchmark: Tragač's exact indexes side by side with python-threatexchange's PDQIndex, same data.

    .venv/bin/python benchmarks/matching.py --entries 1000000 [--entries 10000000] [--queries 2000] [--kinds compact]

Bank: uniform random 256-bit hashes. Queries: half are bank entries with 0-31 bits flipped (planted neighbours),
half random. Batch timings are the median of five runs, wall and CPU time (the machine may be shared). Each
implementation runs in a fresh process so its memory can be measured: RSS after building, minus RSS before the bank
was generated, with the caller's copy of the bank released and freed heap pages returned (``malloc_trim``) in every
process alike; the size of the index's own arrays is reported too. Recall is measured twice: on the planted
(query, entry) pairs, and against numpy brute force on a sample of queries. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import psutil

from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD as THRESHOLD

REPEATS = 5
T = TypeVar("T")
SEED = 20260301


def make_data(n: int, n_queries: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(bank, queries, planted entry per query or -1, planted distance)."""
    rng = np.random.default_rng(SEED)
    bank = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    half = n_queries // 2
    planted = rng.integers(0, n, half)
    distance = rng.integers(0, THRESHOLD + 1, half)
    bits = np.unpackbits(bank[planted], axis=1)
    for row, d in enumerate(distance):
        bits[row, rng.choice(256, size=int(d), replace=False)] ^= 1
    queries = np.concatenate([np.packbits(bits, axis=1), rng.integers(0, 256, (n_queries - half, 32), dtype=np.uint8)])
    targets = np.concatenate([planted, np.full(n_queries - half, -1)])
    distances = np.concatenate([distance, np.full(n_queries - half, -1)])
    return bank, queries, targets, distances


def brute_force(bank: np.ndarray, queries: np.ndarray) -> set[tuple[int, int]]:
    words = bank.view(np.uint64)
    found: set[tuple[int, int]] = set()
    for qi, q in enumerate(queries):
        d = np.bitwise_count(words ^ q.view(np.uint64)).sum(axis=1)
        found.update((qi, int(i)) for i in np.flatnonzero(d <= THRESHOLD))
    return found


def rss() -> int:
    """Resident memory after returning freed heap pages (glibc keeps them otherwise), for every implementation."""
    from tragac.matching.index import release_memory

    gc.collect()
    release_memory()
    return int(psutil.Process().memory_info().rss)


def timed_batch(run: Callable[[], T]) -> tuple[T, float, float]:
    """(result, wall s, CPU s): the median of REPEATS runs, so one burst of load from other jobs does not decide."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return result, float(np.median(walls)), float(np.median(cpus))


def recall(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> float:
    return round(len(found & truth) / len(truth), 6) if truth else 1.0


def measure_ours(kind: str, n: int, n_queries: int, sample: int) -> dict[str, Any]:
    from tragac.matching.index import make_index

    base = rss()
    bank, queries, targets, _ = make_data(n, n_queries)
    truth_sample = brute_force(bank, queries[:sample])
    t0 = time.perf_counter()
    index = make_index(kind)
    index.add(np.arange(n, dtype=np.int64), bank)
    if hasattr(index, "merge"):
        index.merge()
    build = time.perf_counter() - t0
    del bank
    memory = rss() - base
    structure = index.nbytes()
    index.query(queries[:1], THRESHOLD)  # load the compiled kernel from numba's cache before timing
    hits, batch, batch_cpu = timed_batch(partial(index.query, queries, THRESHOLD))
    found = set(zip(hits.query.tolist(), hits.ids.tolist(), strict=True))
    planted = {(qi, int(t)) for qi, t in enumerate(targets) if t >= 0}
    single_n = min(300, n_queries)
    t0, c0 = time.perf_counter(), time.process_time()
    for q in queries[:single_n]:
        index.query(q[None, :], THRESHOLD)
    single, single_cpu = time.perf_counter() - t0, time.process_time() - c0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pdq.npz"
        t0 = time.perf_counter()
        index.save(path)
        save = time.perf_counter() - t0
        size = path.stat().st_size
        del index
        gc.collect()
        t0 = time.perf_counter()
        loaded = type(make_index(kind)).load(path)
        load = time.perf_counter() - t0
        reloaded = loaded.query(queries[:sample], THRESHOLD)
    same_after_load = set(zip(reloaded.query.tolist(), reloaded.ids.tolist(), strict=True)) == {
        p for p in found if p[0] < sample
    }
    return {
        "implementation": f"tragac {kind}",
        "entries": n,
        "build_s": round(build, 3),
        "memory_bytes_per_entry": round(memory / n, 1),
        "memory_mib": round(memory / 2**20, 1),
        "index_arrays_bytes_per_entry": round(structure / n, 1),
        "queries": n_queries,
        "batch_query_s": round(batch, 3),
        "queries_per_s_batch": round(n_queries / batch, 1),
        "queries_per_cpu_s_batch": round(n_queries / batch_cpu, 1),
        "queries_per_s_one_per_call": round(single_n / single, 1),
        "queries_per_cpu_s_one_per_call": round(single_n / single_cpu, 1),
        "recall_planted": recall(found, planted),
        "recall_vs_brute_force_sample": recall({p for p in found if p[0] < sample}, truth_sample),
        "false_positives_vs_brute_force_sample": len({p for p in found if p[0] < sample} - truth_sample),
        "brute_force_sample_queries": sample,
        "save_s": round(save, 3),
        "file_mib": round(size / 2**20, 1),
        "load_s": round(load, 3),
        "same_answers_after_load": same_after_load,
    }


def measure_pytx(n: int, n_queries: int, sample: int) -> dict[str, Any]:
    from threatexchange.signal_type.pdq.pdq_index import PDQIndex

    base = rss()
    bank, queries, targets, _ = make_data(n, n_queries)
    truth_sample = brute_force(bank, queries[:sample])
    entries = [(row.tobytes().hex(), i) for i, row in enumerate(bank)]
    del bank
    t0 = time.perf_counter()
    index = PDQIndex(entries)
    build = time.perf_counter() - t0
    del entries
    memory = rss() - base
    hex_queries = [q.tobytes().hex() for q in queries]
    found: set[tuple[int, int]] = set()
    t0 = time.perf_counter()
    for qi, h in enumerate(hex_queries):
        found.update((qi, m.metadata) for m in index.query(h))
    single = time.perf_counter() - t0
    # Per call, faiss's OpenMP start-up dominates on a busy machine; also measure it on one thread.
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    single_n = min(300, n_queries)
    t0 = time.perf_counter()
    for h in hex_queries[:single_n]:
        index.query(h)
    single_one_thread = time.perf_counter() - t0
    faiss.omp_set_num_threads(threads)
    # Its inner faiss index also takes a batch; that is the fairest comparison with our batch figure.
    _, batch, batch_cpu = timed_batch(partial(index.index.search_with_distance_in_result, hex_queries, THRESHOLD))
    planted = {(qi, int(t)) for qi, t in enumerate(targets) if t >= 0}
    out: dict[str, Any] = {
        "implementation": "python-threatexchange PDQIndex (IndexBinaryMultiHash 16x16, nflip 1)",
        "entries": n,
        "build_s": round(build, 3),
        "memory_bytes_per_entry": round(memory / n, 1),
        "memory_mib": round(memory / 2**20, 1),
        "queries": n_queries,
        "queries_per_s_one_per_call": round(n_queries / single, 1),
        "queries_per_s_one_per_call_one_thread": round(single_n / single_one_thread, 1),
        "queries_per_s_batch": round(n_queries / batch, 1),
        "queries_per_cpu_s_batch": round(n_queries / batch_cpu, 1),
        "recall_planted": recall(found, planted),
        "recall_vs_brute_force_sample": recall({p for p in found if p[0] < sample}, truth_sample),
        "false_positives_vs_brute_force_sample": len({p for p in found if p[0] < sample} - truth_sample),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pdq.pickle"
        with open(path, "wb") as fh:
            index.serialize(fh)
        out["file_mib"] = round(path.stat().st_size / 2**20, 1)
        del index
        gc.collect()
        t0 = time.perf_counter()
        with open(path, "rb") as fh:
            PDQIndex.deserialize(fh)
        out["load_s"] = round(time.perf_counter() - t0, 3)
    return out


def child(impl: str, n: int, n_queries: int, sample: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", impl, "--entries", str(n), "--queries", str(n_queries)]
    cmd += ["--sample", str(sample)]
    t0, load_before = time.perf_counter(), os.getloadavg()[0]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"implementation": impl, "entries": n, "error": proc.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(proc.stdout)
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    result["load_average_1m_before_after"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, action="append", help="bank size (repeatable; default 1000000)")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=100, help="queries checked against numpy brute force")
    parser.add_argument("--kinds", default="mih,compact,flat", help="our index kinds to run")
    parser.add_argument("--peer-max", type=int, default=1_000_000, help="largest bank to give PDQIndex")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.entries or [1_000_000]
    if args.child:
        n = sizes[0]
        sample = min(args.sample, args.queries)
        if args.child == "pytx":
            result = measure_pytx(n, args.queries, sample)
        else:
            result = measure_ours(args.child, n, args.queries, sample)
        print(json.dumps(result))
        return
    runs = []
    for n in sizes:
        sample = args.sample if n <= 1_000_000 else max(10, args.sample // 5)
        for kind in args.kinds.split(","):
            runs.append(child(kind, n, args.queries, sample))
        if n <= args.peer_max:
            runs.append(child("pytx", n, args.queries, sample))
    by_size: dict[int, dict[str, Any]] = {}
    for r in runs:
        by_size.setdefault(r["entries"], {})[r["implementation"]] = r
    comparisons = {}
    for n, impls in by_size.items():
        peer = next((v for k, v in impls.items() if k.startswith("python-threatexchange")), None)
        if peer and "error" not in peer:
            comparisons[str(n)] = {
                k: {
                    "speedup_batch_vs_peer_batch": round(v["queries_per_s_batch"] / peer["queries_per_s_batch"], 2),
                    "speedup_batch_cpu_time_vs_peer_batch_cpu_time": round(
                        v["queries_per_cpu_s_batch"] / peer["queries_per_cpu_s_batch"], 2
                    ),
                    "speedup_batch_vs_peer_per_call": round(
                        v["queries_per_s_batch"] / peer["queries_per_s_one_per_call"], 2
                    ),
                    "speedup_per_call_vs_peer_per_call": round(
                        v["queries_per_s_one_per_call"] / peer["queries_per_s_one_per_call"], 2
                    ),
                    "speedup_per_call_vs_peer_per_call_one_thread": round(
                        v["queries_per_s_one_per_call"] / peer["queries_per_s_one_per_call_one_thread"], 2
                    ),
                    "memory_ratio_vs_peer": round(v["memory_bytes_per_entry"] / peer["memory_bytes_per_entry"], 3),
                }
                for k, v in impls.items()
                if k.startswith("tragac") and "error" not in v
            }
    import faiss

    print(
        json.dumps(
            {
                "benchmark": "pdq-index",
                "threshold": THRESHOLD,
                "queries": args.queries,
                "machine": {
                    "cpus": os.cpu_count(),
                    "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
                    "python": platform.python_version(),
                    "numpy": np.__version__,
                    "faiss": faiss.__version__,
                    "platform": platform.platform(),
                },
                "runs": runs,
                "comparison": comparisons,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
