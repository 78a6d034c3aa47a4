"""``tragac-hashes/1``: the JSON file written by ``tragac hash`` (the victim's offline hasher).

``{"format": "tragac-hashes/1", "files": [{"path", "kind", "sha256", "md5", "pdq", "quality",
"dihedral": [8 hex, original first], "frames": [{"frame", "timestamp", "quality", "pdq"}], "error"}]}``.
Each file becomes one item: its SHA-256 and MD5, its PDQ with the seven other dihedral variants (so a mirrored or
rotated re-post still matches), or for a video one ``video_pdq`` entry holding every frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any, TextIO

import ijson
import orjson

from tragac.errors import InputError
from tragac.fingerprints import normalise_hash
from tragac.fingerprints.pdq import PDQ_MIN_QUALITY
from tragac.fingerprints.vpdq import normalise_frames, video_digest
from tragac.matching.formats.base import FormatError, HashListFormat, HashRecord, ReadReport, register

FORMAT_ID = "tragac-hashes/1"
# The order of pdqhash.compute_dihedral: the original, three rotations, two flips, two rotated flips.
DIHEDRAL = ("original", "rot90", "rot180", "rot270", "flipv", "fliph", "rot90flipv", "rot90fliph")


def _robust(item: dict[str, Any], where: str) -> dict[str, Any] | None:
    """The robust fingerprint of a reference file, checked by the hash-file reader's own rules."""
    if "windows" not in item and "local_features" not in item:
        return None
    if "windows" not in item or "local_features" not in item:
        raise ValueError("'windows' and 'local_features' come together (tragac hash --robust writes both)")
    # Imported here: the hash-file module brings the hashing code, which listing or exporting banks never needs.
    from tragac.media.hashfile import parse_features, parse_windows

    windows = parse_windows(item["windows"], f"{where}.windows")
    return {
        "windows": [{"window": w.window, "pdq": w.pdq, "quality": w.quality} for w in windows],
        "local_features": parse_features(item["local_features"], f"{where}.local_features"),
    }


def _records(item: dict[str, Any], where: str, report: ReadReport) -> Iterator[HashRecord]:
    if not isinstance(item, dict):
        raise ValueError("expected an object")
    if item.get("error"):
        report.skip("files the hasher could not read")
        return
    label = PurePath(str(item["path"])).name if item.get("path") else None
    key = normalise_hash("sha256", str(item["sha256"])) if item.get("sha256") else None
    common = {"label": label, "item_key": key, "where": where, "provenance": {"format": FORMAT_ID}}
    if key:
        yield HashRecord("sha256", key, **common)  # type: ignore[arg-type]
    if item.get("md5"):
        yield HashRecord("md5", normalise_hash("md5", str(item["md5"])), **common)  # type: ignore[arg-type]
    if item.get("pdq"):
        quality = int(item.get("quality", 100))
        if quality < PDQ_MIN_QUALITY:
            report.skip(f"PDQ hashes below quality {PDQ_MIN_QUALITY} (too featureless to match)")
        else:
            variants = [str(item["pdq"])]
            dihedral = item.get("dihedral") or []
            if dihedral:
                if len(dihedral) != len(DIHEDRAL):
                    raise ValueError(f"'dihedral' must list {len(DIHEDRAL)} hashes, original first")
                variants = [str(h) for h in dihedral]
            robust = _robust(item, where)
            for name, h in zip(DIHEDRAL, variants, strict=False):
                yield HashRecord(
                    "pdq",
                    normalise_hash("pdq", h),
                    variant=name,
                    quality=quality,
                    robust=robust if name == "original" else None,
                    **common,  # type: ignore[arg-type]
                )
    if item.get("frames"):
        frames = normalise_frames(item["frames"])
        yield HashRecord("video_pdq", video_digest(frames), frames=frames, **common)  # type: ignore[arg-type]


@register
class TragacHashes(HashListFormat):
    name = "tragac"
    description = "tragac-hashes/1 JSON written by `tragac hash`"
    suffix = ".json"

    @classmethod
    def sniff(cls, head: str, path: Path) -> bool:
        return head.lstrip().startswith("{") and FORMAT_ID in head

    def read(self, path: Path, report: ReadReport) -> Iterator[HashRecord]:
        with open(path, "rb") as fh:
            formats = list(ijson.items(fh, "format"))
        if formats != [FORMAT_ID]:
            raise FormatError(path, "", f'not a {FORMAT_ID} file (its "format" is {formats[0] if formats else None!r})')
        with open(path, "rb") as fh:
            try:
                for i, item in enumerate(ijson.items(fh, "files.item", use_float=True), start=1):
                    where = f"files[{i - 1}]"
                    try:
                        yield from _records(item, where, report)
                    except FormatError:
                        raise
                    except InputError as exc:  # the hash-file reader's own message already names the field
                        raise FormatError(path, "", str(exc)) from None
                    except (ValueError, KeyError, TypeError) as exc:
                        raise FormatError(path, where, str(exc)) from None
            except ijson.JSONError as exc:
                raise FormatError(path, "", f"invalid JSON: {exc}") from None

    def write(self, records: Iterable[HashRecord], out: TextIO) -> int:
        items: dict[str, dict[str, Any]] = {}
        dihedral: dict[str, dict[str, str]] = {}
        for n, r in enumerate(records):
            key = r.item_key or f"{r.signal_type}:{r.value}:{n}"
            item = items.setdefault(key, {"path": r.label or key, "kind": "other"})
            if r.signal_type == "pdq":
                item["kind"] = "image"
                dihedral.setdefault(key, {})[r.variant or "original"] = r.value
                if r.quality is not None:
                    item["quality"] = r.quality
            elif r.signal_type == "video_pdq":
                item["kind"] = "video"
                item["frames"] = r.frames
            else:
                item[r.signal_type] = r.value
        for key, variants in dihedral.items():
            items[key]["pdq"] = variants.get("original") or next(iter(variants.values()))
            if set(variants) == set(DIHEDRAL):
                items[key]["dihedral"] = [variants[name] for name in DIHEDRAL]
        document = {"format": FORMAT_ID, "files": list(items.values())}
        out.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")
        return len(items)
