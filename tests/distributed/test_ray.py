"""On a local Ray (2 CPUs, no dashboard, no network): Ray hashing and the actor-sharded index give exactly the
single-process results on a generated set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import orjson
import pytest

from distributed.corpus import near_copies, random_hashes, write_pictures
from tragac.distributed.ray_hash import hash_dataset, hash_with_ray, write_parquet
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY
from tragac.matching.index import make_index
from tragac.media.hasher import HashOptions, hash_file

ray = pytest.importorskip("ray", reason="Ray is in the test extra: pip install -e '.[test]'")
pytestmark = pytest.mark.slow  # a local Ray takes a few seconds to start


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def test_ray_hashing_equals_hash_file(local_ray: None, tmp_path: Path) -> None:
    files = write_pictures(tmp_path / "media", 24, video=True)
    options = HashOptions(reference=False, video_threads=1)
    expected = sorted((hash_file(p, options) for p in files), key=lambda r: r.path)
    got = hash_with_ray([str(tmp_path / "media")], options, actors=2, batch_size=4)
    assert [r.path for r in got] == [r.path for r in expected]
    assert [r.to_dict() for r in got] == [r.to_dict() for r in expected]
    kinds = {r.kind for r in got}
    assert kinds == {"image", "video", "other"} and sum(1 for r in got if r.pdq) == 24
    assert any(r.frames for r in got)


def test_ray_reference_hashes_and_parquet(local_ray: None, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    files = write_pictures(tmp_path / "media", 6)
    options = HashOptions(reference=True)
    rows = write_parquet(hash_dataset([str(f) for f in files], options, actors=2, batch_size=2), tmp_path / "out")
    assert rows == len(files)
    table = pq.read_table(tmp_path / "out")
    by_path = dict(zip(table.column("path").to_pylist(), table.column("pdq").to_pylist(), strict=True))
    for f in files:
        assert by_path[str(f)] == hash_file(f, options).pdq


def test_ray_sharded_index_equals_single_index(local_ray: None) -> None:
    from tragac.distributed.ray_match import RayShardedIndex

    stored = random_hashes(20_000, seed=11)
    ids = np.arange(1, len(stored) + 1, dtype=np.int64)
    queries = np.concatenate([near_copies(stored[::200], 36, seed=12), random_hashes(100, seed=13)])
    single = make_index("mih")
    single.add(ids, stored)
    sharded = RayShardedIndex(shards=2, kind="mih", num_cpus=0.5)
    try:
        sharded.add(ids, stored)
        assert len(sharded) == len(stored) and min(sharded.shard_sizes()) > 0.45 * len(stored)
        for threshold in (0, PDQ_MATCH_THRESHOLD, 40):
            assert sharded.query(queries, threshold).pairs() == single.query(queries, threshold).pairs()
        # A withdrawn entry stops matching at once, on whichever actor holds it.
        withdrawn = ids[::200][:20]
        assert sharded.remove(withdrawn) == single.remove(withdrawn) == 20
        assert sharded.query(queries, PDQ_MATCH_THRESHOLD).pairs() == single.query(queries, PDQ_MATCH_THRESHOLD).pairs()
        assert not set(sharded.query(stored[::200][:20], 0).ids.tolist()) & set(withdrawn.tolist())
    finally:
        sharded.close()


def test_ray_cli_hash_then_match(local_ray: None, tmp_path: Path) -> None:
    """`tragac ray hash --out` then `tragac ray match --index`: the matches are the single index's."""
    from typer.testing import CliRunner

    from tragac.cli.main import app
    from tragac.fingerprints.pdq import pdq_to_bytes
    from tragac.matching.index import MIHIndex

    files = write_pictures(tmp_path / "media", 12)
    runner = CliRunner()
    hashed = runner.invoke(app, ["ray", "hash", str(tmp_path / "media"), "--out", str(tmp_path / "pq"), "--json"])
    assert hashed.exit_code == 0, hashed.output
    assert orjson.loads(hashed.stdout)["files"] == len(files)
    bank = [hash_file(f).pdq for f in files[:6]]  # the bank: the first six pictures (two of them near-copies)
    index = MIHIndex()
    index.add(np.arange(100, 106), pdq_to_bytes(p for p in bank if p))
    index.save(tmp_path / "bank.npz")
    matched = runner.invoke(
        app, ["ray", "match", str(tmp_path / "pq"), "--index", str(tmp_path / "bank.npz"), "--shards", "2", "--json"]
    )
    assert matched.exit_code == 0, matched.output
    got = {(m["path"], m["entry_id"], m["distance"]) for m in orjson.loads(matched.stdout)["matches"]}
    # The single-process rule: only hashes of quality >= PDQ_MIN_QUALITY are queried.
    pictures = [f for f in files if f.suffix == ".jpg" and (hash_file(f).quality or 0) >= PDQ_MIN_QUALITY]
    hits = index.query(pdq_to_bytes(hash_file(f).pdq or "" for f in pictures), PDQ_MATCH_THRESHOLD)
    expected = {(str(pictures[q]), e, d) for q, e, d in zip(hits.query, hits.ids, hits.distance, strict=True)}
    assert got == expected and len(got) >= 4


def test_ray_hash_without_a_destination_is_one_error_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tragac.cli.main import app

    done = CliRunner().invoke(app, ["ray", "hash", str(tmp_path)])
    assert done.exit_code == 2 and "error:" in done.output and "--out" in done.output
