"""`tragac serve`: the analyst web application."""

from __future__ import annotations

from typing import Annotated

import typer

from tragac.cli.common import HomeOption, err_console, fail, settings_for


def serve(
    home: HomeOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on. Anything but loopback exposes the app.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    worker_interval: Annotated[
        float, typer.Option("--worker-interval", min=1, help="Seconds between checks for new data to analyse.")
    ] = 30.0,
    no_worker: Annotated[bool, typer.Option("--no-worker", help="Do not run the pipeline in the background.")] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Server processes (more throughput on more cores).")
    ] = 1,
) -> None:
    """Serve the web app (dashboard, review queue, search, JSON API) and analyse new data in the background."""
    from tragac.web.server import is_loopback
    from tragac.web.server import serve as run_server

    if not is_loopback(host):
        err_console.print(
            f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this address sees the login page. "
            "Put it behind HTTPS (a reverse proxy) before exposing it."
        )
    try:
        run_server(
            settings_for(home), host, port, worker_interval=None if no_worker else worker_interval, workers=workers
        )
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
