"""The one watched-identity matcher, in its three uses: the detector (``match``), the case linker (``mentions``)
and masking of published outputs (``mask_spans``), plus strict watch files and lenient case identities."""

from __future__ import annotations

import pytest

from tragac.errors import InputError
from tragac.text.watch import WatchList

IDENT = {"id": "w1", "name": "Dunja Radosavljević", "handles": ["@dunja.fikcija"], "phones": ["+381 64 555 0192"],
         "addresses": ["Javorova 12, Beograd"]}  # fmt: skip


def masked(wl: WatchList, text: str) -> list[str]:
    return [text[s:e] for s, e in wl.mask_spans(text)]


def test_mentions_report_kinds_in_a_fixed_order_never_values() -> None:
    wl = WatchList.from_data({"identities": [IDENT]})
    assert wl.mentions("zovite 064/555-01-92, to je Dunja Radosavljević") == ["name", "phone"]
    assert wl.mentions("Дуњу Радосављевић сви траже, @dunja.fikcija") == ["name", "handle"]
    assert wl.mentions("javorova 12 je njena zgrada") == ["address"]
    assert wl.mentions("Dunja Petrović i Ana Radosavljević") == []  # her names on two other people
    assert wl.mentions("") == [] and WatchList().mentions("Dunja Radosavljević") == []


def test_masking_hides_more_than_the_detector_finds() -> None:
    wl = WatchList.from_data({"identities": [IDENT]})
    assert masked(wl, "evo Dunjo") == ["Dunjo"]  # one name alone, vocative
    assert masked(wl, "Dunjina slika") == ["Dunjina"]  # a possessive the case table does not list
    assert masked(wl, "Радосављевићева сестра") == ["Радосављевићева"]
    assert masked(wl, "broj 64 555 01 92") == ["64 555 01 92"]  # her digits, whatever the separators
    assert "+381 (64) 555-0192" in masked(wl, "tel. +381 (64) 555-0192.")  # the whole written number
    assert masked(wl, "zovi 064 555 0000, rođen 1992") == []
    assert masked(wl, "Dunavska 5") == []


def test_strict_watch_files_and_lenient_case_identities() -> None:
    with pytest.raises(InputError, match="needs a name"):
        WatchList.from_data({"identities": [{"handles": ["@x"]}]})
    with pytest.raises(InputError, match="not a phone number"):
        WatchList.from_data({"identities": [{"name": "A B", "phones": ["+49 151 2345 6789"]}]})
    cases = WatchList.from_data(
        {"identities": [{"handles": ["@samo.nalog"]}, {"name": "", "phones": ["+49 151 2345 6789"]}]}, strict=False
    )
    assert cases.mentions("pišite @samo.nalog") == ["handle"]
    assert cases.mentions("Nummer 0151 2345 6789") == ["phone"]
    assert bool(cases) and not WatchList()


def test_loose_terms_are_classified() -> None:
    wl = WatchList.from_terms(["Dunja Radosavljević", "+381 64 555 0192", "Javorova 12", "@dunja.fikcija", ""])
    assert len(wl.identities) == 4
    assert wl.mentions("Dunja Radosavljević, 064 555 0192, @dunja.fikcija, Javorova 12") == KINDS


KINDS = ["name", "handle", "phone", "address"]


def test_nickname_with_surname_and_letter_spaced_names() -> None:
    from tragac.text.normalize import normalize as _n
    from tragac.text.recognizers import find_entities as _fe

    watch = WatchList.from_data({"identities": [{"id": "w1", "name": "Tamara Vuković", "nicknames": ["Tami"]}]})

    def kinds(text: str) -> list[str]:
        return [m.kind for m in watch.match(text, _n(text), _fe(text, _n(text)))]

    assert kinds("Tami Vuković je stigla") == ["name"]
    assert kinds("t a m a r a v u k o v i ć") == ["name"]
    assert kinds("t.a.m.a.r.a v.u.k.o.v.i.ć ima neko") == ["name"]
    assert kinds("в у к о в и ћ т а м а р а") == ["name"]
    assert kinds("Тамару Вуковић сам видео") == ["name"]
    assert kinds("Tami je stigla") == []  # a nickname alone is anyone's
    assert kinds("t a m a r a je tu") == []
    text = "x t a m a r a v u k o v i c y"
    spans = [(m.start, m.end) for m in watch.match(text, _n(text), [])]
    assert spans == [(2, 27)]  # letter-spaced: the span maps back to the original letters
