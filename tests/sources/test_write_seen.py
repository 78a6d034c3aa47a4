"""Media seen at URLs (the website watch's records) go through the store writer and are matched by the match stage:
a video seen on a site that shares most frames with a banked reference video becomes one review item with both vPDQ
fractions; seeing the same URL again moves its sighting, a new URL adds one."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from tragac.matching import banks
from tragac.matching.leads import CATEGORY
from tragac.matching.match import run_match
from tragac.sources.records import SeenMedia, SourceRecord
from tragac.sources.writer import StoreWriter
from tragac.store import Store
from tragac.store.models import Flag, Media, Sighting, VideoFrame

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def _frames(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.getrandbits(256):064x}" for _ in range(n)]


def _seen(url: str, at: datetime, frames: list[str]) -> SeenMedia:
    sha = hashlib.sha256("".join(frames).encode()).hexdigest()
    return SeenMedia(
        url=url,
        seen_at=at,
        sha256=sha,
        md5=sha[:32],
        size=1000,
        kind="video",
        duration=float(len(frames)),
        frames=[(i, float(i), 100, h) for i, h in enumerate(frames)],
    )


def test_a_video_seen_on_a_site_is_matched_by_the_match_stage(store: Store, tmp_path: Path) -> None:
    rng = random.Random(4)
    reference = _frames(rng, 10)
    # The site's copy: 9 of its 10 sampled frames are reference frames (90 % >= 80 %), one is new.
    on_site = reference[:9] + _frames(rng, 1)
    (tmp_path / "list.csv").write_text(
        'signal_type,hash,label\nvideo_pdq,"' + ";".join(f"{h},100,{i}.000" for i, h in enumerate(reference)) + '",v1\n'
    )
    with store.session() as s:
        banks.create_bank(s, "videos", "imported_list")
        banks.import_hashes(s, "videos", tmp_path / "list.csv")

    writer = StoreWriter(store, platform="web")
    page = "https://site.example/page"
    source = writer.source(SourceRecord(platform="web", platform_id=page, kind="website", title=page, link=page))
    (media_id,) = writer.write_seen(source, [_seen("https://site.example/v.mp4", T0, on_site)])
    summary = run_match(store)
    assert summary["matches_added"] == 1 and summary["flags_created"] == 1
    with store.session() as s:
        media = s.get(Media, media_id)
        assert media is not None and media.hashed_at is not None and media.kind == "video"
        assert len(s.scalars(select(VideoFrame).where(VideoFrame.media_id == media_id)).all()) == 10
        flag = s.scalars(select(Flag).where(Flag.category == CATEGORY)).one()
        ev = flag.evidence or {}
        assert (flag.rule, flag.media_id, ev["signal_type"]) == ("bank:video_pdq", media_id, "video_pdq")
        assert (ev["query_fraction"], ev["entry_fraction"], ev["case"]) == (0.9, 0.9, None)
        assert [x["link"] for x in ev["sightings"]] == ["https://site.example/v.mp4"]

    # Seen again at the same URL: the sighting moves; at another URL: a second sighting, still one media and item.
    later = T0 + timedelta(days=1)
    assert writer.write_seen(source, [_seen("https://site.example/v.mp4", later, on_site)]) == [media_id]
    assert writer.write_seen(source, [_seen("https://mirror.example/v.mp4", later, on_site)]) == [media_id]
    assert run_match(store)["flags_created"] == 0
    with store.session() as s:
        seen = {g.url: g.seen_at for g in s.scalars(select(Sighting).where(Sighting.media_id == media_id))}
        assert seen == {"https://site.example/v.mp4": later, "https://mirror.example/v.mp4": later}
        assert len(s.scalars(select(Flag).where(Flag.category == CATEGORY)).all()) == 1
