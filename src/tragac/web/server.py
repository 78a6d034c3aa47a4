"""Serving the app with uvicorn on 127.0.0.1 by default, next to the pipeline worker."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from tragac.config import Settings, export_environ, load_settings
from tragac.errors import InputError
from tragac.store import open_store
from tragac.web.app import create_app
from tragac.web.worker import PipelineWorker

log = logging.getLogger("tragac.web")


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

    With ``--workers`` uvicorn binds its listening socket itself as ``socket.socket(family)`` (protocol number 0),
    and asyncio only turns on TCP_NODELAY for sockets whose protocol reads IPPROTO_TCP. A response then leaves as
    two small writes (head, body) and the second waits for the client's delayed ACK: every request took ~40 ms
    more (measured: performance/web.md). Setting the option here holds in both modes."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # a connection already gone: nothing to tune
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_port_free(host: str, port: int) -> None:
    """An :class:`InputError` saying so when ``host:port`` cannot be listened on (another server holds it, say), so
    a command says it in one line before its work instead of uvicorn dying on "address already in use" after it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise InputError(f"--host {host}: not an address of this machine") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn binds: SO_REUSEADDR, so a port left in TIME_WAIT by a server just stopped counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"port {port} is taken on {host} (another Tragač or another program is listening there): "
                    f"stop it, or choose another port with --port N (make demo PORT=N)"
                ) from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def app_from_env() -> FastAPI:
    """The app for each process of a multi-process server (settings come from TRAGAC_* variables)."""
    return create_app(load_settings())


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    worker_interval: float | None = 30.0,
    workers: int = 1,
    log_level: str = "info",
) -> None:
    """Serve until interrupted (Ctrl-C / SIGTERM), then stop the pipeline worker after its current stage.

    ``workers`` > 1 runs that many server processes (more requests per second on more cores); the pipeline worker
    always runs once, in this process. ``worker_interval=None`` serves without it.
    """
    store = open_store(settings)  # migrates before any server process starts
    common = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        # Access logs would keep search words (a victim's name, say) and ids in plain text: off by default.
        "access_log": False,
        # X-Forwarded-Proto from a local reverse proxy marks HTTPS (and so Secure cookies).
        "proxy_headers": True,
        "forwarded_allow_ips": "127.0.0.1",
        "timeout_graceful_shutdown": 10,
        "http": NoDelayH11Protocol,
    }
    worker = PipelineWorker(store, worker_interval) if worker_interval else None
    if worker:
        worker.start()
    try:
        if workers > 1:
            export_environ(settings)  # the worker processes read their settings from the environment
            uvicorn.run("tragac.web.server:app_from_env", factory=True, workers=workers, **common)  # type: ignore[arg-type]
        else:
            uvicorn.Server(uvicorn.Config(create_app(settings, store=store), **common)).run()  # type: ignore[arg-type]
    finally:
        if worker:
            worker.stop()
        store.close()
