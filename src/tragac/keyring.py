"""AES-GCM encryption of sensitive fields and vault files, with a key ring that supports rotation.

Keys come from ``TRAGAC_CASE_KEY`` (urlsafe base64 of 32 bytes; ``TRAGAC_CASE_KEY_ID`` names it; earlier keys in
``TRAGAC_CASE_OLD_KEYS``) or from the key file ``HOME/keys/case-keys.json`` (created 0600 on first use), which holds
every key ever used. Rotation (``tragac case rotate-key``): a new current key (key file) or the new environment key,
then every field and vault file is re-encrypted with it. Each ciphertext names its key and is bound to its place
(associated data), so a field cannot be copied into another row or column and still decrypt.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tragac.config import KeySettings
from tragac.errors import ConfigError

PREFIX = "tgc1"
KEY_FILE = Path("keys") / "case-keys.json"
ENV_KEY = "TRAGAC_CASE_KEY"
ENV_KEY_ID = "TRAGAC_CASE_KEY_ID"
ENV_OLD_KEYS = "TRAGAC_CASE_OLD_KEYS"  # "id:base64,id:base64": earlier environment keys, for decryption only


class DecryptionError(ConfigError):
    """A ciphertext that no known key opens (wrong key, tampered data, or moved to another field)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


@dataclass
class KeyRing:
    """Named 256-bit keys; ``current`` encrypts, any of them decrypts."""

    keys: dict[str, bytes]
    current: str
    path: Path | None = None
    _aead: dict[str, AESGCM] = field(default_factory=dict, repr=False)

    def aead(self, key_id: str) -> AESGCM:
        if key_id not in self.keys:
            raise DecryptionError(f"encryption key {key_id!r} is not in the key ring (check {ENV_KEY} or the key file)")
        if key_id not in self._aead:
            self._aead[key_id] = AESGCM(self.keys[key_id])
        return self._aead[key_id]

    # Text fields ------------------------------------------------------------------------------------------------
    def encrypt_text(self, plaintext: str, context: str) -> str:
        nonce = secrets.token_bytes(12)
        ct = self.aead(self.current).encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        return f"{PREFIX}:{self.current}:{_b64(nonce + ct)}"

    def decrypt_text(self, token: str, context: str) -> str:
        key_id, blob = self._split(token)
        try:
            data = self.aead(key_id).decrypt(blob[:12], blob[12:], context.encode("utf-8"))
        except InvalidTag as exc:
            raise DecryptionError(f"cannot decrypt {context}: wrong key or altered data") from exc
        return data.decode("utf-8")

    def key_id_of(self, token: str) -> str:
        return self._split(token)[0]

    def _split(self, token: str) -> tuple[str, bytes]:
        parts = token.split(":", 2)
        if len(parts) != 3 or parts[0] != PREFIX:
            raise DecryptionError("not an encrypted field")
        return parts[1], _unb64(parts[2])

    # Binary blobs (vault files) -----------------------------------------------------------------------------------
    def encrypt_bytes(self, data: bytes, context: str) -> tuple[str, bytes]:
        nonce = secrets.token_bytes(12)
        return self.current, nonce + self.aead(self.current).encrypt(nonce, data, context.encode("utf-8"))

    def decrypt_bytes(self, key_id: str, blob: bytes, context: str) -> bytes:
        try:
            return self.aead(key_id).decrypt(blob[:12], blob[12:], context.encode("utf-8"))
        except InvalidTag as exc:
            raise DecryptionError(f"cannot decrypt {context}: wrong key or altered data") from exc

    # Rotation ---------------------------------------------------------------------------------------------------
    def add_key(self) -> str:
        """Create a new current key and persist the ring; an environment key ring keeps its (new) current key."""
        if self.path is None:
            return self.current
        key_id = "k" + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)
        self.keys[key_id] = AESGCM.generate_key(bit_length=256)
        self.current = key_id
        _write_key_file(self.path, self)
        return key_id


def _write_key_file(path: Path, ring: KeyRing) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    payload = {"current": ring.current, "keys": {k: _b64(v) for k, v in ring.keys.items()}}
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(payload, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def load_keyring(home: Path, *, create: bool = True, keys: KeySettings | None = None) -> KeyRing:
    """The key ring for ``home``: the environment key if set (old keys from the file stay usable), else the key file.

    ``keys`` is the ``keys`` settings group (read from the environment when not given)."""
    keys = keys or KeySettings()
    path = home / KEY_FILE
    file_keys: dict[str, bytes] = {}
    file_current: str | None = None
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise ConfigError(f"key file {path} is readable by others; run: chmod 600 {path}")
        try:
            raw = json.loads(path.read_text())
            file_keys = {k: _unb64(v) for k, v in raw["keys"].items()}
            file_current = str(raw["current"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"key file {path} is malformed: {exc}") from exc
    env = keys.case_key
    if env:
        try:
            key = _unb64(env.strip())
        except ValueError as exc:
            raise ConfigError(f"{ENV_KEY} is not base64: {exc}") from exc
        if len(key) != 32:
            raise ConfigError(f"{ENV_KEY} must be 32 bytes (urlsafe base64), got {len(key)}")
        key_id = keys.case_key_id
        old: dict[str, bytes] = {}
        for part in filter(None, (p.strip() for p in keys.case_old_keys.split(","))):
            old_id, _, old_key = part.partition(":")
            try:
                old[old_id] = _unb64(old_key)
            except ValueError as exc:
                raise ConfigError(f"{ENV_OLD_KEYS}: key {old_id!r} is not base64") from exc
        return KeyRing(keys={**file_keys, **old, key_id: key}, current=key_id, path=None)
    if file_current is not None:
        return KeyRing(keys=file_keys, current=file_current, path=path)
    if not create:
        raise ConfigError(f"no case key: set {ENV_KEY} or create {path}")
    ring = KeyRing(keys={"k1": AESGCM.generate_key(bit_length=256)}, current="k1", path=path)
    _write_key_file(path, ring)
    return ring
