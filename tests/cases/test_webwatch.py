"""Website watch: a planted re-encoded picture on a local test site is found; internal addresses are refused
without any traffic; robots.txt, size caps and redirects are respected."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from tragac.cases.linker import refresh_cases
from tragac.cases.notices.service import (
    approve_notice,
    default_checker,
    draft_notice,
    mark_notice,
    run_renotices,
    send_notice,
)
from tragac.cases.service import case_detail, create_case, import_hashes
from tragac.config import Settings
from tragac.errors import InputError
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, Pdq
from tragac.media.hasher import HashOptions, hash_file
from tragac.media.hashfile import write_hash_file
from tragac.sources.web.fetcher import FetchRefused, PoliteFetcher, address_refusal
from tragac.sources.web.watch import add_page, check_url_removed, run_watch
from tragac.store import Store
from tragac.store.models import Flag, Match, Media, MediaRobust, Sighting, WatchedPage

from .conftest import Site

CFG = Settings().with_values(
    notifier_email="mila@ngo.example",
    webwatch_min_interval_s=0,
    notice_min_interval_s=0,
    webwatch_max_media_bytes=400_000,
)


def picture(seed: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A benign generated picture: a gradient with a few coloured shapes."""
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    d = ImageDraw.Draw(im)
    for i in range(6):
        x, y = (seed * 97 + i * 131) % (w - 120), (seed * 53 + i * 71) % (h - 120)
        colour = ((seed * 40 + i * 60) % 256, (i * 90) % 256, (seed * 15 + 200) % 256)
        (d.ellipse if (seed + i) % 2 else d.rectangle)([x, y, x + 60 + i * 15, y + 50 + i * 10], fill=colour)
    return im


def jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


@pytest.fixture
def watched_case(store: Store, tmp_path: Path) -> Image.Image:
    original = picture(3)
    (tmp_path / "her").mkdir()
    (tmp_path / "her" / "original.jpg").write_bytes(jpeg(original, 95))
    result = hash_file(tmp_path / "her" / "original.jpg", HashOptions(reference=True))
    write_hash_file(tmp_path / "her.json", [result])
    create_case(store, "web", pseudonym="W.", caseworker="cw")
    import_hashes(store, "web", tmp_path / "her.json", actor="cw")
    return original


def test_finds_a_planted_reencoded_picture_and_respects_robots(
    store: Store, watched_case: Image.Image, local_site: Site, tmp_path: Path
) -> None:
    root = local_site.root
    reposted = watched_case.resize((560, 420)).convert("L").convert("RGB")  # smaller, greyscale, recompressed
    (root / "img").mkdir()
    (root / "private").mkdir()
    (root / "img" / "v.jpg").write_bytes(jpeg(reposted, 40))
    (root / "img" / "other.jpg").write_bytes(jpeg(picture(11), 80))
    (root / "private" / "p.jpg").write_bytes(jpeg(watched_case, 90))
    (root / "img" / "huge.jpg").write_bytes(jpeg(picture(5, (3000, 2400)), 100) + b"\0" * 500_000)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (root / "index.html").write_text(
        '<html><body><h1>Videos</h1><img src="/img/v.jpg"><img src="img/other.jpg" srcset="img/other.jpg 2x">'
        '<img src="/private/p.jpg"><a href="/img/huge.jpg">big</a><video poster="/img/missing.jpg"></video>'
        "</body></html>"
    )
    page_url = f"{local_site.base}/index.html"
    with pytest.raises(InputError, match="loopback"):
        add_page(store, page_url, actor="cw")  # loopback only with the test flag
    add_page(store, page_url, actor="cw", allow_loopback=True)
    out = run_watch(store, config=CFG, allow_loopback=True)
    (page,) = out["pages"]
    assert page["media"] == 2 and page["matches"] >= 1, page
    whys = " ".join(e["why"] for e in page["errors"])
    assert "robots.txt" in whys and "cap" in whys and "404" in whys
    assert "/private/p.jpg" not in local_site.requests  # disallowed: never requested
    with store.session() as s:
        match = s.scalars(select(Match)).first()
        assert match is not None and match.distance <= 31
        sighting = s.scalars(select(Sighting).where(Sighting.media_id == match.media_id)).one()
        assert sighting.url == f"{local_site.base}/img/v.jpg"
        assert s.scalars(select(WatchedPage)).one().matches_found >= 1
        # Matched by the match stage like any source: a review item naming the URL where the picture was seen.
        item = s.scalars(select(Flag).where(Flag.media_id == match.media_id, Flag.category == "ncii_match")).one()
        assert item.state == "new" and item.message_id is None and item.source_id == sighting.source_id
        assert [x["link"] for x in (item.evidence or {})["sightings"]] == [f"{local_site.base}/img/v.jpg"]
        assert (item.evidence or {})["case"] == "web"
    assert not list((store.settings.home).glob("**/*.jpg"))  # hashed and dropped
    # Idempotent: a second run records no new match.
    assert run_watch(store, config=CFG, allow_loopback=True)["matches"] == 0

    # The case sees it; a DSA notice names the exact URL; the removal check re-fetches and re-hashes.
    refresh_cases(store, config=CFG)
    urls = {f["url"] for f in case_detail(store, "web")["timeline"] if f["kind"] == "match"}
    assert f"{local_site.base}/img/v.jpg" in urls
    n = draft_notice(store, "web", template_name="dsa_hosting", recipient="abuse@host.example", actor="cw", config=CFG)
    assert n.urls == [f"{local_site.base}/img/v.jpg"] and "Article 16" in n.body
    approve_notice(store, n.id, approver="Ana")
    t0 = datetime.now(UTC)
    send_notice(store, n.id, actor="cw", config=CFG, eml_dir=tmp_path / "out", clock=lambda: t0)
    mark_notice(store, n.id, "sent", actor="cw", at=t0)  # the outboxed .eml, sent by hand
    fetcher = PoliteFetcher(user_agent="t", min_interval_s=0, allow_loopback=True)
    checker = default_checker(check_url_removed(fetcher, CFG))
    out = run_renotices(store, config=CFG, checker=checker, eml_dir=tmp_path / "out",
                        clock=lambda: t0 + timedelta(hours=24))  # fmt: skip
    assert out["outboxed"] == 1 and out["renoticed"] == 0  # still served: a reminder written to the outbox
    (root / "img" / "v.jpg").unlink()
    out = run_renotices(store, config=CFG, checker=checker, eml_dir=tmp_path / "out",
                        clock=lambda: t0 + timedelta(hours=48))  # fmt: skip
    assert out["removed"] == 1
    fetcher.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:9/",
        "http://localhost/",
        "http://[::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
        "http://192.168.1.1/",
        "http://[fd00::1]/",
        "ftp://example.org/x.jpg",
        "http://user:pw@example.org/",
    ],
)
def test_internal_addresses_are_refused_without_traffic(url: str) -> None:
    sent: list[httpx.Request] = []
    fetcher = PoliteFetcher(user_agent="t", min_interval_s=0)
    fetcher._client = httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200)))
    with pytest.raises(FetchRefused):
        fetcher.get(url, max_bytes=1000)
    assert sent == []


def test_names_resolving_to_internal_addresses_are_refused() -> None:
    sent: list[httpx.Request] = []
    fetcher = PoliteFetcher(user_agent="t", min_interval_s=0, resolver=lambda host, port: ["93.184.215.14", "10.1.2.3"])
    fetcher._client = httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200)))
    with pytest.raises(FetchRefused, match="private"):
        fetcher.get("http://rebind.example/", max_bytes=1000)
    assert sent == []
    assert address_refusal("93.184.215.14", allow_loopback=False) is None


def test_web_watch_add_refuses_internal_urls(sqlite_store: Store) -> None:
    for url in ("http://10.0.0.1/", "http://169.254.169.254/"):
        with pytest.raises(InputError, match="refused"):
            add_page(sqlite_store, url, actor="cw")
    with sqlite_store.session() as s:
        assert s.scalars(select(WatchedPage)).first() is None


def test_redirect_to_an_internal_address_is_refused(local_site: Site) -> None:
    (local_site.root / "robots.txt").write_text("")
    fetcher = PoliteFetcher(user_agent="t", min_interval_s=0, allow_loopback=True)
    with pytest.raises(FetchRefused, match="link-local"):
        fetcher.get(f"{local_site.base}/redirect-to/http://169.254.169.254/latest/", max_bytes=1000)
    fetcher.close()


def test_a_crop_on_a_watched_page_is_found_by_a_robust_bank(store: Store, local_site: Site, tmp_path: Path) -> None:
    # The web watch hashes like the hash stage: while a bank opted in to robust matching, the page's picture gets
    # its robust fingerprint too, so a 20 % crop that plain PDQ misses is still found (the same rule on every path).
    from matching.robust_world import BANK, tragac
    from media.test_robust_fingerprint import TRANSFORMS, _noisy

    her = _noisy(3)
    (tmp_path / "her.jpg").write_bytes(jpeg(her, 92))
    hashes = hash_file(tmp_path / "her.jpg", HashOptions(reference=True, robust=True))
    write_hash_file(tmp_path / "her.json", [hashes])
    tragac(store, "bank", "create", BANK, "--kind", "victim_case")
    tragac(store, "bank", "configure", BANK, "--robust")
    assert tragac(store, "bank", "import", BANK, str(tmp_path / "her.json"))["robust"] == 1
    (local_site.root / "crop.jpg").write_bytes(jpeg(TRANSFORMS["crop_side_20"](her), 80))
    (local_site.root / "index.html").write_text('<html><body><img src="/crop.jpg"></body></html>')
    add_page(store, f"{local_site.base}/index.html", actor="cw", allow_loopback=True)
    out = run_watch(store, config=CFG, allow_loopback=True)
    assert out["media"] == 1 and out["matches"] == 1, out
    with store.session() as s:
        (match,) = s.scalars(select(Match)).all()
        assert s.get(MediaRobust, match.media_id) is not None  # stored by the writer with the page's media
        assert match.explain is not None and match.explain["fingerprint"] == "pdq_window"
        media = s.get(Media, match.media_id)
        assert media is not None and media.pdq is not None and hashes.pdq is not None
        assert Pdq.distance(media.pdq, hashes.pdq) > PDQ_MATCH_THRESHOLD  # plain PDQ alone would not have found it
