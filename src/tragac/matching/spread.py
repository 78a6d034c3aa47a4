"""The "spread" stage: near-duplicate clusters of media, to follow one picture or video through many chats.

Two pictures belong together when their PDQ hashes (quality >= 50) are within the threshold (31 by default), two
videos when either one matches the other by the vPDQ rule (80 % of its frames within 31 bits), and any two media
that matched the same bank item; clusters are the connected components of those links (union-find). Re-posts of
the very same file are one media with several sightings, so a single media seen in two places is a cluster too.
Each cluster records where it was first seen and how many sources and sightings it has; :func:`spread_report`
adds the timeline.

Clusters are recomputed from scratch when anything was hashed, sighted or matched since the last run (their keys,
the SHA-256 of the earliest-seen member, stay stable across runs), and left alone otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tragac.fingerprints.base import hamming
from tragac.fingerprints.pdq import PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.fingerprints.vpdq import VIDEO_QUERY_FRACTION
from tragac.matching.index import MIHIndex
from tragac.matching.video_index import VideoFrameIndex
from tragac.pipeline import stage
from tragac.progress import NullReporter, Reporter
from tragac.store import Store
from tragac.store.base import utcnow
from tragac.store.models import (
    BankEntry,
    Match,
    Media,
    Message,
    Sighting,
    Source,
    SpreadCluster,
    SpreadMember,
    StageState,
    VideoFrame,
)

STAGE = "spread"
_BATCH = 8192


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while (up := self.parent.get(root, root)) != root:
            root = up
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, members: set[int]) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for m in members:
            out[self.find(m)].append(m)
        return [sorted(g) for g in out.values()]


def _link_pictures(session: Session, uf: UnionFind, threshold: int, rep: Reporter) -> dict[int, str]:
    rows = session.execute(
        select(Media.id, Media.pdq).where(Media.pdq.is_not(None), Media.pdq_quality >= PDQ_MIN_QUALITY)
    ).all()
    pdq = {r.id: r.pdq for r in rows}
    if not rows:
        return pdq
    ids = np.array([r.id for r in rows], dtype=np.int64)
    hashes = pdq_to_bytes(r.pdq for r in rows)
    index = MIHIndex()
    index.add(ids, hashes)
    rep.start("grouping near-duplicate pictures", total=len(rows))
    for start in range(0, len(rows), _BATCH):
        hits = index.query(hashes[start : start + _BATCH], threshold)
        for q, other in zip((ids[start:][hits.query]).tolist(), hits.ids.tolist(), strict=True):
            if q != other:
                uf.union(q, other)
        rep.advance(min(_BATCH, len(rows) - start))
    return pdq


def _link_videos(session: Session, uf: UnionFind, rep: Reporter) -> set[int]:
    frames: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for media_id, pdq, quality in session.execute(
        select(VideoFrame.media_id, VideoFrame.pdq, VideoFrame.quality).order_by(VideoFrame.media_id, VideoFrame.frame)
    ):
        frames[media_id].append((pdq, quality))
    if not frames:
        return set()
    index = VideoFrameIndex(frames.items())
    rep.start("grouping near-duplicate videos", total=len(frames))
    for media_id, own in frames.items():
        # Either direction counts: a clip of a longer video matches it as the query.
        for m in index.match(own, min_query_fraction=VIDEO_QUERY_FRACTION):
            if m.key != media_id:
                uf.union(media_id, m.key)
        rep.advance()
    return set(frames)


def _link_through_banks(session: Session, uf: UnionFind) -> set[int]:
    """Media matching the same bank item are copies of one reference picture or video, so they belong together.

    This joins what media-to-media comparison cannot: a mirrored copy (matched through a dihedral variant) with the
    original, and two clips of a video hashed at 1 frame/s whose sampled frames do not line up (both match the
    reference video hashed at every frame).
    """
    first: dict[str, int] = {}
    linked = set()
    rows = session.execute(
        select(Match.media_id, BankEntry.id, BankEntry.item_key).join(BankEntry, BankEntry.id == Match.entry_id)
    )
    for media_id, entry_id, item_key in rows:
        key = item_key or f"entry:{entry_id}"
        if key in first:
            uf.union(first[key], media_id)
        else:
            first[key] = media_id
        linked.add(media_id)
    return linked


def _sightings(session: Session, media_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(media_ids), _BATCH):
        chunk = media_ids[start : start + _BATCH]
        rows = session.execute(
            select(
                Sighting.media_id,
                Sighting.source_id,
                Sighting.message_id,
                Sighting.url,
                func.coalesce(Message.date, Sighting.seen_at).label("time"),
                Message.platform_message_id,
            )
            .outerjoin(Message, Message.id == Sighting.message_id)
            .where(Sighting.media_id.in_(chunk))
        )
        for r in rows:
            time = r.time
            if isinstance(time, str):  # coalesce() loses the column type on SQLite
                time = datetime.fromisoformat(time)
            if time is not None and time.tzinfo is None:
                time = time.replace(tzinfo=UTC)
            out[r.media_id].append(
                {
                    "time": time,
                    "source_id": r.source_id,
                    "message_id": r.message_id,
                    "platform_message_id": r.platform_message_id,
                    "url": r.url,
                    "media_id": r.media_id,
                }
            )
    return out


def _needs_run(session: Session, state: StageState | None) -> bool:
    if state is None:
        return True
    newest = session.scalar(select(func.max(Media.id))) or 0
    hashed = session.scalar(select(func.max(Media.hashed_at)))
    seen = session.scalar(select(func.count()).select_from(Sighting)) or 0
    matches = session.scalar(select(func.count()).select_from(Match)) or 0
    info = state.info or {}
    since = datetime.fromisoformat(info["since"]) if info.get("since") else None
    rehashed = hashed is not None and (since is None or hashed >= since)
    return newest != state.cursor or seen != info.get("sightings") or matches != info.get("matches") or rehashed


def run_spread(
    store: Store, *, threshold: int | None = None, force: bool = False, reporter: Reporter | None = None
) -> dict[str, Any]:
    """Recompute the spread clusters if anything changed (or ``force``); returns a summary."""
    rep = reporter or NullReporter()
    threshold = store.settings.pdq_threshold if threshold is None else threshold
    started = utcnow()
    with store.session() as session:
        state = session.get(StageState, STAGE)
        same_threshold = state is not None and (state.info or {}).get("threshold") == threshold
        if not force and same_threshold and not _needs_run(session, state):
            return {"recomputed": False, **_counts(session)}
        uf = UnionFind()
        pdq = _link_pictures(session, uf, threshold, rep)
        videos = _link_videos(session, uf, rep)
        through_banks = _link_through_banks(session, uf)
        seen_media = set(session.scalars(select(Sighting.media_id).distinct()))
        candidates = (set(pdq) | videos | through_banks) & seen_media
        groups = uf.groups(candidates)
        # A media on its own forms a cluster only if it was seen more than once (the same file re-posted).
        sightings = _sightings(session, sorted({m for g in groups for m in g} | seen_media))
        session.execute(delete(SpreadMember))
        session.execute(delete(SpreadCluster))
        sha = dict(session.execute(select(Media.id, Media.sha256).where(Media.id.in_(list(sightings)))).all())
        in_groups = {m for g in groups for m in g}
        singles = [[m] for m, s in sightings.items() if m not in in_groups and len(s) > 1]
        clusters = 0
        for group in groups + singles:
            group_sightings = [s for m in group for s in sightings.get(m, [])]
            if len(group) < 2 and len(group_sightings) < 2:
                continue
            _store_cluster(session, group, group_sightings, pdq, videos, sha)
            clusters += 1
        if state is None:
            state = StageState(name=STAGE)
            session.add(state)
        state.cursor = session.scalar(select(func.max(Media.id))) or 0
        state.info = {
            "since": started.isoformat(),
            "threshold": threshold,
            "sightings": session.scalar(select(func.count()).select_from(Sighting)) or 0,
            "matches": session.scalar(select(func.count()).select_from(Match)) or 0,
        }
        state.updated_at = utcnow()
        session.flush()
        return {"recomputed": True, **_counts(session)}


def _store_cluster(
    session: Session,
    group: list[int],
    group_sightings: list[dict[str, Any]],
    pdq: dict[int, str],
    videos: set[int],
    sha: dict[int, str],
) -> None:
    timed = sorted((s for s in group_sightings if s["time"] is not None), key=lambda s: (s["time"], s["media_id"]))
    first = timed[0] if timed else None
    rep = first["media_id"] if first else group[0]
    cluster = SpreadCluster(
        key=sha[rep],
        representative_media_id=rep,
        kind="video" if rep in videos else "image",
        media_count=len(group),
        sighting_count=len(group_sightings),
        source_count=len({s["source_id"] for s in group_sightings if s["source_id"] is not None}),
        first_seen=first["time"] if first else None,
        last_seen=timed[-1]["time"] if timed else None,
        first_message_id=first["message_id"] if first else None,
        computed_at=utcnow(),
    )
    session.add(cluster)
    session.flush()
    for m in group:
        distance = hamming(pdq[m], pdq[rep]) if m in pdq and rep in pdq else 0
        session.add(SpreadMember(cluster_id=cluster.id, media_id=m, distance=distance))


def _counts(session: Session) -> dict[str, int]:
    clusters = session.scalar(select(func.count()).select_from(SpreadCluster)) or 0
    multi = session.scalar(select(func.count()).select_from(SpreadCluster).where(SpreadCluster.source_count > 1)) or 0
    members = session.scalar(select(func.count()).select_from(SpreadMember)) or 0
    return {"clusters": clusters, "clusters_in_several_sources": multi, "media_in_clusters": members}


def _source_label(src: Source | None) -> str | None:
    if src is None:
        return None
    return src.title or src.username or src.platform_id


def _message_link(src: Source | None, platform_message_id: int | None) -> str | None:
    if src is None or platform_message_id is None or src.platform != "telegram":
        return None
    if src.username:
        return f"https://t.me/{src.username}/{platform_message_id}"
    return None


def spread_report(session: Session, *, min_sources: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Clusters seen in at least ``min_sources`` sources, most widespread first, each with its timeline."""
    query = (
        select(SpreadCluster)
        .where(SpreadCluster.source_count >= min_sources)
        .order_by(
            SpreadCluster.source_count.desc(),
            SpreadCluster.sighting_count.desc(),
            SpreadCluster.first_seen,
            SpreadCluster.id,
        )
    )
    if limit:
        query = query.limit(limit)
    clusters = list(session.scalars(query))
    members: dict[int, list[SpreadMember]] = defaultdict(list)
    ids = [c.id for c in clusters]
    for m in session.scalars(select(SpreadMember).where(SpreadMember.cluster_id.in_(ids))):
        members[m.cluster_id].append(m)
    media_ids = sorted({m.media_id for ms in members.values() for m in ms})
    sha = dict(session.execute(select(Media.id, Media.sha256).where(Media.id.in_(media_ids))).all())
    sightings = _sightings(session, media_ids)
    sources = {s.id: s for s in session.scalars(select(Source))}
    out = []
    for c in clusters:
        timeline = sorted(
            (s for m in members[c.id] for s in sightings.get(m.media_id, [])),
            key=lambda s: (s["time"] is None, s["time"] or c.computed_at, s["media_id"]),
        )
        entries = [
            {
                "time": s["time"].isoformat() if s["time"] else None,
                "source_id": s["source_id"],
                "source": _source_label(sources.get(s["source_id"])),
                "message_id": s["platform_message_id"],
                "link": _message_link(sources.get(s["source_id"]), s["platform_message_id"]),
                "url": s["url"],
                "media_sha256": sha.get(s["media_id"]),
            }
            for s in timeline
        ]
        out.append(
            {
                "key": c.key,
                "kind": c.kind,
                "media_count": c.media_count,
                "sighting_count": c.sighting_count,
                "source_count": c.source_count,
                "first_seen": entries[0] if entries and entries[0]["time"] else None,
                "last_seen": c.last_seen.isoformat() if c.last_seen else None,
                "members": [
                    {"media_id": m.media_id, "sha256": sha.get(m.media_id), "distance": m.distance}
                    for m in sorted(members[c.id], key=lambda m: (m.distance, m.media_id))
                ],
                "timeline": entries,
            }
        )
    return out


@stage(STAGE, order=50, help="group near-duplicate media into clusters and trace them across sources")
def spread_stage(store: Store, reporter: Reporter) -> dict[str, Any]:
    return run_spread(store, reporter=reporter)
