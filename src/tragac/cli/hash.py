"""`tragac hash`: the victim's offline hasher. No database, no network; only fingerprints leave the device."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tragac.cli.common import JsonOption, console, fail, print_json
from tragac.progress import reporter

if TYPE_CHECKING:  # the hashing code (numpy, Pillow, pdqhash) is imported by the command, after workers start
    from tragac.media.hasher import FileHashes

DEFAULT_OUTPUT = Path("hashes.json")
_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}


def collect_files(inputs: list[Path]) -> list[tuple[Path, str]]:
    """(file, path to show) for every input file and every file under input folders, sorted, hidden files skipped."""
    out: list[tuple[Path, str]] = []
    for item in inputs:
        if item.is_dir():
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or name.lower() in _JUNK:
                        continue
                    path = Path(root) / name
                    out.append((path, (Path(item.name) / path.relative_to(item)).as_posix()))
        elif item.is_file():
            out.append((item, item.name))
        elif item.exists():
            fail(f"{item} is neither a file nor a folder")
        else:
            fail(f"{item} does not exist")
    return out


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def summary_text(results: list[FileHashes], output: Path | None) -> str:
    """The plain-language summary printed at the end (never anything about what a picture shows)."""
    from tragac.fingerprints.pdq import PDQ_MIN_QUALITY

    ok = [r for r in results if r.error is None]
    bad = [r for r in results if r.error is not None]
    counts = [
        (sum(r.kind == "image" for r in ok), "picture", "pictures"),
        (sum(r.kind == "video" for r in ok), "video", "videos"),
        (sum(r.kind == "other" for r in ok), "other file", "other files"),
    ]
    done = [_plural(n, one, many) for n, one, many in counts if n]
    parts = [_join(done) + " hashed" if done else "nothing could be hashed"]
    if bad:
        listed = "; ".join(f"{r.path} ({r.error})" for r in bad[:5])
        more = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
        parts.append(f"{_plural(len(bad), 'file', 'files')} could not be read: {listed}{more}")
    low = sum(r.quality is not None and r.quality < PDQ_MIN_QUALITY for r in ok)
    if low:
        parts.append(
            f"{_plural(low, 'picture is', 'pictures are')} too plain to be recognised reliably and will not "
            "be used for matching"
        )
    if output is not None:
        parts.append(f"the file {output} contains only fingerprints, not your pictures or videos")
    return "; ".join(parts) + "."


def hash_command(
    paths: Annotated[list[Path], typer.Argument(help="Pictures, videos or folders (folders are searched fully).")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=f"Hash file to write (default {DEFAULT_OUTPUT}; with --json: none)."),
    ] = None,
    reference: Annotated[
        bool,
        typer.Option(
            "--reference/--monitored",
            help="--reference (default): your own files, hashed thoroughly (8 rotations/flips, every video frame). "
            "--monitored: one hash per picture, one video frame per second.",
        ),
    ] = True,
    robust: Annotated[
        bool,
        typer.Option(
            "--robust",
            help="Also write the robust fingerprint (PDQ of 44 windows, ~250 keypoints) so that crops, screenshots "
            "and rotated re-posts are found by banks that use robust matching. It reveals more of each picture's "
            "layout than one hash: see docs/matching.md.",
        ),
    ] = False,
    hide_names: Annotated[
        bool, typer.Option("--hide-names", help="Write file-0001.jpg… instead of the real file names.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the hash file if it exists.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds allowed per file.", min=1)] = 300.0,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes (0: none, hash in this one).", min=0)] = 2,
    json: JsonOption = False,
) -> None:
    """Make fingerprints (hashes) of pictures and videos, for a caseworker to watch for: the files never leave.

    Works with no database and no network. Writes a tragac-hashes/1 JSON file that holds only fingerprints:
    SHA-256 and MD5 of every file, PDQ for pictures (with its 8 rotations and flips), PDQ per video frame.
    """
    files = collect_files(paths)
    if not files:
        fail("no files found in the given paths")
    if output is None and not json:
        output = DEFAULT_OUTPUT
    if output is not None and output.is_dir():
        fail(f"{output} is a folder: give a file name, e.g. -o {output / DEFAULT_OUTPUT.name}")
    if output is not None and output.exists() and not force:
        fail(f"{output} already exists: choose another name with -o, or add --force to replace it")
    if output is not None and not output.parent.exists():
        fail(f"folder {output.parent} does not exist")
    from tragac.media import pool
    from tragac.media.native_threads import limit_blas_threads

    limit_blas_threads()
    if workers:
        pool.start_workers_early()  # the workers' forkserver imports the hashing code while this process does
    from tragac.media.decode import DecodeLimits
    from tragac.media.hasher import HashOptions
    from tragac.media.hashfile import document, write_hash_file

    options = HashOptions(reference=reference, limits=DecodeLimits(max_seconds=timeout), video_threads=1, robust=robust)
    shown = {
        i: (f"file-{i + 1:04d}{path.suffix.lower()}" if hide_names else name) for i, (path, name) in enumerate(files)
    }
    jobs = (pool.HashJob(i, str(path), shown[i]) for i, (path, _) in enumerate(files))
    results: dict[int, FileHashes] = {}
    with reporter(not json) as rep:
        rep.start("hashing", total=len(files))
        for key, result in pool.hash_files(jobs, options, workers=min(workers, len(files))):
            results[key] = result
            rep.advance()
    ordered = [results[i] for i in range(len(files))]
    if output is not None:
        try:
            write_hash_file(output, ordered)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
    if json:
        print_json(document(ordered))
    else:
        console.print(summary_text(ordered, output), highlight=False, soft_wrap=True)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    # the text is tragac.media.hashfile.FORMAT's, written out so that registering the command imports no hashing code
    app.command("hash", help="Fingerprint pictures and videos offline into a tragac-hashes/1 file.")(hash_command)
