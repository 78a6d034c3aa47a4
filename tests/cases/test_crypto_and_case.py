"""Encryption at rest, key handling and rotation, withdrawal, and the possible-minor rules."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from tragac.cases.service import (
    add_identities,
    case_detail,
    case_identities,
    consent_notes,
    create_case,
    import_hashes,
    rotate_key,
    withdraw_case,
)
from tragac.cases.vault import Vault, VaultRefused, capture
from tragac.errors import ConfigError, InputError
from tragac.keyring import ENV_KEY, DecryptionError, load_keyring
from tragac.store import Store
from tragac.store.models import BankEntry, Case

IDENTITY = {
    "name": "Milica Zvezdanović",
    "handles": ["@mili.zvezda.fikcija"],
    "phones": ["+381 64 555 0199"],
    "addresses": ["Ulica Izmišljenih Junaka 42"],
}
CONSENT = "Pristaje na prijave; ne kontaktirati roditelje."


def _hash_file(path: Path) -> Path:
    path.write_text(
        '{"format": "tragac-hashes/1", "files": [{"path": "milica_plaza.jpg", "kind": "image", "sha256": "'
        + "ab" * 32
        + '", "md5": "'
        + "cd" * 16
        + '", "pdq": "'
        + "f0" * 32
        + '", "quality": 90}]}'
    )
    return path


def test_encrypted_fields_are_unreadable_in_the_raw_sqlite_file(sqlite_store: Store, tmp_path: Path) -> None:
    create_case(sqlite_store, "raw", pseudonym="M.", caseworker="cw", consent_notes=CONSENT)
    add_identities(sqlite_store, "raw", [IDENTITY], actor="cw")
    import_hashes(sqlite_store, "raw", _hash_file(tmp_path / "h.json"), actor="cw")
    assert case_identities(sqlite_store, "raw") == [{**IDENTITY, "handles": ["@mili.zvezda.fikcija"]}]
    assert consent_notes(sqlite_store, "raw") == CONSENT
    sqlite_store.close()
    home = sqlite_store.settings.home
    raw = b"".join(p.read_bytes() for p in home.glob("tragac.db*"))  # database, WAL and shared memory
    assert b"tgc1:" in raw  # the ciphertext is there…
    for secret in [IDENTITY["name"], "Zvezdanovi", "mili.zvezda", "555 0199", "5550199", "Izmišljenih", CONSENT]:
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in raw, secret  # …the values are not
    # The file name from her device never reaches the database either.
    assert b"milica_plaza" not in raw


def test_key_file_is_private_and_a_wrong_key_cannot_decrypt(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_case(sqlite_store, "k", pseudonym="M.", caseworker="cw")
    add_identities(sqlite_store, "k", [IDENTITY], actor="cw")
    key_file = sqlite_store.settings.home / "keys" / "case-keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    os.chmod(key_file, 0o644)
    with pytest.raises(ConfigError, match="readable by others"):
        load_keyring(sqlite_store.settings.home)
    os.chmod(key_file, 0o600)
    key_file.rename(key_file.with_suffix(".bak"))
    monkeypatch.setenv(ENV_KEY, base64.urlsafe_b64encode(b"x" * 32).decode())
    with pytest.raises(DecryptionError):
        case_identities(sqlite_store, "k")


def test_ciphertext_is_bound_to_its_row(sqlite_store: Store) -> None:
    create_case(sqlite_store, "a", pseudonym="A.", caseworker="cw")
    create_case(sqlite_store, "b", pseudonym="B.", caseworker="cw")
    add_identities(sqlite_store, "a", [IDENTITY], actor="cw")
    with sqlite_store.session() as s:
        a, b = s.scalars(select(Case).order_by(Case.id)).all()
        b.identities_enc = a.identities_enc  # copied into another case's row
    with pytest.raises(DecryptionError):
        case_identities(sqlite_store, "b")


def test_key_rotation_reencrypts_fields_and_vault(sqlite_store: Store) -> None:
    create_case(sqlite_store, "r", pseudonym="R.", caseworker="cw", consent_notes=CONSENT, vault=True)
    add_identities(sqlite_store, "r", [IDENTITY], actor="cw")
    ring = load_keyring(sqlite_store.settings.home)
    with sqlite_store.session() as s:
        case = s.scalars(select(Case)).one()
        cap = capture(sqlite_store, s, ring, case, b"benign test bytes", media_id=None, source=None, link=None,
                      collector="cw")  # fmt: skip
        sha = cap.sha256
    out = rotate_key(sqlite_store, actor="cw")
    assert out["fields_rewritten"] == 2 and out["vault_files_rewritten"] == 1
    new_ring = load_keyring(sqlite_store.settings.home)
    assert new_ring.current == out["key_id"] and len(new_ring.keys) == 2
    with sqlite_store.session() as s:
        assert new_ring.key_id_of(s.scalars(select(Case)).one().identities_enc or "") == out["key_id"]
    assert case_identities(sqlite_store, "r")[0]["name"] == IDENTITY["name"]
    assert Vault(sqlite_store, new_ring).get_bytes(sha) == b"benign test bytes"


def test_withdrawal_stops_matching_and_erases_identities(store: Store, tmp_path: Path) -> None:
    create_case(store, "w", pseudonym="W.", caseworker="cw", vault=True)
    add_identities(store, "w", [IDENTITY], actor="cw")
    import_hashes(store, "w", _hash_file(tmp_path / "h.json"), actor="cw")
    out = withdraw_case(store, "w", actor="cw")
    assert out["entries_withdrawn"] == 3  # sha256, md5, pdq
    with store.session() as s:
        assert {e.status for e in s.scalars(select(BankEntry))} == {"withdrawn"}
        case = s.scalars(select(Case)).one()
        assert case.identities_enc is None and case.consent_notes_enc is None and case.state == "withdrawn"
    assert case_identities(store, "w") == []
    with pytest.raises(InputError, match="withdrawn"):
        add_identities(store, "w", [IDENTITY], actor="cw")


def test_possible_minor_case_keeps_no_media(sqlite_store: Store) -> None:
    with pytest.raises(InputError, match="minor"):
        create_case(sqlite_store, "m", pseudonym="M.", caseworker="cw", possible_minor=True, vault=True)
    create_case(sqlite_store, "m", pseudonym="M.", caseworker="cw", possible_minor=True)
    ring = load_keyring(sqlite_store.settings.home)
    with sqlite_store.session() as s, pytest.raises(VaultRefused):
        capture(sqlite_store, s, ring, s.scalars(select(Case)).one(), b"x", media_id=None, source=None, link=None,
                collector="cw")  # fmt: skip
    assert not (sqlite_store.settings.home / "vault").exists()
    assert case_detail(sqlite_store, "m")["possible_minor"] is True


def test_bad_hash_file_is_one_clear_error_and_imports_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    create_case(sqlite_store, "bad", pseudonym="B.", caseworker="cw")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tragac-hashes/1", "files": [{"path": "a", "kind": "image", "sha256": "zz"}]}')
    with pytest.raises(InputError, match=r"files\[0\]"):
        import_hashes(sqlite_store, "bad", bad, actor="cw")
    with sqlite_store.session() as s:
        assert s.scalars(select(BankEntry)).first() is None
    with pytest.raises(InputError):
        create_case(sqlite_store, "bad", pseudonym="B.", caseworker="cw")
    with pytest.raises(InputError):
        create_case(sqlite_store, "has space", pseudonym="B.", caseworker="cw")


def test_rotation_with_environment_keys(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = base64.urlsafe_b64encode(b"o" * 32).decode(), base64.urlsafe_b64encode(b"n" * 32).decode()
    monkeypatch.setenv(ENV_KEY, old)
    monkeypatch.setenv("TRAGAC_CASE_KEY_ID", "old")
    create_case(sqlite_store, "e", pseudonym="E.", caseworker="cw")
    add_identities(sqlite_store, "e", [IDENTITY], actor="cw")
    monkeypatch.setenv(ENV_KEY, new)
    monkeypatch.setenv("TRAGAC_CASE_KEY_ID", "new")
    monkeypatch.setenv("TRAGAC_CASE_OLD_KEYS", f"old:{old}")
    assert rotate_key(sqlite_store, actor="cw")["fields_rewritten"] == 1
    monkeypatch.delenv("TRAGAC_CASE_OLD_KEYS")
    assert case_identities(sqlite_store, "e")[0]["name"] == IDENTITY["name"]  # readable with the new key alone
    assert not (sqlite_store.settings.home / "keys").exists()
