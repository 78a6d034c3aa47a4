"""Private lexicon terms stay private through the whole demo pipeline.

A deployment adds a plain private list and an HMAC-hashed one to ``HOME/lexicons/``, the demo corpus is ingested
together with a small chat whose messages use those (invented, harmless-looking) terms, and every stage runs. Then
every output a person could read or pass on is produced: the flags table, ``tragac export`` in every format, the
report in both languages, the review queue, a flag's message page, the JSON API and the flags CSV of the web app,
and everything the commands printed or logged. None may hold a private term in any spelling (as written, lower
case, normalised, without diacritics, as the old ``priv.code.<slug>`` ids spelled it, run together) nor a
distinctive fragment of one. The web app shows analysts the messages themselves, so there message bodies are cut
out first: what must be clean is everything the app adds (rules, reasons, evidence, ids).
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store import models as m
from tragac.text.lexicon import _expand, _slug
from tragac.text.normalize import normalize

pytestmark = pytest.mark.slow

KEY = "ein-lokaler-schluessel"  # invented run-time key
# Invented terms: a code word, an "intimate" word with case endings, and a threat that only ships hashed.
CODE = "kvrgava tikvica"
INTIMATE = "zelen{a,e} papuč{a,e}"
THREAT = "tiha rečica"
# Distinctive fragments of the terms (common words alone, such as "zelena", may occur in any corpus).
FRAGMENTS = ("kvrgav", "tikvic", "papuc", "papuč", "rečic", "recic", "речиц", "тикви")

PLANTED = [
    "Ko ima kvrgava tikvica materijal? šaljite link",
    "KVRGAVA TIKVICA, pošaljite u inbox",
    "Menjam zelene papuče, ko ima slike da pošalje",
    "ko ima zelena papuča od nje, pošaljite",
    "tiha rečica za tebe večeras",
    "Тиха речица за тебе",
]

runner = CliRunner()


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).replace("đ", "dj")


def forbidden() -> set[str]:
    """Every spelling of every private term that must not appear, lower-cased (outputs are compared folded)."""
    out: set[str] = set(FRAGMENTS)
    for phrase in (CODE, INTIMATE, THREAT):
        for form in _expand(phrase):
            for v in (form, normalize(form).text, _fold(form), _slug(form), _slug(phrase)):
                v = v.lower()
                out |= {v, v.replace(" ", "_"), v.replace(" ", ""), v.replace(" ", "-"), v.replace(" ", ".")}
        out.add(f"{_slug(phrase)}".lower())
    return {v for v in out if len(v) >= 4}


def leaks(text: str) -> list[str]:
    low = text.lower()
    folded = _fold(low)
    return sorted(v for v in forbidden() if v in low or _fold(v) in folded)


@dataclass
class Pipeline:
    home: Path
    store: Store
    printed: list[str] = field(default_factory=list)  # stdout and stderr of every command
    logged: list[str] = field(default_factory=list)
    planted_ids: list[int] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(f"{record.name} {record.levelname} {record.getMessage()} {record.exc_text or ''}")


def _invoke(p: Pipeline, args: list[str]) -> str:
    res = runner.invoke(app, args)
    out = res.stdout + (res.stderr or "")
    p.printed.append(f"$ tragac {' '.join(args)}\n{out}")
    assert res.exit_code == 0, out + repr(res.exception)
    return res.stdout


def _export(path: Path, start: int) -> Path:
    """A one-chat Telegram Desktop export whose messages use the private terms."""
    msgs = []
    for i, text in enumerate(PLANTED, 1):
        ts = start + i * 600
        msgs.append(
            {
                "id": i,
                "type": "message",
                "date": "2026-01-01T00:00:00",
                "date_unixtime": str(ts),
                "from": "Probni Korisnik",
                "from_id": f"user{900 + i}",
                "text": text,
                "text_entities": [{"type": "plain", "text": text}],
            }
        )
    chat = {"name": "Grupa Proba", "type": "private_supergroup", "id": 777001, "messages": msgs}
    path.mkdir(parents=True)
    (path / "result.json").write_bytes(orjson.dumps(chat))
    return path


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    root = tmp_path_factory.mktemp("private-terms")
    home = root / "home"
    (home / "lexicons").mkdir(parents=True)
    # The plain private list, as an NGO would keep it.
    (home / "lexicons" / "plain.yaml").write_text(
        "name: ngo-private\nversion: '1'\ngroups:\n"
        f"  - {{id_prefix: priv.code, category: csam_signal, role: code, weight: 0.9, phrases: ['{CODE}']}}\n"
        f"  - {{id_prefix: priv.intimate, category: ncii_solicitation, role: intimate, phrases: ['{INTIMATE}']}}\n",
        encoding="utf-8",
    )
    # The list shared hashed: written outside HOME, hashed into it.
    plain_threats = root / "threats.yaml"
    plain_threats.write_text(
        "name: shared\nversion: '1'\ngroups:\n"
        f"  - {{id_prefix: shared.threat, category: harassment, role: threat, phrases: ['{THREAT}']}}\n",
        encoding="utf-8",
    )
    logged: list[str] = []
    handler = _Collect(logged)
    root_logger = logging.getLogger()
    old_level = root_logger.level
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRAGAC_LEXICON_KEY", KEY)
        mp.setenv("TRAGAC_HOME", str(home))
        store = open_store(Settings(home=home))
        p = Pipeline(home, store, logged=logged)
        try:
            h = ["--home", str(home)]
            hashed = str(home / "lexicons" / "hashed.json")
            _invoke(p, ["signals", "hash-lexicon", str(plain_threats), hashed, "--key-env", "TRAGAC_LEXICON_KEY"])
            plain_threats.unlink()  # from here on only the hashed form exists
            _invoke(p, ["demo", "--no-serve", "--scale", "0.02", "--days", "5", "--seed", "5", *h, "--json"])
            with store.session() as s:
                first = s.scalar(select(m.Message.date).order_by(m.Message.date).limit(1))
            assert first is not None
            _invoke(p, ["ingest", str(_export(root / "planted", int(first.timestamp()) + 3600)), *h])
            _invoke(p, ["run", *h])
            with store.session() as s:
                p.planted_ids = list(
                    s.scalars(
                        select(m.Message.id)
                        .join(m.Source, m.Source.id == m.Message.source_id)
                        .where(m.Source.title == "Grupa Proba")
                    )
                )
            yield p
        finally:
            store.close()
            root_logger.removeHandler(handler)
            root_logger.setLevel(old_level)


def _flags(p: Pipeline) -> list[dict[str, Any]]:
    with p.store.session() as s:
        return [
            {c.name: getattr(f, c.name) for c in m.Flag.__table__.columns}
            for f in s.scalars(select(m.Flag).order_by(m.Flag.id))
        ]


def test_the_private_terms_were_found_with_opaque_ids(pipeline: Pipeline) -> None:
    flags = [f for f in _flags(pipeline) if f["message_id"] in pipeline.planted_ids]
    rules = {f["rule"] for f in flags}
    terms = {t for f in flags for t in (f["evidence"] or {}).get("terms", [])}
    assert "priv.code.1" in rules  # the code word's flag is named by its opaque id
    assert "priv.intimate.1" in terms
    assert any(t.startswith("shared.threat.") for t in terms)  # found through its hash only
    assert {f["category"] for f in flags} >= {"csam_signal", "ncii_solicitation", "harassment"}
    hashed = json.loads((pipeline.home / "lexicons" / "hashed.json").read_text())
    assert hashed["opaque_ids"] and not leaks(json.dumps(hashed))


def test_flags_table_holds_no_private_term(pipeline: Pipeline) -> None:
    dump = json.dumps(_flags(pipeline), default=str, ensure_ascii=False)
    assert not leaks(dump)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_exports_hold_no_private_term(pipeline: Pipeline, tmp_path: Path, fmt: str) -> None:
    from tragac.analytics.exports import TABLES

    h = ["--home", str(pipeline.home)]
    for table in TABLES:
        out = tmp_path / f"{table}.{fmt}"
        _invoke(pipeline, ["export", table, "-o", str(out), "-f", fmt, *h])
        if fmt == "parquet":
            text = json.dumps(pq.read_table(out).to_pylist(), default=str, ensure_ascii=False)
        else:
            text = out.read_text(encoding="utf-8")
        assert not leaks(text), f"{table}.{fmt}: {leaks(text)}"
    # The planted messages are in the messages export, their private terms masked.
    messages = (tmp_path / f"messages.{fmt}").read_bytes() if fmt != "parquet" else b""
    if fmt == "jsonl":
        rows = [orjson.loads(line) for line in messages.splitlines()]
        planted = [r["text"] for r in rows if r["source_title"] == "Grupa Proba"]
        assert len(planted) == len(PLANTED) and all("[lexicon term]" in t for t in planted), planted


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_export_holds_no_private_term(pipeline: Pipeline, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"network.{fmt}"
    _invoke(pipeline, ["export", "network", "-o", str(out), "-f", fmt, "--home", str(pipeline.home)])
    assert not leaks(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["sr", "en"])
def test_report_holds_no_private_term(pipeline: Pipeline, tmp_path: Path, lang: str) -> None:
    _invoke(pipeline, ["report", "-o", str(tmp_path), "--lang", lang, "--no-pdf", "--home", str(pipeline.home)])
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not leaks(html.unescape(page))
    if lang == "sr":
        # The demo data fills every section (stages, kinds of personal data, spread, network): all in Serbian.
        from analytics.test_report_sr import english_in  # tests/ is on the path (tests/conftest.py)

        assert english_in(page) == []
    for f in tmp_path.rglob("*"):
        if f.is_file() and f.suffix in {".json", ".csv", ".txt", ".html"}:
            assert not leaks(f.read_text(encoding="utf-8", errors="replace")), f


def test_masking_hides_every_planted_form(pipeline: Pipeline) -> None:
    from tragac.analytics.redaction import Redactor
    from tragac.analytics.watched import masking_recognisers

    r = Redactor(masking_recognisers(pipeline.store), lang="sr")
    for text in PLANTED:
        out = r.redact(text)
        assert not leaks(out) and "[termin iz rečnika]" in out, out


def _strip_messages(page: str, bodies: list[str]) -> str:
    """The page without the messages' own text: the parts the app adds are what must hold no term."""
    page = html.unescape(page)
    page = re.sub(r"<mark>.*?</mark>", "", page, flags=re.S)
    pieces = sorted({w for b in bodies for w in [b, *re.split(r"\s+", b)] if w}, key=len, reverse=True)
    for piece in pieces:
        page = page.replace(piece, "")
    return page


def test_web_pages_hold_no_private_term(pipeline: Pipeline) -> None:
    from tragac.web.accounts import create_user
    from tragac.web.app import create_app

    create_user(pipeline.store, "analitičarka", "analyst", "a long test password")
    web = create_app(pipeline.store.settings, store=pipeline.store)
    with pipeline.store.session() as s:
        bodies = [t or "" for t in s.scalars(select(m.Message.text).where(m.Message.id.in_(pipeline.planted_ids)))]
        flag_ids = list(s.scalars(select(m.Flag.id).where(m.Flag.message_id.in_(pipeline.planted_ids))))
    assert flag_ids
    with TestClient(web) as client:
        page = client.get("/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text)
        assert token
        r = client.post(
            "/login",
            data={"username": "analitičarka", "password": "a long test password", "login_token": token.group(1)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        urls = [
            "/",
            "/review",
            "/review?category=csam_signal",
            "/review?category=ncii_solicitation",
            "/review?category=harassment",
            "/review/export.csv",
            "/api/v1/flags?limit=200",
            *(f"/messages/{mid}" for mid in pipeline.planted_ids),
            *(f"/api/v1/flags/{fid}" for fid in flag_ids),
        ]
        for url in urls:
            res = client.get(url)
            assert res.status_code == 200, (url, res.status_code)
            rest = _strip_messages(res.text, bodies)
            assert not leaks(rest), (url, leaks(rest))
        # The review queue shows the planted flags (with their opaque rule), not an empty page.
        assert "priv.code.1" in client.get("/review?category=csam_signal").text


def test_printed_and_logged_output_holds_no_private_term(pipeline: Pipeline) -> None:
    # Run last in the module: every command above has added what it printed.
    everything = "\n".join(pipeline.printed + pipeline.logged)
    assert pipeline.printed and not leaks(everything)
    for path in pipeline.home.rglob("*.log"):
        assert not leaks(path.read_text(encoding="utf-8", errors="replace")), path
