"""Overview: the period, the sources and the headline figures."""

from __future__ import annotations

from typing import Any

from tragac.analytics.report import svg
from tragac.analytics.report.base import ReportContext, Section, section


@section
class Overview(Section):
    id = "overview"
    order = 10
    title_key = "overview"
    template = "overview.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        d = ctx.data
        total = sum(a.messages for a in d.sources.values())
        days = d.days
        busiest = max(d.per_day.items(), key=lambda kv: (kv[1], -kv[0].toordinal()), default=None)
        with_members = [a for a in d.sources.values() if a.members_now is not None]
        largest = max(with_members, key=lambda a: a.members_now or 0, default=None)
        clusters = d.clusters
        reposted = sum(1 for c in clusters.values() if len(c.sources) >= 2)
        distinct_media = len(set().union(*(c.media_ids for c in clusters.values()))) if clusters else 0
        figures = {
            "period": {
                "since": days[0].isoformat() if days else None,
                "until": days[-1].isoformat() if days else None,
                "days": len(days),
            },
            "sources": len(d.sources),
            "messages": total,
            "messages_per_day": round(total / len(days), 1) if days else 0.0,
            "busiest_day": {"date": busiest[0].isoformat(), "messages": busiest[1]} if busiest else None,
            "largest_group": (
                {
                    "source_id": largest.id,
                    "title": largest.title,
                    "members": largest.members_now,
                    "basis": largest.members_basis,
                }
                if largest
                else None
            ),
            "active_authors": d.authors,
            "media_posts": sum(c.sightings for c in clusters.values()),
            "distinct_media": distinct_media,
            "reposted_share": round(reposted / len(clusters), 4) if clusters else None,
            "reposted_items": reposted,
            "media_items": len(clusters),
        }
        ctx.figures[self.id] = figures
        chart = svg.spark(
            d.per_day, days, width=660, height=150, label=ctx.t("messages_per_day_all"), max_label=ctx.t("max")
        )
        return {"f": figures, "busiest": busiest, "largest": largest, "chart": chart, "days": days}
