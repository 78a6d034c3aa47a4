"""Finding the media a page shows: img/srcset, video/audio/source, poster, og:image and links to media files."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".mp4", ".webm", ".mov", ".m4v", ".mkv")


class _MediaLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v}
        if tag in ("img", "video", "audio", "source", "embed"):
            for key in ("src", "data-src", "poster"):
                if key in a:
                    self.found.append(a[key])
            for key in ("srcset", "data-srcset"):
                if key in a:
                    self.found += [part.strip().split(" ")[0] for part in a[key].split(",") if part.strip()]
        elif tag == "meta" and a.get("property", a.get("name", "")) in ("og:image", "og:video", "twitter:image"):
            if "content" in a:
                self.found.append(a["content"])
        elif tag == "a" and "href" in a and urlsplit(a["href"]).path.lower().endswith(MEDIA_SUFFIXES):
            self.found.append(a["href"])


def media_urls(html: str, base_url: str, limit: int) -> list[str]:
    """Absolute http(s) URLs of the media on the page, in page order, without duplicates, at most ``limit``."""
    parser = _MediaLinks()
    parser.feed(html)
    out: list[str] = []
    seen: set[str] = set()
    for raw in parser.found:
        url = urljoin(base_url, raw.strip()).split("#", 1)[0]
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        out.append(url)
        if len(out) >= limit:
            break
    return out
