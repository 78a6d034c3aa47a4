"""The organisation's Ed25519 signing key: it signs every evidence package manifest.

The key file ``HOME/keys/org-signing.json`` (0600, beside the case key ring) is created by ``tragac init`` (or on
the first export) and holds every key the organisation ever used: the current one signs, retired ones stay so that
old packages still verify against this HOME. Rotation (``tragac evidence rotate-key``) adds a new key and records
the change in the file: who, when, and a statement naming the new public key signed by the *old* key, so anyone
holding the old public key can follow the chain to the new one. The public key is given out with
``tragac evidence public-key`` (PEM); a recipient checks packages against it with ``tragac evidence verify
--public-key``. A key id is the first 16 hex digits of SHA-256 over the raw 32-byte public key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tragac.errors import ConfigError, InputError

KEY_FILE = Path("keys") / "org-signing.json"
ALGORITHM = "Ed25519"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(key)).hexdigest()[:16]


def public_from_b64(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(_unb64(text))
    except ValueError as exc:
        raise InputError(f"not an Ed25519 public key ({exc})") from None


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def load_public_pem(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path}: the organisation key must be an Ed25519 key (`tragac evidence public-key`)")
    return key


def verify_signature(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True


@dataclass
class OrgKey:
    """One key of the organisation's ring; ``private`` is None for keys known only by their public half."""

    id: str
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None
    created_at: str
    retired_at: str | None = None

    def sign(self, data: bytes) -> bytes:
        if self.private is None:
            raise ConfigError(f"signing key {self.id} has no private key in this HOME")
        return self.private.sign(data)


@dataclass
class OrgKeyRing:
    keys: list[OrgKey]
    current: str
    rotations: list[dict[str, Any]]
    path: Path

    @property
    def signing_key(self) -> OrgKey:
        return next(k for k in self.keys if k.id == self.current)

    def by_id(self, kid: str) -> OrgKey | None:
        return next((k for k in self.keys if k.id == kid), None)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _new_key(created_at: str) -> OrgKey:
    priv = Ed25519PrivateKey.generate()
    return OrgKey(key_id(priv.public_key()), priv.public_key(), priv, created_at)


def _write(ring: OrgKeyRing) -> None:
    doc = {
        "algorithm": ALGORITHM,
        "current": ring.current,
        "keys": [
            {
                "id": k.id,
                "public": _b64(raw_public(k.public)),
                "private": _b64(
                    k.private.private_bytes(
                        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
                    )
                )
                if k.private
                else None,
                "created_at": k.created_at,
                "retired_at": k.retired_at,
            }
            for k in ring.keys
        ],
        "rotations": ring.rotations,
    }
    ring.path.parent.mkdir(parents=True, exist_ok=True)
    tmp = ring.path.with_name(ring.path.name + ".part")
    # The private key never exists on disk with wider permissions than 0600, not even for a moment.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(doc, fh, indent=2)
    os.replace(tmp, ring.path)


def load_org_keys(home: Path) -> OrgKeyRing | None:
    """The ring in HOME, or None when this HOME has no signing key yet."""
    path = home / KEY_FILE
    if not path.exists():
        return None
    try:
        doc = json.loads(path.read_text())
        keys = [
            OrgKey(
                k["id"],
                Ed25519PublicKey.from_public_bytes(_unb64(k["public"])),
                Ed25519PrivateKey.from_private_bytes(_unb64(k["private"])) if k.get("private") else None,
                k["created_at"],
                k.get("retired_at"),
            )
            for k in doc["keys"]
        ]
        ring = OrgKeyRing(keys, doc["current"], list(doc.get("rotations", [])), path)
        ring.signing_key  # noqa: B018 - fails (StopIteration) when "current" names no key
    except (OSError, ValueError, KeyError, TypeError, StopIteration) as exc:
        raise ConfigError(f"{path}: the organisation signing key file is damaged ({exc!r})") from None
    return ring


def ensure_org_key(home: Path) -> tuple[OrgKeyRing, bool]:
    """The ring in HOME, created with a first key when missing; the flag says whether it was just created."""
    ring = load_org_keys(home)
    if ring is not None:
        return ring, False
    key = _new_key(_now())
    ring = OrgKeyRing([key], key.id, [], home / KEY_FILE)
    _write(ring)
    return ring, True


def rotation_statement(old_id: str, new: OrgKey, at: str, actor: str) -> bytes:
    """What the old key signs on rotation: canonical JSON naming the new key."""
    body = {"action": "rotate", "old": old_id, "new": new.id, "new_public": _b64(raw_public(new.public))}
    body |= {"at": at, "actor": actor}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def rotate_org_key(home: Path, *, actor: str) -> tuple[OrgKey, OrgKey]:
    """Retire the current key and make a new one; returns (old, new). Old packages keep verifying."""
    ring, _ = ensure_org_key(home)
    old = ring.signing_key
    at = _now()
    new = _new_key(at)
    old.retired_at = at
    statement = rotation_statement(old.id, new, at, actor)
    ring.rotations.append(
        {"at": at, "actor": actor, "old": old.id, "new": new.id, "statement_signature": _b64(old.sign(statement))}
    )
    ring.keys.append(new)
    ring.current = new.id
    _write(ring)
    return old, new


def verify_rotations(ring: OrgKeyRing) -> list[str]:
    """Problems in the recorded rotations (each must be signed by the key it retired); empty when all hold."""
    problems = []
    for rot in ring.rotations:
        old, new = ring.by_id(rot["old"]), ring.by_id(rot["new"])
        if old is None or new is None:
            problems.append(f"rotation at {rot.get('at')}: names a key this ring does not hold")
            continue
        statement = rotation_statement(old.id, new, rot["at"], rot["actor"])
        if not verify_signature(old.public, _unb64(rot["statement_signature"]), statement):
            problems.append(f"rotation at {rot['at']}: not signed by the retired key {old.id}")
    return problems


def encode_signature(sig: bytes) -> str:
    return _b64(sig)


def decode_signature(text: str) -> bytes:
    try:
        return _unb64(text)
    except ValueError as exc:
        raise InputError(f"signature is not base64 ({exc})") from None
