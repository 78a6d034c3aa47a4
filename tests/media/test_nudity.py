"""The optional nudity score: a clear message without the extra; low scores on benign generated pictures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tragac.errors import ConfigError
from tragac.media import nudity
from tragac.media.hasher import HashOptions, hash_file

from .generated import jpeg_bytes, make_picture


def test_missing_extra_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nudity, "_bundled_model", lambda: None)
    assert not nudity.available()
    with pytest.raises(ConfigError, match=r"tragac\[nsfw\]"):
        nudity.NudityScorer()


@pytest.mark.skipif(not nudity.available(), reason="the tragac[nsfw] extra is not installed")
def test_benign_pictures_score_low(tmp_path: Path, pdq_fixtures: Path) -> None:
    paths = [tmp_path / f"{seed}.jpg" for seed in range(6)]
    for seed, p in enumerate(paths):
        p.write_bytes(jpeg_bytes(make_picture(seed, (400, 300))))
    paths += sorted((pdq_fixtures / "reg-test-input" / "labelme-subset").glob("*.jpg"))
    scores = [hash_file(p, HashOptions(nudity=True)).nudity for p in paths]
    assert all(s is not None and 0.0 <= s < 0.5 for s in scores), scores
    assert hash_file(paths[0]).nudity is None  # only computed when asked
