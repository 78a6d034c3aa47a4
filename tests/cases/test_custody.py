"""The hash-chained custody log: every entry links to the previous one; any change breaks the chain there."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.cases import custody
from tragac.cases.service import create_case
from tragac.store import Store

ACTIONS = st.sampled_from(["found", "export", "notice_sent", "vault_capture", "identities_viewed"])


def _chain(n: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    prev = custody.GENESIS
    for i in range(1, n + 1):
        e = {"seq": i, "at": f"2026-10-20T09:00:0{i % 10}.000000Z", "actor": "cw", "action": "found",
             "item": f"finding:{i}", "details": {"n": i}, "prev_hash": prev}  # fmt: skip
        e["hash"] = custody.entry_hash(e)
        prev = e["hash"]
        entries.append(e)
    return entries


def test_chain_in_the_database_verifies(store: Store) -> None:
    create_case(store, "c", pseudonym="C.", caseworker="cw")
    with store.session() as s:
        for i in range(5):
            custody.append(s, 1, actor="cw", action="found", item=f"finding:{i}", details={"i": i})
    with store.session() as s:
        chain = custody.chain(s, 1)
    assert [e["seq"] for e in chain] == list(range(1, 7))
    assert chain[0]["prev_hash"] == custody.GENESIS and chain[0]["action"] == "case_created"
    assert custody.verify_chain(chain) == (True, None)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=12),
    data=st.data(),
    field=st.sampled_from(["at", "actor", "action", "item", "details", "prev_hash", "hash"]),
)
def test_any_change_is_caught_at_the_changed_entry(n: int, data: st.DataObject, field: str) -> None:
    chain = _chain(n)
    assert custody.verify_chain(chain) == (True, None)
    k = data.draw(st.integers(min_value=0, max_value=n - 1))
    bad = copy.deepcopy(chain)
    bad[k][field] = {"altered": True} if field == "details" else str(bad[k][field]) + "x"
    ok, why = custody.verify_chain(bad)
    assert not ok and why is not None and why.startswith(f"custody entry {k + 1}")


@given(n=st.integers(min_value=2, max_value=10), data=st.data())
def test_removed_or_reordered_entries_are_caught(n: int, data: st.DataObject) -> None:
    chain = _chain(n)
    k = data.draw(st.integers(min_value=0, max_value=n - 2))
    assert not custody.verify_chain(chain[:k] + chain[k + 1 :])[0]
    swapped = [*chain[:k], chain[k + 1], chain[k], *chain[k + 2 :]]
    assert not custody.verify_chain(swapped)[0]
