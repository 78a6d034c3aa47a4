"""End to end on the demo corpus: generate, ingest, run every stage, then the report and the exports must show
the figures truth.json implies and none of the planted personal data."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from tragac.analytics.exports import TABLES, export_table
from tragac.analytics.report import ReportResult, build_report
from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store import models as m

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "report"


@dataclass
class Demo:
    store: Store
    truth: dict[str, Any]
    report: ReportResult
    exports: dict[str, Path]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    generate = pytest.importorskip("tragac.demo.generate")
    ingest = pytest.importorskip("tragac.sources.telegram_json")
    from tragac.pipeline import run_stages

    root = tmp_path_factory.mktemp("demo")
    export = generate.generate_corpus(root / "export", seed=7, days=7, scale=0.05)
    truth = orjson.loads((export / "truth.json").read_bytes())
    store = open_store(Settings(home=root / "home"))
    ingest.ingest_path(store, export)
    _watch(store, truth["watched_identity"])
    run_stages(store)
    report = build_report(store, root / "report", lang="en")
    exports = {}
    for name in TABLES:
        exports[name] = root / f"{name}.csv"
        export_table(store, name, "csv", exports[name])
    yield Demo(store, truth, report, exports)
    store.close()


def _watch(store: Store, ident: dict[str, Any]) -> None:
    """The caseworker registers the fictional victim, as `tragac demo` would."""
    from tragac.cases import service

    service.create_case(store, "demo-case", pseudonym="Klijentkinja D", caseworker="demo")
    service.add_identities(
        store,
        "demo-case",
        [
            {
                "name": ident["name"],
                "handles": [ident["instagram"]],
                "phones": [ident["phone"]],
                "addresses": [ident["address"]],
            }
        ],
        actor="demo",
    )


def planted_values(truth: dict[str, Any]) -> list[str]:
    w = truth["watched_identity"]
    values = [*w["forms"], w["jmbg"], w["phone"], *w["phone_spellings"], w["address"], w["email"], w["instagram"]]
    for p in truth["planted_messages"]:
        if p["category"] == "doxxing":
            v = p["values"]
            keys = ("jmbg", "phone", "written", "address", "email", "instagram")
            values += [str(v[k]) for k in keys if v.get(k)]
            if " " in v.get("name", ""):  # full names; a lone first name next to masked data identifies nobody
                values.append(v["name"])
    return sorted({v for v in values if len(v) >= 5})


def assert_clean(text: str, truth: dict[str, Any], where: str) -> None:
    folded = text.casefold()
    leaked = [v for v in planted_values(truth) if v.casefold() in folded]
    assert not leaked, f"{where}: {leaked}"
    digits = re.sub(r"\D", "", text)
    phones = {re.sub(r"\D", "", truth["watched_identity"]["phone"])[-9:]}
    phones |= {
        re.sub(r"\D", "", p["values"]["phone"])[-9:] for p in truth["planted_messages"] if "phone" in p["values"]
    }
    assert not [p for p in phones if p in digits], f"{where}: a phone number's digits survive"


def test_figures_are_those_truth_implies(demo: Demo) -> None:
    o = demo.report.figures["overview"]
    t = demo.truth
    assert o["sources"] == len(t["chats"])
    assert o["messages"] == t["totals"]["messages"]
    assert o["busiest_day"] == t["busiest_day"]
    biggest = max(t["chats"], key=lambda c: c["members"])
    assert o["largest_group"]["title"] == biggest["title"]
    assert o["largest_group"]["members"] == biggest["members"]  # founders + joins − leaves
    per = {r["title"]: r for r in demo.report.figures["per_source"]}
    for chat in t["chats"]:
        assert per[chat["title"]]["messages"] == chat["messages"]
        assert (per[chat["title"]]["joins"], per[chat["title"]]["leaves"]) == (chat["joins"], chat["leaves"])


def test_planted_cluster_group_count(demo: Demo) -> None:
    ids = {c["id"] for c in demo.truth["chats"]}
    spread = {r["hash"]: r for r in demo.report.figures["spread"]["top"]}
    checked = 0
    for cluster in demo.truth["planted_media"]["clusters"]:
        posts = [cluster["original"], *[r for r in cluster["reposts"] if r["transform"] != "mirror"]]
        groups = {p["chat_id"] for p in posts} & ids
        with demo.store.session() as s:
            media_id = s.scalar(select(m.Media.id).where(m.Media.sha256 == cluster["original"]["sha256"]))
            row = s.execute(
                select(m.Media.pdq, m.Media.sha256)
                .join(m.SpreadCluster, m.SpreadCluster.representative_media_id == m.Media.id)
                .join(m.SpreadMember, m.SpreadMember.cluster_id == m.SpreadCluster.id)
                .where(m.SpreadMember.media_id == media_id)
            ).first()
        if row is None or len(groups) < 2:
            continue
        key = f"pdq:{row[0][:16]}…" if row[0] else f"sha256:{row[1][:16]}…"
        assert spread[key]["groups"] == len(groups), cluster["id"]
        checked += 1
    assert checked >= 2


def test_nothing_personal_in_html_pdf_or_exports(demo: Demo) -> None:
    html = demo.report.html.read_text(encoding="utf-8")
    assert_clean(html, demo.truth, "report.html")
    for name, path in demo.exports.items():
        assert_clean(path.read_text(encoding="utf-8"), demo.truth, f"{name}.csv")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed: apt-get install poppler-utils")
    assert demo.report.pdf is not None
    text = subprocess.run(["pdftotext", str(demo.report.pdf), "-"], capture_output=True, text=True, check=True)
    assert "Monitoring report" in text.stdout
    assert_clean(text.stdout, demo.truth, "report.pdf")


def test_the_pdf_renders_quickly(demo: Demo) -> None:
    assert demo.report.seconds < 30
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed: apt-get install poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert demo.report.pdf is not None
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "3", str(demo.report.pdf), str(ARTIFACTS / "demo")],
        check=True,
    )
    assert (ARTIFACTS / "demo-1.png").stat().st_size > 20_000
