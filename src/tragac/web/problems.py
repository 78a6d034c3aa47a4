"""RFC 9457 problem details for the API, and the exceptions routes raise to produce them."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

PROBLEM_TYPE = "application/problem+json"


class NotAuthenticated(Exception):
    """No valid session or token: 401 for the API, a redirect to the login page for HTML."""


class Forbidden(Exception):
    """Signed in, but the role does not allow this."""

    def __init__(self, detail: str = "your role does not allow this") -> None:
        super().__init__(detail)
        self.detail = detail


class CsrfFailed(Exception):
    """A state-changing request without the session's CSRF token."""


def problem(status: int, title: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    headers = {"WWW-Authenticate": 'Bearer realm="tragac"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


# Schema for OpenAPI: every API route may answer with a problem.
PROBLEM_SCHEMA = {
    "content": {
        PROBLEM_TYPE: {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                },
                "required": ["type", "title", "status"],
            }
        }
    }
}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": desc, **PROBLEM_SCHEMA}
    for code, desc in [
        (400, "Bad request"),
        (401, "Not authenticated"),
        (403, "Forbidden"),
        (404, "Not found"),
        (422, "Invalid input"),
    ]
}
