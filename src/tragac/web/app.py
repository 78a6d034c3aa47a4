"""The application factory: middleware, error handling, pages and the /api/v1 API over one store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tragac.config import Settings
from tragac.errors import TragacError
from tragac.store import Store, open_store
from tragac.web import api, routes, search
from tragac.web.middleware import BodyLimit, SecurityHeaders
from tragac.web.problems import CsrfFailed, Forbidden, NotAuthenticated, problem
from tragac.web.routes import dossiers as dossier_pages
from tragac.web.sessions import IDLE
from tragac.web.templating import render
from tragac.web.throttle import Limits
from tragac.web.vault_reader import MediaReader, vault_access

MAX_BODY = 1024 * 1024
# Request handlers run in a thread pool. Beyond a few threads, Python threads only fight over the GIL and the
# database pool and throughput falls; a small pool keeps extra requests queued instead (measured: performance/web.md).
THREADS = 8


def _lifespan(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    session_idle: timedelta = IDLE,
    throttle: Limits | None = None,
    max_body: int = MAX_BODY,
    media_reader: MediaReader | None = None,
    threads: int = THREADS,
) -> FastAPI:
    """Build the app for ``settings`` (or an already opened ``store``)."""
    store = store or open_store(settings)
    search.ensure_index(store)
    app = FastAPI(
        title="Tragač API",
        version="1",
        description="Monitoring, review and evidence for image-based sexual abuse in messaging groups.",
        docs_url=None,  # Swagger UI needs inline scripts and a CDN; the OpenAPI document is served under /api/v1
        redoc_url=None,
        openapi_url=None,
        lifespan=_lifespan(threads),
    )
    app.state.store = store
    app.state.settings = settings
    app.state.session_idle = session_idle
    app.state.throttle = throttle or Limits()
    if media_reader is None:
        app.state.media_reader, app.state.media_present = vault_access(store)
    else:
        app.state.media_reader = media_reader
        app.state.media_present = lambda m: media_reader(m) is not None

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for router in routes.ROUTERS:
        app.include_router(router)
    app.include_router(dossier_pages.router)
    app.include_router(api.router)

    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, _exc: NotAuthenticated) -> Response:
        if _is_api(request):
            return problem(401, "Not authenticated", "send Authorization: Bearer TOKEN")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if _is_api(request):
            return problem(403, "Forbidden", exc.detail)
        return render(request, "error.html", 403, title="Not allowed", detail=exc.detail)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        detail = "missing or wrong CSRF token; reload the page and try again"
        if _is_api(request):
            return problem(403, "CSRF check failed", detail)
        return render(request, "error.html", 403, title="Request refused", detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        if _is_api(request):
            return problem(exc.status_code, _title(exc.status_code), detail)
        return render(request, "error.html", exc.status_code, title=_title(exc.status_code), detail=detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
        if _is_api(request):
            return problem(
                422, "Invalid input", "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors), errors=errors
            )
        return render(
            request,
            "error.html",
            400,
            title="Invalid input",
            detail="; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors),
        )

    @app.exception_handler(TragacError)
    async def bad_input(request: Request, exc: TragacError) -> Response:
        # Library code reports bad input (an inverted date range, an unknown value…) with a message for people.
        if _is_api(request):
            return problem(400, "Bad request", str(exc))
        return render(request, "error.html", 400, title="Bad request", detail=str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, _exc: Exception) -> Response:
        # The traceback goes to the server log via uvicorn; the user gets no internals.
        return problem(500, "Internal server error", "the error was logged")

    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
