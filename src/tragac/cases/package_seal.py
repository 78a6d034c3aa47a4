"""Sealing an evidence package: the organisation's Ed25519 signature over ``manifest.json`` and RFC 3161 tokens
over its SHA-256, and checking both offline.

Members this adds beside the manifest (none of them is listed in the manifest's ``files``, because each is made
*from* the manifest):

- ``signature.json``: algorithm, key id, raw public key, the manifest's SHA-256 and the signature over the exact
  bytes of ``manifest.json``;
- ``timestamps/<n>.tsr``: one DER TimeStampResp per TSA that answered;
- ``timestamps/tsa-certs.pem``: copies of the TSA certificates configured when the package was made (a verifier
  who has its own copies passes ``--tsa-cert`` instead, which is stronger);
- ``timestamps.json``: which TSA gave which token, and which requests are still *queued* (TSA unreachable): a
  queued request is retried by ``tragac evidence timestamp`` and its token added to the package later; until then
  verify reports the package as not yet stamped by that TSA.

The manifest names the TSAs it was sent to (``timestamping.tsas``), so a dropped token is noticed: every TSA must
have a token or a queued entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tragac.cases import signing, timestamps
from tragac.errors import InputError

SIGNATURE = "signature.json"
TIMESTAMPS = "timestamps.json"
TSA_CERTS = "timestamps/tsa-certs.pem"
QUEUE_FILE = Path("evidence") / "timestamp-queue.json"
SEAL_MEMBERS = (SIGNATURE, TIMESTAMPS, TSA_CERTS)
# What reading a damaged zip member can raise (a flipped bit in a header names an unknown method, "encryption", …).
ZIP_DAMAGE = (zipfile.BadZipFile, OSError, ValueError, zlib.error, NotImplementedError, RuntimeError, EOFError)


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def is_seal_member(name: str) -> bool:
    return name in SEAL_MEMBERS or (name.startswith("timestamps/") and name.endswith(".tsr"))


@dataclass
class Seal:
    members: dict[str, bytes]
    key_id: str
    manifest_sha256: str
    stamped: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)


def _stamp(url: str, digest: bytes, timeout: float) -> tuple[bytes | None, str | None]:
    try:
        return timestamps.request_timestamp(url, digest, timeout=timeout), None
    except timestamps.TimestampError as exc:
        return None, str(exc)


def seal(
    manifest_bytes: bytes,
    home: Path,
    *,
    tsa_urls: list[str],
    tsa_cert_files: list[Path],
    timeout: float,
    now: datetime,
) -> Seal:
    ring, _ = signing.ensure_org_key(home)
    key = ring.signing_key
    digest = hashlib.sha256(manifest_bytes).digest()
    sig = {
        "format": "tragac-evidence-signature/1",
        "algorithm": signing.ALGORITHM,
        "key_id": key.id,
        "public_key": signing.encode_signature(signing.raw_public(key.public)),
        "manifest_sha256": digest.hex(),
        "signature": signing.encode_signature(key.sign(manifest_bytes)),
        "signed_at": _iso(now),
    }
    result = Seal({SIGNATURE: orjson.dumps(sig, option=orjson.OPT_INDENT_2)}, key.id, digest.hex())
    tokens: list[dict[str, Any]] = []
    queued: list[dict[str, Any]] = []
    for n, url in enumerate(tsa_urls, start=1):
        body, why = _stamp(url, digest, timeout)
        if body is not None:
            name = f"timestamps/{n}.tsr"
            result.members[name] = body
            tokens.append({"tsa": url, "file": name, "received_at": _iso(datetime.now(UTC))})
            result.stamped.append(url)
        else:
            queued.append({"tsa": url, "slot": n, "queued_at": _iso(now), "reason": why})
            result.queued.append(url)
    if tsa_cert_files:
        result.members[TSA_CERTS] = b"".join(p.read_bytes() for p in tsa_cert_files)
    result.members[TIMESTAMPS] = _timestamps_json(digest.hex(), tokens, queued)
    return result


def _timestamps_json(digest: str, tokens: list[dict[str, Any]], queued: list[dict[str, Any]]) -> bytes:
    return orjson.dumps({"manifest_sha256": digest, "tokens": tokens, "queued": queued}, option=orjson.OPT_INDENT_2)


# --- the queue of packages waiting for a TSA ------------------------------------------------------------------


def queue_package(home: Path, package: Path) -> None:
    path = home / QUEUE_FILE
    entries = queued_packages(home)
    if str(package.resolve()) not in entries:
        entries.append(str(package.resolve()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entries, indent=2))


def queued_packages(home: Path) -> list[str]:
    path = home / QUEUE_FILE
    if not path.exists():
        return []
    return list(json.loads(path.read_text()))


def _unqueue(home: Path, package: Path) -> None:
    entries = [e for e in queued_packages(home) if e != str(package.resolve())]
    (home / QUEUE_FILE).write_text(json.dumps(entries, indent=2))


@dataclass
class StampResult:
    package: Path
    added: list[str]
    still_queued: list[str]


def add_queued_timestamps(package: Path, *, timeout: float, home: Path | None = None) -> StampResult:
    """Retry the package's queued TSA requests; add each token that comes back (the manifest is unchanged)."""
    try:
        zf = zipfile.ZipFile(package)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"{package}: not a readable zip ({exc})") from None
    with zf:
        members = {info.filename: (info, zf.read(info.filename)) for info in zf.infolist()}
    if TIMESTAMPS not in members or "manifest.json" not in members:
        raise InputError(f"{package}: not a sealed evidence package (no {TIMESTAMPS})")
    doc = orjson.loads(members[TIMESTAMPS][1])
    digest = hashlib.sha256(members["manifest.json"][1]).digest()
    if doc.get("manifest_sha256") != digest.hex():
        raise InputError(f"{package}: {TIMESTAMPS} does not belong to this manifest")
    added, left = [], []
    new: dict[str, bytes] = {}
    for q in doc.get("queued", []):
        body, why = _stamp(q["tsa"], digest, timeout)
        if body is None:
            q["reason"] = why
            left.append(q)
            continue
        name = f"timestamps/{q['slot']}.tsr"
        new[name] = body
        doc["tokens"].append({"tsa": q["tsa"], "file": name, "received_at": _iso(datetime.now(UTC)), "late": True})
        added.append(q["tsa"])
    if added:
        doc["queued"] = left
        tmp = package.with_name(package.name + ".part")
        with zipfile.ZipFile(tmp, "w") as out:
            for name, (info, data) in members.items():
                out.writestr(
                    info, _timestamps_json(doc["manifest_sha256"], doc["tokens"], left) if name == TIMESTAMPS else data
                )
            for name, data in sorted(new.items()):
                out.writestr(name, data, zipfile.ZIP_STORED)
        os.replace(tmp, package)
    if home is not None and not left:
        _unqueue(home, package)
    return StampResult(package, added, [q["tsa"] for q in left])


# --- checking ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One failed check of ``verify``: the package member it concerns, the check's name, and the whole sentence."""

    file: str  # a member of the zip ("manifest.json", "media/….jpg.enc", "timestamps/2.tsr") or the zip itself
    check: str  # format | manifest | item hash | file hash | file missing | file damaged | listing | items root |
    # custody chain | manifest hash | signature | signature key | timestamp
    message: str
    item: str | None = None  # the manifest item it concerns, when one

    def as_dict(self) -> dict[str, str | None]:
        return {"file": self.file, "check": self.check, "item": self.item, "message": self.message}


@dataclass
class SealCheck:
    failures: list[Failure] = field(default_factory=list)
    signature: dict[str, Any] = field(default_factory=dict)
    timestamps: list[dict[str, Any]] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)

    def fail(self, file: str, check: str, message: str) -> None:
        self.failures.append(Failure(file, check, message))

    @property
    def problems(self) -> list[str]:
        return [f.message for f in self.failures]


def check_seal(
    zf: zipfile.ZipFile,
    manifest_bytes: bytes,
    manifest: dict[str, Any],
    *,
    public_keys: list[Ed25519PublicKey] | None,
    tsa_certs: list[x509.Certificate] | None,
    expected_manifest_sha256: str | None,
    require_timestamp: bool,
) -> SealCheck:
    res = SealCheck()
    digest = hashlib.sha256(manifest_bytes).digest()
    if expected_manifest_sha256 and expected_manifest_sha256.lower() != digest.hex():
        res.fail(
            "manifest.json",
            "manifest hash",
            f"manifest.json: manifest hash check failed (SHA-256 {digest.hex()}, expected {expected_manifest_sha256})",
        )
    _check_signature(zf, manifest_bytes, digest, public_keys, res)
    _check_timestamps(zf, manifest, digest, tsa_certs, require_timestamp, res)
    return res


def _read(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        return None
    except ZIP_DAMAGE:
        return b""


def _check_signature(
    zf: zipfile.ZipFile, manifest_bytes: bytes, digest: bytes, keys: list[Ed25519PublicKey] | None, res: SealCheck
) -> None:
    raw = _read(zf, SIGNATURE)
    if raw is None:
        res.fail(SIGNATURE, "signature", f"{SIGNATURE}: signature check failed (the package is not signed)")
        return
    try:
        sig = orjson.loads(raw)
        carried = signing.public_from_b64(sig["public_key"])
        signature = signing.decode_signature(sig["signature"])
    except (orjson.JSONDecodeError, KeyError, TypeError, InputError) as exc:
        res.fail(SIGNATURE, "signature", f"{SIGNATURE}: signature check failed (damaged: {exc})")
        return
    kid = signing.key_id(carried)
    res.signature = {"key_id": kid, "trust": "expected key" if keys else "key carried in the package"}
    if kid != sig.get("key_id"):
        res.fail(SIGNATURE, "signature", f"{SIGNATURE}: signature check failed (key id does not match the public key)")
    if keys is not None and kid not in {signing.key_id(k) for k in keys}:
        res.fail(
            SIGNATURE,
            "signature key",
            f"{SIGNATURE}: signature key check failed (signed by key {kid}, not the expected key)",
        )
    if sig.get("manifest_sha256") != digest.hex():
        res.fail(SIGNATURE, "signature", f"{SIGNATURE}: signature check failed (it is for another manifest)")
    if not signing.verify_signature(carried, signature, manifest_bytes):
        res.fail(
            "manifest.json", "signature", "manifest.json: signature check failed (manifest altered or signature forged)"
        )


def _check_timestamps(
    zf: zipfile.ZipFile,
    manifest: dict[str, Any],
    digest: bytes,
    given: list[x509.Certificate] | None,
    require: bool,
    res: SealCheck,
) -> None:
    asked: list[str] = list((manifest.get("timestamping") or {}).get("tsas", []))
    raw = _read(zf, TIMESTAMPS)
    if raw is None:
        if asked:
            res.fail(
                TIMESTAMPS,
                "timestamp",
                f"{TIMESTAMPS}: timestamp check failed (missing; the manifest names {len(asked)} TSA)",
            )
        elif require:
            res.fail(TIMESTAMPS, "timestamp", "timestamp check failed: the package has no timestamp")
        return
    try:
        doc = orjson.loads(raw)
        tokens, queued = list(doc["tokens"]), list(doc["queued"])
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        res.fail(TIMESTAMPS, "timestamp", f"{TIMESTAMPS}: timestamp check failed (damaged: {exc})")
        return
    trusted = given
    trust = "given certificates"
    if trusted is None:
        pem = _read(zf, TSA_CERTS)
        try:
            trusted = x509.load_pem_x509_certificates(pem) if pem else []
        except ValueError:
            res.fail(TSA_CERTS, "timestamp", f"{TSA_CERTS}: timestamp check failed (not PEM certificates)")
            trusted = []
        trust = "certificates copied into the package"
    covered = set()
    for tok in tokens:
        name = str(tok.get("file"))
        body = _read(zf, name)
        entry: dict[str, Any] = {"tsa": tok.get("tsa"), "file": name, "trust": trust}
        covered.add(tok.get("tsa"))  # a bad token is reported below once, not again as a dropped one
        if not body:
            res.fail(name, "timestamp", f"{name}: timestamp check failed (token missing or unreadable)")
            continue
        try:
            info = timestamps.verify_token(body, digest, trusted)
        except timestamps.TimestampError as exc:
            res.fail(name, "timestamp", f"{name}: timestamp check failed ({exc})")
            continue
        entry |= {"gen_time": _iso(info.gen_time), "serial": info.serial, "tsa_subject": info.tsa_subject}
        res.timestamps.append(entry)
    for q in queued:
        res.queued.append(str(q.get("tsa")))
        covered.add(q.get("tsa"))
    for url in asked:
        if url not in covered:
            res.fail(TIMESTAMPS, "timestamp", f"{TIMESTAMPS}: timestamp check failed (token from {url} dropped)")
    if require and not res.timestamps:
        res.fail(
            TIMESTAMPS,
            "timestamp",
            "timestamp check failed: no verified timestamp (queued: " + ", ".join(res.queued) + ")",
        )
