"""Plugins installed as separate distributions are found through the one ``tragac`` entry-point group.

The distribution here is a real (if tiny) installed package on ``sys.path``: a ``.dist-info`` folder with
``entry_points.txt``, as pip leaves it, holding the private detector + lexicon of docs/plugins.md."""

from __future__ import annotations

import importlib
import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.errors import ConfigError
from tragac.plugins import ENTRY_POINT_GROUP, get_manager
from tragac.plugins.manager import reset_manager
from tragac.signals.analyzer import TextAnalyzer
from tragac.signals.stage import analyzer_for

PACKAGE = "tragac_ngo_private"

MODULE = '''
"""A private detector and lexicon, shipped by an NGO as its own package (see docs/plugins.md)."""

from pathlib import Path

from tragac.plugins import hookimpl
from tragac.signals.base import Detector, Finding, MessageContext

HERE = Path(__file__).parent


class PrivateMarket(Detector):
    name = "ngo_private_market"
    category = "ncii_solicitation"
    help = "trading phrasing the NGO keeps out of the public lexicon"
    gated = True  # fires only on its lexicon role below, so the analyzer's fast paths may skip other messages
    triggers = frozenset({"ngo_market"})

    def detect(self, ctx: MessageContext) -> list[Finding]:
        hits = ctx.role("ngo_market")
        if not hits:
            return []
        return [Finding(self.category, "private_code", 0.8, [ctx.span(h) for h in hits], "ngo.market",
                        "a private trading code", {"terms": sorted({h.entry.id for h in hits})})]


@hookimpl
def register_detectors():
    return [PrivateMarket]


@hookimpl
def register_lexicons():
    return [HERE / "lexicon.yaml"]
'''

LEXICON = """
name: ngo-private
version: "1"
groups:
  - {id_prefix: ngo.market, category: ncii_solicitation, role: ngo_market, language: sr, weight: 0.9,
     phrases: ["zamena albuma"]}
"""


def _install(site: Path, name: str, module_text: str, *, entry: str = PACKAGE) -> None:
    """Lay out what ``pip install`` would: the package and its dist-info with the entry point."""
    pkg = site / PACKAGE
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(module_text, encoding="utf-8")
    (pkg / "lexicon.yaml").write_text(LEXICON, encoding="utf-8")
    info = site / f"{PACKAGE}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nngo_private = {entry}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    reset_manager()
    yield folder
    sys.modules.pop(PACKAGE, None)
    reset_manager()  # later tests get a manager without this distribution
    importlib.invalidate_caches()


def test_installed_plugin_adds_detector_and_lexicon(site: Path, tmp_path: Path) -> None:
    _install(site, "tragac-ngo-private", textwrap.dedent(MODULE))
    pm = get_manager()
    assert pm.has_plugin("ngo_private")
    home = tmp_path / "home"
    home.mkdir()
    analyzer: TextAnalyzer = analyzer_for(home)  # what `tragac signals run` and `tragac run` use
    findings = analyzer.analyze("ima neko zamena albuma veceras?")
    assert [(f.category, f.subtype, f.rule) for f in findings] == [("ncii_solicitation", "private_code", "ngo.market")]
    assert findings[0].evidence["terms"][0].startswith("ngo.market.")  # ids, never the private phrase
    assert analyzer.analyze_many(["dobro jutro", "zamena albuma"])[1]  # the batch fast path sees it too
    listed = CliRunner().invoke(app, ["signals", "detectors", "--json"])
    assert listed.exit_code == 0 and "ngo_private_market" in listed.stdout
    assert "ngo_private_market" in json.dumps(json.loads(listed.stdout))


def test_broken_plugin_is_one_clear_error(site: Path) -> None:
    _install(site, "tragac-broken", "raise RuntimeError('boom')\n")
    with pytest.raises(ConfigError, match=r"plugin 'ngo_private' \(tragac-broken: tragac_ngo_private\).*boom"):
        get_manager()


def test_old_stage_group_is_not_read(site: Path) -> None:
    """``tragac.stages`` (and the other per-kind groups) are folded into the one ``tragac`` group."""
    _install(site, "tragac-old-style", "def register_stages():\n    raise AssertionError\n", entry=PACKAGE)
    info = next(site.glob("*.dist-info"))
    (info / "entry_points.txt").write_text(f"[tragac.stages]\nold = {PACKAGE}\n", encoding="utf-8")
    assert not get_manager().has_plugin("old")


def test_misspelt_hook_is_an_error(site: Path) -> None:
    _install(
        site,
        "tragac-typo",
        "from tragac.plugins import hookimpl\n\n@hookimpl\ndef register_detector():\n    return []\n",
    )
    with pytest.raises(ConfigError, match="no such hook"):
        get_manager()
