"""The signals stage reads open cases' identities with the one watched-identity matcher, leniently: a case may
watch a handle alone or a phone outside RS/ME/BA/HR (a strict watch file would refuse both and stop the stage)."""

from __future__ import annotations

from sqlalchemy import select

from tragac.cases.service import add_identities, create_case
from tragac.signals.stage import run_signals
from tragac.store import Store
from tragac.store.models import Flag, Message, Source


def test_case_identities_without_a_name_are_watched(sqlite_store: Store) -> None:
    create_case(sqlite_store, "c1", pseudonym="K.", caseworker="cw")
    add_identities(sqlite_store, "c1", [{"handles": ["@samo.nalog"], "phones": ["+49 151 2345 6789"]}], actor="cw")
    with sqlite_store.session() as s:
        src = Source(platform="telegram", platform_id="9", kind="private_group")
        s.add(src)
        s.flush()
        for n, text in enumerate(["pišite @samo.nalog", "Nummer 0151 2345 6789", "dobro jutro"], 1):
            s.add(Message(source_id=src.id, platform_message_id=n, kind="message", text=text, content_hash=f"h{n}"))
    run_signals(sqlite_store)
    with sqlite_store.session() as s:
        flags = s.execute(select(Flag.subtype, Flag.evidence).where(Flag.category == "identity")).all()
    assert sorted(sub for sub, _ in flags) == ["handle", "phone"]
    assert all(ev["identity"].startswith("case:") for _, ev in flags)
