"""Per source: a table and small multiples of messages per day and members over time."""

from __future__ import annotations

from typing import Any

from tragac.analytics.report import svg
from tragac.analytics.report.base import ReportContext, Section, section


@section
class PerSource(Section):
    id = "per_source"
    order = 20
    title_key = "per_source"
    template = "per_source.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        d = ctx.data
        days = d.days
        rows = sorted(d.sources.values(), key=lambda a: (-a.messages, a.id))
        multiples = []
        for i, a in enumerate(rows):
            color = svg.PALETTE[i % len(svg.PALETTE)]
            series = sorted(a.members)
            member_days = days or [day for day, _ in series]
            # Carry the last known member count forward so days without events do not read as zero.
            filled: dict[Any, int] = {}
            j, last = 0, None
            for day in member_days:
                while j < len(series) and series[j][0] <= day:
                    last = series[j][1]
                    j += 1
                if last is not None:
                    filled[day] = last
            multiples.append(
                {
                    "source": a,
                    "messages": svg.spark(
                        a.per_day,
                        days,
                        color=color,
                        label=f"{a.title}: {ctx.t('messages_per_day')}",
                        max_label=ctx.t("max"),
                    ),
                    "members": (
                        svg.spark(
                            filled,
                            member_days,
                            color=color,
                            fill=False,
                            label=f"{a.title}: {ctx.t('members')}",
                            max_label=ctx.t("max"),
                        )
                        if filled
                        else None
                    ),
                }
            )
        ctx.figures[self.id] = [
            {
                "source_id": a.id,
                "title": a.title,
                "platform": a.platform,
                "kind": a.kind,
                "messages": a.messages,
                "authors": a.authors,
                "media": a.media,
                "first": a.first.isoformat() if a.first else None,
                "last": a.last.isoformat() if a.last else None,
                "messages_per_day": round(a.messages / len(days), 1) if days else 0.0,
                "members": a.members_now,
                "members_basis": a.members_basis,
                "joins": a.joins,
                "leaves": a.leaves,
            }
            for a in rows
        ]
        return {"rows": rows, "multiples": multiples, "ndays": len(days)}
