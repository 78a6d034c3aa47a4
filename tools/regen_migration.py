"""Regenerate the initial migration from the models (pre-release only: no deployed database exists yet).

Usage: .venv/bin/python tools/regen_migration.py
Once a release ships, stop regenerating and add ordinary `alembic revision --autogenerate` files instead.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from tragac.store.db import MIGRATIONS, alembic_config, make_engine

INITIAL = MIGRATIONS / "versions" / "0001_initial.py"


def main() -> None:
    INITIAL.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
        command.revision(
            alembic_config(engine),
            message="initial schema",
            autogenerate=True,
            rev_id="0001",
        )
    generated = next((MIGRATIONS / "versions").glob("0001_*.py"))
    source = generated.read_text().replace("astext_type=Text()", "astext_type=sa.Text()")
    source = "\n".join(line for line in source.splitlines() if not line.startswith("Create Date:")) + "\n"
    INITIAL.write_text(source)
    generated.unlink()
    # Keep the generated file lint-clean so `make test` stays green.
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--fix", "-q", str(INITIAL)], check=False, capture_output=True
    )
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(INITIAL)], check=False)
    print(f"wrote {INITIAL}")


if __name__ == "__main__":
    main()
