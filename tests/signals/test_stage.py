"""`signals` stage on both backends: flags stored once (idempotent), only new messages scanned (incremental)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from tragac.pipeline import run_stages, stages
from tragac.signals.stage import analyzer_for, run_signals
from tragac.store import Store
from tragac.store.models.core import Message, Source, StageState
from tragac.store.models.signals import Flag

TEXTS = [
    "dobro jutro svima",
    "ko ima -18 materijal neka se javi u inbox",
    "njen broj je 064 123 4567, zovite je svi",
    "ocenite moj crtež",
    "ubiću te kad te nađem",
    "Jelena Marković iz Zemuna, znate je?",
]


def add_messages(store: Store, texts: list[str], first: int = 1) -> None:
    with store.session() as s:
        src = s.scalar(select(Source).where(Source.platform_id == "100"))
        if src is None:
            src = Source(platform="telegram", platform_id="100", kind="public_supergroup", title="test group")
            s.add(src)
            s.flush()
        for n, t in enumerate(texts, first):
            s.add(Message(source_id=src.id, platform_message_id=n, kind="message", text=t, content_hash=f"h{n}"))
        s.add(Message(source_id=src.id, platform_message_id=first + 1000, kind="service", text="", content_hash="x"))


def test_stage_is_registered() -> None:
    st = {s.name: s for s in stages()}["signals"]
    assert st.order == 40


def test_flags_stored_once_and_incrementally(store: Store, tmp_path: Path) -> None:
    home = store.settings.home
    home.mkdir(parents=True, exist_ok=True)
    (home / "watch.json").write_text(json.dumps({"identities": [{"name": "Jelena Marković"}]}))
    add_messages(store, TEXTS)
    first = run_signals(store, analyzer_for(home))
    assert first["messages"] == len(TEXTS)
    assert first["by_category"] == {"csam_signal": 1, "doxxing": 1, "harassment": 1, "identity": 1}
    again = run_signals(store, analyzer_for(home))
    assert again["messages"] == 0 and again["flags"] == 0
    rescan = run_signals(store, analyzer_for(home), rescan=True)
    assert rescan["messages"] == len(TEXTS) and rescan["flags"] == 0  # fingerprints make it idempotent
    add_messages(store, ["pošaljite gole slike sestre"], first=50)
    later = run_signals(store, analyzer_for(home))
    assert later == {"messages": 1, "flags": 1, "by_category": {"ncii_solicitation": 1}, "cursor": later["cursor"]}
    with store.session() as s:
        flags = s.scalars(select(Flag).order_by(Flag.severity)).all()
        assert len(flags) == 5
        csam = flags[0]
        assert csam.category == "csam_signal" and csam.possible_minor and csam.severity == 0
        assert csam.message_id is not None and csam.source_id is not None
        msg = s.get(Message, csam.message_id)
        assert msg is not None
        assert "-18" in [msg.text[a:b] for a, b in csam.spans]
        assert all(f.state == "new" for f in flags)
        assert s.get(StageState, "signals") is not None


def test_pipeline_runs_the_stage(store: Store) -> None:
    add_messages(store, TEXTS[:3])
    results = run_stages(store, only=["signals"])
    assert results["signals"]["flags"] == 2
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Flag)) == 2


def test_open_cases_watched_identities_are_used(sqlite_store: Store) -> None:
    from tragac.cases.service import add_identities, create_case

    case = create_case(sqlite_store, "case-a", pseudonym="A.", caseworker="worker")
    add_identities(
        sqlite_store, "case-a", [{"name": "Mila Testić", "phones": ["064 765 4321"], "handles": [], "addresses": []}],
        actor="worker",
    )  # fmt: skip
    add_messages(sqlite_store, ["ima li neko slike Mile Testić", "Mila Petrović je došla"])
    run_signals(sqlite_store)
    with sqlite_store.session() as s:
        flags = s.scalars(select(Flag).where(Flag.category == "identity")).all()
        assert len(flags) == 1
        assert flags[0].evidence is not None and flags[0].evidence["watch_id"] == f"case:{case.id}:0"
        assert "Mila" not in flags[0].why
