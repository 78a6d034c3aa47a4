"""The website watch as a registered collector (the fetching and hashing live in :mod:`.watch`, loaded on use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from tragac.progress import Reporter
from tragac.sources.base import Collector

if TYPE_CHECKING:
    from tragac.store import Store


class WebWatch(Collector):
    """The web pages added with ``tragac web-watch add``: fetched politely, media hashed and dropped."""

    name = "web"
    help = "watched web pages (hash-only; robots.txt respected)"
    options: ClassVar[frozenset[str]] = frozenset({"allow_loopback"})

    def collect_once(self, store: Store, *, reporter: Reporter, **options: Any) -> dict[str, Any]:
        from tragac.sources.web.watch import run_watch

        return run_watch(store, allow_loopback=bool(options.get("allow_loopback")), reporter=reporter)

    def summary(self, out: dict[str, Any]) -> list[str]:
        return [
            f"{p['url']}: {p['status']}, {p['media']} media, {p['matches']} new match(es), {len(p['errors'])} error(s)"
            for p in out["pages"]
        ]
