"""One settings tree: every setting declared once with a default and help, read from its TRAGAC_* variable, and
docs/settings.md generated from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tragac.config import Settings, iter_settings, load_settings, settings_markdown
from tragac.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "tragac"


def test_every_setting_has_help_and_a_unique_name() -> None:
    docs = list(iter_settings())
    missing = [d.env for d in docs if not d.help]
    assert not missing, f"settings without description=: {missing}"
    envs = [d.env for d in docs]
    assert len(envs) == len(set(envs))
    names = [d.path.rpartition(".")[2] for d in docs]
    assert len(names) == len(set(names)), "field names must be unique in the tree (Settings.with_values)"
    assert all(e.startswith("TRAGAC_") for e in envs)


def test_docs_page_is_current() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert page == settings_markdown(), "regenerate: python -m tragac.config > docs/settings.md"


def test_environment_names_keep_working(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRAGAC_SMTP_HOST", "mail.example")
    monkeypatch.setenv("TRAGAC_NOTIFIER_EMAIL", "mila@ngo.example")
    monkeypatch.setenv("TRAGAC_WEBWATCH_TIMEOUT_S", "3.5")
    monkeypatch.setenv("TRAGAC_TELEGRAM_POLL_INTERVAL", "60")
    monkeypatch.setenv("TRAGAC_BANK_INDEX", "flat")
    monkeypatch.setenv("TRAGAC_USER", "ana")
    s = load_settings(tmp_path)
    assert s.home == tmp_path
    assert s.mail.smtp_host == "mail.example" and s.notices.notifier_email == "mila@ngo.example"
    assert s.webwatch.webwatch_timeout_s == 3.5 and s.telegram.poll_interval == 60
    assert s.bank_index == "flat" and s.user == "ana"


def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAGAC_TELEGRAM_BATCH_SIZE", "many")
    with pytest.raises(ConfigError, match="TRAGAC_TELEGRAM_BATCH_SIZE"):
        load_settings()
    monkeypatch.delenv("TRAGAC_TELEGRAM_BATCH_SIZE")
    monkeypatch.setenv("TRAGAC_BANK_INDEX", "btree")
    with pytest.raises(ConfigError, match="TRAGAC_BANK_INDEX"):
        load_settings()


def test_with_values_routes_names_to_groups() -> None:
    s = Settings().with_values(smtp_port=2525, notifier_name="Mila", pdq_threshold=20)
    assert (s.mail.smtp_port, s.notices.notifier_name, s.pdq_threshold) == (2525, "Mila", 20)
    with pytest.raises(ConfigError, match="no setting named"):
        Settings().with_values(smtp_server="x")


def test_secrets_stay_out_of_repr() -> None:
    s = Settings().with_values(smtp_password="hunter2", webhook_secret="s3", case_key="k", admin_token="t")
    assert not any(secret in repr(s) for secret in ("hunter2", "s3", "admin_token='t'"))


def _calls(tree: ast.AST) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("environ", "getenv")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            out.append((node.lineno, f"os.{node.attr}"))
    return out


def test_only_config_reads_the_environment() -> None:
    stray = [
        f"{p.relative_to(ROOT)}:{line} {what}"
        for p in sorted(SRC.rglob("*.py"))
        if (p.name != "config.py" or p.parent != SRC) and p != SRC / "media" / "native_threads.py"
        for line, what in _calls(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert not stray, "read settings from tragac.config instead:\n" + "\n".join(stray)


def test_every_setting_is_read_somewhere() -> None:
    """No dead settings: each is read as an attribute (``settings.mail.smtp_host``) somewhere outside config.py."""
    read: set[str] = set()
    for p in SRC.rglob("*.py"):
        if p != SRC / "config.py":
            read |= {n.attr for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))) if isinstance(n, ast.Attribute)}
    dead = [d.path for d in iter_settings() if d.path.rpartition(".")[2] not in read]
    assert not dead, f"declared but never read: {dead}"
