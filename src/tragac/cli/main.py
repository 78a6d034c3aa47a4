"""The ``tragac`` command. Command groups live in sibling modules, each exposing ``register(app)``.

Commands are loaded lazily: :data:`COMMANDS` names every command, the module that registers it and its one-line
help, so ``tragac --help`` lists them without importing any, and ``tragac hash …`` imports ``tragac.cli.hash``
alone (the pattern of click's "lazily loading subcommands"). ``tests/test_cli_startup.py`` checks that the table
matches what the modules register, so a new command cannot be left out.
"""

from __future__ import annotations

import importlib
import itertools
import sys
from importlib.machinery import ModuleSpec
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

import tragac
from tragac.errors import TragacError

# command name → (module under tragac.cli, one-line help shown by `tragac --help`), in the order --help lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "hash": ("hash", "Fingerprint pictures and videos offline into a tragac-hashes/1 file."),
    "ingest": (
        "ingest",
        "Ingest a Telegram Desktop export (JSON or HTML), a platform's download or a plugin's input. Safe to repeat.",
    ),
    "match": (
        "match",
        "Match media (new ones, and everything against new bank entries) against the banks; print a summary.",
    ),
    "match-explain": (
        "match",
        "Explain one match: which fingerprint and window, distance, quality, verifier inliers, review and opinions.",
    ),
    "init": ("pipeline", "Create the data folder and database, or bring an existing one to the newest schema."),
    "run": (
        "pipeline",
        "Run every analysis stage over what is new in the store (hashing, matching, text signals, spread…).",
    ),
    "report": (
        "report",
        "Write the monitoring report: overview, per source, what is asked for, spread, network, doxxing, method.",
    ),
    "scan-text": (
        "scan_text",
        'Read {"id", "text"} JSON lines on stdin and write {"id", "flags": [...]} for each. Bad lines are reported '
        "on stderr with their line number and skipped; the exit status is 1 if any line was skipped.",
    ),
    "serve": (
        "serve",
        "Serve the web app (dashboard, review queue, search, JSON API) and analyse new data in the background.",
    ),
    "spread": (
        "spread",
        "Group near-duplicate media into clusters; show first sighting, sources, sightings and timeline of each.",
    ),
    "stats": (
        "stats",
        "Per source: messages, service messages, authors, first/last message, per-day activity and top forwards.",
    ),
    "audit": ("audit", "The audit log: who did what when, hash-chained."),
    "bank": ("bank", "Hash lists (banks): victim cases, imported lists, analyst-confirmed media."),
    "case": ("case", "Victim cases: watched identities, her hash bank, findings and alerts."),
    "collect": (
        "collect",
        "Live collection from Telegram groups and channels the research account belongs to (never joins, invites, "
        "messages or lists members).",
    ),
    "demo": (
        "demo",
        "Generate the demo corpus under TRAGAC_HOME/demo/export (once per options), ingest it, run every analysis "
        "stage, print a summary, then serve the web app on http://HOST:PORT unless --no-serve. Run again on the same "
        "home it reuses the corpus and keeps the admin account and its password (--reset-admin issues a new one).",
    ),
    "dossier": ("dossier", "Dossiers: one group for a ban request, one author for a civil case (HTML + PDF, sr/en)."),
    "eval": ("eval", "Measure detectors on labelled data."),
    "evidence": ("evidence", "Evidence packages a prosecutor or court can check."),
    "export": (
        "export",
        "Research exports, pseudonymised by default: messages, flags, media, sightings, clusters, network.",
    ),
    "notice": ("notice", "Takedown notices: draft, approve, send, re-send, track removal."),
    "signals": ("signals", "Text signals: doxxing, watched identities, CSAM codes, NCII solicitation, harassment."),
    "token": ("token", "API tokens (Authorization: Bearer TOKEN)."),
    "user": ("user", "Web app accounts: add, list, change role, disable."),
    "web-watch": ("webwatch", "Watch web pages for banked images and videos."),
    "worker": (
        "worker",
        "Take pipeline work from a PostgreSQL store in leased batches; run any number of workers on any machines.",
    ),
    "ray": ("ray", "Hashing and sharded matching on a Ray cluster (optional extra: pip install 'tragac[ray]')."),
}

_loaded: dict[str, dict[str, Any]] = {}  # module name → the click commands it registered


def load_module_commands(module_name: str) -> dict[str, Any]:
    """Import ``tragac.cli.<module_name>`` and return the click commands its ``register`` adds, by name."""
    commands = _loaded.get(module_name)
    if commands is None:
        module = importlib.import_module(f"tragac.cli.{module_name}")
        holder = typer.Typer(rich_markup_mode="rich", pretty_exceptions_enable=False, add_completion=False)
        module.register(holder)
        commands = dict(typer.main.get_group(holder).commands)
        _loaded[module_name] = commands
    return commands


class _Group(TyperGroup):
    """The root group: lazy commands, and one ``error:`` line with exit status 2 for an expected failure.

    Turning ``TragacError`` into that line here, once, means commands call the library and let its errors through,
    and the same behaviour holds under ``typer.testing.CliRunner``, which bypasses :func:`main`.
    """

    _listing = False  # while help or shell completion lists the commands: answer from the table, import nothing

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in COMMANDS:
            return command
        module_name, help_text = COMMANDS[cmd_name]
        if self._listing:
            return TyperCommand(name=cmd_name, help=help_text, short_help=help_text)
        command = load_module_commands(module_name).get(cmd_name)
        if command is None:  # the table and the module disagree: tests/test_cli_startup.py catches this
            raise RuntimeError(f"tragac.cli.{module_name} does not register the command {cmd_name!r}")
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        self._listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing = False

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TragacError as exc:
            from tragac.cli.common import fail

            fail(str(exc))


app = typer.Typer(
    cls=_Group,
    name="tragac",
    help="Tragač: find, prove and help take down image-based sexual abuse circulating in messaging groups.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tragac {tragac.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Every command takes --home (or TRAGAC_HOME) and, where a script wants it, --json."""


def _workers_skip_the_cli() -> None:
    """Keep worker processes (forkserver, spawn) from re-running the ``tragac`` console script.

    multiprocessing re-executes a parent's ``__main__`` script in every child, so the hashing workers would import
    the CLI again; for a package's ``__main__`` module (``python -m tragac``) it does not. The console script is
    the same entry point, so it is named as that module.
    """
    main_module = sys.modules.get("__main__")
    if main_module is not None and getattr(main_module, "__spec__", None) is None:
        main_module.__spec__ = ModuleSpec("tragac.__main__", None)


def _start_hash_workers_early(args: list[str]) -> None:
    """``tragac hash`` forks its workers from a forkserver that first imports the hashing code (numpy, Pillow,
    pdqhash: a few tenths of a second). Started here, that import runs on the second core while this process builds
    the command; the command starts it anyway when this is skipped (under CliRunner, say)."""
    if args[:1] != ["hash"] or "-h" in args or "--help" in args:
        return
    if "--workers=0" in args or any(pair == ("--workers", "0") for pair in itertools.pairwise(args)):
        return
    from tragac.media.pool import start_workers_early

    start_workers_early()


def main() -> None:
    _workers_skip_the_cli()
    _start_hash_workers_early(sys.argv[1:])
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
