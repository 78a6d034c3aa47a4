"""Robust matching through the product: `tragac hash --robust` on her device, a bank that opted in, an export with
a 20 % one-sided crop and a phone screenshot of her picture. Plain PDQ misses them; the match stage finds them from
the stored robust fingerprints, each as a lead with its explanation; an unrelated picture is not matched."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from tragac.cli.main import app as cli
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, Pdq
from tragac.media.stage import robust_wanted
from tragac.store import Store
from tragac.store.models import BankEntry, EntryRobust, Flag, Match, Media, MediaRobust, Message, Sighting

from .robust_world import env, robust_world


def _media_of(store: Store, message_id: int) -> Media:
    with store.session() as s:
        media = s.scalar(
            select(Media)
            .join(Sighting, Sighting.media_id == Media.id)
            .join(Message, Message.id == Sighting.message_id)
            .where(Message.platform_message_id == message_id)
        )
        assert media is not None
        return media


def test_crops_and_screenshots_are_found_only_by_the_robust_fingerprint(store: Store, tmp_path: Path) -> None:
    assert not robust_wanted(store)  # nothing extra is computed while no bank opted in
    world = robust_world(store, tmp_path, ("crop_side_20", "screenshot"))
    assert robust_wanted(store)
    with store.session() as s:
        original = s.scalar(select(BankEntry).where(BankEntry.variant == "original"))
        assert original is not None and s.get(EntryRobust, original.id) is not None
        assert len(s.scalars(select(MediaRobust)).all()) == 3  # every monitored picture got its query windows
        dihedral = [e.value for e in s.scalars(select(BankEntry).where(BankEntry.signal_type == "pdq"))]

    for name, message_id in world.posts.items():
        media = _media_of(store, message_id)
        assert media.pdq is not None
        closest = min(Pdq.distance(media.pdq, h) for h in dihedral)
        assert closest > PDQ_MATCH_THRESHOLD, f"{name}: plain PDQ would have found it ({closest})"
        with store.session() as s:
            [m] = s.scalars(select(Match).where(Match.media_id == media.id)).all()
            assert m.entry_id == original.id and m.explain is not None
            assert m.explain["fingerprint"] == "pdq_window" and m.explain["rule"] in ("strong", "verified")
            assert m.explain["window"]["query"] and m.explain["window"]["reference"]
            if m.explain["rule"] == "verified":
                assert m.explain["inliers"] >= 10
            [flag] = s.scalars(select(Flag).where(Flag.media_id == media.id, Flag.category == "ncii_match")).all()
            assert flag.evidence["explain"] == m.explain
            assert "robust match" in flag.why and m.explain["window"]["reference"] in flag.why

    stranger = _media_of(store, 99)
    with store.session() as s:
        assert s.scalars(select(Match).where(Match.media_id == stranger.id)).all() == []


def test_a_hash_file_with_half_a_robust_fingerprint_is_refused_whole(store: Store, tmp_path: Path) -> None:
    pdq = Pdq.examples()[0]
    windows = [{"window": "whole", "pdq": pdq, "quality": 90}]
    bad = {
        "format": "tragac-hashes/1",
        "files": [
            {"path": "a.jpg", "kind": "image", "sha256": "ab" * 32, "pdq": pdq, "quality": 90},
            {"path": "b.jpg", "kind": "image", "sha256": "cd" * 32, "pdq": pdq, "quality": 90, "windows": windows},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(bad))
    runner = CliRunner()
    assert runner.invoke(cli, ["bank", "create", "b", "--kind", "victim_case"], env=env(store)).exit_code == 0
    res = runner.invoke(cli, ["bank", "import", "b", str(path)], env=env(store))
    assert res.exit_code == 2 and "files[1]" in res.output and "local_features" in res.output, res.output
    with store.session() as s:
        assert s.scalars(select(BankEntry)).all() == []  # nothing of the file was kept
    bad["files"][1]["local_features"] = "not base64!"
    path.write_bytes(orjson.dumps(bad))
    res = runner.invoke(cli, ["bank", "import", "b", str(path)], env=env(store))
    assert res.exit_code == 2 and "files[1].local_features" in res.output, res.output


def test_meta_bridge_photo_found_after_crop_and_screenshot(shared_fixtures: Path, tmp_path: Path) -> None:
    """Meta's PDQ test photo (pdq/bridge-mods, a bridge): its published modifications, and a crop and a phone
    screenshot of it made here, all match the original's robust fingerprint; Meta's other test images do not."""
    from PIL import Image

    from media.test_robust_fingerprint import TRANSFORMS
    from tragac.matching.verify import compare
    from tragac.media.hasher import HashOptions, hash_file

    folder = shared_fixtures / "pdq" / "bridge-mods"
    original = hash_file(folder / "aaa-orig.jpg", HashOptions(reference=True, robust=True))
    assert original.windows and original.local_features

    def robust_match(path: Path) -> bool:
        q = hash_file(path, HashOptions(reference=False, robust=True))
        assert q.windows is not None and q.local_features is not None and original.windows is not None
        return compare(q.windows, q.local_features, original.windows, original.local_features or b"").matched

    for mod in sorted(folder.glob("*.jpg")):
        if mod.name != "aaa-orig.jpg":
            assert robust_match(mod), mod.name
    with Image.open(folder / "aaa-orig.jpg") as im:
        photo = im.convert("RGB")
    for name in ("crop_side_20", "screenshot", "rotate_5"):
        path = tmp_path / f"{name}.jpg"
        TRANSFORMS[name](photo).save(path, quality=80)
        assert robust_match(path), name
    for other in sorted((shared_fixtures / "pdq" / "misc-images").glob("*.*")):
        if other.is_file():
            assert not robust_match(other), other.name
