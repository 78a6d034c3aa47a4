"""Victim cases: encrypted watched identities and her hash bank, findings and alerts, the evidence vault and
hash-chained custody log, evidence packages, takedown notices with re-notices and removal statistics, and website
watch. The CLI (``tragac case|evidence|notice|web-watch``) and the web pages call the functions of these modules:

- ``service``: create_case, add_identities, import_hashes, withdraw_case, close_case, case_detail, rotate_key;
- ``linker``: refresh_cases (also the ``cases`` pipeline stage);
- ``package``: export_package, verify_package; ``vault``: capture, collect_case_media;
- ``notices.service``: draft_notice, approve_notice, send_notice, mark_notice, run_renotices, removal_stats;
- website watch is a source: ``tragac.sources.web.watch`` (add_page, run_watch).
"""

from __future__ import annotations

from typing import Any

from tragac.plugins import hookimpl
from tragac.store import Store


def watch_list(store: Store) -> dict[str, Any]:
    """Every open case's watched identities, decrypted, in the text detector's watch-list shape
    ``{"identities": [{"id": "case:<case id>:<n>", "name", "handles", "phones", "addresses"}]}``.

    For the ``signals`` stage: keep it in memory only, and put the ``id`` (never the values) into a flag's
    ``evidence["watch_id"]`` so the flag is linked to the right case.
    """
    from tragac.cases.identities import watch_list as _watch_list
    from tragac.cases.service import keyring

    ring = keyring(store)
    with store.session() as s:
        return _watch_list(s, ring)


@hookimpl(trylast=True)
def register_watched_identities(store: Store) -> list[dict[str, Any]]:
    """Open cases' watched identities for the ``signals`` stage (see :func:`watch_list`)."""
    from sqlalchemy import exists, select

    from tragac.store.models.cases import Case

    with store.session() as s:
        if not s.scalar(select(exists().where(Case.state == "open"))):
            return []  # no open case: do not touch (or create) the case key ring
    identities = watch_list(store).get("identities", [])
    return list(identities) if isinstance(identities, list) else []
