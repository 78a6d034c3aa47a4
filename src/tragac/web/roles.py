"""The role matrix: each role can do everything the roles below it can."""

from __future__ import annotations

from tragac.store.models.web import ROLES

RANK = {role: i for i, role in enumerate(ROLES)}

# What a route needs, named by capability rather than role so pages read like the matrix.
READ_REPORTS = "viewer"  # dashboards, source figures, statistics
REVIEW = "analyst"  # messages, flags, media, search, review decisions
CASES = "caseworker"  # case work (cases arrive in a later issue)
ADMIN = "admin"  # users, audit log, settings


def allows(role: str, needed: str) -> bool:
    return RANK.get(role, -1) >= RANK[needed]
