"""A victim's picture hashed with `tragac hash --robust` on "her device", a victim-case bank that opted in to robust
matching, and an export that re-posts the picture cropped, in a phone screenshot and beside an unrelated picture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson
from PIL import Image
from typer.testing import CliRunner

from media.generated import jpeg_bytes
from media.test_robust_fingerprint import TRANSFORMS, _noisy
from policy.helpers import Post, ingest_and_run, write_export
from tragac.cli.main import app as cli
from tragac.store import Store

BANK = "case-robust"


def env(store: Store) -> dict[str, str]:
    out = {"TRAGAC_HOME": str(store.settings.home)}
    if store.settings.database_url:
        out["TRAGAC_DATABASE_URL"] = store.settings.database_url
    return out


def tragac(store: Store, *args: str) -> dict:
    res = CliRunner().invoke(cli, [*args, "--json"], env=env(store))
    assert res.exit_code == 0, res.output
    return orjson.loads(res.output)


@dataclass
class RobustWorld:
    store: Store
    original: Image.Image
    posts: dict[str, int]  # transform name -> platform message id


def robust_world(store: Store, tmp_path: Path, transforms: tuple[str, ...]) -> RobustWorld:
    her = _noisy(3)
    device = tmp_path / "device"
    device.mkdir()
    (device / "her.jpg").write_bytes(jpeg_bytes(her, 92))
    hashes = tmp_path / "her-hashes.json"
    res = CliRunner().invoke(cli, ["hash", str(device / "her.jpg"), "--robust", "-o", str(hashes), "--workers", "0"])
    assert res.exit_code == 0, res.output
    tragac(store, "bank", "create", BANK, "--kind", "victim_case")
    assert tragac(store, "bank", "configure", BANK, "--robust")["changed"] == {"robust": [False, True]}
    assert tragac(store, "bank", "import", BANK, str(hashes))["robust"] == 1
    posts = {name: i + 1 for i, name in enumerate(transforms)}
    stranger = _noisy(11)  # someone else's picture: must not match
    export = [Post(i, "", photo=jpeg_bytes(TRANSFORMS[name](her), 80), offset_s=i) for name, i in posts.items()]
    export.append(Post(99, "", photo=jpeg_bytes(stranger, 80), offset_s=99))
    ingest_and_run(store, write_export(tmp_path / "export", export))
    return RobustWorld(store, her, posts)
