"""A plugin registered in-process provides one of every extension point, and the product uses each one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cases.helpers import case_with_matches
from tragac.analytics.report import render_html
from tragac.cases.linker import refresh_cases
from tragac.cases.notices import TEMPLATES
from tragac.cases.notices.service import draft_notice
from tragac.cli.main import app
from tragac.config import Settings
from tragac.matching.formats import FORMATS
from tragac.pipeline import run_stages
from tragac.plugins import get_manager
from tragac.signals.base import detector_classes
from tragac.sources.base import source_for
from tragac.store import Store, open_store
from tragac.text.normalize import normalize
from tragac.text.recognizers import find_entities

from . import sample_plugin

MESSAGES = [
    "1|dobro jutro svima",
    f"2|ko ima {sample_plugin.WORD} od juce",
    "3|ulazite ovde t.me/+AbCdEfGh1234 brzo",
]


@pytest.fixture
def plugin() -> Iterator[object]:
    pm = get_manager()
    pm.register(sample_plugin, name="sample")
    try:
        yield sample_plugin
    finally:
        pm.unregister(sample_plugin)


def _cli(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ingest_and_scan(home: Path) -> tuple[dict[str, object], dict[str, object]]:
    data = home.parent / "chat.lines"
    data.write_text("\n".join(MESSAGES) + "\n", encoding="utf-8")
    ingested = _cli("ingest", str(data), "--home", str(home))
    scanned = _cli("signals", "run", "--home", str(home))
    return ingested, scanned


def _flags(home: Path) -> list[tuple[str, str, str]]:
    from tragac.store.models.signals import Flag

    store = open_store(Settings(home=home))
    try:
        with store.session() as s:
            return sorted((f.rule, f.category, f.subtype or "") for f in s.query(Flag))
    finally:
        store.close()


def test_each_extension_point_is_listed(plugin: object) -> None:
    assert "plugin_code_word" in [c.name for c in detector_classes()]
    assert "md5list" in FORMATS and "ngo_letter" in TEMPLATES
    assert list(TEMPLATES)[:3] == ["telegram", "dsa_hosting", "police_referral"]  # built-ins keep their order
    text = "ulazite ovde t.me/+AbCdEfGh1234 brzo"
    assert [e.type for e in find_entities(text, normalize(text))] == ["telegram_invite"]


def test_unregistered_plugin_is_gone_everywhere(plugin: object) -> None:
    get_manager().unregister(sample_plugin)
    try:
        assert "plugin_code_word" not in [c.name for c in detector_classes()]
        assert "md5list" not in FORMATS and "ngo_letter" not in TEMPLATES
        text = "t.me/+AbCdEfGh1234"
        assert find_entities(text, normalize(text)) == []
    finally:
        get_manager().register(sample_plugin, name="sample")


def test_source_detector_and_recogniser_on_the_product_path(plugin: object, tmp_path: Path) -> None:
    home = tmp_path / "home"
    ingested, scanned = _ingest_and_scan(home)
    assert ingested["sources"] == 1 and ingested["messages_added"] == 3  # the plugin source read the file
    assert scanned["messages"] == 3
    flags = _flags(home)
    assert ("plugin.code_word", "harassment", "code_word") in flags  # the plugin detector flagged message 2
    assert (
        "doxxing.plugin.invite",
        "doxxing",
        "telegram_invite",
    ) in flags  # the doxxing detector used the plugin recogniser


def test_source_dispatch_prefers_plugins_and_falls_back(plugin: object, tmp_path: Path) -> None:
    lines = tmp_path / "x.lines"
    lines.write_text("1|a\n")
    assert source_for(lines).name == "lines"
    assert source_for(tmp_path).name == "telegram-json"  # a folder: the built-in Telegram export
    assert source_for(lines, "telegram-json").name == "telegram-json"


def test_hash_format_imports_a_bank(plugin: object, tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    bank = tmp_path / "list.md5list"
    bank.write_text("#md5list\n" + "\n".join(f"{i:032x}" for i in range(1, 6)) + "\n")
    _cli("bank", "create", "ngo", "--kind", "imported_list", "--home", home)
    out = _cli("bank", "import", "ngo", str(bank), "--home", home)
    assert json.dumps(out).count("5") >= 1, out
    store = open_store(Settings(home=Path(home)))
    try:
        from tragac.store.models import BankEntry

        with store.session() as s:
            assert sorted(e.value for e in s.query(BankEntry)) == [f"{i:032x}" for i in range(1, 6)]
    finally:
        store.close()


def test_notice_template_drafts_a_notice(plugin: object, sqlite_store: Store) -> None:
    cfg = sqlite_store.settings.with_values(notifier_name="Mila", notifier_email="mila@ngo.example")
    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=cfg)
    n = draft_notice(sqlite_store, "t", template_name="ngo_letter", language="en", actor="cw", config=cfg)
    assert n.recipient == "abuse@host.example"
    assert n.subject == "Request t" and n.body.startswith("Dear host,") and "Signed: Mila" in n.body


def test_report_section_and_stage(plugin: object, tmp_path: Path) -> None:
    home = tmp_path / "home"
    _ingest_and_scan(home)
    store = open_store(Settings(home=home))
    try:
        html, figures = render_html(store, lang="en")
        assert 'class="plugin-section"' in html and "Plugin section saw 1 source(s)." in html
        assert figures["plugin_section"] == {"sources": 1}
        assert run_stages(store, only=["plugin_count"])["plugin_count"]["ran"] is True
    finally:
        store.close()
