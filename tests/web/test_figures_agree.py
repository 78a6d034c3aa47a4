"""One figure, one source: on the demo corpus the dashboard, the sources pages, `tragac stats --json`, the API and the
report print the same messages, authors, joins and leaves, and each figure opens the rows behind it, as many as it
says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tragac.analytics.report import build_report
from tragac.cli.main import app as cli
from tragac.config import Settings
from tragac.demo import generate
from tragac.pipeline import run_stages
from tragac.sources import telegram_json
from tragac.store import Store, open_store
from tragac.web.accounts import create_user
from tragac.web.app import create_app

from .conftest import PASSWORD, SignedIn, login


@dataclass
class Demo:
    home: Path
    store: Store
    truth: dict[str, Any]
    stats: dict[str, Any]
    report: dict[str, Any]
    analyst: SignedIn
    viewer: SignedIn


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    root = tmp_path_factory.mktemp("figures")
    export = generate.generate_corpus(root / "export", seed=11, days=7, scale=0.05)
    truth = orjson.loads((export / "truth.json").read_bytes())
    settings = Settings(home=root / "home")
    store = open_store(settings)
    telegram_json.ingest_path(store, export)
    run_stages(store)
    result = CliRunner().invoke(cli, ["stats", "--json", "--home", str(root / "home")])
    assert result.exit_code == 0, result.output
    stats = orjson.loads(result.stdout)
    report = build_report(store, root / "report", lang="en").figures
    for role in ("analyst", "viewer"):
        create_user(store, role, role, PASSWORD)
    web = create_app(settings, store=store)
    with TestClient(web) as a, TestClient(web) as v:
        yield Demo(root / "home", store, truth, stats, report, login(a, "analyst"), login(v, "viewer"))
    store.close()


def _num(cell: str) -> int:
    return int(re.sub(r"<[^>]+>|[,\s]", "", cell))


def _sources_page(me: SignedIn) -> dict[str, dict[str, int]]:
    """Each source's figures as the sources page shows them (every figure is a link for an analyst)."""
    page = me.client.get("/sources").text
    out: dict[str, dict[str, int]] = {}
    for figure, sid, n in re.findall(r'data-figure="(\w+)" href="/rows/\w+\?source=(\d+)[^"]*">([\d,]+)</a>', page):
        out.setdefault(sid, {})[figure] = _num(n)
    return out


def test_sources_page_stats_report_and_api_agree(demo: Demo) -> None:
    page = _sources_page(demo.analyst)
    stats = {str(s["id"]): s for s in demo.stats["sources"]}
    report = {str(r["source_id"]): r for r in demo.report["per_source"]}
    api = {str(s["id"]): s for s in demo.analyst.client.get("/api/v1/stats").json()["sources"]}
    assert set(page) == set(stats) == set(report) == set(api) and len(page) == len(demo.truth["chats"])
    for sid, row in page.items():
        s = stats[sid]
        joins = sum(d["joins"] for d in s["per_day"])
        leaves = sum(d["leaves"] for d in s["per_day"])
        assert row == {"messages": s["messages"], "authors": s["authors"], "joins": joins, "leaves": leaves}
        r = report[sid]
        assert (r["messages"], r["authors"], r["joins"], r["leaves"]) == (s["messages"], s["authors"], joins, leaves)
        assert api[sid] == s
        # Authors are people who wrote: fewer than the people seen joining and writing together.
        assert 0 < s["authors"] < s["messages"]
    chats = {c["title"]: c for c in demo.truth["chats"]}
    for s in demo.stats["sources"]:
        assert s["messages"] == chats[s["title"]]["messages"]


def test_dashboard_totals_equal_stats_and_report(demo: Demo) -> None:
    first = min(s["first"][:10] for s in demo.stats["sources"])
    last = max(s["last"][:10] for s in demo.stats["sources"])
    page = demo.analyst.client.get(f"/?since={first}&until={last}").text
    shown = {w: _num(n) for n, w in re.findall(r"<li><b>(.*?)</b> (messages|authors|joins|leaves)</li>", page)}
    total = {
        "messages": sum(s["messages"] for s in demo.stats["sources"]),
        "joins": sum(d["joins"] for s in demo.stats["sources"] for d in s["per_day"]),
        "leaves": sum(d["leaves"] for s in demo.stats["sources"] for d in s["per_day"]),
        "authors": demo.report["overview"]["active_authors"],  # distinct over every group, as the report says
    }
    assert shown == total
    assert demo.report["overview"]["messages"] == total["messages"]


@pytest.mark.parametrize("figure", ["messages", "authors", "joins", "leaves"])
def test_every_figure_opens_its_rows(demo: Demo, figure: str) -> None:
    sources = demo.analyst.client.get("/sources").text
    links = re.findall(rf'data-figure="{figure}" href="([^"]+)">([\d,]+)</a>', sources)
    assert len(links) == len(demo.truth["chats"])
    for href, n in links:
        rows = demo.analyst.client.get(href.replace("&amp;", "&"))
        assert rows.status_code == 200
        count = re.search(r'id="row-count" data-total="(\d+)"', rows.text)
        assert count and int(count.group(1)) == _num(n), href
    # The dashboard's figures link to the same pages with its window.
    dash = demo.analyst.client.get("/").text
    (href,) = re.findall(rf'data-figure="{figure}" href="([^"]+)"', dash)
    assert "since=" in href and "until=" in href
    # Viewers see the numbers, not the rows (message text and names are for analysts).
    assert 'data-figure="' not in demo.viewer.client.get("/sources").text
    assert demo.viewer.client.get(f"/rows/{figure}").status_code == 403


def test_rows_pages_reject_unknown_figures_and_sources(demo: Demo) -> None:
    assert demo.analyst.client.get("/rows/passwords").status_code == 404
    assert demo.analyst.client.get("/rows/messages?source=999999").status_code == 404
    assert demo.analyst.client.get("/rows/messages?since=yesterday").status_code == 400


def test_each_daily_bar_opens_the_rows_of_its_day(demo: Demo) -> None:
    first = min(s["first"][:10] for s in demo.stats["sources"])
    last = max(s["last"][:10] for s in demo.stats["sources"])
    dash = demo.analyst.client.get(f"/?since={first}&until={last}").text
    bars = re.findall(r'<a href="(/rows/(\w+)\?[^"]+)"><rect class="bar"[^>]*><title>[^<]*: (\d+)</title>', dash)
    kinds = {k for _, k, _ in bars}
    assert {"messages", "joins"} <= kinds
    checked = 0
    for href, _kind, n in bars[:: max(1, len(bars) // 12)]:  # a dozen bars across the charts
        page = demo.analyst.client.get(href.replace("&amp;", "&")).text
        count = re.search(r'id="row-count" data-total="(\d+)"', page)
        assert count and int(count.group(1)) == int(n), href
        checked += 1
    assert checked >= 6
    assert re.search(r'<a href="/review\?state=all&amp;category=\w+&amp;source=&amp;since=', dash)
    assert '<a href="/rows/' not in demo.viewer.client.get(f"/?since={first}&until={last}").text


def test_source_page_bars_open_the_rows_of_their_day(demo: Demo) -> None:
    sid = demo.stats["sources"][0]["id"]
    page = demo.analyst.client.get(f"/sources/{sid}").text
    bars = re.findall(r'<a href="(/rows/messages\?[^"]+)"><rect class="bar"[^>]*><title>[^<]*: (\d+)</title>', page)
    assert bars and all(f"source={sid}&amp;" in href for href, _ in bars)
    href, n = bars[len(bars) // 2]
    rows = demo.analyst.client.get(href.replace("&amp;", "&")).text
    assert re.search(rf'id="row-count" data-total="{n}"', rows)
