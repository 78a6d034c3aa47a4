"""Benchmark: whole-process timings of `tragac --help` and `tragac hash` on 24 large JPEGs vs python-threatexchange.

Every figure is the wall time of a fresh process (``subprocess.run``), start-up included, best and median of N runs;
the runs of the different commands are interleaved so that load from other jobs spreads over all of them alike.
``cpu_*`` is the user + system CPU time of the command and of every process it started (workers, the forkserver: on
Linux this script adopts orphans as a subreaper), a figure that other load on the machine changes much less.

* ``tragac --help`` (target ≤ 0.3 s);
* ``tragac hash DIR --monitored`` (one PDQ per picture, JPEG draft decoding) and ``tragac hash DIR --reference``
  (the default for a victim's own files: the same decoding plus the 8 rotations/flips), two workers (the default),
  each writing a hash file;
* the peer: a fresh ``python -c`` process that imports python-threatexchange and calls
  ``PdqSignal.hash_from_file`` on each of the same files (full-resolution decode, one process: the peer has no
  worker pool). Targets: monitoring ≥ 2× faster than the peer, reference no slower.
* ``--variants``: the same monitoring run with the workers started by forkserver (what ``tragac`` does), spawn
  (a fresh interpreter per worker that imports only :mod:`tragac.media.worker_entry`), plain fork of the parent,
  and ``--workers 0`` (hash in the CLI process);
* ``--baseline REV``: the same commands from a ``git archive`` of REV (e.g. the commit before lazy loading), run
  through a console-script wrapper as ``.venv/bin/tragac`` is.

The pictures are generated, never real photos: 4000×3000 photo-like JPEGs (q92, ~3.5 MB) from numpy noise at three
scales plus gradients, fixed seed. Prints one JSON object.

    .venv/bin/python benchmarks/cli_startup.py [--runs 7] [--peer-runs 3] [--variants] [--baseline REV]
        [--images DIR]  # reuse (or create) the generated pictures there

Needs the ``bench`` extra (``pip install -e '.[bench]'``) for the peer.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from PIL import Image

COUNT = 24
SIZE = (4000, 3000)
SEED = 20261203

PEER = r"""
import sys
from pathlib import Path
from threatexchange.signal_type.pdq.signal import PdqSignal
for path in sorted(Path(sys.argv[1]).iterdir()):
    print(path.name, PdqSignal.hash_from_file(path))
"""

# The CLI with the pool's start method swapped (a fresh `python -c` process; the pool is unchanged otherwise).
VARIANT = r"""
import multiprocessing as mp, sys
from tragac.media import pool
method = sys.argv[1]
if method != "forkserver":
    pool.worker_context = lambda: mp.get_context(method)
sys.argv = ["tragac", *sys.argv[2:]]
from tragac.cli.main import main
main()
"""

# What pip writes as .venv/bin/tragac (a console script), for the baseline checkout.
CONSOLE_SCRIPT = """import sys
from tragac.cli.main import main
if __name__ == "__main__":
    sys.exit(main())
"""


def photo(rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A benign photo-like picture: coarse colour blobs, mid-scale texture, a gradient and sensor-like noise."""
    coarse = rng.integers(0, 256, (height // 100 + 2, width // 100 + 2, 3), dtype=np.uint8)
    mid = rng.integers(0, 256, (height // 12, width // 12, 3), dtype=np.uint8)
    arr = np.asarray(Image.fromarray(coarse, "RGB").resize((width, height), Image.Resampling.BICUBIC), np.int16) * 7
    arr += np.asarray(Image.fromarray(mid, "RGB").resize((width, height), Image.Resampling.BILINEAR), np.int16) * 3
    arr //= 10
    arr += (np.linspace(-40, 40, width)[None, :, None] + np.linspace(-30, 30, height)[:, None, None]).astype(np.int16)
    arr += rng.integers(-6, 7, (height, width, 1), dtype=np.int16)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def generate(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(COUNT):
        path = folder / f"photo{i:02d}.jpg"
        if not path.is_file():
            photo(np.random.default_rng([SEED, i]), *SIZE).save(path, "JPEG", quality=92)
        paths.append(path)
    return paths


def become_subreaper() -> bool:
    """Adopt orphaned descendants (a forkserver outlives its parent by a moment), so their CPU time is counted."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    pr_set_child_subreaper = 36
    return ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(
    cmd: list[str], env: dict[str, str] | None = None, stdout: Any = subprocess.DEVNULL
) -> tuple[float, float]:
    """(wall seconds until the command exits, CPU seconds of the command and every process it started)."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
    while True:  # reap adopted descendants (the forkserver, which reaped its own workers)
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    return elapsed, _children_cpu() - cpu0


def summary(runs: list[tuple[float, float]]) -> dict[str, Any]:
    wall = [w for w, _ in runs]
    cpu = [c for _, c in runs]
    return {
        "best_s": round(min(wall), 3),
        "median_s": round(statistics.median(wall), 3),
        "cpu_best_s": round(min(cpu), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "runs_s": [round(t, 3) for t in wall],
    }


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def baseline_tree(rev: str, into: Path) -> Path:
    """``git archive`` of REV's src/ into ``into``; returns the console-script wrapper that runs it."""
    repo = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "-C", str(repo), "archive", rev, "src"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    script = into / "tragac"
    script.write_text(CONSOLE_SCRIPT)
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each tragac command (default 7)")
    parser.add_argument("--peer-runs", type=int, default=3, help="runs of the peer (default 3)")
    parser.add_argument("--variants", action="store_true", help="also time forkserver/spawn/fork/--workers 0")
    parser.add_argument("--baseline", metavar="REV", help="also time the CLI of this git revision")
    parser.add_argument("--images", type=Path, help="folder for the generated pictures (kept; reused when present)")
    args = parser.parse_args()

    try:
        import threatexchange  # noqa: F401
    except ImportError:
        sys.exit("the peer is missing: pip install -e '.[bench]' (python-threatexchange)")

    tragac = shutil.which("tragac", path=str(Path(sys.executable).parent))
    if tragac is None:
        sys.exit("the tragac console script is not installed next to this python (pip install -e .)")
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="tragac-cli-bench-"))
    images = args.images or work / "images"
    t0 = time.perf_counter()
    paths = generate(images)
    generate_s = time.perf_counter() - t0
    out = work / "hashes.json"
    hash_args = [str(images), "-o", str(out), "--force"]

    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "help": ([tragac, "--help"], None),
        "hash_monitoring": ([tragac, "hash", *hash_args, "--monitored"], None),
        "hash_reference": ([tragac, "hash", *hash_args, "--reference"], None),
    }
    if args.variants:
        for method in ("forkserver", "spawn", "fork"):
            commands[f"monitoring_{method}"] = (
                [python, "-c", VARIANT, method, "hash", *hash_args, "--monitored"],
                None,
            )
        commands["monitoring_in_process"] = ([tragac, "hash", *hash_args, "--monitored", "--workers", "0"], None)
    baseline_rev = None
    if args.baseline:
        baseline_rev = subprocess.run(
            ["git", "rev-parse", args.baseline], capture_output=True, text=True, check=True
        ).stdout.strip()
        tree = work / "baseline"
        tree.mkdir()
        script = baseline_tree(baseline_rev, tree)
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        commands["baseline_help"] = ([python, str(script), "--help"], env)
        commands["baseline_hash_monitoring"] = ([python, str(script), "hash", *hash_args, "--monitored"], env)
        commands["baseline_hash_reference"] = ([python, str(script), "hash", *hash_args, "--reference"], env)

    subreaper = become_subreaper()
    load_start = loadavg()
    for cmd, env in commands.values():  # warm the page cache and the bytecode caches once
        run_once(cmd, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (cmd, env) in commands.items():
            times[name].append(run_once(cmd, env))

    # our monitoring hashes, for the fidelity check against the peer
    run_once([tragac, "hash", *hash_args, "--monitored"])
    ours = {Path(f["path"]).name: f["pdq"] for f in orjson.loads(out.read_bytes())["files"]}

    peer_out = work / "peer.txt"
    peer_times = []
    for _ in range(args.peer_runs):
        with peer_out.open("wb") as fh:
            peer_times.append(run_once([python, "-c", PEER, str(images)], stdout=fh))
    load_end = loadavg()
    peer_hashes = {name: value for name, value in (line.split() for line in peer_out.read_text().splitlines())}
    distances = sorted(hamming(ours[name], peer_hashes[name]) for name in ours)

    results = {name: summary(t) for name, t in times.items()}
    peer = summary(peer_times)
    ratios = {
        f"{mode}_vs_peer": {
            "best": round(peer["best_s"] / results[f"hash_{mode}"]["best_s"], 2),
            "median": round(peer["median_s"] / results[f"hash_{mode}"]["median_s"], 2),
            "cpu_best": round(peer["cpu_best_s"] / results[f"hash_{mode}"]["cpu_best_s"], 2),
        }
        for mode in ("monitoring", "reference")
    }
    report = {
        "benchmark": "cli_startup",
        "images": {
            "count": len(paths),
            "size": list(SIZE),
            "mean_bytes": round(sum(p.stat().st_size for p in paths) / len(paths)),
            "seed": SEED,
            "generate_s": round(generate_s, 1),
        },
        "runs": args.runs,
        "peer_runs": args.peer_runs,
        "tragac": results,
        "threatexchange_hash_from_file": {
            "what": "fresh `python -c` importing threatexchange and calling PdqSignal.hash_from_file on each file",
            **peer,
        },
        "ratios": ratios,
        "targets_met": {
            "help_best<=0.3s": results["help"]["best_s"] <= 0.3,
            "monitoring>=2x_peer": ratios["monitoring_vs_peer"]["best"] >= 2.0,
            "reference>=1x_peer": ratios["reference_vs_peer"]["best"] >= 1.0,
        },
        "pdq_distance_monitoring_vs_peer": {
            "min": distances[0],
            "median": statistics.median(distances),
            "max": distances[-1],
        },
        "baseline_rev": baseline_rev,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_start": load_start,
            "loadavg_end": load_end,
            "cpu_includes_adopted_descendants": subreaper,
        },
    }
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    shutil.rmtree(work / "baseline", ignore_errors=True)
    if args.images is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        out.unlink(missing_ok=True)
        peer_out.unlink(missing_ok=True)
        work.rmdir()


if __name__ == "__main__":
    main()
