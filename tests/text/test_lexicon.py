"""Lexicon files: phrases, case-ending alternatives, stems, patterns, spaced-out matching, keyed hashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tragac.errors import InputError
from tragac.text.lexicon import (
    Lexicon,
    LexiconMatcher,
    build_matcher,
    hash_lexicon,
    load_lexicon,
    parse_lexicon,
    seed_lexicon,
)
from tragac.text.normalize import normalize


def lex(*entries: dict[str, object]) -> LexiconMatcher:
    return LexiconMatcher([parse_lexicon({"name": "t", "version": "1", "entries": list(entries)}, "test")])


def found(m: LexiconMatcher, text: str) -> list[str]:
    return sorted({h.entry.id for h in m.find(normalize(text))})


def test_phrase_matches_whole_words_in_both_scripts() -> None:
    m = lex({"id": "x.1", "category": "c", "role": "r", "phrase": "gole slike"})
    assert found(m, "Ko ima GOLE SLIKE?") == ["x.1"]
    assert found(m, "ко има голе слике") == ["x.1"]
    assert found(m, "pregole slikee") == []  # "slikee" squeezes to "slike", but "pregole" is another word


def test_alternatives_expand_case_endings() -> None:
    m = lex({"id": "x.2", "category": "c", "role": "r", "phrase": "sestr{a,e,i,u,om}"})
    for form in ("sestra", "sestre", "sestri", "sestru", "sestrom", "СЕСТРОМ"):
        assert found(m, f"od {form} tvoje") == ["x.2"], form
    assert found(m, "sestrama") == []


def test_stem_matches_at_word_start_only() -> None:
    m = lex({"id": "x.3", "category": "c", "role": "r", "phrase": "prodaj*"})
    assert found(m, "prodajem, prodaje, prodajemo") == ["x.3"]
    hits = m.find(normalize("prodajem bicikl"))
    assert (hits[0].start, hits[0].end) == (0, len("prodajem"))
    assert found(m, "preprodaja") == []


def test_pattern_runs_on_normalised_text() -> None:
    m = lex({"id": "x.4", "category": "c", "role": "r", "pattern": r"\bmladj\w*\s+od\s+1[0-7]\b"})
    assert found(m, "млађе од 15") == ["x.4"]
    assert found(m, "mlađe od 18") == []


def test_spaced_out_letters_match_long_entries() -> None:
    m = lex({"id": "x.5", "category": "c", "role": "r", "phrase": "razmena"})
    assert found(m, "r a z m e n a slika") == ["x.5"]
    assert found(m, "r.a.z.m.e.n.a") == ["x.5"]
    assert found(m, "raz menа") == []  # two ordinary words are not the spacing evasion


def test_seed_lexicon_loads_and_is_public() -> None:
    seed = seed_lexicon()
    assert seed.entries and not seed.private
    assert len({e.id for e in seed.entries}) == len(seed.entries)
    m = build_matcher()
    assert "csam.code.ten_trade" in found(m, "t e e n   t r a d e")


def test_hashed_private_lexicon_matches_without_the_term(tmp_path: Path) -> None:
    key = b"run-time key"
    plain = Lexicon(
        "private",
        "3",
        [
            parse_lexicon(
                {
                    "entries": [
                        {"id": "p.1", "category": "csam_signal", "role": "code", "phrase": "zlatn{a,e} ribic{a,e}"}
                    ]
                },
                "x",
            ).entries[0]
        ],
    )
    hashed = hash_lexicon(plain, key)
    text = json.dumps(hashed)
    assert "zlatna" not in text and "ribica" not in text
    path = tmp_path / "private.json"
    path.write_text(text)
    m = build_matcher([path], key=key)
    hits = [h for h in m.find(normalize("Imam ZLATNE RIBICE? ne, zlatna ribice")) if h.via == "hash"]
    assert {h.entry.id for h in hits} == {"p.1#1", "p.1#3"}
    assert all(h.entry.private for h in hits)
    with pytest.raises(InputError, match="key"):
        build_matcher([path])
    # A wrong key finds nothing.
    assert not [h for h in build_matcher([path], key=b"other").find(normalize("zlatna ribice")) if h.via == "hash"]


def test_private_lexicon_from_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "name: a\nversion: '1'\ngroups:\n  - {id_prefix: a, category: harassment, role: threat, phrases: [tiho bre]}\n"
    )
    m = build_matcher([tmp_path])
    assert "a.1" in found(m, "TIHO BRE")  # private: numbered, never the phrase's slug


def test_private_ids_never_spell_the_term(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(
        "name: p\nversion: '1'\n"
        "entries:\n  - {id: p.77, category: c, role: r, phrase: plava ovca}\n"
        "groups:\n  - {id_prefix: priv.code, category: c, role: r, phrases: [zelena papuca, 'sivi {mis,misevi}']}\n"
        "  - {id_prefix: priv.code, category: c, role: r, phrases: [tiha reka]}\n"
    )
    (lexicon,) = load_lexicon(p)
    assert [e.id for e in lexicon.entries] == ["p.77", "priv.code.1", "priv.code.2", "priv.code.3"]
    # An explicit id that spells (part of) its term, or a prefix that does, is refused without echoing either.
    for bad in (
        "entries: [{id: priv.plava_ovca, category: c, role: r, phrase: plava ovca}]",
        "entries: [{id: plavaovca, category: c, role: r, phrase: Plava Ovca}]",
        "entries: [{id: p.ovc, category: c, role: r, pattern: '\\bovca\\w*'}]",
        "groups: [{id_prefix: p.ovca, category: c, role: r, phrases: [plava ovca]}]",
    ):
        p.write_text(bad)
        with pytest.raises(InputError) as err:
            load_lexicon(p)
        assert "ovc" not in str(err.value).lower() and "plav" not in str(err.value).lower()
    # A hashed list written before ids were opaque: its slug ids are replaced by the hash's prefix.
    old = {"name": "h", "hashed": True, "entries": [{"id": "priv.code.plava_ovca#1", "category": "c", "role": "r",
                                                    "hash": "AB" * 32}]}  # fmt: skip
    assert [e.id for e in parse_lexicon(old, "h").entries] == ["priv.code." + "ab" * 6]
    # A public list hashed: keyed ids, the same for every form of one entry.
    public = parse_lexicon(
        {"entries": [{"id": "pub.zelena_papuca", "category": "c", "role": "r", "phrase": "zelen{a,e} papuc{a,e}"}]},
        "pub",
        private=False,
    )
    ids = [e["id"] for e in hash_lexicon(public, b"k")["entries"]]
    assert len(ids) == 4 and all(i.split("#")[0] == ids[0] for i in ids) and "papuc" not in ids[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("entries: [{id: a, category: c, role: r}]", "exactly one of"),
        ("entries: [{id: a, role: r, phrase: x}]", "lacks category"),
        ("entries: [{id: a, category: c, role: r, pattern: '('}]", "bad pattern"),
        ("entries: [{id: a, category: c, role: r, phrase: x}, {id: a, category: c, role: r, phrase: y}]", "duplicate"),
        ("[1, 2]", "a lexicon is a mapping"),
        ("entries: [{id: a, category: c, role: r, phrase: x, weight: 3}]", "weight"),
    ],
)
def test_bad_lexicons_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text(content)
    with pytest.raises(InputError, match=message):
        load_lexicon(p)


def test_missing_lexicon(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_lexicon(tmp_path / "nope.yaml")


def test_reprs_hide_private_terms_and_the_key() -> None:
    # A traceback or a debug log prints reprs: they must not carry a private phrase, pattern or the key.
    lexicon = parse_lexicon(
        {"entries": [{"id": "p.1", "category": "c", "role": "r", "phrase": "plava ovca"},
                     {"id": "p.2", "category": "c", "role": "r", "pattern": r"\bsiv\w+ mis\b"}]},
        "p",
    )  # fmt: skip
    m = LexiconMatcher([lexicon], key=b"tajni-kljuc")
    hits = m.find(normalize("plava ovca"))
    for text in (repr(m), repr(lexicon), repr(hits)):
        assert "ovca" not in text and "siv" not in text and "tajni" not in text, text
    assert "csam.code.ten_trade" in repr(seed_lexicon())  # public entries stay readable


def test_one_id_in_two_lexicons_is_refused(tmp_path: Path) -> None:
    for name, phrase in (("a", "plava ovca"), ("b", "siva koza")):
        (tmp_path / f"{name}.yaml").write_text(
            f"groups: [{{id_prefix: priv.code, category: c, role: code, phrases: ['{phrase}']}}]"
        )
    with pytest.raises(InputError, match="two lexicons") as err:
        build_matcher([tmp_path])
    assert "ovca" not in str(err.value) and "koza" not in str(err.value)
    # The same file reached by two paths is one lexicon, not a clash.
    (tmp_path / "b.yaml").unlink()
    m = build_matcher([tmp_path, tmp_path / "a.yaml", Path(str(tmp_path) + "/../" + tmp_path.name)])
    assert found(m, "plava ovca") == ["priv.code.1"]
