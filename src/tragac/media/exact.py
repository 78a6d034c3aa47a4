"""Exact fingerprints of a file's bytes: SHA-256 (evidence identity) and MD5 (hash-list interchange), streamed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20  # 1 MiB: constant memory whatever the file size


@dataclass(frozen=True)
class ExactHashes:
    sha256: str
    md5: str
    size: int


def digest_stream(stream: BinaryIO) -> ExactHashes:
    """SHA-256, MD5 and size of everything left in ``stream``, read in 1 MiB chunks."""
    sha, md5, size = hashlib.sha256(), hashlib.md5(usedforsecurity=False), 0
    while chunk := stream.read(CHUNK):
        sha.update(chunk)
        md5.update(chunk)
        size += len(chunk)
    return ExactHashes(sha256=sha.hexdigest(), md5=md5.hexdigest(), size=size)


def file_digests(path: str | Path) -> ExactHashes:
    """SHA-256, MD5 and size of the file at ``path``."""
    with open(path, "rb") as fh:
        return digest_stream(fh)
