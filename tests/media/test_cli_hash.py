"""`tragac hash`: the offline hasher, run as a real subprocess with no TRAGAC_HOME and no database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tragac.media.hashfile import read_hash_file

from .generated import jpeg_bytes, make_picture, write_video

TRAGAC = [sys.executable, "-m", "tragac"]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAGAC_")}
    env["HOME"] = str(cwd / "home")  # an empty home: no data folder, no database anywhere
    return subprocess.run([*TRAGAC, "hash", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pics = tmp_path / "my pictures"
    (pics / "holiday").mkdir(parents=True)
    for seed in range(2):
        (pics / f"photo{seed}.jpg").write_bytes(jpeg_bytes(make_picture(seed, (500, 400))))
    write_video(pics / "holiday" / "clip.mp4", seconds=2, fps=5)
    (pics / "broken.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 50)
    (pics / ".hidden.jpg").write_bytes(b"skip me")
    return pics


def test_hash_folder_writes_documented_file(folder: Path, tmp_path: Path) -> None:
    out = _run([str(folder), "-o", "hashes.json"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "2 pictures and 1 video hashed" in out.stdout
    assert "1 file could not be read: my pictures/broken.jpg" in out.stdout
    assert "contains only fingerprints" in out.stdout
    doc = orjson.loads((tmp_path / "hashes.json").read_bytes())
    assert doc["format"] == "tragac-hashes/1"
    by_path = {f["path"]: f for f in doc["files"]}
    assert sorted(by_path) == [
        "my pictures/broken.jpg",
        "my pictures/holiday/clip.mp4",
        "my pictures/photo0.jpg",
        "my pictures/photo1.jpg",
    ]
    photo = by_path["my pictures/photo0.jpg"]
    assert set(photo) == {"path", "kind", "sha256", "md5", "pdq", "quality", "dihedral"}
    assert photo["kind"] == "image" and len(photo["dihedral"]) == 8 and photo["dihedral"][0] == photo["pdq"]
    clip = by_path["my pictures/holiday/clip.mp4"]
    assert set(clip) == {"path", "kind", "sha256", "md5", "frames"}
    assert len(clip["frames"]) == 10  # reference semantics: every frame
    assert set(clip["frames"][0]) == {"frame", "timestamp", "quality", "pdq"}
    assert set(by_path["my pictures/broken.jpg"]) == {"path", "kind", "sha256", "md5", "error"}
    assert len(read_hash_file(tmp_path / "hashes.json")) == 4
    assert not (tmp_path / "home").exists()  # no data folder was created

    again = _run([str(folder), "-o", "hashes.json"], tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_json_monitored_and_hidden_names(folder: Path, tmp_path: Path) -> None:
    args = [
        str(folder / "photo1.jpg"),
        str(folder / "holiday"),
        "--json",
        "--monitored",
        "--hide-names",
        "--workers",
        "0",
    ]
    out = _run(args, tmp_path)
    assert out.returncode == 0, out.stderr
    doc = orjson.loads(out.stdout)
    assert [f["path"] for f in doc["files"]] == ["file-0001.jpg", "file-0002.mp4"]
    assert "dihedral" not in doc["files"][0]
    assert [f["frame"] for f in doc["files"][1]["frames"]] == [0, 5]  # one frame per second
    assert not list(tmp_path.glob("*.json"))  # --json alone writes no file


def _invoke(args: list[str], cwd: Path) -> tuple[int, str]:
    from typer.testing import CliRunner

    from tragac.cli.main import app

    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["hash", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_bad_paths_are_one_line_errors(tmp_path: Path) -> None:
    code, output = _invoke([str(tmp_path / "nope")], tmp_path)
    assert code == 2 and "does not exist" in output and "Traceback" not in output
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = _invoke([str(empty)], tmp_path)
    assert code == 2 and "no files found" in output


def test_help(tmp_path: Path) -> None:
    code, output = _invoke(["--help"], tmp_path)
    assert code == 0
    assert "--reference" in output and "--json" in output and "--output" in output


def test_default_output_name(folder: Path, tmp_path: Path) -> None:
    code, output = _invoke([str(folder / "photo0.jpg"), "--workers", "0"], tmp_path)
    assert code == 0, output
    assert (tmp_path / "hashes.json").is_file()
    assert "1 picture hashed" in output


CONSOLE_SCRIPT = """import sys
from tragac.cli.main import main
if __name__ == "__main__":
    sys.exit(main())
"""


@pytest.mark.skipif("forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver")
def test_workers_do_not_import_the_cli(tmp_path: Path) -> None:
    """Run as the installed console script is (a file as __main__, which multiprocessing would re-run per worker)."""
    script = tmp_path / "tragac"
    script.write_text(CONSOLE_SCRIPT)
    pics = tmp_path / "pics"
    pics.mkdir()
    for seed in range(4):
        (pics / f"p{seed}.jpg").write_bytes(jpeg_bytes(make_picture(seed, (400, 300))))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAGAC_")}
    out = subprocess.run(
        [sys.executable, "-X", "importtime", str(script), "hash", str(pics), "--json", "--workers", "2"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert len(orjson.loads(out.stdout)["files"]) == 4
    imported = [line.rsplit("|", 1)[1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")]
    assert imported.count("tragac.cli.main") == 1  # the parent only: no worker re-ran the script
    assert imported.count("typer") == 1
    # the parent and the forkserver import the hashing code; the two workers, forked from the server, do not
    assert imported.count("tragac.media.hasher") == 2
    assert imported.count("tragac.media.worker_entry") == 1
