"""`tragac dossier group|author` as a user types it, and the dossier pages of the web app: role-restricted (authors
for caseworkers, handles for administrators only) and audited."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tragac.store.models import AuditEvent, Author
from tragac.web.accounts import create_user
from tragac.web.app import create_app
from web.conftest import PASSWORD, login

from .conftest import Demo
from .pages import assert_clean_everywhere

REPO = Path(__file__).resolve().parents[2]


def _tragac(demo: Demo, *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAGAC_")}
    env |= {"TRAGAC_HOME": str(demo.store.settings.home), "PYTHONPATH": str(REPO / "src")}
    if demo.store.settings.database_url:
        env["TRAGAC_DATABASE_URL"] = demo.store.settings.database_url
    if user:
        env["TRAGAC_USER"] = user
    return subprocess.run([sys.executable, "-m", "tragac", *args], capture_output=True, text=True, env=env)


def _audit(demo: Demo, action: str) -> list[AuditEvent]:
    with demo.store.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def test_cli_writes_both_dossiers_and_audits(demo: Demo, tmp_path: Path) -> None:
    run = _tragac(demo, "dossier", "group", str(demo.busiest), "-o", str(tmp_path), "--lang", "en", "--json",
                  "--operator", "mila")  # fmt: skip
    assert run.returncode == 0, run.stderr
    out = orjson.loads(run.stdout)
    assert Path(out["files"]["html"]).name == "group-dossier.en.html" and Path(out["files"]["pdf"]).is_file()
    assert out["dossier"]["method"]["operator"] == "mila"
    pseudonym = out["dossier"]["posters"][0]["pseudonym"]
    run = _tragac(demo, "dossier", "author", pseudonym, "-o", str(tmp_path), "--no-pdf", user="ana")
    assert run.returncode == 0, run.stderr
    assert "author-dossier.sr.html" in run.stdout and not (tmp_path / "author-dossier.sr.pdf").exists()
    html = (tmp_path / "author-dossier.sr.html").read_text(encoding="utf-8")
    assert pseudonym in html
    events = _audit(demo, "dossier.export")
    assert [(e.actor, e.target.split(":")[1]) for e in events[-2:]] == [("mila", "group"), ("ana", "author")]
    assert events[-1].details["show_handles"] is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dossier", "group", "no such group", "--operator", "mila"], "error: no source 'no such group'"),
        (["dossier", "author", "P-AAAAAAAAAA", "--operator", "mila"], "error: no author 'P-AAAAAAAAAA'"),
        (["dossier", "group", "1", "--show-handles", "--operator", "mila"], "error: --show-handles is for admin"),
        (["dossier", "group", "1", "--lang", "de", "--operator", "mila"], "error: --lang must be one of sr, en"),
        (["dossier", "group", "1"], "error: say who you are: --operator NAME"),
    ],
)
def test_cli_errors_are_one_line(demo: Demo, tmp_path: Path, args: list[str], message: str) -> None:
    run = _tragac(demo, *args, "-o", str(tmp_path))
    assert run.returncode == 2 and run.stderr.startswith(message), run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def app_users(demo: Demo) -> Iterator[TestClient]:
    with demo.store.session() as s:
        from tragac.store.models import User

        have = set(s.scalars(select(User.name)))
    for role in ("viewer", "analyst", "caseworker", "admin"):
        if f"d-{role}" not in have:
            create_user(demo.store, f"d-{role}", role, PASSWORD)
    app = create_app(demo.store.settings, store=demo.store)
    with TestClient(app) as client:
        yield client


def _as(app_users: TestClient, role: str) -> TestClient:
    client = TestClient(app_users.app)
    login(client, f"d-{role}")
    return client


def test_web_pages_are_role_restricted_and_audited(demo: Demo, app_users: TestClient) -> None:
    viewer, analyst = _as(app_users, "viewer"), _as(app_users, "analyst")
    caseworker, admin = _as(app_users, "caseworker"), _as(app_users, "admin")
    assert viewer.get(f"/dossiers/group/{demo.busiest}").status_code == 403
    index = analyst.get("/dossiers")
    assert index.status_code == 200 and f"/dossiers/group/{demo.busiest}?lang=en" in index.text
    assert 'id="author-dossier"' not in index.text  # the author form is for caseworkers
    page = analyst.get(f"/dossiers/group/{demo.busiest}?lang=en")
    assert page.status_code == 200 and "Group dossier" in page.text
    assert '<link rel="stylesheet" href="/dossiers/dossier.css">' in page.text and "<style>" not in page.text
    assert analyst.get("/dossiers/dossier.css").headers["content-type"].startswith("text/css")
    assert 'href="/messages/' in page.text  # each example links to the message it rests on
    assert_clean_everywhere(demo.store, demo.truth, _doc_of(page.text, demo), {"web group": page.text})
    pdf = analyst.get(f"/dossiers/group/{demo.busiest}/pdf?lang=sr")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert analyst.get(f"/dossiers/author/{demo.first_poster}").status_code == 403
    mine = caseworker.get(f"/dossiers/author/{demo.first_poster}?lang=sr")
    assert mine.status_code == 200 and "Dosije autora" in mine.text
    with demo.store.session() as s:
        author = s.get(Author, demo.first_poster)
        assert author is not None
        handle = author.platform_id
    assert handle not in mine.text
    assert handle in admin.get(f"/dossiers/author/{demo.first_poster}?lang=en").text  # the admin's role allows it
    assert caseworker.get("/dossiers/author/P-AAAAAAAAAA").status_code == 404
    looked_up = caseworker.get("/dossiers/author", params={"ref": handle}, follow_redirects=False)
    assert looked_up.status_code == 303 and looked_up.headers["location"] == f"/dossiers/author/{handle}"
    views = [(e.actor, e.target, e.details["show_handles"]) for e in _audit(demo, "dossier.view")]
    assert ("d-analyst", f"dossier:group:{demo.busiest}", False) in views
    assert ("d-caseworker", f"dossier:author:{demo.first_poster}", False) in views
    assert ("d-admin", f"dossier:author:{demo.first_poster}", True) in views
    exports = [(e.actor, e.target) for e in _audit(demo, "dossier.export")]
    assert ("d-analyst", f"dossier:group:{demo.busiest}") in exports


def _doc_of(_html: str, demo: Demo) -> dict[str, object]:
    from tragac.analytics.dossier import Context, build_group_dossier

    return build_group_dossier(Context.make(demo.store, lang="en", show_handles=False, operator="x"), demo.busiest)
