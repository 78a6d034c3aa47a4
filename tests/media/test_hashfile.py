"""The tragac-hashes/1 file: round trip, strict validation with located errors, and a property test."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tragac.errors import InputError
from tragac.media.hasher import FileHashes
from tragac.media.hashfile import FORMAT, dumps, parse_hash_document, read_hash_file, write_hash_file
from tragac.media.video import FrameFeature

hex64 = st.text("0123456789abcdef", min_size=64, max_size=64)
hex32 = st.text("0123456789abcdef", min_size=32, max_size=32)
frames = st.lists(
    st.builds(
        FrameFeature,
        frame=st.integers(0, 10**6),
        timestamp=st.floats(0, 10**5, allow_nan=False).map(lambda t: round(t, 3)),
        quality=st.integers(0, 100),
        pdq=hex64,
    ),
    max_size=5,
)


@st.composite
def entries(draw: st.DrawFn) -> FileHashes:
    kind = draw(st.sampled_from(["image", "video", "other"]))
    e = FileHashes(path=draw(st.text(min_size=1, max_size=30)), kind=kind, sha256=draw(hex64), md5=draw(hex32))
    if kind == "image":
        e.pdq, e.quality = draw(hex64), draw(st.integers(0, 100))
        if draw(st.booleans()):
            e.dihedral = [e.pdq, *draw(st.lists(hex64, min_size=7, max_size=7))]
    if kind == "video" or (kind == "image" and draw(st.booleans())):
        e.frames = draw(frames)
    if draw(st.booleans()):
        e.error = draw(st.text(max_size=40))
    return e


@given(st.lists(entries(), max_size=6))
def test_round_trip(items: list[FileHashes]) -> None:
    back = parse_hash_document(dumps(items))
    assert [b.to_dict() for b in back] == [i.to_dict() for i in items]


def test_write_is_atomic_and_private(tmp_path: Path) -> None:
    target = tmp_path / "hashes.json"
    write_hash_file(target, [FileHashes(path="a.jpg", kind="other", sha256="0" * 64, md5="1" * 32)])
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["hashes.json"]
    assert read_hash_file(target)[0].md5 == "1" * 32


def _doc(**entry: object) -> bytes:
    base: dict[str, object] = {"path": "x.jpg", "kind": "image", "sha256": "a" * 64}
    base.update(entry)
    return orjson.dumps({"format": FORMAT, "files": [{"path": "ok", "kind": "other", "md5": "b" * 32}, base]})


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (b"{not json", "not valid JSON"),
        (orjson.dumps({"format": "other/2", "files": []}), "format is 'other/2'"),
        (orjson.dumps({"format": FORMAT, "files": {}}), "'files' must be a list"),
        (_doc(kind="picture"), "files[1].kind"),
        (_doc(pdq="xyz", quality=90), "files[1].pdq"),
        (_doc(pdq="c" * 64), "files[1].quality"),
        (_doc(pdq="c" * 64, quality=101), "files[1].quality"),
        (_doc(pdq="c" * 64, quality=90, dihedral=["c" * 64] * 7), "files[1].dihedral"),
        (_doc(pdq="c" * 64, quality=90, dihedral=["d" * 64] * 8), "files[1].dihedral[0]"),
        (_doc(frames=[{"frame": 0, "timestamp": 0, "quality": 90, "pdq": "c" * 63}]), "files[1].frames[0].pdq"),
        (_doc(frames=[{"frame": -1, "timestamp": 0, "quality": 90, "pdq": "c" * 64}]), "files[1].frames[0].frame"),
        (_doc(sha256="nothex" * 8), "files[1].sha256"),
        (orjson.dumps({"format": FORMAT, "files": [{"path": "a", "kind": "other"}]}), "has no hash at all"),
    ],
)
def test_bad_documents_name_the_problem(doc: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_hash_document(doc, "h.json")
    assert message in str(info.value)


def test_uppercase_hex_is_normalised_and_unknown_keys_ignored() -> None:
    doc = orjson.dumps(
        {"format": FORMAT, "files": [{"path": "a", "kind": "image", "pdq": "AB" * 32, "quality": 80, "new": 1}]}
    )
    (entry,) = parse_hash_document(doc)
    assert entry.pdq == "ab" * 32
