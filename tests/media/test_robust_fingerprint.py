"""The robust fingerprint end to end on generated pictures: files hashed by ``hash_file`` (reference mode for the
original, monitored mode for the repost), compared by :func:`tragac.matching.verify.compare`."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from tragac.fingerprints.windows import CANDIDATE_THRESHOLD, QUERY_WINDOWS, REFERENCE_WINDOWS
from tragac.matching.verify import compare
from tragac.media.hasher import FileHashes, HashOptions, hash_file
from tragac.media.robust import trim_box
from tragac.media.robust_types import LocalFeatures

from .generated import jpeg_bytes, make_picture

SEEDS = range(6)


def _noisy(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """make_picture plus sensor-like noise (a camera picture is never flat)."""
    arr = np.asarray(make_picture(seed, size), dtype=np.float32)
    arr += np.random.default_rng(seed).normal(0, 4, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _crop_side(im: Image.Image) -> Image.Image:
    w, h = im.size
    return im.crop((int(w * 0.2), 0, w, int(h * 0.8)))  # 20 % off the left and the bottom


def _rotate5(im: Image.Image) -> Image.Image:
    return im.rotate(5, resample=Image.BICUBIC, fillcolor=(0, 0, 0))


def _screenshot(im: Image.Image) -> Image.Image:
    canvas = Image.new("RGB", (390, 844), (12, 12, 12))
    d = ImageDraw.Draw(canvas)
    d.text((18, 10), "21:37", fill=(255, 255, 255), font=ImageFont.load_default(size=15))
    d.rectangle((0, 40, 390, 96), fill=(40, 60, 80))
    d.rectangle((0, 774, 390, 844), fill=(40, 60, 80))
    shown = im.resize((390, round(390 * im.size[1] / im.size[0])))
    canvas.paste(shown, (0, 96 + (678 - shown.size[1]) // 2))
    return canvas


def _overlay(im: Image.Image) -> Image.Image:
    out = im.copy()
    ImageDraw.Draw(out).text(
        (40, 30), "RATE 9/10", fill=(255, 255, 255), font=ImageFont.load_default(size=48), stroke_width=3,
        stroke_fill=(0, 0, 0),
    )  # fmt: skip
    return out


def _mirror(im: Image.Image) -> Image.Image:
    return im.transpose(Image.FLIP_LEFT_RIGHT)


TRANSFORMS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "crop_side_20": _crop_side,
    "rotate_5": _rotate5,
    "screenshot": _screenshot,
    "overlay_text": _overlay,
    "mirror": _mirror,
}


def _hash(tmp: Path, name: str, im: Image.Image, reference: bool) -> FileHashes:
    path = tmp / f"{name}.jpg"
    path.write_bytes(jpeg_bytes(im, 90 if reference else 80))
    result = hash_file(path, HashOptions(reference=reference, robust=True))
    assert result.error is None and result.windows and result.local_features
    return result


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Image.Image, FileHashes]]:
    tmp = tmp_path_factory.mktemp("robust")
    return {s: (im := _noisy(s), _hash(tmp, f"original{s}", im, True)) for s in SEEDS}


def _matches(query: FileHashes, reference: FileHashes) -> bool:
    assert query.windows and query.local_features and reference.windows and reference.local_features
    return compare(query.windows, query.local_features, reference.windows, reference.local_features).matched


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
def test_reposted_copies_match_their_original(
    references: dict[int, tuple[Image.Image, FileHashes]], transform: str, tmp_path: Path
) -> None:
    found = 0
    for seed, (im, ref) in references.items():
        query = _hash(tmp_path, f"{transform}{seed}", TRANSFORMS[transform](im), reference=False)
        found += _matches(query, ref)
    assert found >= len(SEEDS) - 1, f"{transform}: {found} of {len(SEEDS)}"


def test_different_pictures_do_not_match(references: dict[int, tuple[Image.Image, FileHashes]], tmp_path: Path) -> None:
    queries = {s: _hash(tmp_path, f"q{s}", _screenshot(im), reference=False) for s, (im, _) in references.items()}
    for a, b in itertools.permutations(SEEDS, 2):
        assert not _matches(queries[a], references[b][1]), (a, b)


def test_hash_options_choose_the_window_set(
    references: dict[int, tuple[Image.Image, FileHashes]], tmp_path: Path
) -> None:
    ref = references[0][1]
    assert ref.windows is not None and {w.window for w in ref.windows} == {w.name for w in REFERENCE_WINDOWS}
    query = _hash(tmp_path, "monitored", references[0][0], reference=False)
    assert query.windows is not None and {w.window for w in query.windows} == {w.name for w in QUERY_WINDOWS}
    plain = hash_file(tmp_path / "monitored.jpg", HashOptions())
    assert plain.windows is None and plain.local_features is None  # opt-in: nothing extra unless asked


def test_explain_names_window_distance_and_inliers(
    references: dict[int, tuple[Image.Image, FileHashes]], tmp_path: Path
) -> None:
    im, ref = references[1]
    query = _hash(tmp_path, "crop", _crop_side(im), reference=False)
    assert query.windows and query.local_features and ref.windows and ref.local_features
    explained = compare(query.windows, query.local_features, ref.windows, ref.local_features).explain()
    assert explained["matched"] is True
    assert explained["fingerprint"] == "pdq_window"
    window = explained["window"]
    assert isinstance(window, dict) and window["reference"].startswith(("corner:", "grid:", "centre:"))
    distance = explained["distance"]
    assert isinstance(distance, int) and 0 <= distance <= CANDIDATE_THRESHOLD


@settings(max_examples=40, deadline=None)
@given(
    top=st.integers(0, 60), bottom=st.integers(0, 60), left=st.integers(0, 60), right=st.integers(0, 60),
    grey=st.integers(0, 255), seed=st.integers(0, 5),
)  # fmt: skip
def test_trim_removes_uniform_borders(top: int, bottom: int, left: int, right: int, grey: int, seed: int) -> None:
    # A picture's own edge lines are never perfectly uniform (noise); a border's are.
    pic = np.asarray(_noisy(seed, (200, 150)))
    framed = np.full((150 + top + bottom, 200 + left + right, 3), grey, dtype=np.uint8)
    framed[top : top + 150, left : left + 200] = pic
    x0, y0, x1, y1 = trim_box(framed)
    assert abs(x0 - left) <= 2 and abs(y0 - top) <= 2
    assert abs(x1 - (left + 200)) <= 2 and abs(y1 - (top + 150)) <= 2


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.binary(min_size=32, max_size=32)), max_size=50))
def test_local_features_round_trip(points: list[tuple[float, float, bytes]]) -> None:
    feats = LocalFeatures(
        np.array([(x, y) for x, y, _ in points], dtype=np.float32).reshape(-1, 2),
        np.frombuffer(b"".join(d for _, _, d in points), dtype=np.uint8).reshape(-1, 32),
    )
    back = LocalFeatures.from_bytes(feats.to_bytes())
    assert back.descriptors.tobytes() == feats.descriptors.tobytes()
    assert np.allclose(back.points, feats.points, atol=1 / 65535)
