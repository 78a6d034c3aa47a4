"""HTML pages, one module per page family; each exposes ``router``."""

from tragac.web.routes import (
    admin,
    api_docs,
    auth,
    cases,
    dashboard,
    matching,
    media,
    messages,
    notices,
    reports,
    review,
    search,
    sources,
)

ROUTERS = [
    r.router
    for r in (
        auth,
        dashboard,
        sources,
        messages,
        review,
        media,
        search,
        reports,
        cases,
        notices,
        admin,
        api_docs,
        matching,
    )
]
