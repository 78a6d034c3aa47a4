"""Linking flags to cases: explicit watch-list ids, the text fallback in every grammatical form, late identities."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tragac.cases.identities import matcher
from tragac.cases.linker import refresh_cases
from tragac.cases.service import add_identities, case_detail, create_case
from tragac.store import Store
from tragac.store.models import Flag, Message, Source

IDENT = {"name": "Jelena Marković", "handles": ["@jeca.fikcija"], "phones": ["+381 64 123 4567"], "addresses": []}


def _flag(store: Store, text: str, category: str = "doxxing", evidence: dict[str, object] | None = None) -> None:
    with store.session() as s:
        src = s.query(Source).first() or Source(platform="telegram", platform_id="555", kind="private_group")
        s.add(src)
        s.flush()
        n = s.query(Message).count()
        msg = Message(source_id=src.id, platform_message_id=n + 1, kind="message", text=text, content_hash="x")
        s.add(msg)
        s.flush()
        s.add(Flag(fingerprint=f"f{msg.id}", detector="t", category=category, score=0.9, rule="r", why="w",
                   message_id=msg.id, source_id=src.id, evidence=evidence))  # fmt: skip


def test_explicit_ids_link_only_their_case(sqlite_store: Store) -> None:
    a = create_case(sqlite_store, "a", pseudonym="A.", caseworker="cw")
    create_case(sqlite_store, "b", pseudonym="B.", caseworker="cw")
    _flag(sqlite_store, "neutral text", "identity", {"identity": f"case:{a.id}:0", "kinds": ["name"]})
    refresh_cases(sqlite_store)
    assert [f["kind"] for f in case_detail(sqlite_store, "a")["timeline"]] == ["identity"]
    assert case_detail(sqlite_store, "b")["timeline"] == []
    assert case_detail(sqlite_store, "a")["timeline"][0]["url"] == "https://t.me/c/555/1"


def test_identities_added_later_reach_older_flags(sqlite_store: Store) -> None:
    create_case(sqlite_store, "late", pseudonym="L.", caseworker="cw")
    _flag(sqlite_store, "Јелену Марковић знате? живи у центру, зовите 064/123-45-67")
    _flag(sqlite_store, "nothing about her here")
    refresh_cases(sqlite_store)
    assert case_detail(sqlite_store, "late")["timeline"] == []
    add_identities(sqlite_store, "late", [IDENT], actor="cw")
    refresh_cases(sqlite_store)
    (finding,) = case_detail(sqlite_store, "late")["timeline"]
    assert finding["kind"] == "doxxing" and finding["reason"]["names"] == ["name", "phone"]
    # The reason names kinds, not values; the timestamps are left out because their digits could spell anything.
    shown = str({k: v for k, v in finding.items() if k not in ("posted_at", "found_at")})
    assert "Jelena" not in shown and "4567" not in shown


@given(st.sampled_from(["Jelena Marković", "Jelene Markovic", "Jeleni Marković", "Jelenom Markovićem",
                        "JELENU MARKOVIĆ", "Јелена Марковић", "jelenu markovic"]))  # fmt: skip
def test_name_forms_match(form: str) -> None:
    assert matcher([IDENT]).mentions(f"da li je ovo {form}?") == ["name"]


def test_other_people_do_not_match() -> None:
    m = matcher([IDENT])
    assert m.mentions("Jovana Petrović i Marko Jelić") == []
    assert m.mentions("Jelena Petrović i Ana Marković") == []  # her first name and her surname on two people
    assert m.mentions("@jeca.fikcija je ovde") == ["handle"]


def test_case_identities_need_no_name_and_may_be_foreign() -> None:
    # Cases allow a handle alone and a phone outside the recogniser's regions: matched on its digits.
    m = matcher([{"name": "", "handles": [], "phones": ["+49 151 2345 6789"], "addresses": []}])
    assert m.mentions("zovi je na 0151 2345 6789") == ["phone"]
    assert m.mentions("zovi 0151 2345 0000") == []
