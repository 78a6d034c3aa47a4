"""Watched identities (victims' names, handles, phones, addresses from open cases), decrypted in memory only so
that reports and exports can mask them. Never written anywhere."""

from __future__ import annotations

from sqlalchemy import func, select

from tragac.errors import ConfigError
from tragac.store import Store


def watched_terms(store: Store) -> list[str]:
    """Every string of every watched identity. With cases present but their key unreadable this fails: a report
    that cannot mask a victim's name must not be produced."""
    try:
        from tragac.cases import identities, service
        from tragac.store.models.cases import Case
    except ImportError:  # cases are an optional part of an installation
        return []
    with store.session() as s:
        if not s.scalar(select(func.count()).select_from(Case).where(Case.identities_enc.is_not(None))):
            return []
        try:
            ring = service.keyring(store)
            wl = identities.watch_list(s, ring)
        except Exception as exc:  # any failure to decrypt means "cannot mask": refuse
            raise ConfigError(
                f"cannot read the watched identities to mask them ({type(exc).__name__}): {exc}"
            ) from None
    terms: list[str] = []
    for ident in wl.get("identities", []):
        if ident.get("name"):
            terms.append(ident["name"])
        for key in identities.FIELDS:
            terms.extend(v for v in ident.get(key, []) if v)
    return terms
