"""A Time-Stamping Authority on 127.0.0.1 for the tests: a CA and a TSA certificate made with ``cryptography``, and
an HTTP server answering RFC 3161 requests with tokens built with ``asn1crypto``. Never a network TSA."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import algos, cms, core, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test")]
    )


@dataclass
class LocalTsa:
    name: str
    ca_cert: x509.Certificate
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    url: str = ""
    served: int = 0
    serial: int = 1000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ca_pem(self, folder: Path) -> Path:
        path = folder / f"{self.name}-ca.pem"
        path.write_bytes(self.ca_cert.public_bytes(serialization.Encoding.PEM))
        return path

    def respond(self, request_der: bytes) -> bytes:
        req = tsp.TimeStampReq.load(request_der)
        with self.lock:
            self.serial += 1
            self.served += 1
            serial = self.serial
        tst = tsp.TSTInfo(
            {
                "version": 1,
                "policy": "1.3.6.1.4.1.99999.1",
                "message_imprint": req["message_imprint"],
                "serial_number": serial,
                "gen_time": datetime.now(UTC).replace(microsecond=0),
                "nonce": req["nonce"],
            }
        )
        content = tst.dump()
        cert_asn1 = asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))
        signed_attrs = cms.CMSAttributes(
            [
                cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
                cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(content).digest()]}),
                # RFC 5816 ESS signing-certificate-v2: binds the token to its certificate (openssl ts wants it).
                cms.CMSAttribute(
                    {
                        "type": "signing_certificate_v2",
                        "values": [{"certs": [{"cert_hash": hashlib.sha256(cert_asn1.dump()).digest()}]}],
                    }
                ),
            ]
        )
        signature = self.key.sign(b"\x31" + signed_attrs.dump()[1:], ec.ECDSA(hashes.SHA256()))
        signer = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {"issuer": cert_asn1.issuer, "serial_number": cert_asn1.serial_number}
                        )
                    }
                ),
                "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "signed_attrs": signed_attrs,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
                "signature": signature,
            }
        )
        sd = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
                "encap_content_info": {"content_type": "tst_info", "content": core.ParsableOctetString(content)},
                "certificates": [cert_asn1] if req["cert_req"].native else [],
                "signer_infos": [signer],
            }
        )
        resp = tsp.TimeStampResp(
            {
                "status": {"status": "granted"},
                "time_stamp_token": cms.ContentInfo({"content_type": "signed_data", "content": sd}),
            }
        )
        return bytes(resp.dump())


def make_tsa(name: str) -> LocalTsa:
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} root"))
        .issuer_name(_name(f"{name} root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} TSA"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return LocalTsa(name, ca, cert, key)


@contextmanager
def serving(tsa: LocalTsa, port: int = 0) -> Iterator[LocalTsa]:
    """Serve the TSA on 127.0.0.1 (on ``port`` when given: the same TSA coming back online)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            out = tsa.respond(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    tsa.url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    try:
        yield tsa
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
