"""Serving the app with uvicorn on 127.0.0.1 by default, next to the pipeline worker."""

from __future__ import annotations

import ipaddress
import logging

import uvicorn

from tragac.config import Settings
from tragac.store import open_store
from tragac.web.app import create_app
from tragac.web.worker import PipelineWorker

log = logging.getLogger("tragac.web")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    worker_interval: float | None = 30.0,
    log_level: str = "info",
) -> None:
    """Serve until interrupted (Ctrl-C / SIGTERM), then stop the worker after its current stage.
    ``worker_interval=None`` serves without the background worker."""
    store = open_store(settings)
    app = create_app(settings, store=store)
    worker = PipelineWorker(store, worker_interval) if worker_interval else None
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=True,  # X-Forwarded-Proto from a local reverse proxy marks HTTPS (and Secure cookies)
        forwarded_allow_ips="127.0.0.1",
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(config)
    if worker:
        worker.start()
    try:
        server.run()
    finally:
        if worker:
            worker.stop()
        store.close()
