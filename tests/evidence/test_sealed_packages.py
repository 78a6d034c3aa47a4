"""Signed, time-stamped evidence packages: Ed25519 over the manifest, RFC 3161 tokens from local TSAs (never a
network TSA), verified offline; every kind of tampering is named by the check that catches it."""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from cases.helpers import case_with_matches
from tragac.cases import signing
from tragac.cases.linker import refresh_cases
from tragac.cases.package import export_package, item_hash, items_root, verify_package
from tragac.cases.package_seal import add_queued_timestamps, queued_packages
from tragac.cases.vault import capture
from tragac.keyring import load_keyring
from tragac.store import Store
from tragac.store.models import Case, CaseFinding, Media

from .local_tsa import LocalTsa, make_tsa, serving


@pytest.fixture(scope="module")
def tsas() -> list[LocalTsa]:
    return [make_tsa("tsa-one"), make_tsa("tsa-two")]


def _case(store: Store) -> None:
    case_with_matches(store, n=3, vault=True)
    refresh_cases(store)
    ring = load_keyring(store.settings.home)
    with store.session() as s:
        case = s.scalars(select(Case)).one()
        for f in s.scalars(select(CaseFinding).order_by(CaseFinding.id)).all()[:2]:
            data = f"benign stand-in bytes {f.id}".encode()
            media = s.get(Media, f.media_id)
            assert media is not None
            media.sha256 = f.media_sha256 = hashlib.sha256(data).hexdigest()
            capture(store, s, ring, case, data, media_id=media.id, source="Grupa", link=f.url, collector="cw")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    return path


def _org_public(store: Store) -> list[Any]:
    ring = signing.load_org_keys(store.settings.home)
    assert ring is not None
    return [k.public for k in ring.keys]


@pytest.fixture
def sealed(sqlite_store: Store, tmp_path: Path, tsas: list[LocalTsa]) -> Path:
    _case(sqlite_store)
    out = tmp_path / "case.zip"
    with serving(tsas[0]), serving(tsas[1]):
        res = export_package(sqlite_store, "t", out, actor="mila", tsa_urls=[tsas[0].url, tsas[1].url])
    assert res.timestamped_by == [tsas[0].url, tsas[1].url] and not res.timestamps_queued
    assert res.signing_key and res.manifest_sha256 == hashlib.sha256(_members(out)["manifest.json"]).hexdigest()
    return out


def test_signed_and_stamped_by_two_tsas_verifies_offline(
    sealed: Path, sqlite_store: Store, tsas: list[LocalTsa]
) -> None:
    # The servers are gone: verification is offline, against the TSA roots and the organisation's public key.
    res = verify_package(
        sealed, public_keys=_org_public(sqlite_store), tsa_certs=[t.ca_cert for t in tsas], require_timestamp=True
    )
    assert res.ok, res.problems
    assert res.signature["trust"] == "expected key" and len(res.timestamps) == 2
    assert {t["tsa_subject"] for t in res.timestamps} == {"O=Test,CN=tsa-one TSA", "O=Test,CN=tsa-two TSA"}
    manifest = orjson.loads(_members(sealed)["manifest.json"])
    assert manifest["exported_by"] == "mila" and manifest["timestamping"]["tsas"] == [t.url for t in tsas]
    assert verify_package(sealed, expected_manifest_sha256=res.manifest_sha256, tsa_certs=[tsas[0].ca_cert]).problems
    assert verify_package(sealed, expected_manifest_sha256=res.manifest_sha256, tsa_certs=[t.ca_cert for t in tsas]).ok


def test_tokens_also_check_with_openssl(sealed: Path, tmp_path: Path, tsas: list[LocalTsa]) -> None:
    members = _members(sealed)
    (tmp_path / "manifest.json").write_bytes(members["manifest.json"])
    (tmp_path / "1.tsr").write_bytes(members["timestamps/1.tsr"])
    run = subprocess.run(
        ["openssl", "ts", "-verify", "-in", str(tmp_path / "1.tsr"), "-data", str(tmp_path / "manifest.json"),
         "-CAfile", str(tsas[0].ca_pem(tmp_path))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Verification: OK" in run.stdout, run.stderr


def test_a_flipped_manifest_byte_fails_the_signature_and_the_tokens(
    sealed: Path, tmp_path: Path, tsas: list[LocalTsa]
) -> None:
    members = _members(sealed)
    raw = members["manifest.json"]
    pos = raw.index(b'"exported_by"') + 18  # inside the exporter's name: no item hash covers it
    members["manifest.json"] = raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]
    res = verify_package(_write(tmp_path / "bad.zip", members), tsa_certs=[t.ca_cert for t in tsas])
    assert not res.ok
    assert "manifest.json: signature check failed (manifest altered or signature forged)" in res.problems
    assert "timestamps/1.tsr: timestamp check failed (message imprint is not the manifest digest)" in res.problems


def test_a_dropped_token_is_named(sealed: Path, tmp_path: Path, tsas: list[LocalTsa]) -> None:
    certs = [t.ca_cert for t in tsas]
    members = _members(sealed)
    del members["timestamps/2.tsr"]
    res = verify_package(_write(tmp_path / "a.zip", members), tsa_certs=certs)
    assert res.problems == ["timestamps/2.tsr: timestamp check failed (token missing or unreadable)"]
    assert [(f.file, f.check) for f in res.failures] == [("timestamps/2.tsr", "timestamp")]
    # Dropping the token and its line in timestamps.json: the signed manifest still names the TSA.
    doc = orjson.loads(members["timestamps.json"])
    doc["tokens"] = doc["tokens"][:1]
    members["timestamps.json"] = orjson.dumps(doc)
    res = verify_package(_write(tmp_path / "b.zip", members), tsa_certs=certs)
    assert res.problems == [f"timestamps.json: timestamp check failed (token from {tsas[1].url} dropped)"]


def test_a_token_from_an_untrusted_tsa_fails(sealed: Path, tsas: list[LocalTsa]) -> None:
    res = verify_package(sealed, tsa_certs=[tsas[0].ca_cert])
    assert res.problems == [
        "timestamps/2.tsr: timestamp check failed (TSA certificate O=Test,CN=tsa-two TSA is not trusted)"
    ]


def test_a_swapped_key_fails_against_the_expected_key(
    sealed: Path, sqlite_store: Store, tmp_path: Path, tsas: list[LocalTsa]
) -> None:
    # Someone re-signs the (unchanged) manifest with their own key and puts that key in the package.
    members = _members(sealed)
    forger = Ed25519PrivateKey.generate()
    sig = orjson.loads(members["signature.json"])
    sig["public_key"] = signing.encode_signature(signing.raw_public(forger.public_key()))
    sig["key_id"] = signing.key_id(forger.public_key())
    sig["signature"] = signing.encode_signature(forger.sign(members["manifest.json"]))
    members["signature.json"] = orjson.dumps(sig)
    bad = _write(tmp_path / "swapped.zip", members)
    assert verify_package(bad, tsa_certs=[t.ca_cert for t in tsas]).ok  # self-consistent, as the forger wants
    res = verify_package(bad, public_keys=_org_public(sqlite_store), tsa_certs=[t.ca_cert for t in tsas])
    assert res.problems == [
        f"signature.json: signature key check failed (signed by key {sig['key_id']}, not the expected key)"
    ]
    assert [(f.file, f.check) for f in res.failures] == [("signature.json", "signature key")]


def test_recomputing_every_hash_is_caught_by_signature_and_tokens(
    sealed: Path, sqlite_store: Store, tmp_path: Path, tsas: list[LocalTsa]
) -> None:
    # The old attack: change a media file and recompute its file hash, the item hash and the items root.
    members = _members(sealed)
    manifest = orjson.loads(members["manifest.json"])
    item = next(it for it in manifest["items"] if it["file"])
    members[item["file"]] = b"other bytes"
    manifest["files"][item["file"]] = hashlib.sha256(b"other bytes").hexdigest()
    item["media"]["sha256"] = hashlib.sha256(b"other bytes").hexdigest()
    item["item_hash"] = item_hash(item)
    manifest["items_root"] = items_root(manifest["items"])
    members["manifest.json"] = orjson.dumps(manifest, option=orjson.OPT_INDENT_2)
    res = verify_package(
        _write(tmp_path / "recomputed.zip", members),
        public_keys=_org_public(sqlite_store),
        tsa_certs=[t.ca_cert for t in tsas],
    )
    # Every failure is structured for the web page: the member it concerns and the check's name.
    named = {(f.file, f.check) for f in res.failures}
    assert {("manifest.json", "signature"), ("signature.json", "signature"), ("timestamps/1.tsr", "timestamp")} <= named
    assert ("custody.jsonl", "custody chain") in named  # the custody export entry records the old items root
    checks = [p for p in res.problems if "items root" not in p and "custody" not in p]
    assert "manifest.json: signature check failed (manifest altered or signature forged)" in checks
    assert "signature.json: signature check failed (it is for another manifest)" in checks
    assert {p for p in checks if p.startswith("timestamps/")} == {
        "timestamps/1.tsr: timestamp check failed (message imprint is not the manifest digest)",
        "timestamps/2.tsr: timestamp check failed (message imprint is not the manifest digest)",
    }


def test_offline_tsa_is_queued_and_the_token_added_later(
    sqlite_store: Store, tmp_path: Path, tsas: list[LocalTsa]
) -> None:
    _case(sqlite_store)
    out = tmp_path / "queued.zip"
    tsa = tsas[0]
    with serving(tsa):
        url = tsa.url
    # The TSA's address answers nothing now: the package is signed, and says the stamp is queued.
    res = export_package(sqlite_store, "t", out, actor="mila", tsa_urls=[url])
    assert res.timestamps_queued == [url] and not res.timestamped_by
    assert queued_packages(sqlite_store.settings.home) == [str(out.resolve())]
    doc = orjson.loads(_members(out)["timestamps.json"])
    assert doc["tokens"] == [] and doc["queued"][0]["tsa"] == url and "not reachable" in doc["queued"][0]["reason"]
    before = verify_package(out, tsa_certs=[tsa.ca_cert])
    assert before.ok and before.timestamps_queued == [url] and not before.timestamps
    assert verify_package(out, tsa_certs=[tsa.ca_cert], require_timestamp=True).problems == [
        f"timestamp check failed: no verified timestamp (queued: {url})"
    ]
    assert add_queued_timestamps(out, timeout=2).still_queued == [url]  # still offline
    manifest_before = _members(out)["manifest.json"]
    with serving(tsa, port=int(url.split(":")[2].split("/")[0])) as live:  # the TSA is back, at the same address
        assert live.url == url
        done = add_queued_timestamps(out, timeout=5, home=sqlite_store.settings.home)
    assert done.added == [url] and done.still_queued == []
    assert queued_packages(sqlite_store.settings.home) == []
    assert _members(out)["manifest.json"] == manifest_before  # the signed manifest is untouched
    after = verify_package(out, public_keys=_org_public(sqlite_store), tsa_certs=[tsa.ca_cert], require_timestamp=True)
    assert after.ok, after.problems
    assert after.timestamps[0]["tsa"] == url and after.timestamps_queued == []


def test_any_damaged_byte_is_reported_never_raised(sealed: Path, tsas: list[LocalTsa], tmp_path: Path) -> None:
    """Property: flip any byte of a sealed package; verify either fails naming a check, or (a byte no check covers,
    such as zip padding) still passes; it never raises anything but a one-line InputError for an unreadable zip."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tragac.errors import InputError

    raw = sealed.read_bytes()
    certs = [t.ca_cert for t in tsas]

    @settings(max_examples=100, deadline=None)
    @given(st.integers(min_value=0, max_value=len(raw) - 1), st.integers(min_value=1, max_value=255))
    def check(pos: int, mask: int) -> None:
        bad = bytearray(raw)
        bad[pos] ^= mask
        path = tmp_path / "flipped.zip"
        path.write_bytes(bytes(bad))
        try:
            res = verify_package(path, tsa_certs=certs)
        except InputError:
            return
        assert res.ok == (not res.failures)
        assert all(f.file and f.check and f.message for f in res.failures)

    check()
