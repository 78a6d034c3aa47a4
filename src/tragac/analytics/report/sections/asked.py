"""What is asked for: detections per day by category, the most frequent lexicon categories and term ids,
solicitation patterns, and a few redacted example messages."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import select

from tragac.analytics.report import svg
from tragac.analytics.report.base import ReportContext, Section, section
from tragac.analytics.report.data import FlagRow
from tragac.analytics.report.lexicon import public_term, term_category
from tragac.store import models as m

SOLICITATION = ("ncii_solicitation", "csam_signal")
EXAMPLE_CATEGORIES = ("ncii_solicitation", "harassment")
# Messages that expose or name a person are never shown, even redacted.
NEVER_EXAMPLE = ("doxxing", "identity", "ncii_match")
MAX_EXAMPLES = 6
MAX_EXAMPLE_CHARS = 280
CATEGORY_COLORS = {
    "csam_signal": "#7b2d26",
    "ncii_match": "#d1495b",
    "identity": "#8d6a9f",
    "doxxing": "#edae49",
    "ncii_solicitation": "#1b6ca8",
    "harassment": "#66a182",
}


def flag_terms(f: FlagRow) -> Iterator[tuple[str, str]]:
    """(term id, lexicon category) pairs a flag's evidence names. Evidence carries ids, never private terms."""
    ev = f.evidence
    ids: list[Any] = []
    for key in ("terms", "term_ids", "term_id"):
        v = ev.get(key)
        ids.extend(v if isinstance(v, list) else [v] if v else [])
    for item in ids:
        if isinstance(item, dict):
            tid = item.get("id") or item.get("term_id")
            if tid:
                yield str(tid), str(item.get("category") or term_category(str(tid)))
        elif isinstance(item, str | int):
            yield str(item), term_category(str(item))


@section
class Asked(Section):
    id = "asked"
    order = 30
    title_key = "asked"
    template = "asked.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        t = ctx.t
        flags = ctx.data.flags
        per_cat: dict[str, Counter[date]] = defaultdict(Counter)
        term_msgs: dict[tuple[str, str], set[int | None]] = defaultdict(set)
        cat_msgs: dict[str, set[int | None]] = defaultdict(set)
        patterns: Counter[tuple[str, str]] = Counter()
        for f in flags:
            per_cat[f.category][f.day] += 1
            for tid, cat in flag_terms(f):
                term_msgs[(tid, cat)].add(f.message_id)
                cat_msgs[cat].add(f.message_id)
            if f.category in SOLICITATION:
                patterns[(f.category, f.rule)] += 1
        order = sorted(per_cat, key=lambda c: (-sum(per_cat[c].values()), c))
        chart = (
            svg.stacked_bars(
                {c: per_cat[c] for c in order},
                ctx.data.days,
                colors={c: CATEGORY_COLORS.get(c, svg.PALETTE[i % 9]) for i, c in enumerate(order)},
                names={c: t.category(c) for c in order},
                label=t("flags_per_day"),
            )
            if order
            else None
        )
        terms = sorted(term_msgs.items(), key=lambda kv: (-len(kv[1]), kv[0][0]))[:15]
        term_rows = [
            {"id": tid, "category": cat, "term": public_term(tid), "messages": len(msgs)} for (tid, cat), msgs in terms
        ]
        cats = sorted(((c, len(v)) for c, v in cat_msgs.items()), key=lambda kv: (-kv[1], kv[0]))[:12]
        pattern_rows = [
            {"category": c, "rule": r, "count": n}
            for (c, r), n in sorted(patterns.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        ]
        ctx.figures[self.id] = {
            "flags": len(flags),
            "by_category": {c: sum(per_cat[c].values()) for c in order},
            "lexicon_categories": [{"category": c, "messages": n} for c, n in cats],
            "terms": [{"id": r["id"], "category": r["category"], "messages": r["messages"]} for r in term_rows],
            "solicitation_patterns": pattern_rows,
        }
        examples = self._examples(ctx, flags) if ctx.examples else []
        ctx.figures[self.id]["examples"] = len(examples)
        return {
            "order": order,
            "totals": {c: sum(per_cat[c].values()) for c in order},
            "chart": chart,
            "terms": term_rows,
            "cats": cats,
            "cats_chart": svg.hbars([(t.lexicon_category(c), n) for c, n in cats], label=t("top_categories"))
            if cats
            else None,
            "patterns": pattern_rows,
            "examples": examples,
        }

    def _examples(self, ctx: ReportContext, flags: list[FlagRow]) -> list[dict[str, Any]]:
        excluded = {f.message_id for f in flags if f.category in NEVER_EXAMPLE or f.possible_minor}
        candidates: list[int] = []
        seen: set[int] = set()
        for f in flags:
            mid = f.message_id
            if f.category in EXAMPLE_CATEGORIES and mid is not None and mid not in excluded and mid not in seen:
                seen.add(mid)
                candidates.append(mid)
        if not candidates:
            return []
        # Spread the examples over the period instead of taking the first few of one busy hour.
        step = max(len(candidates) // MAX_EXAMPLES, 1)
        chosen = candidates[::step][:MAX_EXAMPLES]
        out = []
        with ctx.store.session() as s:
            q = (
                select(
                    m.Message.id,
                    m.Message.date,
                    m.Message.text,
                    m.Source.title,
                    m.Author.platform,
                    m.Author.platform_id,
                )
                .join(m.Source, m.Source.id == m.Message.source_id)
                .outerjoin(m.Author, m.Author.id == m.Message.author_id)
                .where(m.Message.id.in_(chosen))
                .order_by(m.Message.date)
            )
            for _mid, when, text, title, platform, pid in s.execute(q):
                redacted = ctx.redactor.redact(text)
                if len(redacted) > MAX_EXAMPLE_CHARS:
                    redacted = redacted[: MAX_EXAMPLE_CHARS - 1] + "…"
                out.append(
                    {"date": when, "source": title, "author": ctx.pseudonyms(platform, pid) or "—", "text": redacted}
                )
        return out
