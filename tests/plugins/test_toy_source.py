"""A toy source registered from a plugin (``register_sources``) is a source like the built-ins: ``tragac ingest``
finds it by sniffing (before the built-ins, so it may claim a .csv), names it in ``--source``, writes through the
store writer (idempotent), and the pipeline's text signals run on what it read. Unregistered, it is gone."""

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
from tragac.sources.base import IngestResult, Source, source_for
from tragac.sources.generic.threads import Thread, ingest_threads, stable_id
from tragac.sources.records import MessageRecord, SourceRecord
from tragac.store import Store, open_store

MAGIC = "#toy-chat v1"


class ToySource(Source):
    """``#toy-chat v1`` then ``<author>: <text>`` lines, one minute apart: a stand-in for a platform Tragač does
    not ship. It claims any file that starts with its magic line, whatever its name (a ``.csv`` included)."""

    name = "toy"
    help = "toy chat lines (a plugin's source)"

    def sniff(self, path: Path) -> bool:
        if not path.is_file():
            return False
        with path.open("rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC.encode()

    def ingest(self, store: Store, path: Path, *, timezone: str, reporter: Reporter) -> IngestResult:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

        def records() -> Iterator[MessageRecord]:
            for n, line in enumerate(lines):
                author, _, text = line.partition(": ")
                yield MessageRecord(
                    platform_message_id=stable_id(path.name, n),
                    kind="message",
                    date=start + timedelta(minutes=n),
                    author_id=f"toy:{author}",
                    author_name=author,
                    text=text,
                ).finish()

        source = SourceRecord(platform="toy", platform_id=path.stem, kind="group", title=f"Toy {path.stem}")
        return ingest_threads(
            store,
            iter([Thread("toy", source, records())]),
            path=path,
            root=path.parent,
            size=path.stat().st_size,
            timezone=timezone,
            reporter=reporter,
            label=path.name,
        )


class ToyPlugin:
    @hookimpl
    def register_sources(self) -> list[Source]:
        return [ToySource()]


@pytest.fixture
def toy() -> Iterator[ToyPlugin]:
    plugin = ToyPlugin()
    get_manager().register(plugin, name="toy-source")
    try:
        yield plugin
    finally:
        get_manager().unregister(plugin)


def _toy_file(tmp_path: Path, name: str = "chat.csv") -> Path:
    f = tmp_path / name
    f.write_text(f"{MAGIC}\nana: dobro jutro\nmarko: ubiću te ako dođeš\nana: prijavila sam te\n", encoding="utf-8")
    return f


def _cli(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_a_plugin_source_ingests_and_the_pipeline_reads_it(toy: ToyPlugin, tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    f = _toy_file(tmp_path)
    assert source_for(f).name == "toy"  # a .csv, but the plugin is asked before the generic built-in
    first = _cli("ingest", str(f), "--home", home)
    assert (first["sources"], first["messages_added"]) == (1, 3)
    again = _cli("ingest", str(f), "--home", home)
    assert (again["messages_added"], again["messages_unchanged"]) == (0, 3)
    _cli("run", "--home", home)
    store = open_store(Settings(home=Path(home)))
    try:
        with store.engine.connect() as c:
            flags = list(
                c.execute(
                    sa.text(
                        "SELECT s.platform, m.text, f.rule FROM flag f JOIN message m ON m.id = f.message_id "
                        "JOIN source s ON s.id = m.source_id"
                    )
                )
            )
            authors = sorted(r[0] for r in c.execute(sa.text("SELECT platform_id FROM author WHERE platform = 'toy'")))
    finally:
        store.close()
    assert ("toy", "ubiću te ako dođeš", "harassment.threat") in flags
    assert authors == ["toy:ana", "toy:marko"]


def test_named_with_source_and_listed_among_the_choices(toy: ToyPlugin, tmp_path: Path) -> None:
    f = _toy_file(tmp_path, "chat.txt")
    assert source_for(f, "toy").name == "toy"
    result = CliRunner().invoke(app, ["ingest", str(f), "--source", "nope", "--home", str(tmp_path / "h")])
    assert result.exit_code == 2 and "toy" in result.output and "instagram" in result.output


def test_unregistered_the_toy_source_is_gone(tmp_path: Path) -> None:
    f = _toy_file(tmp_path, "chat.txt")
    result = CliRunner().invoke(app, ["ingest", str(f), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert "no source reads this" in result.output
    csv_file = _toy_file(tmp_path, "chat.csv")  # without the plugin, the generic source reads it and names why
    result = CliRunner().invoke(app, ["ingest", str(csv_file), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2 and "missing column(s)" in result.output
