"""`tragac bank`, `tragac match`, `tragac spread` from the command line: JSON shapes, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.store import open_store

from .conftest import World, flip_bits, random_pdq, write

runner = CliRunner()


def _run(home: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--home", str(home)])
    return result.exit_code, result.output


def _json(home: Path, *args: str) -> dict:
    code, out = _run(home, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def test_bank_lifecycle_from_the_command_line(tmp_path: Path, rng: np.random.Generator) -> None:
    home = tmp_path / "home"
    victim = random_pdq(rng)
    store = open_store(Settings(home=home))
    world = World(store)
    media = world.media("repost", pdq=flip_bits(victim, 7, rng))
    world.sighting(media, world.source("A"), 1)
    world.sighting(media, world.source("B"), 2)

    created = _json(home, "bank", "create", "case-1", "--kind", "victim_case", "--by", "ana")
    assert created["name"] == "case-1" and created["threshold"] == 31 and created["created_by"] == "ana"
    imported = _json(home, "bank", "import", "case-1", str(write(tmp_path / "h.csv", f"pdq,{victim},slika\n")))
    assert (imported["format"], imported["added"], imported["read"]) == ("csv", 1, 1)
    assert _json(home, "bank", "list")["banks"][0]["active"] == 1

    matched = _json(home, "match")
    assert matched["matches_added"] == 1
    assert matched["new_matches"][0]["distance"] == 7 and matched["new_matches"][0]["entry_label"] == "slika"
    shown = _json(home, "bank", "show", "case-1")
    assert shown["matches"] == 1 and shown["by_signal"] == {"pdq": {"active": 1}}

    spread = _json(home, "spread", "--min-sources", "2")
    assert spread["summary"]["clusters"] == 1 and spread["clusters"][0]["source_count"] == 2

    exported = _json(home, "bank", "export", "case-1", "--format", "stopncii", "-o", str(tmp_path / "out.json"))
    assert exported["written"] == 1
    withdrawn = _json(home, "bank", "withdraw", "case-1", "--hash", victim)
    assert withdrawn["changed"] == 1 and withdrawn["matches_removed"] == 1
    assert _json(home, "match")["matches_total"] == 0
    code, out = _run(home, "bank", "list")
    assert code == 0 and "case-1" in out
    deleted = _json(home, "bank", "delete", "case-1", "--yes")
    assert deleted == {"deleted": "case-1", "entries": 1, "matches": 0}
    store.close()


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code, out = _run(home, "bank", "create", "bad name", "--kind", "victim_case")
    assert code == 2 and "bank name" in out
    code, out = _run(home, "bank", "create", "x", "--kind", "nonsense")
    assert code == 2 and "victim_case" in out
    code, out = _run(home, "bank", "import", "missing", str(tmp_path / "nope.csv"))
    assert code == 2 and "no bank named 'missing'" in out
    _json(home, "bank", "create", "x", "--kind", "imported_list")
    code, out = _run(home, "bank", "import", "x", str(tmp_path / "nope.csv"))
    assert code == 2 and "no such file" in out
    code, out = _run(home, "bank", "import", "x", str(write(tmp_path / "b.txt", "zzz\n")))
    assert code == 2 and "b.txt" in out
    code, out = _run(home, "bank", "withdraw", "x")
    assert code == 2 and "--hash" in out
    code, out = _run(home, "bank", "delete", "x", "--json")
    assert code == 2 and "--yes" in out
    code, out = _run(home, "spread", "--min-sources", "0")
    assert code == 2


def test_every_command_has_help() -> None:
    for args in (["bank"], ["bank", "import"], ["bank", "export"], ["bank", "withdraw"], ["match"], ["spread"]):
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0
        assert "--home" in result.output or args == ["bank"]
