"""HTML pages, one module per page family; each exposes ``router``."""

from tragac.web.routes import admin, auth, dashboard, media, messages, review, search, sources

ROUTERS = [r.router for r in (auth, dashboard, sources, messages, review, media, search, admin)]
