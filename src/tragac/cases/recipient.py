"""Encrypting package media for a recipient's key: X25519 key agreement, HKDF-SHA256, AES-256-GCM.

A recipient (a lawyer, a prosecutor's office) makes a key pair with ``tragac evidence keygen``, keeps the private
key and gives out the public one. Each file gets a fresh ephemeral key, so files cannot be linked by their keys.
Layout of an encrypted file: ``TGE1`` | 32-byte ephemeral public key | 12-byte nonce | ciphertext+tag.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tragac.errors import InputError

MAGIC = b"TGE1"


def _kdf(shared: bytes, eph_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"tragac-evidence/1" + eph_pub + recipient_pub
    ).derive(shared)


def _raw(pub: X25519PublicKey) -> bytes:
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_public_key(path: Path) -> X25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a PEM public key ({exc})") from None
    if not isinstance(key, X25519PublicKey):
        raise InputError(f"{path}: the recipient key must be an X25519 key (make one with `tragac evidence keygen`)")
    return key


def load_private_key(path: Path) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(f"{path}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, X25519PrivateKey):
        raise InputError(f"{path}: not an X25519 private key")
    return key


def keygen(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    private = X25519PrivateKey.generate()
    priv_path, pub_path = folder / "recipient-private.pem", folder / "recipient-public.pem"
    if priv_path.exists():
        raise InputError(f"{priv_path} exists; not overwriting a private key")
    priv_path.touch(mode=0o600)
    priv_path.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pub_path.write_bytes(
        private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return priv_path, pub_path


def encrypt_for(recipient: X25519PublicKey, data: bytes, aad: bytes) -> bytes:
    eph = X25519PrivateKey.generate()
    eph_pub = _raw(eph.public_key())
    key = _kdf(eph.exchange(recipient), eph_pub, _raw(recipient))
    nonce = secrets.token_bytes(12)
    return MAGIC + eph_pub + nonce + AESGCM(key).encrypt(nonce, data, aad)


def decrypt_with(private: X25519PrivateKey, blob: bytes, aad: bytes) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < 4 + 32 + 12 + 16:
        raise InputError("not a file encrypted for a recipient key")
    eph_pub, nonce, ct = blob[4:36], blob[36:48], blob[48:]
    key = _kdf(private.exchange(X25519PublicKey.from_public_bytes(eph_pub)), eph_pub, _raw(private.public_key()))
    return AESGCM(key).decrypt(nonce, ct, aad)
