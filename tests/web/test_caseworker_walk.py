"""The caseworker's path through the web app, in Debian's Chromium, on the demo corpus (``tragac demo``'s own code):
open the case → see her matched media grouped with their sightings → confirm one → build and download an encrypted
evidence package → verify it → draft a notice → a second person approves → send it to a local SMTP server
(aiosmtpd, started here) → mark removed → time to removal shown. A screenshot per step goes to
artifacts/screenshots/caseworker/ (two are copied into docs/img/ for docs/cases.md)."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from tragac.cases.package import decrypt_media, verify_package
from tragac.config import Settings
from tragac.store import Store, open_store
from tragac.store.models import AuditEvent, Media, Notice
from tragac.web.accounts import create_user
from tragac.web.app import create_app

from .conftest import PASSWORD, _cheap_argon2, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots" / "caseworker"

if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)


@dataclass
class Mailbox:
    """What the local SMTP server accepted."""

    host: str
    port: int
    mails: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        self.mails.append(envelope)
        return "250 2.0.0 Ok: queued as WALK1"


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    box = Mailbox("127.0.0.1", port)
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box
    controller.stop()


@dataclass
class Demo:
    store: Store
    truth: dict[str, Any]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[Demo]:
    """`tragac demo`'s run (generate, ingest, every stage, the demo case and its fictional notifier) at a small
    scale, with the mail server of this test; two caseworkers."""
    from tragac.demo.run import run_demo

    home = tmp_path_factory.mktemp("walk")
    settings = Settings(home=home).with_values(
        smtp_host=mailbox.host, smtp_port=mailbox.port, smtp_timeout=10.0, notice_min_interval_s=0
    )
    store = open_store(settings)
    result = run_demo(store, seed=7, days=30, scale=0.03)
    with pytest.MonkeyPatch.context() as mp:
        _cheap_argon2(mp)
        create_user(store, "mila", "caseworker", PASSWORD)
        create_user(store, "ana", "caseworker", PASSWORD)
    truth = orjson.loads((Path(result["export"]) / "truth.json").read_bytes())
    yield Demo(store, truth)
    store.close()


def _expected_media(demo: Demo) -> dict[str, int]:
    """From the generator's truth: the distinct files re-posting her pictures and videos, and how many places each
    was posted in (a file posted twice unchanged is one media with two sightings)."""
    places: dict[str, set[tuple[int, int]]] = {}
    for item in demo.truth["planted_media"]["victim_items"]:
        for rp in item["reposts"]:
            places.setdefault(rp["sha256"], set()).add((rp["chat_id"], rp["message_id"]))
    with demo.store.session() as s:
        ids = {m.sha256: m.id for m in s.scalars(select(Media).where(Media.sha256.in_(places)))}
    return {f"media-{ids[sha]}": len(p) for sha, p in places.items() if sha in ids}


def _sign_in(page: Any, base: str, name: str, next_path: str) -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_caseworker_walk_from_case_to_removal(  # type: ignore[no-untyped-def]
    demo: Demo, mailbox: Mailbox, browser, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    # Building a signed package and sending mail take seconds on a loaded 2-core machine: wait for them.
    expect.set_options(timeout=30_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    store = demo.store
    app = create_app(store.settings, store=store)
    problems: list[str] = []
    with live_server(app) as base:
        mila_ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        page = mila_ctx.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        # 1. Open the case: one row per media, each with the places it was seen.
        _sign_in(page, base, "mila", "/cases/1")
        expect(page).to_have_url(f"{base}/cases/1")
        expected = _expected_media(demo)
        groups = page.locator("article.media-group")
        expect(groups).to_have_count(len(expected))
        shown = {
            g.get_attribute("id"): g.locator("tr.sighting").count() for g in groups.all()
        }  # fmt: skip
        assert shown == expected
        # The demo's vault holds every file: each picture shows blurred (videos get no still).
        images = [g for g in groups.all() if g.locator("h3 a").inner_text().startswith("Image")]
        assert images and page.locator("img.blurred").count() == len(images)
        assert page.locator(".pseudonym").first.inner_text().startswith("P-")  # first poster, pseudonymised
        expect(page.locator("svg.chart")).to_have_count(1)
        page.screenshot(path=str(SHOTS / "01-case.png"), full_page=False)
        page.locator("#media").screenshot(path=str(SHOTS / "01-case-media.png"))

        # 2. Confirm the first media: the review decision and her evidence, by a named person.
        first = groups.first
        media_id = first.get_attribute("data-media")
        first.locator("button.confirm").click()
        confirmed = page.locator(f"#media-{media_id} .tag.confirmed")
        expect(confirmed).to_contain_text("confirmed by mila")
        page.screenshot(path=str(SHOTS / "02-confirmed.png"))

        # 3. Build an encrypted package (the default), download it, verify it on the page.
        page.click("#build")
        expect(page.locator("#passphrase")).to_be_visible()
        passphrase = page.locator("#passphrase").inner_text().strip()
        page.locator("#package-made").screenshot(path=str(SHOTS / "03-package-built.png"))
        with page.expect_download() as dl:
            page.locator("#package-made a.download").click()
        package = tmp_path / dl.value.suggested_filename
        dl.value.save_as(package)
        checked = verify_package(package)
        assert checked.ok, checked.problems
        out = tmp_path / "opened"
        assert decrypt_media(package, out, passphrase=passphrase) > 0
        assert all(p.suffix in (".jpg", ".png", ".mp4", ".webp", ".gif") for p in out.rglob("*") if p.is_file())
        page.goto(f"{base}/cases/1#evidence")
        page.locator("button.verify").first.click()
        expect(page.locator("#package-verified h2")).to_contain_text("intact")
        page.screenshot(path=str(SHOTS / "04-package-verified.png"))

        # 4. Draft a notice for the places of the confirmed media.
        page.goto(f"{base}/cases/1#media-{media_id}")
        for box in page.locator(f"#media-{media_id} input[name=finding]").all():
            box.check()
        page.select_option("select[name=template][form=selection]", "telegram")
        page.click("#draft-selected")
        expect(page.locator("#notice-state")).to_have_attribute("data-state", "draft")
        expect(page.locator("#four-eyes")).to_be_visible()  # she drafted it: no Approve button for her
        assert page.locator("#approve").count() == 0
        notice_url = page.url
        page.screenshot(path=str(SHOTS / "05-drafted.png"), full_page=True)

        # 5. A second caseworker approves and sends it to the local mail server.
        ana_ctx = browser.new_context(viewport={"width": 1366, "height": 900})
        ana = ana_ctx.new_page()
        ana.set_default_timeout(30_000)
        _sign_in(ana, base, "ana", notice_url.removeprefix(base))
        ana.click("#approve")
        expect(ana.locator("#notice-state")).to_have_attribute("data-state", "approved")
        ana.screenshot(path=str(SHOTS / "06-approved.png"))
        ana.click("#send")
        expect(ana.locator("#notice-state")).to_have_attribute("data-state", "sent")
        expect(ana.locator("#smtp-reply")).to_contain_text("250 2.0.0 Ok: queued as WALK1")
        ana.screenshot(path=str(SHOTS / "07-sent.png"))
        (mail,) = mailbox.mails
        assert mail.rcpt_tos == ["abuse@telegram.org"] and mail.mail_from == "notices@demo-ngo.example"
        assert b"https://t.me/c/" in mail.content and b"Demo Caseworker (fictional)" in mail.content

        # 6. The content is gone: mark removed; the time to removal shows on the notice and the case.
        page.goto(notice_url)
        page.click("#mark-removed")
        expect(page.locator("#notice-state")).to_have_attribute("data-state", "removed")
        expect(page.locator("#time-to-removal")).to_contain_text("under a minute")  # sent and removed seconds apart
        page.goto(f"{base}/cases/1#notices")
        expect(page.locator("table.notices td.ttr").first).to_have_text("under a minute")
        expect(page.locator("table.removal td.ttr").first).to_have_text("under a minute")
        expect(page.locator(f"#media-{media_id} .tag.status")).to_have_text("removed")
        page.locator("#notices").screenshot(path=str(SHOTS / "08-removed.png"))
        on_case = page.locator("table.removal td.ttr").first.inner_text()
        page.goto(f"{base}/")  # the dashboard shows the same time to removal, per recipient
        expect(page.locator("#removal td.ttr").first).to_have_text(on_case)
        assert page.locator("#removal td").first.inner_text() == "abuse@telegram.org"
        page.locator("#removal").screenshot(path=str(SHOTS / "09-dashboard-removal.png"))
        page.screenshot(path=str(SHOTS / "08-case-after.png"), full_page=True)
        ana_ctx.close()
        mila_ctx.close()

    with store.session() as s:
        notice = s.scalars(select(Notice)).one()
        assert (notice.drafted_by, notice.approved_by, notice.state) == ("mila", "ana", "removed")
        actions = {(e.actor, e.action) for e in s.scalars(select(AuditEvent))}
    for step in [("mila", "flag.decision"), ("mila", "export"), ("mila", "evidence.download"),
                 ("mila", "evidence.verify"), ("mila", "notice_draft"), ("ana", "notice_approve"),
                 ("ana", "notice_send"), ("mila", "notice_removed")]:  # fmt: skip
        assert step in actions, step
    assert not problems, problems
