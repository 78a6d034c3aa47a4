"""HTML pages, one module per page family; each exposes ``router``."""

from tragac.web.routes import (
    admin,
    auth,
    cases,
    dashboard,
    matching,
    media,
    messages,
    reports,
    review,
    search,
    sources,
)

ROUTERS = [
    r.router for r in (auth, dashboard, sources, messages, review, media, search, reports, cases, admin, matching)
]
