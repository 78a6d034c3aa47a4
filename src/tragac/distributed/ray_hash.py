"""``tragac ray hash``: the fingerprint function :func:`tragac.media.hasher.hash_file` in Ray Data ``map_batches``.

Each actor of the pool builds its :class:`HashOptions` once (and with it the decoders' state, the optional nudity
model) and hashes a batch of files per call. Local paths are sent as paths (the files are read where the actor
runs, so on a cluster they must be on a shared filesystem); ``s3://``, ``gs://`` and other URIs are read by Ray Data
(``read_binary_files``, pyarrow filesystems) and the actor hashes the bytes through a temporary file, which it
deletes at once (hashes, not pictures). Results are rows of the same fields as a ``tragac-hashes/1`` entry.

Ray is an optional extra (``pip install 'tragac[ray]'``): it is imported inside the functions.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tragac.errors import ConfigError, InputError
from tragac.media.hasher import FileHashes, HashOptions, hash_file
from tragac.media.video import FrameFeature
from tragac.store import Store

if TYPE_CHECKING:
    import ray.data

COLUMNS = (
    "path",
    "kind",
    "sha256",
    "md5",
    "size",
    "pdq",
    "quality",
    "width",
    "height",
    "duration",
    "dihedral",
    "frames",
    "error",
)


def require_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("Ray is not installed: pip install 'tragac[ray]'") from None
    return ray


def start_ray(address: str | None = None, num_cpus: int | None = None) -> Any:
    """Connect to the cluster at ``address`` (or RAY_ADDRESS), or start a local Ray with ``num_cpus``."""
    ray = require_ray()
    if not ray.is_initialized():
        if address:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    return ray


def to_row(result: FileHashes) -> dict[str, Any]:
    """One result as a flat row; lists are JSON text so every column has one Arrow type."""
    row = {name: getattr(result, name) for name in COLUMNS if name not in ("dihedral", "frames")}
    row["dihedral"] = json.dumps(result.dihedral) if result.dihedral is not None else None
    row["frames"] = (
        json.dumps([[f.frame, f.timestamp, f.quality, f.pdq] for f in result.frames])
        if result.frames is not None
        else None
    )
    return row


def from_row(row: dict[str, Any]) -> FileHashes:
    def opt(name: str, cast: type) -> Any:
        value = row.get(name)
        return None if value is None or value != value else cast(value)  # NaN: pandas' missing float

    frames = json.loads(row["frames"]) if row.get("frames") else None
    return FileHashes(
        path=str(row["path"]),
        kind=row["kind"],
        sha256=row.get("sha256"),
        md5=row.get("md5"),
        size=opt("size", int),
        pdq=row.get("pdq"),
        quality=opt("quality", int),
        dihedral=json.loads(row["dihedral"]) if row.get("dihedral") else None,
        frames=[FrameFeature(frame=int(a), timestamp=float(b), quality=int(c), pdq=str(d)) for a, b, c, d in frames]
        if frames is not None
        else None,
        width=opt("width", int),
        height=opt("height", int),
        duration=opt("duration", float),
        error=row.get("error"),
    )


def _columns(results: Iterable[FileHashes]) -> dict[str, list[Any]]:
    rows = [to_row(r) for r in results]
    return {name: [row[name] for row in rows] for name in COLUMNS}


class PathHasher:
    """A Ray Data actor: hashes the files named in a batch's ``path`` column."""

    def __init__(self, options: HashOptions) -> None:
        self.options = options

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        return _columns(hash_file(str(p), self.options) for p in batch["path"])


class BytesHasher:
    """A Ray Data actor: hashes the ``bytes`` Ray Data read from object storage, keeping the URI as the path."""

    def __init__(self, options: HashOptions) -> None:
        self.options = options

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out = []
        for data, uri in zip(batch["bytes"], batch["path"], strict=True):
            fd, tmp = tempfile.mkstemp(prefix="tragac-ray-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(bytes(data))
                out.append(hash_file(tmp, self.options, display_path=str(uri)))
            finally:
                os.unlink(tmp)  # the bytes live only as long as hashing them takes
        return _columns(out)


def local_files(sources: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split sources into local files (directories walked, sorted) and object-store URIs."""
    files: list[str] = []
    uris: list[str] = []
    for source in sources:
        if "://" in source and not source.startswith("file://"):
            uris.append(source)
            continue
        path = Path(source.removeprefix("file://"))
        if path.is_dir():
            files += sorted(str(p) for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files.append(str(path))
        else:
            raise InputError(f"{source}: no such file or folder")
    return files, uris


def hash_dataset(
    sources: Sequence[str], options: HashOptions | None = None, *, actors: int = 2, batch_size: int = 16
) -> ray.data.Dataset:
    """A lazy Ray dataset of hash rows (:data:`COLUMNS`) for ``sources``; Ray must be initialised."""
    ray = require_ray()
    options = options or HashOptions()
    files, uris = local_files(sources)
    if not files and not uris:
        raise InputError("no files to hash")
    pool = ray.data.ActorPoolStrategy(size=actors)
    parts = []
    if files:
        blocks = max(1, min(len(files) // batch_size, actors * 4))
        ds = ray.data.from_items([{"path": f} for f in files], override_num_blocks=blocks)
        parts.append(
            ds.map_batches(PathHasher, fn_constructor_args=(options,), batch_size=batch_size, compute=pool, num_cpus=1)
        )
    if uris:
        ds = ray.data.read_binary_files(uris, include_paths=True)
        parts.append(
            ds.map_batches(BytesHasher, fn_constructor_args=(options,), batch_size=batch_size, compute=pool, num_cpus=1)
        )
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])


def hash_with_ray(
    sources: Sequence[str], options: HashOptions | None = None, *, actors: int = 2, batch_size: int = 16
) -> list[FileHashes]:
    """Hash every file under ``sources`` on Ray; results sorted by path (Ray does not keep input order)."""
    ds = hash_dataset(sources, options, actors=actors, batch_size=batch_size)
    return sorted((from_row(row) for row in ds.iter_rows()), key=lambda r: r.path)


def write_parquet(ds: ray.data.Dataset, out: Path) -> int:
    """Write the rows as Parquet files under the folder ``out``; returns the row count."""
    ds = ds.materialize()
    ds.write_parquet(str(out))
    return int(ds.count())


def apply_to_store(store: Store, results: Iterable[FileHashes]) -> dict[str, int]:
    """Write results onto the store's unhashed media with the same SHA-256 (what the hash stage would have written).

    Media are found by content, not path: Ray may have read the files from object storage under other names.
    """
    import sqlalchemy as sa

    from tragac.media.stage import apply_hashes
    from tragac.store.models import Media

    by_sha = {r.sha256: r for r in results if r.sha256}
    summary = {"updated": 0, "not_in_store": 0}
    with store.session() as s:
        known = set()
        shas = list(by_sha)
        for start in range(0, len(shas), 1000):
            chunk = shas[start : start + 1000]
            for media in s.scalars(sa.select(Media).where(Media.sha256.in_(chunk), Media.hashed_at.is_(None))):
                apply_hashes(media, by_sha[media.sha256])
                known.add(media.sha256)
                summary["updated"] += 1
        summary["not_in_store"] = len(set(shas) - known)
    return summary
