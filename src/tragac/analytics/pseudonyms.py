"""Stable author pseudonyms: a keyed hash, so the same person keeps one name across reports and exports.

The key lives under TRAGAC_HOME (``keys/pseudonym.key``, mode 0600) and is created on first use. Without the key
nobody can test a guessed user id against a pseudonym; rotating the key breaks linkage with earlier publications.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_FILE = Path("keys") / "pseudonym.key"
KEY_BYTES = 32


def key_path(home: Path) -> Path:
    return home / KEY_FILE


def load_or_create_key(home: Path) -> bytes:
    """Read the pseudonym key, creating it (0600, never overwritten) when it does not exist yet."""
    path = key_path(home)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: two processes starting at once must not end up with different keys.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(KEY_BYTES))
        f.flush()
        os.fsync(f.fileno())
    return _read(path)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) < 16:
        # A half-written key from a crash: refuse rather than publish pseudonyms under a weak key.
        from tragac.errors import ConfigError

        raise ConfigError(f"pseudonym key {path} is too short ({len(data)} bytes); remove it to create a new one")
    return data


class Pseudonymizer:
    """Maps (platform, platform id) to ``P-XXXXXXXXXX`` (50 bits of HMAC-SHA256, base32)."""

    prefix = "P-"

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    @classmethod
    def for_home(cls, home: Path) -> Pseudonymizer:
        return cls(load_or_create_key(home))

    def __call__(self, platform: str | None, platform_id: str | None) -> str | None:
        if not platform_id:
            return None
        k = (platform or "", platform_id)
        name = self._cache.get(k)
        if name is None:
            digest = hmac.new(self._key, f"{k[0]}:{k[1]}".encode(), hashlib.sha256).digest()
            name = self.prefix + base64.b32encode(digest[:10]).decode()[:10]
            self._cache[k] = name
        return name
