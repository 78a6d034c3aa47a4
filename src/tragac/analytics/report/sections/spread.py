"""Spread: the largest near-duplicate clusters, as hashes and counts only (never an image)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tragac.analytics.report import svg
from tragac.analytics.report.base import ReportContext, Section, section
from tragac.store import models as m

TOP = 10


@section
class Spread(Section):
    id = "spread"
    order = 40
    title_key = "spread"
    template = "spread.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        d = ctx.data
        multi = [c for c in d.clusters.values() if len(c.sources) >= 2]
        top = sorted(multi, key=lambda c: (-len(c.sources), -c.sightings, c.first or 0, c.key))[:TOP]
        hashes = self._hashes(ctx, top)
        rows = []
        for i, c in enumerate(top):
            rows.append(
                {
                    "rank": i + 1,
                    "hash": hashes.get(c.key, "—"),
                    "kind": hashes.get(c.key + ":kind", "—"),
                    "variants": len(c.media_ids),
                    "sightings": c.sightings,
                    "groups": len(c.sources),
                    "first_seen": c.first,
                    "timeline": svg.spark(
                        c.per_day, d.days, width=180, height=34, label=ctx.t("timeline"), max_label=ctx.t("max")
                    ),
                }
            )
        ctx.figures[self.id] = {
            "clustered": d.has_spread_stage,
            "reposted_items": len(multi),
            "top": [
                {
                    "hash": r["hash"],
                    "kind": r["kind"],
                    "variants": r["variants"],
                    "sightings": r["sightings"],
                    "groups": r["groups"],
                    "first_seen": c.first.isoformat() if c.first else None,
                }
                for r, c in zip(rows, top, strict=True)
            ],
        }
        return {"rows": rows, "clustered": d.has_spread_stage}

    def _hashes(self, ctx: ReportContext, top: list[Any]) -> dict[str, str]:
        """A short PDQ (or SHA-256) prefix identifies a cluster for anyone holding the same hash list, and nobody
        else: 16 hex digits cannot be turned back into a picture."""
        out: dict[str, str] = {}
        cluster_ids = [c.cluster_id for c in top if c.cluster_id is not None]
        media_ids = {c.key: min(c.media_ids) for c in top if c.cluster_id is None}
        with ctx.store.session() as s:
            if cluster_ids:
                q = (
                    select(m.SpreadCluster.id, m.SpreadCluster.kind, m.Media.pdq, m.Media.sha256)
                    .join(m.Media, m.Media.id == m.SpreadCluster.representative_media_id)
                    .where(m.SpreadCluster.id.in_(cluster_ids))
                )
                for cid, kind, pdq, sha in s.execute(q):
                    out[f"c{cid}"] = _short(pdq, sha)
                    out[f"c{cid}:kind"] = kind
            if media_ids:
                q2 = select(m.Media.id, m.Media.kind, m.Media.pdq, m.Media.sha256).where(
                    m.Media.id.in_(list(media_ids.values()))
                )
                for mid, kind, pdq, sha in s.execute(q2):
                    out[f"m{mid}"] = _short(pdq, sha)
                    out[f"m{mid}:kind"] = kind
        return out


def _short(pdq: str | None, sha: str) -> str:
    return f"pdq:{pdq[:16]}…" if pdq else f"sha256:{sha[:16]}…"
