"""Doxxing: how many messages exposed addresses, phone numbers, ID numbers… by type; never the values."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tragac.analytics.report.base import ReportContext, Section, section


@section
class Doxxing(Section):
    id = "doxxing"
    order = 60
    title_key = "doxxing"
    template = "doxxing.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        by_type: dict[str, set[int | None]] = defaultdict(set)
        any_doxx: set[int | None] = set()
        identity: set[int | None] = set()
        for f in ctx.data.flags:
            if f.category == "doxxing":
                kinds = f.evidence.get("types") or f.evidence.get("kinds") or [f.subtype or "other"]
                for k in kinds if isinstance(kinds, list) else [kinds]:
                    by_type[str(k)].add(f.message_id)
                any_doxx.add(f.message_id)
            elif f.category == "identity":
                identity.add(f.message_id)
        rows = sorted(((k, len(v)) for k, v in by_type.items()), key=lambda kv: (-kv[1], kv[0]))
        ctx.figures[self.id] = {
            "messages": len(any_doxx),
            "by_type": dict(rows),
            "identity_messages": len(identity),
        }
        return {"rows": rows, "total": len(any_doxx), "identity": len(identity)}
