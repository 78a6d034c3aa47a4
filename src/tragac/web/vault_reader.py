"""Where thumbnails get their bytes: the evidence vault (``tragac.cases.vault``), only for media it holds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from tragac.errors import TragacError
from tragac.store import Store
from tragac.store.models.core import Media

if TYPE_CHECKING:
    from tragac.cases.vault import Vault

log = logging.getLogger("tragac.web")
MediaReader = Callable[[Media], bytes | None]
MediaPresent = Callable[[Media], bool]


def vault_access(store: Store) -> tuple[MediaReader, MediaPresent]:
    """(read, present) over the vault. ``read`` decrypts a copy; ``present`` only checks that one exists (for pages
    listing many media). Media the vault does not hold (the default: hashes only) gives None / False, and so does
    any vault or key problem: a missing thumbnail must never break a page."""
    opened: list[Vault] = []

    def vault() -> Vault | None:
        if not opened:
            from tragac.cases.vault import Vault
            from tragac.keyring import load_keyring

            try:
                opened.append(Vault(store, load_keyring(store.settings.home, create=False)))
            except (TragacError, OSError) as exc:
                log.warning("evidence vault unavailable: %s", exc)
                return None
        return opened[0]

    def present(media: Media) -> bool:
        v = vault() if media.in_vault else None
        return v is not None and v.has(media.sha256)

    def read(media: Media) -> bytes | None:
        if not present(media):
            return None
        v = vault()
        try:
            return v.get_bytes(media.sha256) if v else None
        except (TragacError, OSError, ValueError) as exc:
            log.warning("vault copy of media %s unreadable: %s", media.id, type(exc).__name__)
            return None

    return read, present
