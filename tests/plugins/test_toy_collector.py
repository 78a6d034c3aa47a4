"""A toy live source registered from a plugin (``register_collectors``) is a collector like live Telegram and the
web watch: ``tragac collect run --once --source NAME`` runs it, it writes through the store writer (a second pass
adds nothing), and the pipeline's text signals run on what it collected. Unregistered, the name is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.plugins import get_manager, hookimpl
from tragac.progress import Reporter
from tragac.sources.base import COLLECTORS, Collector
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.sources.writer import StoreWriter
from tragac.store import Store, open_store

FEED = [("ana", "dobro jutro svima"), ("marko", "ubiću te ako dođeš sutra"), ("ana", "prijavila sam te")]


class ToyFeed(Collector):
    """A stand-in for a live service Tragač does not ship: three posts of one fictional forum thread."""

    name = "toy-feed"
    help = "a toy live feed (a plugin's collector)"

    def collect_once(self, store: Store, *, reporter: Reporter, **options: Any) -> dict[str, Any]:
        writer = StoreWriter(store, platform="toy")
        source_id = writer.source(SourceRecord(platform="toy", platform_id="thread-1", kind="group", title="Toy"))
        start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        records = [
            MessageRecord(
                platform_message_id=n + 1,
                kind="message",
                date=start + timedelta(minutes=n),
                author_id=f"toy:{author}",
                author_name=author,
                text=text,
            ).finish()
            for n, (author, text) in enumerate(FEED)
        ]
        result = writer.write(source_id, records)
        return {"added": result.added, "unchanged": result.unchanged}


class ToyPlugin:
    @hookimpl
    def register_collectors(self) -> list[Collector]:
        return [ToyFeed()]


@pytest.fixture
def toy() -> Iterator[ToyPlugin]:
    plugin = ToyPlugin()
    get_manager().register(plugin, name="toy-collector")
    try:
        yield plugin
    finally:
        get_manager().unregister(plugin)


def _cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_a_plugin_collector_runs_like_the_built_in_ones(toy: ToyPlugin, tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    assert list(COLLECTORS)[:2] == ["telegram", "web"] and "toy-feed" in COLLECTORS
    first = json.loads(_cli("collect", "run", "--once", "--source", "toy-feed", "--json", "--home", home))
    assert first == {"added": 3, "unchanged": 0}
    again = json.loads(_cli("collect", "run", "--once", "--source", "toy-feed", "--json", "--home", home))
    assert again == {"added": 0, "unchanged": 3}
    assert "added: 0" in _cli("collect", "run", "--once", "--source", "toy-feed", "--home", home)
    _cli("run", "--home", home)
    store = open_store(Settings(home=Path(home)))
    try:
        with store.engine.connect() as c:
            flags = list(
                c.execute(sa.text("SELECT m.text, f.category FROM flag f JOIN message m ON m.id = f.message_id"))
            )
    finally:
        store.close()
    assert flags == [("ubiću te ako dođeš sutra", "harassment")]


def test_collectors_are_named_and_run_one_pass_at_a_time(toy: ToyPlugin, tmp_path: Path) -> None:
    out = _cli("collect", "run", "--source", "toy-feed", "--home", str(tmp_path / "h"), code=2)
    assert "--once" in out
    out = _cli("collect", "run", "--once", "--source", "nope", "--home", str(tmp_path / "h"), code=2)
    assert "toy-feed" in out and "web" in out and "telegram" in out


def test_unregistered_the_toy_collector_is_gone(tmp_path: Path) -> None:
    out = _cli("collect", "run", "--once", "--source", "toy-feed", "--home", str(tmp_path / "h"), code=2)
    assert "unknown collector 'toy-feed'" in out
