"""The "hash" pipeline stage over a small store built here (both backends)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from tragac.media.stage import CHANGED_FILE, NO_FILE, hash_new_media
from tragac.pipeline import run_stages
from tragac.store import Store
from tragac.store.models import ExportFile, Media, Sighting, Source, VideoFrame

from .generated import jpeg_bytes, make_picture, write_video


def _add_media(store: Store, export_id: int, rel: str, data: bytes, kind: str = "image") -> int:
    with store.session() as s:
        media = Media(
            sha256=hashlib.sha256(data).hexdigest(), kind=kind, size=len(data), md5=hashlib.md5(data).hexdigest()
        )
        s.add(media)
        s.flush()
        s.add(Sighting(media_id=media.id, export_id=export_id, file_path=rel, source_id=1))
        return media.id


@pytest.fixture
def export(store: Store, tmp_path: Path) -> tuple[int, Path]:
    root = tmp_path / "export"
    (root / "photos").mkdir(parents=True)
    (root / "video_files").mkdir()
    with store.session() as s:
        s.add(Source(id=1, platform="telegram", platform_id="1001", kind="public_supergroup", title="Test group"))
        ex = ExportFile(path=str(root / "result.json"), root=str(root))
        s.add(ex)
        s.flush()
        return ex.id, root


def test_stage_hashes_new_media_once(store: Store, export: tuple[int, Path]) -> None:
    export_id, root = export
    pics = {}
    for seed in range(3):
        data = jpeg_bytes(make_picture(seed, (640, 480)))
        (root / "photos" / f"p{seed}.jpg").write_bytes(data)
        pics[seed] = _add_media(store, export_id, f"photos/p{seed}.jpg", data)
    video = write_video(root / "video_files" / "v.mp4", seconds=3, fps=10)
    video_id = _add_media(store, export_id, "video_files/v.mp4", video.read_bytes(), kind="video")
    broken = b"\xff\xd8\xff\xe0" + b"\x00" * 300
    (root / "photos" / "broken.jpg").write_bytes(broken)
    broken_id = _add_media(store, export_id, "photos/broken.jpg", broken)
    missing_data = jpeg_bytes(make_picture(9, (200, 200)))
    missing_id = _add_media(store, export_id, "photos/not-downloaded.jpg", missing_data)
    outside = _add_media(store, export_id, "../../etc/passwd", b"not ours")
    changed_id = _add_media(store, export_id, "photos/changed.jpg", b"original bytes")
    (root / "photos" / "changed.jpg").write_bytes(jpeg_bytes(make_picture(5, (100, 100))))
    home_before = sorted(p.name for p in store.settings.home.iterdir()) if store.settings.home.exists() else []

    summary = hash_new_media(store, workers=0)
    assert summary["hashed"] == 4 and summary["images"] == 3 and summary["videos"] == 1
    assert summary["errors"] == 1 and summary["missing_files"] == 2 and summary["changed_files"] == 1
    assert summary["frames"] == 3

    with store.session() as s:
        for mid in pics.values():
            m = s.get(Media, mid)
            assert m is not None and m.hashed_at is not None and m.hash_error is None
            assert m.pdq is not None and len(m.pdq) == 64 and m.pdq_quality is not None and m.pdq_quality >= 50
            assert (m.width, m.height) == (640, 480)
        v = s.get(Media, video_id)
        assert v is not None and v.kind == "video" and v.duration == pytest.approx(3.0, abs=0.2)
        frames = s.scalars(sa.select(VideoFrame).where(VideoFrame.media_id == video_id).order_by(VideoFrame.frame))
        assert [(f.frame, f.timestamp) for f in frames] == [(0, 0.0), (10, 1.0), (20, 2.0)]
        b = s.get(Media, broken_id)
        assert b is not None and b.hashed_at is not None and b.hash_error and b.pdq is None
        for mid in (missing_id, outside):
            m = s.get(Media, mid)
            assert m is not None and m.hashed_at is None and m.hash_error == NO_FILE
        c = s.get(Media, changed_id)
        assert c is not None and c.hashed_at is None and c.hash_error == CHANGED_FILE

    again = hash_new_media(store, workers=0)
    assert again["hashed"] == 0 and again["errors"] == 0 and again["missing_files"] == 2

    (root / "photos" / "not-downloaded.jpg").write_bytes(missing_data)  # a later export brings the file
    later = hash_new_media(store, workers=0)
    assert later["hashed"] == 1 and later["missing_files"] == 1
    with store.session() as s:
        m = s.get(Media, missing_id)
        assert m is not None and m.hashed_at is not None and m.hash_error is None and m.pdq is not None
        assert s.scalar(sa.select(sa.func.count(VideoFrame.id))) == 3  # nothing duplicated

    home_after = sorted(p.name for p in store.settings.home.iterdir()) if store.settings.home.exists() else []
    assert home_after == home_before  # hash-only: no media bytes copied under TRAGAC_HOME


def test_registered_stage_runs_with_worker_pool(sqlite_store: Store, tmp_path: Path) -> None:
    root = tmp_path / "export"
    root.mkdir()
    with sqlite_store.session() as s:
        s.add(Source(id=1, platform="telegram", platform_id="1", kind="public_channel"))
        ex = ExportFile(path=str(root / "result.json"), root=str(root))
        s.add(ex)
        s.flush()
        export_id = ex.id
    for seed in range(4):
        data = jpeg_bytes(make_picture(seed, (300, 300)))
        (root / f"{seed}.jpg").write_bytes(data)
        _add_media(sqlite_store, export_id, f"{seed}.jpg", data)
    results = run_stages(sqlite_store, only=["hash"])
    assert results["hash"]["hashed"] == 4
    assert run_stages(sqlite_store, only=["hash"])["hash"]["hashed"] == 0
