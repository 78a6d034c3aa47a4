"""The evidence package of the demo case, made as a caseworker makes it (`tragac evidence export`): encrypted by
default with a passphrase shown once, media files named with their real extensions, the custody log naming the
Tragač user (never the OS account), and the summary PDF on A4 in Serbian and English with nothing off the page."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import orjson
import pytest

from dossiers.conftest import Demo, demo  # noqa: F401 - the demo corpus fixture, shared with the dossier tests
from dossiers.pages import check_pdf_pages, pdf_text
from tragac.cases.package import decrypt_media, verify_package

REPO = Path(__file__).resolve().parents[2]


def _tragac(d: Demo, *args: str, env_user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAGAC_")}
    env |= {"TRAGAC_HOME": str(d.store.settings.home), "PYTHONPATH": str(REPO / "src")}
    if env_user:
        env["TRAGAC_USER"] = env_user
    return subprocess.run([sys.executable, "-m", "tragac", *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("lang", ["sr", "en"])
def test_demo_case_package_from_the_cli(demo: Demo, tmp_path: Path, lang: str) -> None:  # noqa: F811
    out = tmp_path / f"demo-{lang}.zip"
    run = _tragac(demo, "evidence", "export", "demo", "-o", str(out), "--pdf", "--lang", lang, "--operator", "mila",
                  "--json")  # fmt: skip
    assert run.returncode == 0, run.stderr
    res = orjson.loads(run.stdout)
    assert res["media_encryption"] == "scrypt+aes-256-gcm" and res["passphrase"] and res["media_files"] >= 1
    with zipfile.ZipFile(out) as zf:
        manifest = orjson.loads(zf.read("manifest.json"))
        custody = [orjson.loads(line) for line in zf.read("custody.jsonl").splitlines()]
        pdf = tmp_path / "summary.pdf"
        pdf.write_bytes(zf.read("summary.pdf"))
        html = zf.read("summary.html").decode()
        names = zf.namelist()
    # Encrypted by default; each file keeps the extension of what it is, then .enc.
    media = [n for n in names if n.startswith("media/")]
    assert media and all(n.endswith((".jpg.enc", ".png.enc", ".mp4.enc")) for n in media), media
    assert res["passphrase"] not in html and res["passphrase"].encode() not in out.read_bytes()
    # Hash-only for everything not in the vault: those items carry hashes, message ids, links, times and method.
    hash_only = [it for it in manifest["items"] if not it["file"] and it["media"]]
    for it in hash_only:
        assert it["media"]["sha256"] and it["url"] and it["capture"]["method"] == "hash-only"
        assert it["capture"]["tool_version"] and it["posted_at"]
    # Custody: the Tragač user, never the operating-system account.
    exports = [e for e in custody if e["action"] == "export"]
    assert exports[-1]["actor"] == "mila" and manifest["exported_by"] == "mila"
    assert getpass.getuser() not in {e["actor"] for e in exports[-1:]}
    assert verify_package(out).ok
    assert decrypt_media(out, tmp_path / "plain", passphrase=res["passphrase"]) == len(media)
    check_pdf_pages(pdf, tmp_path / "pages")
    text = pdf_text(pdf)
    assert ("Lanac čuvanja" if lang == "sr" else "Chain of custody") in text


def test_export_refuses_without_a_tragac_user(demo: Demo, tmp_path: Path) -> None:  # noqa: F811
    run = _tragac(demo, "evidence", "export", "demo", "-o", str(tmp_path / "x.zip"))
    assert run.returncode == 2 and run.stderr.startswith("error: say who you are: --operator NAME"), run.stderr
    assert not (tmp_path / "x.zip").exists()
    run = _tragac(demo, "evidence", "export", "demo", "-o", str(tmp_path / "y.zip"), "--json", env_user="ana")
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(tmp_path / "y.zip") as zf:
        assert orjson.loads(zf.read("manifest.json"))["exported_by"] == "ana"
