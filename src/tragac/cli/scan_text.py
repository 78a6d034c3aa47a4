"""`tragac scan-text`: JSON lines in ({"id", "text"}), one JSON line of flags out per input."""

from __future__ import annotations

import io
import os
import select
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import orjson
import typer

from tragac.cli.common import HomeOption, err_console, fail, settings_for
from tragac.errors import InputError

if TYPE_CHECKING:  # the detectors, lexicons and settings load when a command runs, not for --help
    from tragac.signals.analyzer import TextAnalyzer

WatchOption = Annotated[
    Path | None,
    typer.Option("--watch", help='Watched identities: {"identities": [{name, handles, phones, addresses}]}.'),
]
LexiconOption = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="A private lexicon file or folder (repeatable), added to the seed."),
]
KeyEnvOption = Annotated[
    str | None,
    typer.Option(
        "--key-env",
        help="Environment variable holding the key for hashed lexicons ('hex:…' for hex). Default: TRAGAC_LEXICON_KEY.",
    ),
]


ModelOption = Annotated[
    bool | None,
    typer.Option(
        "--model/--no-model",
        help="Run the character n-gram model beside the rules (more recall where they are silent, a few more false "
        "leads) or the rules alone. Default: TRAGAC_TEXT_MODEL (on).",
    ),
]


def key_from_env(var: str | None) -> bytes | None:
    if var is None:
        return None
    from tragac.config import environ_value

    value = environ_value(var)
    if not value:
        fail(f"environment variable {var} is not set (it should hold the lexicon key)")
    try:
        return bytes.fromhex(value[4:]) if value.startswith("hex:") else value.encode("utf-8")
    except ValueError:
        fail(f"environment variable {var} starts with 'hex:' but is not hexadecimal")


def build_analyzer(
    watch: Path | None,
    lexicon: list[Path] | None,
    key_env: str | None,
    home: Path | None = None,
    model: bool | None = None,
) -> TextAnalyzer:
    """Seed lexicon + ``--lexicon`` paths + HOME/lexicons/ + plugins' lexicons; ``--watch`` or else HOME/watch.json
    (when present)."""
    from tragac.signals.analyzer import TextAnalyzer
    from tragac.signals.setup import lexicon_key, opted_in, plugin_lexicons
    from tragac.text.lexicon import build_matcher
    from tragac.text.watch import WatchList

    lexicons = list(lexicon or []) + plugin_lexicons()
    if home is not None:
        if (home / "lexicons").is_dir():
            lexicons.append(home / "lexicons")
        if watch is None and (home / "watch.json").is_file():
            watch = home / "watch.json"
    key = key_from_env(key_env) if key_env else lexicon_key()
    try:
        watched = WatchList.load(watch) if watch else None
        return TextAnalyzer(build_matcher(lexicons, key), watched, opt_in=opted_in(model=model))
    except InputError as exc:
        fail(str(exc))


def _parse(line: bytes, n: int) -> tuple[Any, str]:
    try:
        row = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"line {n}: not JSON ({exc})") from None
    if not isinstance(row, dict):
        raise InputError(f'line {n}: expected an object {{"id": …, "text": …}}')
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(f'line {n}: "text" must be a string')
    return row.get("id"), text


def scan_text(
    watch: WatchOption = None,
    model: ModelOption = None,
    lexicon: LexiconOption = None,
    key_env: KeyEnvOption = None,
    home: HomeOption = None,
) -> None:
    """Read {"id", "text"} JSON lines on stdin and write {"id", "flags": [...]} for each. Bad lines are reported on
    stderr with their line number and skipped; the exit status is 1 if any line was skipped.

    With --home (or TRAGAC_HOME) the data folder's HOME/lexicons/ and HOME/watch.json are used too."""
    analyzer = build_analyzer(watch, lexicon, key_env, settings_for(home).home if home else None, model)
    out = sys.stdout.buffer
    bad = 0
    n = 0
    for lines in ready_lines(sys.stdin.buffer):
        rows: list[tuple[Any, str]] = []
        for line in lines:
            n += 1
            if not line.strip():
                continue
            try:
                rows.append(_parse(line, n))
            except InputError as exc:
                err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
                bad += 1
        # A batch at once: repeats read once, and the batch gates skip what no detector could fire on.
        found = analyzer.analyze_many([text for _, text in rows])
        out.write(b"".join(orjson.dumps({"id": mid, "flags": [f.public() for f in fs]}) + b"\n"
                           for (mid, _), fs in zip(rows, found, strict=True)))  # fmt: skip
        out.flush()
    if bad:
        raise typer.Exit(1)


BATCH = 1000  # lines analysed together at most


def ready_lines(stream: IO[bytes], limit: int = BATCH) -> Iterator[list[bytes]]:
    """The stream's lines in lists of those already there (at most ``limit``): a file or a busy pipe is read in
    batches, while a stream that trickles (``tail -f``) gets each answer as soon as its line is complete, never
    waiting for a batch to fill."""
    try:
        fd = stream.fileno()
        select.select([fd], [], [], 0)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        fd = -1  # not a real descriptor (a test's BytesIO) or one select cannot watch: plain line reading
    if fd < 0:
        lines: list[bytes] = []
        for line in stream:
            lines.append(line)
            if len(lines) >= limit:
                yield lines
                lines = []
        if lines:
            yield lines
        return
    pending: list[bytes] = []  # the incomplete last line, in pieces
    lines = []
    while chunk := os.read(fd, 1 << 16):
        *complete, rest = chunk.split(b"\n")
        if complete:
            complete[0] = b"".join([*pending, complete[0]])
            pending = []
            lines += [c + b"\n" for c in complete]
        if rest:
            pending.append(rest)
        while len(lines) >= limit:
            yield lines[:limit]
            lines = lines[limit:]
        if lines and not select.select([fd], [], [], 0)[0]:
            yield lines  # nothing more has arrived yet: answer what is here
            lines = []
    if pending:
        lines.append(b"".join(pending))
    if lines:
        yield lines


def register(app: typer.Typer) -> None:
    app.command("scan-text")(scan_text)
