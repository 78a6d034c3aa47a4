"""A polite HTTP fetcher: robots.txt obeyed, one request per host per interval, size caps, timeouts, no credentials,
and no requests to private, loopback, link-local or otherwise internal addresses.

The address check runs on every hop (redirects are followed by hand) before any connection, on every address the
name resolves to; after connecting, the peer address is checked again so DNS rebinding cannot slip through (the
body of such a response is never read). ``allow_loopback`` exists only for tests that serve pages on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from tragac.errors import InputError

MAX_REDIRECTS = 5


class FetchRefused(InputError):
    """A URL the fetcher will not request (scheme, credentials, internal address, robots.txt)."""


class FetchFailed(Exception):
    """A request that was made but did not give a usable answer (timeout, too large, HTTP error)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    status: int
    content_type: str
    body: bytes


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {host}: {exc.strerror}") from None
    return sorted({str(info[4][0]) for info in infos})


def address_refusal(address: str, *, allow_loopback: bool) -> str | None:
    """Why ``address`` must not be contacted, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata services live there)"
    if ip.is_private:
        return "a private network address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "not a public internet address"
    return None


class PoliteFetcher:
    def __init__(
        self,
        *,
        user_agent: str,
        min_interval_s: float = 2.0,
        timeout_s: float = 15.0,
        allow_loopback: bool = False,
        resolver: Resolver = system_resolver,
        obey_robots: bool = True,
    ) -> None:
        self.user_agent = user_agent
        self.min_interval_s = min_interval_s
        self.allow_loopback = allow_loopback
        self.resolver = resolver
        self.obey_robots = obey_robots
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()
        # No cookie persistence, no auth, no proxies from the environment: nothing of ours leaks to the sites.
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent, "Accept": "*/*"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Checks ---------------------------------------------------------------------------------------------------------
    def check_url(self, url: str) -> None:
        """Raise FetchRefused if ``url`` may not be requested; resolves the name but sends nothing."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(f"refused {url}: only http and https URLs are fetched")
        if parts.username or parts.password:
            raise FetchRefused(f"refused {url}: URLs with credentials are never fetched")
        host = parts.hostname
        if not host:
            raise FetchRefused(f"refused {url}: no host")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            if host.lower() == "localhost" or host.lower().endswith(".localhost"):
                addresses = ["127.0.0.1"]
            else:
                addresses = self.resolver(host, port)
        for address in addresses:
            why = address_refusal(address, allow_loopback=self.allow_loopback)
            if why:
                raise FetchRefused(f"refused {url}: {host} is {why} ({address})")

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            assert parser is not None
            try:
                got = self._get(origin + "/robots.txt", max_bytes=500_000, robots=False)
                if got.status >= 400:
                    parser.parse([])  # no robots.txt: everything allowed
                else:
                    parser.parse(got.body.decode("utf-8", "replace").splitlines())
            except FetchFailed:
                parser = None  # unreachable robots.txt: be conservative, fetch nothing from that host
            self._robots[origin] = parser
        return self._robots[origin]

    def allowed(self, url: str) -> bool:
        if not self.obey_robots:
            return True
        parser = self._robots_for(url)
        return parser is not None and parser.can_fetch(self.user_agent, url)

    def _pace(self, host: str) -> None:
        with self._lock:
            wait = self._last.get(host, 0.0) + self.min_interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    # Fetching -------------------------------------------------------------------------------------------------------
    def get(self, url: str, *, max_bytes: int) -> Fetched:
        """GET ``url`` politely; FetchRefused before any traffic when not allowed, FetchFailed on a bad answer."""
        self.check_url(url)
        if not self.allowed(url):
            raise FetchRefused(f"refused {url}: disallowed by robots.txt")
        return self._get(url, max_bytes=max_bytes, robots=True)

    def _get(self, url: str, *, max_bytes: int, robots: bool) -> Fetched:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self.check_url(current)
            if robots and current != url and not self.allowed(current):
                raise FetchRefused(f"refused {current}: disallowed by robots.txt")
            self._pace(urlsplit(current).hostname or "")
            self._client.cookies.clear()
            try:
                with self._client.stream("GET", current) as resp:
                    self._check_peer(resp, current)
                    if resp.status_code in (301, 302, 303, 307, 308) and "location" in resp.headers:
                        current = urljoin(current, resp.headers["location"])
                        continue
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchFailed(f"{current}: {declared} bytes is over the {max_bytes}-byte cap")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchFailed(f"{current}: more than the {max_bytes}-byte cap")
                        chunks.append(chunk)
                    return Fetched(
                        url=current,
                        status=resp.status_code,
                        content_type=resp.headers.get("content-type", "").split(";")[0].strip().lower(),
                        body=b"".join(chunks),
                    )
            except httpx.HTTPError as exc:
                raise FetchFailed(f"{current}: {type(exc).__name__}: {exc}") from None
        raise FetchFailed(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _check_peer(self, resp: httpx.Response, url: str) -> None:
        stream = resp.extensions.get("network_stream")
        if stream is None:
            return
        peer = stream.get_extra_info("server_addr")
        if peer:
            why = address_refusal(str(peer[0]), allow_loopback=self.allow_loopback)
            if why:
                raise FetchRefused(f"refused {url}: connected to {why} ({peer[0]}); the response was not read")
