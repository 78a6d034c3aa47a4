"""The ``tragac-hashes/1`` file: what ``tragac hash`` writes on a victim's device and a caseworker imports.

    {"format": "tragac-hashes/1",
     "files": [{"path", "kind": "image"|"video"|"other", "sha256", "md5", "pdq", "quality",
                "dihedral": [8 hex, the original first], "frames": [{"frame", "timestamp", "quality", "pdq"}],
                "windows": [{"window", "pdq", "quality"}], "local_features": base64, "error"}]}

``windows`` and ``local_features`` (the robust fingerprint, ``--robust``) were added later within format 1: older
readers skip them as unknown keys and still match on ``pdq``/``dihedral``.

Fields that do not apply are absent. Unknown keys are ignored on reading (later minor additions stay readable);
known keys are checked strictly and every problem names the entry (``files[3].pdq``).
"""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from tragac.errors import InputError
from tragac.fingerprints.windows import WINDOW_NAMES
from tragac.media.hasher import FileHashes
from tragac.media.robust_types import FEATURE_BYTES, MAX_FEATURE_BYTES, WindowHash
from tragac.media.video import FrameFeature

FORMAT = "tragac-hashes/1"
KINDS = ("image", "video", "other")


def document(entries: Iterable[FileHashes]) -> dict[str, Any]:
    return {"format": FORMAT, "files": [e.to_dict() for e in entries]}


def dumps(entries: Iterable[FileHashes]) -> bytes:
    return orjson.dumps(document(entries), option=orjson.OPT_INDENT_2) + b"\n"


def write_hash_file(path: str | Path, entries: Iterable[FileHashes]) -> None:
    """Write atomically: the file is either complete or not there (never half-written)."""
    path = Path(path)
    data = dumps(entries)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)  # fingerprints of someone's private pictures: owner-only
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _hex(value: Any, digits: int, where: str) -> str:
    if not isinstance(value, str) or len(value) != digits:
        raise InputError(f"{where}: expected {digits} hexadecimal digits, got {value!r:.80}")
    try:
        int(value, 16)
    except ValueError:
        raise InputError(f"{where}: expected {digits} hexadecimal digits, got {value!r:.80}") from None
    return value.lower()


def _int(value: Any, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise InputError(f"{where}: expected an integer {bound}, got {value!r:.80}")
    return value


def _frame(raw: Any, where: str) -> FrameFeature:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object")
    ts = raw.get("timestamp")
    if isinstance(ts, bool) or not isinstance(ts, int | float) or ts < 0:
        raise InputError(f"{where}.timestamp: expected a number of seconds >= 0, got {ts!r:.80}")
    return FrameFeature(
        frame=_int(raw.get("frame"), f"{where}.frame", 0),
        timestamp=float(ts),
        quality=_int(raw.get("quality"), f"{where}.quality", 0, 100),
        pdq=_hex(raw.get("pdq"), 64, f"{where}.pdq"),
    )


def parse_windows(raw: Any, where: str) -> list[WindowHash]:
    if not isinstance(raw, list) or len(raw) > len(WINDOW_NAMES):
        raise InputError(f"{where}: expected a list of at most {len(WINDOW_NAMES)} window hashes")
    out = []
    for i, w in enumerate(raw):
        if not isinstance(w, dict):
            raise InputError(f"{where}[{i}]: expected an object")
        name = w.get("window")
        if name not in WINDOW_NAMES:
            raise InputError(f"{where}[{i}].window: unknown window {name!r:.80}")
        out.append(
            WindowHash(
                name,
                _hex(w.get("pdq"), 64, f"{where}[{i}].pdq"),
                _int(w.get("quality"), f"{where}[{i}].quality", 0, 100),
            )
        )
    return out


def parse_features(raw: Any, where: str) -> bytes:
    try:
        data = base64.b64decode(raw, validate=True) if isinstance(raw, str) else None
    except ValueError:
        data = None
    if data is None or len(data) % FEATURE_BYTES or len(data) > MAX_FEATURE_BYTES:
        raise InputError(f"{where}: expected base64 of at most {MAX_FEATURE_BYTES} bytes, {FEATURE_BYTES} per keypoint")
    return data


def parse_entry(raw: Any, where: str) -> FileHashes:
    """One ``files[i]`` object → :class:`FileHashes`; raises InputError naming the field."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected an object")
    path = raw.get("path")
    if not isinstance(path, str):
        raise InputError(f"{where}.path: expected a string")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise InputError(f"{where}.kind: expected one of {', '.join(KINDS)}, got {kind!r:.80}")
    entry = FileHashes(path=path, kind=kind)
    if "sha256" in raw:
        entry.sha256 = _hex(raw["sha256"], 64, f"{where}.sha256")
    if "md5" in raw:
        entry.md5 = _hex(raw["md5"], 32, f"{where}.md5")
    if "pdq" in raw:
        entry.pdq = _hex(raw["pdq"], 64, f"{where}.pdq")
        entry.quality = _int(raw.get("quality"), f"{where}.quality", 0, 100)
    elif "quality" in raw:
        raise InputError(f"{where}.quality: given without a pdq hash")
    if "dihedral" in raw:
        dih = raw["dihedral"]
        if not isinstance(dih, list) or len(dih) != 8:
            raise InputError(f"{where}.dihedral: expected a list of 8 hashes")
        entry.dihedral = [_hex(h, 64, f"{where}.dihedral[{i}]") for i, h in enumerate(dih)]
        if entry.pdq is not None and entry.dihedral[0] != entry.pdq:
            raise InputError(f"{where}.dihedral[0]: must be the original's hash (equal to pdq)")
    if "frames" in raw:
        frames = raw["frames"]
        if not isinstance(frames, list):
            raise InputError(f"{where}.frames: expected a list")
        entry.frames = [_frame(f, f"{where}.frames[{i}]") for i, f in enumerate(frames)]
    if "windows" in raw:
        entry.windows = parse_windows(raw["windows"], f"{where}.windows")
    if "local_features" in raw:
        entry.local_features = parse_features(raw["local_features"], f"{where}.local_features")
    if "error" in raw:
        if not isinstance(raw["error"], str):
            raise InputError(f"{where}.error: expected a string")
        entry.error = raw["error"]
    if entry.sha256 is None and entry.md5 is None and entry.pdq is None and not entry.frames and entry.error is None:
        raise InputError(f"{where}: has no hash at all")
    return entry


def parse_hash_document(data: bytes | str, name: str = "hash file") -> list[FileHashes]:
    """Validate a whole ``tragac-hashes/1`` document; all or nothing (any problem raises InputError)."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise InputError(f"{name}: expected a JSON object with 'format' and 'files'")
    if doc.get("format") != FORMAT:
        raise InputError(f"{name}: format is {doc.get('format')!r}, expected {FORMAT!r}")
    files = doc.get("files")
    if not isinstance(files, list):
        raise InputError(f"{name}: 'files' must be a list")
    return [parse_entry(raw, f"{name}: files[{i}]") for i, raw in enumerate(files)]


def read_hash_file(path: str | Path) -> list[FileHashes]:
    """Read and validate a hash file written by ``tragac hash``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_hash_document(data, path.name)


def looks_like_hash_file(head: bytes) -> bool:
    """Cheap check for format detection by importers: the first bytes mention our format tag."""
    return FORMAT.encode() in head[:4096]
