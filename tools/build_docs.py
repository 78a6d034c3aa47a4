"""Assemble docs/cli.md and docs/performance.md from the per-area fragments in docs/cli/ and docs/performance/.

Usage: .venv/bin/python tools/build_docs.py   (tests/test_docs.py checks the result is up to date)
"""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"

CLI_ORDER = ["ingest", "stats", "demo", "hash", "matching", "text", "web", "report", "cases", "collect"]
PERF_ORDER = ["summary", "ingest", "demo", "hashing", "matching", "robustness", "text", "web", "report"]

CLI_HEADER = """# Command-line reference

Every command takes `--help`. Commands that use the store take `--home DIR` (or `TRAGAC_HOME`; the default is the
platform's user data folder) and honour `TRAGAC_DATABASE_URL` (`postgresql+psycopg://…` for PostgreSQL; SQLite under
HOME otherwise). Where a script would want it, `--json` prints one JSON object (or JSON lines where stated) and no
progress bar. Errors are one line on stderr, starting `error:`, with exit status 2; nothing is half-written.

`tragac init` creates or upgrades the store and makes the organisation's Ed25519 signing key on first use
(`{"database", "home", "signing_key", "signing_key_created"}`, see [evidence.md](evidence.md));
`tragac run [--stage NAME]... [--list] [--json]` runs every analysis stage (hash → match → signals → spread) over
what is new, and prints `{"stages": {"NAME": {…summary…, "seconds"}}}`.

"""

PERF_HEADER = """# Performance

Each figure comes from a script under `benchmarks/` that prints JSON, run side by side with the named peer in the
same process or run. Unless a section says otherwise the machine is the project's standard one: 2 vCPU (Xeon, AVX-512),
24 GB RAM, Debian 12, Python 3.11.7. Several sections were measured while other jobs shared the two cores; they say
so, and their ratios are more trustworthy than their absolute figures.

"""


def _ordered(folder: Path, order: list[str]) -> list[Path]:
    files = {p.stem: p for p in folder.glob("*.md")}
    names = [n for n in order if n in files] + sorted(set(files) - set(order))
    return [files[n] for n in names]


def _demote(text: str) -> str:
    """Fragments start at '#'; inside the assembled page they become sections."""
    return "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines()).strip() + "\n"


def build(folder: str, order: list[str], header: str) -> str:
    parts = [header]
    for path in _ordered(DOCS / folder, order):
        parts.append(_demote(path.read_text(encoding="utf-8")))
        parts.append("\n")
    return "".join(parts).rstrip() + "\n"


def outputs() -> dict[Path, str]:
    return {
        DOCS / "cli.md": build("cli", CLI_ORDER, CLI_HEADER),
        DOCS / "performance.md": build("performance", PERF_ORDER, PERF_HEADER),
    }


def main() -> None:
    for path, text in outputs().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
