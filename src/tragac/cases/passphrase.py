"""Encrypting package media under a passphrase: scrypt (once per package) then AES-256-GCM per file.

The default when a package is exported without a recipient key: Tragač makes a random passphrase, shows it once,
and never stores it; the caseworker hands it to the recipient by another channel than the package. Each file is
bound to its SHA-256 (associated data), so files cannot be swapped between items and still decrypt.
Layout of an encrypted file: ``TGP1`` | 12-byte nonce | ciphertext+tag. The scrypt salt and cost are in the
manifest (``media_encryption``).
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from tragac.errors import InputError

MAGIC = b"TGP1"
SCHEME = "scrypt+aes-256-gcm"
# RFC 7914's interactive cost; about 0.1 s and 32 MiB once per package, so guessing a passphrase is slow.
N, R, P = 2**15, 8, 1
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud or copied by hand without mistakes


def new_passphrase() -> str:
    """Six groups of five characters (150 bits), e.g. ``k3vq9-...``."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(6))


def derive(passphrase: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    if not passphrase:
        raise InputError("the passphrase is empty")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def params(salt: bytes) -> dict[str, object]:
    return {"scheme": SCHEME, "salt": base64.b64encode(salt).decode(), "n": N, "r": R, "p": P}


def key_from_params(passphrase: str, prm: dict[str, object]) -> bytes:
    if prm.get("scheme") != SCHEME:
        raise InputError(f"media are not passphrase-encrypted (scheme {prm.get('scheme')!r})")
    salt = base64.b64decode(str(prm["salt"]))
    return derive(passphrase, salt, int(str(prm["n"])), int(str(prm["r"])), int(str(prm["p"])))


def encrypt(key: bytes, data: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, aad)


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if not blob.startswith(MAGIC):
        raise InputError("not a passphrase-encrypted file")
    try:
        return AESGCM(key).decrypt(blob[4:16], blob[16:], aad)
    except InvalidTag:
        raise InputError("wrong passphrase, or the file was altered") from None
