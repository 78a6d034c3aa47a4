"""Serving the app with uvicorn on 127.0.0.1 by default, next to the pipeline worker."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from tragac.config import Settings, export_environ, load_settings
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
