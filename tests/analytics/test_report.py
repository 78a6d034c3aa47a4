"""The monitoring report on a small corpus with known figures: numbers, redaction, languages, PDF rendering."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from tragac.analytics.report import build_report, render_html
from tragac.analytics.scope import Scope
from tragac.cli.main import app
from tragac.config import Settings
from tragac.store import Store, open_store

from .report_fixtures import AUTHOR_NAMES, DAY0, Truth, build_corpus

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "report"


def _plain(html: str) -> str:
    """The visible text of the HTML (tags removed), to search for leaked values."""
    return re.sub(r"<[^>]+>", " ", html)


def assert_no_pii(text: str, truth: Truth) -> None:
    folded = text.casefold()
    for value in [*truth.pii, *AUTHOR_NAMES, "user5000", "user5001"]:
        assert value.casefold() not in folded, f"{value!r} leaked"
    digits = re.sub(r"\D", "", text)
    assert "0645550192" not in digits and "645550192" not in digits


@pytest.fixture
def corpus(store: Store) -> tuple[Store, Truth]:
    return store, build_corpus(store)


def test_figures_match_the_planted_truth(corpus: tuple[Store, Truth]) -> None:
    store, truth = corpus
    html, figures = render_html(store, lang="en")
    o = figures["overview"]
    assert o["sources"] == truth.sources
    assert o["messages"] == truth.messages  # the service message is not counted
    assert o["busiest_day"] == {"date": truth.busiest_day.isoformat(), "messages": truth.busiest_count}
    assert o["period"] == {"since": "2026-06-01", "until": "2026-06-05", "days": 5}
    assert o["messages_per_day"] == round(truth.messages / 5, 1)
    assert o["largest_group"]["title"] == "Grupa Alfa"
    assert o["largest_group"]["members"] == truth.alfa_members
    assert o["largest_group"]["basis"] == "joins"
    assert o["active_authors"] == len(AUTHOR_NAMES)
    assert o["media_posts"] == 7 and o["distinct_media"] == 5
    # Four items (the cluster counts once): the cluster and the exact re-post span ≥ 2 groups.
    assert o["reposted_items"] == 2 and o["media_items"] == 4 and o["reposted_share"] == 0.5

    top = figures["spread"]["top"][0]
    assert top["groups"] == truth.planted_cluster_groups
    assert top["variants"] == 2 and top["sightings"] == 3
    assert top["hash"] == f"pdq:{truth.planted_cluster_pdq[:16]}…"

    per = {r["title"]: r for r in figures["per_source"]}
    assert per["Grupa Alfa"]["joins"] == 120 and per["Grupa Alfa"]["leaves"] == 7
    assert per["Kanal Gama"]["members"] is None

    asked = figures["asked"]
    assert asked["by_category"] == {"doxxing": 4, "ncii_solicitation": 2, "csam_signal": 1, "identity": 1}
    terms = {t["id"]: t for t in asked["terms"]}
    assert set(terms) == {
        "cue.request.dm",
        "ncii.request.slike",
        "cue.offer.trade",
        "private.custom.0042",
        "csam.code.ten_trade",
    }
    assert terms["cue.request.dm"]["messages"] == 2
    assert terms["csam.code.ten_trade"]["category"] == "csam_signal/code"  # the seed lexicon's own category
    assert terms["private.custom.0042"]["category"] == "private.custom"
    assert figures["doxxing"] == {
        "messages": 2,
        "by_type": {"phone": 2, "address": 1, "jmbg": 1},
        "identity_messages": 1,
    }
    links = {(r["a"], r["b"]): r for r in figures["network"]["links"]}
    assert links[("Grupa Alfa", "Grupa Beta")]["forwards"] == truth.forwards_beta_from_alfa

    # The same figures are in the HTML a reader sees; a public seed term is spelled out, a private one is not.
    text = _plain(html)
    assert re.search(r"csam\.code\.ten_trade\s*</code></td><td>teen trade<", html)
    assert re.search(r"private\.custom\.0042\s*</code></td><td>—<", html)
    assert "22" in text and "2026-06-03" in text
    assert "Grupa Alfa (recorded joins minus leaves)" in text
    assert_no_pii(html, truth)


def test_examples_are_redacted_pseudonymised_and_switchable(corpus: tuple[Store, Truth]) -> None:
    store, truth = corpus
    html, figures = render_html(store, lang="en")
    assert figures["asked"]["examples"] == 2
    assert "Ko ima još njenih slika neka šalje u inbox" in html  # the solicitation itself is the point
    assert re.search(r"Author P-[A-Z2-7]{10}", html)
    assert "[e-mail]" in html and "[address]" in html
    # A message flagged as doxxing, or as possibly involving a minor, is never an example.
    assert "teen trade u dm" not in html and "matični" not in html
    assert_no_pii(html, truth)

    html_off, figures_off = render_html(store, lang="en", examples=False)
    assert figures_off["asked"]["examples"] == 0
    assert "Ko ima još njenih slika" not in html_off


def test_pseudonyms_are_stable_across_reports(corpus: tuple[Store, Truth]) -> None:
    store, _ = corpus
    first = set(re.findall(r"P-[A-Z2-7]{10}", render_html(store, lang="en")[0]))
    second = set(re.findall(r"P-[A-Z2-7]{10}", render_html(store, lang="sr")[0]))
    assert first and first == second


def test_scope_by_period_and_source(corpus: tuple[Store, Truth]) -> None:
    store, _ = corpus
    _, f = render_html(store, scope=Scope(since=date(2026, 6, 4), until=date(2026, 6, 5)), lang="en")
    assert f["overview"]["messages"] == 4 + 3 + 2 + 1 + 1 + 1 + 1
    assert f["overview"]["period"]["days"] == 2
    _, f = render_html(store, scope=Scope(source_ids=(2,)), lang="en")
    assert f["overview"]["sources"] == 1 and f["overview"]["messages"] == 15


def test_serbian_text_and_number_format(corpus: tuple[Store, Truth]) -> None:
    store, truth = corpus
    html, _ = render_html(store, lang="sr")
    assert '<html lang="sr">' in html
    assert "Izveštaj o praćenju" in html and "Najaktivniji dan" in html and "03.06.2026." in html
    assert "Metod i ograničenja" in html
    assert_no_pii(html, truth)


def test_watched_identities_from_cases_are_masked(sqlite_store: Store) -> None:
    from tragac.cases import service

    truth = build_corpus(sqlite_store)
    service.create_case(sqlite_store, "case-1", pseudonym="Klijentkinja A", caseworker="rad1")
    service.add_identities(
        sqlite_store, "case-1", [{"name": "Milica Zorić", "handles": ["@mz_fiktivna"]}], actor="rad1"
    )
    # An unflagged solicitation message naming her in Cyrillic and declined: it is an example candidate.
    from sqlalchemy import update

    from tragac.store.models import Flag, Message

    with sqlite_store.session() as s:
        msg_id = s.scalar(
            Flag.__table__.select().with_only_columns(Flag.message_id).where(Flag.rule == "solicit.request")
        )
        s.execute(update(Message).where(Message.id == msg_id).values(text="Ко има слике Милице Зорић? @mz_fiktivna"))
    html, _ = render_html(sqlite_store, lang="en")
    for leaked in ("Милице", "Зорић", "mz_fiktivna", "Milica"):
        assert leaked not in html
    assert "[watched identity]" in html
    assert_no_pii(html, truth)


def test_pdf_renders_and_leaks_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    truth = build_corpus(sqlite_store)
    result = build_report(sqlite_store, tmp_path / "out", lang="en")
    assert result.pdf is not None and result.pdf.stat().st_size > 10_000
    assert result.pdf.read_bytes().startswith(b"%PDF")
    html = result.html.read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert "<script" not in html and "<img" not in html  # self-contained, never an image
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed: apt-get install poppler-utils")
    text = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Monitoring report" in text and "Spread of re-posted media" in text
    assert "<svg" not in text and "<rect" not in text  # charts drawn, not printed as markup
    assert_no_pii(text, truth)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(result.pdf), str(ARTIFACTS / "page")], check=True)
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) >= 4
    assert pages[0].stat().st_size > 20_000


def test_cli_report_json(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = open_store(Settings(home=home))
    build_corpus(store)
    store.close()
    out = tmp_path / "r"
    args = ["report", "-o", str(out), "--home", str(home), "--json", "--lang", "en", "--no-pdf", "--source", "1"]
    r = CliRunner().invoke(app, [*args, "--since", str(DAY0), "--until", "2026-06-02"])
    assert r.exit_code == 0, r.output

    data = orjson.loads(r.stdout)
    assert data["html"] == str(out / "report.html") and data["pdf"] is None
    assert data["figures"]["overview"]["messages"] == 5 + 6
    assert (out / "report.html").is_file() and not (out / "report.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-13-01"], "--since"),
        (["--since", "2026-06-05", "--until", "2026-06-01"], "after"),
        (["--lang", "de"], "--lang"),
    ],
)
def test_cli_report_bad_input_is_one_line(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tragac.cli.main import main

    cmd = ["report", "-o", str(tmp_path / "r"), "--home", str(tmp_path / "home"), *args]
    import sys

    old = sys.argv
    sys.argv = ["tragac", *cmd]
    try:
        with pytest.raises(SystemExit) as exc:
            main()
    finally:
        sys.argv = old
    assert exc.value.code == 2
    assert not (tmp_path / "r" / "report.html").exists()
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err


def test_method_quotes_the_recorded_evaluation(sqlite_store: Store, tmp_path: Path) -> None:
    build_corpus(sqlite_store)
    html, figures = render_html(sqlite_store, lang="en")
    assert figures["method"]["evaluation"] == [] and "No evaluation of the text detectors" in html
    # The shape `tragac eval text --json` prints.
    evaluation = {
        "file": "labelled.jsonl",
        "messages": 418,
        "categories": {
            "ncii_solicitation": {"precision": 0.9683, "recall": 0.9683, "tp": 61, "fp": 2, "fn": 2},
            "doxxing": {"precision": 1.0, "recall": 1.0, "tp": 73, "fp": 0, "fn": 0},
        },
    }
    path = tmp_path / "eval.json"
    path.write_bytes(orjson.dumps(evaluation))
    html, figures = render_html(sqlite_store, lang="en", evaluation=path)
    rows = {r["detector"]: r for r in figures["method"]["evaluation"]}
    assert rows["ncii_solicitation"] == {
        "detector": "ncii_solicitation",
        "precision": 0.9683,
        "recall": 0.9683,
        "support": 63,
    }
    assert "96.8 %" in html and "intimate images requested or traded" in html


def test_missing_pdf_libraries_is_one_clear_error(
    sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    from tragac.errors import ConfigError

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    build_corpus(sqlite_store)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(ConfigError, match=re.escape("apt-get install libpango-1.0-0")):
        build_report(sqlite_store, tmp_path / "out", lang="en")
    assert (tmp_path / "out" / "report.html").exists()  # the HTML is still there
    assert not (tmp_path / "out" / "report.pdf").exists()
    assert not list((tmp_path / "out").glob("*.part"))


def test_member_count_snapshots_take_precedence(sqlite_store: Store) -> None:
    """When live collection recorded member-count snapshots, members over time come from them."""
    from datetime import UTC, datetime

    from tragac.store.models import MemberCount

    build_corpus(sqlite_store)
    with sqlite_store.session() as s:
        for day, n in ((1, 70_000), (3, 70_250), (4, 69_900)):
            s.add(MemberCount(source_id=2, taken_at=datetime(2026, 6, day, 6, tzinfo=UTC), participants=n))
    html, figures = render_html(sqlite_store, lang="en")
    assert figures["overview"]["largest_group"] == {
        "source_id": 2,
        "title": "Grupa Beta",
        "members": 69_900,
        "basis": "snapshots",
    }
    assert "69,900" in html and "member-count snapshots" in html
