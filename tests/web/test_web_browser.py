"""A real browser (Debian's Chromium via Playwright) against a real uvicorn on 127.0.0.1: sign in, see the
charts, review three flags with the keyboard, search, sign out. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tragac.store.models import Flag, FlagDecision

from .conftest import PASSWORD, Web, live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)


@pytest.fixture
def live(sqlite_web: Web) -> Iterator[tuple[str, Web]]:
    with live_server(sqlite_web.app) as base:
        yield base, sqlite_web


def test_analyst_session_in_chromium(live: tuple[str, Web], page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    base, web = live
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{base}/review")  # not signed in: sent to the login page, then back
    expect(page).to_have_url(f"{base}/login?next=%2Freview")
    page.screenshot(path=str(SHOTS / "login.png"))
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/review")

    page.goto(f"{base}/")
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(5)
    assert page.locator("svg.chart rect.bar").count() > 14
    assert page.locator("svg.chart polyline.line").count() == 1
    box = charts.first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100  # drawn at a readable size
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

    page.goto(f"{base}/review")
    rows = page.locator(".flag-row")
    expect(rows.first).to_have_class("flag-row state-new selected")
    expect(page.locator("img.blurred").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "review-queue.png"), full_page=False)
    ids = [int(x) for x in rows.evaluate_all("rs => rs.map(r => r.dataset.flag)")]

    page.keyboard.press("j")  # skip the first (withheld csam_signal: that goes to the hotline workflow)
    expect(rows.nth(1)).to_have_class("flag-row state-new selected")
    page.keyboard.press("c")
    expect(page.locator(f"#flag-{ids[1]}")).to_have_class("flag-row state-confirmed")
    expect(page.locator(f"#flag-{ids[2]}")).to_have_class("flag-row state-new selected")
    page.keyboard.press("n")
    page.keyboard.type("same address as last week")
    page.keyboard.press("Enter")
    expect(page.locator(f"#flag-{ids[2]} .note-text")).to_have_text("Note: same address as last week")
    expect(page.locator(f"#flag-{ids[2]}")).to_have_class("flag-row state-new selected")
    page.keyboard.press("d")
    expect(page.locator(f"#flag-{ids[2]}")).to_have_class("flag-row state-dismissed")
    page.keyboard.press("e")
    expect(page.locator(f"#flag-{ids[3]}")).to_have_class("flag-row state-escalated")
    page.screenshot(path=str(SHOTS / "review-queue-decided.png"))
    with web.store.session() as s:
        states = {f.id: f.state for f in s.scalars(select(Flag).where(Flag.id.in_(ids[:4])))}
        decisions = [(d.flag_id, d.decision, d.reviewer) for d in s.scalars(select(FlagDecision))]
        noted = s.get(Flag, ids[2])
    assert states == {ids[0]: "new", ids[1]: "confirmed", ids[2]: "dismissed", ids[3]: "escalated"}
    assert (ids[1], "confirm", "analyst") in decisions and (ids[3], "escalate", "analyst") in decisions
    assert noted is not None and noted.note == "same address as last week"

    page.goto(f"{base}/media/{web.data.media[0]}")
    expect(page.locator("img.blurred")).to_be_visible()
    page.screenshot(path=str(SHOTS / "media.png"), full_page=True)
    page.click("button.reveal")
    expect(page.locator("img.revealed")).to_be_visible()

    page.goto(f"{base}/search")
    page.fill("#q", "nove slike")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_contain_text("message")
    assert page.locator("ol.hits li").count() > 0
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    page.locator("ol.hits li a").first.click()
    expect(page.locator(".msg.current")).to_be_visible()
    page.screenshot(path=str(SHOTS / "message.png"), full_page=True)

    page.goto(f"{base}/sources")
    page.screenshot(path=str(SHOTS / "sources.png"), full_page=True)

    page.click("#logout")
    expect(page).to_have_url(f"{base}/login")
    page.goto(f"{base}/review")
    expect(page).to_have_url(f"{base}/login?next=%2Freview")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
