"""Spread clusters on a small synthetic store: one picture re-posted across three groups, found and traced."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sqlalchemy import select

from tragac.matching import banks
from tragac.matching.match import run_match
from tragac.matching.spread import UnionFind, run_spread, spread_report
from tragac.store import Store
from tragac.store.models import SpreadCluster, SpreadMember

from .conftest import World, flip_bits, random_pdq, write


def test_clusters_first_seen_and_timeline(store: Store, world: World, rng: np.random.Generator) -> None:
    a, b, c = world.source("Grupa A", "grupa_a"), world.source("Grupa B"), world.source("Grupa C")
    picture = random_pdq(rng)
    # The picture: first posted in B at minute 5, then re-compressed copies in A and C (a few bits off each).
    first = world.media("p0", pdq=picture)
    copy1 = world.media("p1", pdq=flip_bits(picture, 6, rng))
    copy2 = world.media("p2", pdq=flip_bits(picture, 14, rng))
    world.sighting(copy1, a, 30)
    first_msg = world.sighting(first, b, 5)
    world.sighting(copy2, c, 90)
    world.sighting(first, a, 120)  # the very same file again
    # A second group of two near-duplicates inside one chat, and a video posted twice.
    other = random_pdq(rng)
    o1, o2 = world.media("o1", pdq=other), world.media("o2", pdq=flip_bits(other, 20, rng))
    world.sighting(o1, c, 1)
    world.sighting(o2, c, 2)
    frames = [(random_pdq(rng), 90) for _ in range(10)]
    v1 = world.media("v1", frames=frames)
    v2 = world.media("v2", frames=[(flip_bits(h, 5, rng), q) for h, q in frames[2:8]])  # a re-encoded clip
    world.sighting(v1, a, 10)
    world.sighting(v2, b, 11)
    # Unrelated pictures (far from everything) seen once: no cluster.
    for i in range(5):
        world.sighting(world.media(f"u{i}", pdq=random_pdq(rng)), a, 200 + i)
    # A picture too featureless to compare does not join anything by PDQ.
    world.sighting(world.media("flat", pdq=flip_bits(picture, 1, rng), quality=20), b, 300)

    summary = run_spread(store)
    assert summary == {
        "recomputed": True,
        "clusters": 3,
        "clusters_in_several_sources": 2,
        "media_in_clusters": 7,
    }
    with store.session() as s:
        report = spread_report(s, min_sources=1)
        assert len(report) == 3
        top = report[0]
        assert (top["kind"], top["source_count"], top["sighting_count"], top["media_count"]) == ("image", 3, 4, 3)
        assert top["first_seen"]["source"] == "Grupa B" and top["first_seen"]["message_id"] == first_msg
        assert top["first_seen"]["time"] == "2026-03-01T12:05:00+00:00"
        assert [t["source"] for t in top["timeline"]] == ["Grupa B", "Grupa A", "Grupa C", "Grupa A"]
        assert top["timeline"][1]["link"] == f"https://t.me/grupa_a/{top['timeline'][1]['message_id']}"
        assert {m["distance"] for m in top["members"]} == {0, 6, 14}
        video = next(c for c in report if c["kind"] == "video")
        assert video["source_count"] == 2 and video["media_count"] == 2
        assert len(spread_report(s, min_sources=2)) == 2 and len(spread_report(s, limit=1)) == 1
        cluster = s.scalars(select(SpreadCluster).where(SpreadCluster.source_count == 3)).one()
        assert cluster.representative_media_id == first and cluster.first_message_id is not None
        assert {m.media_id for m in s.scalars(select(SpreadMember).where(SpreadMember.cluster_id == cluster.id))} == {
            first,
            copy1,
            copy2,
        }

    # Idempotent: nothing changed, nothing recomputed; keys stay stable when it is recomputed.
    assert run_spread(store)["recomputed"] is False
    keys = {c["key"] for c in report}
    assert run_spread(store, force=True)["clusters"] == 3
    with store.session() as s:
        assert {c["key"] for c in spread_report(s)} == keys


def test_same_file_in_two_chats_is_a_cluster(store: Store, world: World, rng: np.random.Generator) -> None:
    a, b = world.source("A"), world.source("B")
    m = world.media("doc")  # no PDQ at all (e.g. not a picture): exact identity still counts
    world.sighting(m, a, 1)
    world.sighting(m, b, 2)
    assert run_spread(store)["clusters"] == 1
    with store.session() as s:
        (cluster,) = spread_report(s)
    assert cluster["source_count"] == 2 and cluster["media_count"] == 1


def test_union_find() -> None:
    uf = UnionFind()
    for x, y in [(1, 2), (3, 4), (2, 4), (10, 11)]:
        uf.union(x, y)
    assert sorted(uf.groups({1, 2, 3, 4, 10, 11, 12})) == [[1, 2, 3, 4], [10, 11], [12]]


def test_media_matching_one_bank_item_join_one_cluster(
    store: Store, world: World, tmp_path: Path, rng: np.random.Generator
) -> None:
    # A reference video hashed at every frame; two monitored clips sampled at 1 frame/s that share no frame.
    reference = [random_pdq(rng) for _ in range(60)]
    frames = [{"frame": i, "timestamp": i / 30, "quality": 100, "pdq": h} for i, h in enumerate(reference)]
    # A reference picture whose mirrored copy only matches through a dihedral variant.
    original, mirrored = random_pdq(rng), random_pdq(rng)
    dihedral = [original, *(random_pdq(rng) for _ in range(4)), mirrored, random_pdq(rng), random_pdq(rng)]
    doc = {
        "format": "tragac-hashes/1",
        "files": [
            {"path": "v.mp4", "kind": "video", "sha256": "1" * 64, "frames": frames},
            {"path": "p.jpg", "kind": "image", "sha256": "2" * 64, "pdq": original, "dihedral": dihedral},
        ],
    }
    a, b = world.source("A"), world.source("B")
    clip1 = world.media("clip1", frames=[(h, 100) for h in reference[0:30:10]])
    clip2 = world.media("clip2", frames=[(h, 100) for h in reference[35:60:10]])
    pic = world.media("pic", pdq=flip_bits(original, 3, rng))
    mirror = world.media("mirror", pdq=flip_bits(mirrored, 5, rng))
    world.sighting(clip1, a, 1)
    world.sighting(clip2, b, 2)
    world.sighting(pic, a, 3)
    world.sighting(mirror, b, 4)
    assert run_spread(store)["clusters"] == 0  # no media-to-media link at all
    with store.session() as s:
        banks.create_bank(s, "case", "victim_case")
        banks.import_hashes(s, "case", write(tmp_path / "h.json", json.dumps(doc)))
    run_match(store)
    summary = run_spread(store)  # new matches: recomputed without --force
    assert summary["recomputed"] and summary["clusters"] == 2
    with store.session() as s:
        groups = {frozenset(m["media_id"] for m in c["members"]) for c in spread_report(s)}
    assert groups == {frozenset({clip1, clip2}), frozenset({pic, mirror})}
