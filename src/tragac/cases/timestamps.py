"""RFC 3161 time-stamp tokens: ask a Time-Stamping Authority to vouch that a digest existed at a time; check tokens
offline.

A package's manifest digest (SHA-256 of ``manifest.json``) is sent to each configured TSA
(``TRAGAC_EVIDENCE_TSA_URLS``). The reply (a DER ``TimeStampResp``, kept as ``timestamps/<n>.tsr``) holds a CMS
SignedData over a ``TSTInfo`` that names the digest and the TSA's time. Checking a token needs no network: the
message imprint must equal the manifest digest, the signed attributes must carry the digest of the TSTInfo, the
signature must verify under the signer certificate carried in the token, that certificate must be for time-stamping
and valid at the stamped time, and it must be one of the trusted TSA certificates or issued by one
(``--tsa-cert`` or ``TRAGAC_EVIDENCE_TSA_CERTS``). The same ``.tsr`` files also check with
``openssl ts -verify -in timestamps/1.tsr -data manifest.json -CAfile tsa-ca.pem``.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import cms, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from tragac.errors import InputError

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def split_list(value: str) -> list[str]:
    """A comma-separated setting (``TRAGAC_EVIDENCE_TSA_URLS``, ``TRAGAC_EVIDENCE_TSA_CERTS``) as a list."""
    return [v.strip() for v in value.split(",") if v.strip()]


# What asn1crypto and cryptography raise on damaged DER (lazily, when a field is first read).
# A flipped byte can also turn a key's curve or algorithm into one cryptography does not know.
_MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, UnsupportedAlgorithm)


class TimestampError(Exception):
    """A TSA refused, could not be reached, or a token does not check; the message says which check failed."""


class TsaUnreachable(TimestampError):
    """No answer from the TSA (offline, refused, timed out): the request is queued and retried later."""


@dataclass(frozen=True)
class TokenInfo:
    gen_time: datetime
    serial: int
    policy: str
    tsa_subject: str


def build_request(digest: bytes, nonce: int) -> bytes:
    """A DER TimeStampReq for a SHA-256 digest, asking for the TSA certificate to be included."""
    req = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": digest},
            "nonce": nonce,
            "cert_req": True,
        }
    )
    return bytes(req.dump())


def request_timestamp(url: str, digest: bytes, *, timeout: float) -> bytes:
    """Ask one TSA for a token over ``digest``; returns the DER TimeStampResp after checking its status and nonce."""
    nonce = secrets.randbits(63)
    http = urllib.request.Request(
        url, data=build_request(digest, nonce), headers={"Content-Type": "application/timestamp-query"}
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as resp:
            body = resp.read()
    except urllib.error.HTTPError as exc:
        raise TimestampError(f"{url}: TSA answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise TsaUnreachable(f"{url}: TSA not reachable ({getattr(exc, 'reason', exc)})") from None
    token = token_from_response(body)
    try:
        tst = _tst_info(token)
        answered_nonce, stamped = tst["nonce"].native, tst["message_imprint"]["hashed_message"].native
    except _MALFORMED as exc:
        raise TimestampError(f"{url}: the TSA's answer is malformed ({exc})") from None
    if answered_nonce != nonce:
        raise TimestampError(f"{url}: the TSA's answer carries another nonce (replayed or foreign response)")
    if stamped != digest:
        raise TimestampError(f"{url}: the TSA stamped another digest")
    return body


def token_from_response(der: bytes) -> cms.ContentInfo:
    # asn1crypto parses lazily: a damaged inner structure raises only when it is read, so every read is inside.
    try:
        resp = tsp.TimeStampResp.load(der)
        status = resp["status"]["status"].native
        if status not in ("granted", "granted_with_mods"):
            text = resp["status"]["status_string"].native if resp["status"]["status_string"] else None
            raise TimestampError(f"TSA refused the request ({status}{': ' + str(text) if text else ''})")
        token = resp["time_stamp_token"]
        if token.native is None or token["content_type"].native != "signed_data":
            raise TimestampError("time-stamp response carries no signed token")
    except _MALFORMED as exc:
        raise TimestampError(f"not a time-stamp response ({exc})") from None
    return token


def _tst_info(token: cms.ContentInfo) -> tsp.TSTInfo:
    encap = token["content"]["encap_content_info"]
    if encap["content_type"].native != "tst_info":
        raise TimestampError("token does not hold a TSTInfo")
    return encap["content"].parsed


def load_certs(paths: list[Path]) -> list[x509.Certificate]:
    certs: list[x509.Certificate] = []
    for p in paths:
        try:
            certs += x509.load_pem_x509_certificates(p.read_bytes())
        except (OSError, ValueError) as exc:
            raise InputError(f"{p}: not a PEM certificate ({exc})") from None
    return certs


def _verify_with(cert: x509.Certificate, signature: bytes, data: bytes, hash_name: str) -> None:
    key = cert.public_key()
    algo = _HASHES[hash_name]()
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), algo)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(algo))
    elif isinstance(key, ed25519.Ed25519PublicKey):
        key.verify(signature, data)
    else:
        raise TimestampError(f"unsupported TSA key type {type(key).__name__}")


def _signer_cert(sd: cms.SignedData, sid: cms.SignerIdentifier) -> x509.Certificate:
    for choice in sd["certificates"] or []:
        if choice.name != "certificate":
            continue
        c: asn1_x509.Certificate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            if c.serial_number == sid.chosen["serial_number"].native and c.issuer == sid.chosen["issuer"]:
                return x509.load_der_x509_certificate(c.dump())
        elif c.key_identifier == sid.chosen.native:
            return x509.load_der_x509_certificate(c.dump())
    raise TimestampError("the token does not carry its signer's certificate")


def _trusted(cert: x509.Certificate, extra: list[x509.Certificate], trusted: list[x509.Certificate]) -> bool:
    """The certificate is trusted itself, or a chain through ``extra`` (certs in the token) reaches a trusted one."""
    fingerprints = {t.fingerprint(hashes.SHA256()) for t in trusted}
    current = cert
    for _ in range(6):
        if current.fingerprint(hashes.SHA256()) in fingerprints:
            return True
        issuer = next(
            (
                c
                for c in trusted + extra
                if c.subject == current.issuer
                and c.fingerprint(hashes.SHA256()) != current.fingerprint(hashes.SHA256())
            ),
            None,
        )
        if issuer is None:
            return False
        try:
            current.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature):
            return False
        current = issuer
    return False


def verify_token(der_response: bytes, digest: bytes, trusted: list[x509.Certificate]) -> TokenInfo:
    """Check one ``.tsr`` against the digest it should stamp and the trusted TSA certificates, offline.

    Raises TimestampError naming the failed check."""
    token = token_from_response(der_response)
    try:
        sd: cms.SignedData = token["content"]
        tst = _tst_info(token)
        imprint = tst["message_imprint"]
        if imprint["hashed_message"].native != digest:
            raise TimestampError("message imprint is not the manifest digest")
        if len(sd["signer_infos"]) != 1:
            raise TimestampError("token must have exactly one signer")
        si = sd["signer_infos"][0]
        hash_name = si["digest_algorithm"]["algorithm"].native
        if hash_name not in _HASHES:
            raise TimestampError(f"unsupported digest algorithm {hash_name}")
        content = sd["encap_content_info"]["content"].contents
        attrs = {a["type"].native: a["values"][0] for a in si["signed_attrs"]}
        if "message_digest" not in attrs:
            raise TimestampError("token has no signed message digest")
        if attrs["message_digest"].native != hashlib.new(hash_name, content).digest():
            raise TimestampError("TSTInfo altered (signed message digest mismatch)")
        if attrs.get("content_type") is not None and attrs["content_type"].native != "tst_info":
            raise TimestampError("signed content type is not TSTInfo")
        signed = b"\x31" + si["signed_attrs"].dump()[1:]  # the signature covers the attributes as a plain SET OF
        cert = _signer_cert(sd, si["sid"])
        try:
            _verify_with(cert, si["signature"].native, signed, hash_name)
        except InvalidSignature:
            raise TimestampError("TSA signature does not verify") from None
        gen_time: datetime = tst["gen_time"].native
        if not (cert.not_valid_before_utc <= gen_time <= cert.not_valid_after_utc):
            raise TimestampError("TSA certificate was not valid at the stamped time")
        try:
            eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            raise TimestampError("TSA certificate is not for time-stamping (no extended key usage)") from None
        if ExtendedKeyUsageOID.TIME_STAMPING not in eku:
            raise TimestampError("TSA certificate is not for time-stamping")
        extra = [
            x509.load_der_x509_certificate(c.chosen.dump()) for c in sd["certificates"] or [] if c.name == "certificate"
        ]
        if not trusted:
            raise TimestampError("no trusted TSA certificate given (--tsa-cert or TRAGAC_EVIDENCE_TSA_CERTS)")
        if not _trusted(cert, extra, trusted):
            raise TimestampError(f"TSA certificate {cert.subject.rfc4514_string()} is not trusted")
        return TokenInfo(
            gen_time, int(tst["serial_number"].native), str(tst["policy"].native), cert.subject.rfc4514_string()
        )
    except _MALFORMED as exc:
        raise TimestampError(f"token is malformed ({exc})") from None
