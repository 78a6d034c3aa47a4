"""The "signals" pipeline stage: every detector over messages not seen before, stored as Flag rows.

Incremental (a ``StageState`` cursor on message id) and idempotent (a flag's fingerprint is a hash of detector,
rule, message and spans, unique in the table), so running it twice adds nothing.

Configuration for unattended runs comes from the data folder: private lexicons in ``HOME/lexicons/`` (the key for
hashed ones in the ``lexicon_key`` setting, ``TRAGAC_LEXICON_KEY``) and watched identities in ``HOME/watch.json``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tragac.pipeline import stage
from tragac.plugins import get_manager
from tragac.progress import NullReporter, Reporter
from tragac.signals.analyzer import TextAnalyzer
from tragac.signals.base import Finding
from tragac.signals.setup import lexicon_key, opted_in, plugin_lexicons
from tragac.store import Store
from tragac.store.models.core import Message, StageState
from tragac.store.models.signals import Flag
from tragac.text.lexicon import build_matcher
from tragac.text.watch import WatchList

STAGE = "signals"
BATCH = 1000


def fingerprint(f: Finding, message_id: int) -> str:
    spans = ";".join(f"{s}-{e}" for s, e in f.spans)
    raw = f"text|{f.category}|{f.rule}|message:{message_id}|{spans}"
    return hashlib.sha256(raw.encode()).hexdigest()


def case_identities(store: Store) -> list[dict[str, Any]]:
    """Watched identities from the plugins (the built-in: open cases', ids ``case:<id>:<n>``), decrypted in memory
    by their owner; signals never import the cases that come after them in the data flow."""
    return [i for i in get_manager().results("register_watched_identities", store=store) if isinstance(i, dict)]


def analyzer_for(home: Path, store: Store | None = None) -> TextAnalyzer:
    """The analyzer an unattended run uses: seed + HOME/lexicons, HOME/watch.json if present, plus the open cases'
    watched identities when ``store`` is given."""
    lexicons = [home / "lexicons"] if (home / "lexicons").is_dir() else []
    lexicons += plugin_lexicons()
    found = WatchList()
    if (home / "watch.json").is_file():
        found.identities += WatchList.load(home / "watch.json").identities
    if store is not None:
        # Cases validate their own identities (a handle alone, a foreign phone are allowed there).
        found.identities += WatchList.from_data(
            {"identities": case_identities(store)}, "cases", strict=False
        ).identities
    watch = found if found.identities else None
    settings = store.settings if store else None
    return TextAnalyzer(build_matcher(lexicons, lexicon_key(settings)), watch, opt_in=opted_in(settings))


def run_signals(
    store: Store, analyzer: TextAnalyzer | None = None, reporter: Reporter | None = None, rescan: bool = False
) -> dict[str, Any]:
    """Apply every detector to messages after the cursor (all of them with ``rescan``); returns counts."""
    analyzer = analyzer or analyzer_for(store.settings.home, store)
    reporter = reporter or NullReporter()
    with store.session() as s:
        state = s.get(StageState, STAGE)
        cursor = 0 if rescan or state is None else state.cursor
        last = s.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) or 0
    first = cursor
    reporter.start("text signals", total=max(0, last - cursor))
    scanned = new_flags = 0
    by_category: dict[str, int] = {}
    while True:
        with store.session() as s:
            rows = s.execute(
                select(Message.id, Message.source_id, Message.text, Message.extra, Message.date)
                .where(Message.id > cursor, Message.kind == "message")
                .order_by(Message.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            pending: dict[str, Flag] = {}
            found = analyzer.analyze_many([r[2] or "" for r in rows], [r[3] for r in rows])
            for (mid, source_id, _text, _extra, posted), findings in zip(rows, found, strict=True):
                for f in findings:
                    fp = fingerprint(f, mid)
                    pending[fp] = Flag(
                        fingerprint=fp,
                        detector=f.category,
                        category=f.category,
                        subtype=f.subtype,
                        severity=f.severity,
                        score=f.score,
                        rule=f.rule,
                        why=f.why,
                        spans=f.spans,
                        evidence=f.evidence,
                        message_id=mid,
                        source_id=source_id,
                        observed_at=posted,
                        possible_minor=f.possible_minor,
                    )
            if pending:
                known = set(s.scalars(select(Flag.fingerprint).where(Flag.fingerprint.in_(list(pending)))))
                for fp, flag in pending.items():
                    if fp not in known:
                        s.add(flag)
                        new_flags += 1
                        by_category[flag.category] = by_category.get(flag.category, 0) + 1
            scanned += len(rows)
            cursor = rows[-1][0]
            state = s.get(StageState, STAGE)
            if state is None:
                s.add(StageState(name=STAGE, cursor=cursor))
            else:
                state.cursor = cursor
            reporter.update(cursor - first)
    return {"messages": scanned, "flags": new_flags, "by_category": by_category, "cursor": cursor}


@stage(STAGE, order=40, help="text signals: doxxing, watched identities, CSAM codes, NCII solicitation, harassment")
def signals_stage(store: Store, reporter: Reporter) -> dict[str, Any]:
    return run_signals(store, reporter=reporter)
