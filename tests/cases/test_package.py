"""Evidence packages: what they hold, encryption for a recipient key, and verify naming the first bad item."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from tragac.cases.linker import refresh_cases
from tragac.cases.package import decrypt_media, export_package, verify_package
from tragac.cases.recipient import keygen
from tragac.cases.vault import capture
from tragac.errors import InputError
from tragac.keyring import load_keyring
from tragac.store import Store
from tragac.store.models import Case, CaseFinding, CustodyEvent, Media

from .helpers import case_with_matches


def _packaged(store: Store, tmp_path: Path, **kw: Any) -> tuple[Path, dict[str, Any]]:
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
    out = tmp_path / "case.zip"
    res = export_package(store, "t", out, actor="cw", **kw)
    _passphrases[out] = res.passphrase
    return out, orjson.loads(zipfile.ZipFile(out).read("manifest.json"))


_passphrases: dict[Path, str | None] = {}


def _rewrite(src: Path, dst: Path, member: str, change: Any) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == member else data)


def test_package_contents_and_custody(store: Store, tmp_path: Path) -> None:
    path, manifest = _packaged(store, tmp_path)
    names = set(zipfile.ZipFile(path).namelist())
    assert {"manifest.json", "custody.jsonl", "summary.html"} <= names
    assert manifest["format"] == "tragac-evidence/1" and len(manifest["items"]) == 3
    with_file = [it for it in manifest["items"] if it["file"]]
    # Encrypted by default (a passphrase made for this package, shown once), and the files keep their extension.
    assert len(with_file) == 2 and all(it["file_encrypted"] for it in with_file)
    assert all(it["file"].endswith(".bin.enc") for it in with_file)  # the stand-in bytes are no known format
    assert manifest["media_encryption"]["scheme"] == "scrypt+aes-256-gcm"
    blob = zipfile.ZipFile(path).read(with_file[0]["file"])
    assert b"benign stand-in" not in blob
    passphrase = _passphrases[path]
    assert passphrase and passphrase not in path.read_bytes().decode("latin-1")
    assert decrypt_media(path, tmp_path / "plain", passphrase=passphrase) == 2
    plain = tmp_path / "plain" / Path(with_file[0]["file"]).name.removesuffix(".enc")
    assert plain.read_bytes().startswith(b"benign stand-in")
    with pytest.raises(InputError, match="wrong passphrase"):
        decrypt_media(path, tmp_path / "wrong", passphrase="not-the-passphrase")
    it = manifest["items"][0]
    assert it["url"].startswith("https://t.me/c/1874406217/") and it["source"]["platform_id"] == "1874406217"
    assert it["matches"][0]["distance"] == 4 and it["capture"]["collector"] == "cw"
    assert it["captured_at"].endswith("Z") and it["posted_at"] == "2026-10-01T20:00:00.000000Z"
    summary = zipfile.ZipFile(path).read("summary.html").decode()
    assert "Chain of custody" in summary and it["url"] in summary
    res = verify_package(path)
    assert res.ok and res.items == 3 and res.custody_head == manifest["custody"]["head"]
    with store.session() as s:
        actions = [e.action for e in s.scalars(select(CustodyEvent).order_by(CustodyEvent.seq))]
    assert actions.count("export") == 1 and actions[-1] == "export_completed"  # each export is a custody event


@pytest.mark.parametrize(
    ("member", "where"),
    [("media", "item"), ("manifest-item", "item"), ("custody.jsonl", "custody entry"), ("summary.html", "summary")],
)
def test_one_changed_byte_is_found_and_named(sqlite_store: Store, tmp_path: Path, member: str, where: str) -> None:
    path, manifest = _packaged(sqlite_store, tmp_path)
    target = next(it for it in manifest["items"] if it["file"])
    bad = tmp_path / "bad.zip"
    if member == "media":
        _rewrite(path, bad, target["file"], lambda b: bytes([b[0] ^ 0x01]) + b[1:])
    elif member == "manifest-item":
        raw = zipfile.ZipFile(path).read("manifest.json")
        pos = raw.index(target["posted_at"].encode()) + 3  # the posting year's last digit
        _rewrite(path, bad, "manifest.json", lambda b: b[:pos] + bytes([b[pos] ^ 0x01]) + b[pos + 1 :])
    else:
        _rewrite(path, bad, member, lambda b: b[:40] + bytes([b[40] ^ 0x01]) + b[41:])
    res = verify_package(bad)
    assert not res.ok and res.first_problem
    if where == "item":
        assert res.first_problem.startswith(f"item {target['id']}")
    else:
        assert where in res.first_problem


def test_a_flipped_byte_in_the_zip_itself_names_the_item(sqlite_store: Store, tmp_path: Path) -> None:
    path, manifest = _packaged(sqlite_store, tmp_path)
    target = next(it for it in manifest["items"] if it["file"])
    raw = bytearray(path.read_bytes())
    data = zipfile.ZipFile(path).read(target["file"])
    pos = bytes(raw).index(data)  # media are stored uncompressed
    raw[pos + 5] ^= 0xFF
    path.write_bytes(bytes(raw))
    res = verify_package(path)
    assert not res.ok and res.first_problem and res.first_problem.startswith(f"item {target['id']}")
    first = res.failures[0]
    assert (first.file, first.item) == (target["file"], target["id"]) and first.check in ("file damaged", "file hash")


def test_media_encrypted_for_a_recipient_key(sqlite_store: Store, tmp_path: Path) -> None:
    priv, pub = keygen(tmp_path / "keys")
    path, manifest = _packaged(sqlite_store, tmp_path, recipient_key=pub)
    enc = [it for it in manifest["items"] if it["file"]]
    assert enc and all(it["file_encrypted"] and it["file"].endswith(".enc") for it in enc)
    blob = zipfile.ZipFile(path).read(enc[0]["file"])
    assert b"benign stand-in" not in blob
    assert verify_package(path).ok
    assert decrypt_media(path, tmp_path / "plain", private_key=priv) == 2
    plain = tmp_path / "plain" / (enc[0]["media"]["sha256"] + ".bin")
    assert plain.read_bytes().startswith(b"benign stand-in")


def test_plain_media_only_by_explicit_logged_choice(sqlite_store: Store, tmp_path: Path) -> None:
    path, manifest = _packaged(sqlite_store, tmp_path, encrypt=False)
    with_file = [it for it in manifest["items"] if it["file"]]
    assert with_file and all(not it["file_encrypted"] and it["file"].endswith(".bin") for it in with_file)
    assert zipfile.ZipFile(path).read(with_file[0]["file"]).startswith(b"benign stand-in")
    assert verify_package(path).ok
    with sqlite_store.session() as s:
        export = s.scalars(select(CustodyEvent).where(CustodyEvent.action == "export")).one()
    assert export.actor == "cw" and export.details["media_encryption"] == "none"
    assert export.details["plain_by_explicit_choice"] is True
    with pytest.raises(InputError):
        export_package(sqlite_store, "t", tmp_path / "x.zip", actor="cw", encrypt=False, passphrase="p")
    with pytest.raises(InputError, match="Tragač user"):
        export_package(sqlite_store, "t", tmp_path / "y.zip", actor=" ")


def test_possible_minor_items_carry_no_media(sqlite_store: Store, tmp_path: Path) -> None:
    _path, _ = _packaged(sqlite_store, tmp_path)
    with sqlite_store.session() as s:
        s.scalars(select(Case)).one().possible_minor = True
    out = tmp_path / "minor.zip"
    res = export_package(sqlite_store, "t", out, actor="cw")
    assert res.media_files == 0
    assert not [n for n in zipfile.ZipFile(out).namelist() if n.startswith("media/")]


def test_summary_pdf_fits_a4_in_serbian(sqlite_store: Store, tmp_path: Path) -> None:
    import subprocess

    from PIL import Image

    path, _ = _packaged(sqlite_store, tmp_path, pdf=True, lang="sr")
    html = zipfile.ZipFile(path).read("summary.html").decode()
    assert 'lang="sr"' in html and "Lanac čuvanja" in html and "Pregled dokaza" in html and "<h2>Stavke</h2>" in html
    assert "built-in method" not in html
    (tmp_path / "summary.pdf").write_bytes(zipfile.ZipFile(path).read("summary.pdf"))
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / "summary.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    for page in pages:
        img = Image.open(page).convert("L")
        w, h = img.size
        assert abs(w / h - 210 / 297) < 0.01  # A4 portrait
        # The right margin (12 mm of 210) stays blank on every page: no table runs off the page.
        margin = img.crop((int(w * (1 - 10 / 210)), 0, w, h))
        assert margin.getextrema()[0] > 240, f"{page.name}: something is drawn in the right margin"
        body = img.crop((0, 0, int(w * (1 - 10 / 210)), h))
        assert body.getextrema()[0] < 100  # and the page does carry text
