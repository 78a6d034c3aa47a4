"""Every setting of Tragač, declared once with its default and help: one tree read from the environment.

Each group is read from ``<its env prefix><FIELD NAME>`` (all ``TRAGAC_…``: ``TRAGAC_HOME``, ``TRAGAC_SMTP_HOST``,
``TRAGAC_TELEGRAM_POLL_INTERVAL``…); ``--home`` overrides ``TRAGAC_HOME`` per command. docs/settings.md lists every
setting and is generated from this module (``python -m tragac.config > docs/settings.md``; a test keeps it current).
This is the only module that reads (or, for worker processes, writes) the environment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from tragac.errors import ConfigError
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("tragac", appauthor=False))


class _Group(BaseSettings):
    """A group of settings read from the environment under ``TRAGAC_`` + the field name."""

    model_config = SettingsConfigDict(env_prefix="TRAGAC_", extra="ignore")


class KeySettings(_Group):
    """The case key: encrypts victims' identities, hashes and vault files (else HOME/keys/case-keys.json)."""

    case_key: str | None = Field(
        default=None, repr=False, description="current case key, urlsafe base64 of 32 bytes (else the key file)"
    )
    case_key_id: str = Field(default="env", description="the name ciphertexts made with TRAGAC_CASE_KEY carry")
    case_old_keys: str = Field(
        default="", repr=False, description="earlier environment keys for decryption only: 'id:base64,id:base64'"
    )


class MailSettings(_Group):
    """Outgoing mail for alerts and notices; no host means notices are written as .eml files to send by hand."""

    smtp_host: str | None = Field(default=None, description="SMTP server; empty: write .eml files instead")
    smtp_port: int = Field(default=25, description="SMTP port")
    smtp_user: str | None = Field(default=None, description="SMTP login (with TRAGAC_SMTP_PASSWORD)")
    smtp_password: str | None = Field(default=None, repr=False, description="SMTP password")
    smtp_starttls: bool = Field(default=False, description="upgrade the SMTP connection with STARTTLS")
    smtp_from: str = Field(default="tragac@localhost", description="From address of alerts")
    smtp_timeout: float = Field(default=20.0, description="seconds to wait for the SMTP server")


class AlertSettings(_Group):
    """Defaults for cases that name no alert channel of their own."""

    alert_email: str | None = Field(default=None, description="where case alerts are mailed by default")
    alert_webhook: str | None = Field(default=None, description="URL case alerts are POSTed to by default")
    webhook_secret: str | None = Field(
        default=None, repr=False, description="HMAC-SHA256 key signing webhook bodies (X-Tragac-Signature)"
    )


class NoticeSettings(_Group):
    """Who signs notices, how often they are re-sent, when to give up, and per-recipient pacing."""

    notifier_name: str = Field(
        default="Tragač caseworker", description="notifier name (DSA 16) until an admin saves one"
    )
    notifier_email: str = Field(
        default="tragac@localhost", description="notifier email (From) until an admin saves one"
    )
    notifier_org: str = Field(default="", description="fallback organisation name printed under the notifier's name")
    renotice_hours: int = Field(default=24, description="hours before an unanswered notice is sent again")
    notice_expire_days: int = Field(default=42, description="days after which an unremoved notice is given up")
    notice_min_interval_s: float = Field(default=60.0, description="seconds between two sends to one recipient")
    notice_max_per_hour: int = Field(default=20, description="sends per recipient per hour at most")


class WebWatchSettings(_Group):
    """Website watch: how politely and how much of a listed page is fetched."""

    webwatch_user_agent: str = Field(
        default="Tragac-WebWatch/0.1 (+https://example.invalid/tragac; takedown monitoring)",
        description="User-Agent sent to watched websites",
    )
    webwatch_min_interval_s: float = Field(default=2.0, description="seconds between two requests to one host")
    webwatch_timeout_s: float = Field(default=15.0, description="seconds to wait for a page or media file")
    webwatch_max_page_bytes: int = Field(default=2_000_000, description="bytes of a page read at most")
    webwatch_max_media_bytes: int = Field(default=25_000_000, description="bytes of one media file read at most")
    webwatch_max_media_per_page: int = Field(default=200, description="media files hashed per page at most")


class EvidenceSettings(_Group):
    """Evidence packages: RFC 3161 time-stamping authorities and the certificates their tokens are checked against."""

    evidence_tsa_urls: str = Field(
        default="",
        description="comma-separated RFC 3161 TSA URLs that stamp each package manifest; empty: signed, not stamped",
    )
    evidence_tsa_certs: str = Field(
        default="", description="comma-separated PEM files of trusted TSA (root) certificates, for verify"
    )
    evidence_tsa_timeout_s: float = Field(default=10.0, description="seconds to wait for one TSA")


class MatchingSettings(_Group):
    """Review feedback into matching: whose allowlist a false match goes into, flood quarantine, robust hashing."""

    organisation: str = Field(
        default="default", description="organisation whose negative bank (allowlist) this installation writes"
    )
    quarantine_max_media: int = Field(
        default=50, ge=1, description="an entry matching more distinct media than this within the window is held"
    )
    quarantine_window_hours: float = Field(
        default=24.0, gt=0, description="hours over which an entry's distinct matched media are counted"
    )
    robust_hashing: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="robust fingerprints at hashing: auto = only while some enabled bank opted in to robust matching",
    )


class TelegramSettings(BaseSettings):
    """The live Telethon collector's pace and limits (the API id/hash are given to ``collect account add``)."""

    model_config = SettingsConfigDict(env_prefix="TRAGAC_TELEGRAM_", extra="ignore")

    api_id: int | None = Field(default=None, description="API id from my.telegram.org (for collect account add)")
    api_hash: str | None = Field(
        default=None, repr=False, description="API hash from my.telegram.org (for collect account add)"
    )
    request_interval: float = Field(default=1.0, description="seconds between API requests, process-wide")
    poll_interval: float = Field(default=900.0, description="seconds between polls of one source (jittered ±20 %)")
    rescan_days: float = Field(default=7.0, description="days back in which edits and deletions are looked for")
    rescan_interval: float = Field(default=6 * 3600.0, description="seconds between rescans of one source")
    member_interval: float = Field(default=6 * 3600.0, description="seconds between member counts of one source")
    max_media_bytes: int = Field(default=20 * 1024 * 1024, description="media larger than this is not downloaded")
    download_media: bool = Field(default=True, description="download media to a temporary file, hash it, drop it")
    max_flood_wait: float = Field(
        default=900.0, description="longer flood waits reschedule the source instead of blocking the run"
    )
    batch_size: int = Field(default=200, description="messages written per transaction")


class Settings(_Group):
    """The root of the tree: where data lives, matching defaults, identities and secrets, and the groups."""

    home: Path = Field(default_factory=default_home, description="data folder: database, indexes, keys")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; empty means SQLite at HOME/tragac.db")
    # The quality floor and the vPDQ fraction are part of the algorithms' operating points (tragac.fingerprints),
    # not settings; each bank carries its own match threshold.
    pdq_threshold: int = Field(
        default=PDQ_MATCH_THRESHOLD,
        ge=0,
        le=128,
        description="PDQ distance up to which two re-posts join one spread cluster (banks carry their own threshold)",
    )

    bank_index: Literal["mih", "compact", "flat"] = Field(
        default="mih",
        description="PDQ bank index: mih (~105 bytes per entry), compact (<64 bytes) or flat (40 bytes, a scan)",
    )
    text_model: bool = Field(
        default=True,
        description="also run the character n-gram model on every message, where the rules are silent: more recall "
        "on phrasing no rule knows, a few more false leads; false: rules only (docs/text-signals.md)",
    )
    lexicon_key: str | None = Field(
        default=None, repr=False, description="key of hashed private lexicons ('hex:…' for hex, else UTF-8)"
    )
    user: str | None = Field(default=None, description="who acts, for the custody log (default: your login name)")
    admin_token: str | None = Field(
        default=None, repr=False, description="an administrator's API token, for export --raw-ids"
    )
    keys: KeySettings = Field(default_factory=KeySettings, description="case key")
    mail: MailSettings = Field(default_factory=MailSettings, description="outgoing mail")
    alerts: AlertSettings = Field(default_factory=AlertSettings, description="case alerts")
    notices: NoticeSettings = Field(default_factory=NoticeSettings, description="takedown notices")
    webwatch: WebWatchSettings = Field(default_factory=WebWatchSettings, description="website watch")
    telegram: TelegramSettings = Field(default_factory=TelegramSettings, description="live Telegram collector")
    evidence: EvidenceSettings = Field(default_factory=EvidenceSettings, description="evidence packages")

    matching: MatchingSettings = Field(default_factory=MatchingSettings, description="review feedback into matching")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'tragac.db'}"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.home

    def with_values(self, **values: Any) -> Settings:
        """A copy with settings changed, each named by its field name (unique in the tree: ``smtp_host=…``,
        ``notifier_email=…``), so callers need not know which group holds it."""
        paths = {d.path.rpartition(".")[2]: d.path for d in iter_settings()}
        root: dict[str, Any] = {}
        groups: dict[str, dict[str, Any]] = {}
        for name, value in values.items():
            if name not in paths:
                raise ConfigError(f"no setting named {name!r}")
            group, _, field = paths[name].rpartition(".")
            if group:
                groups.setdefault(group, {})[field] = value
            else:
                root[field] = value
        for group, changes in groups.items():
            root[group] = getattr(self, group).model_copy(update=changes)
        return self.model_copy(update=root)

    def worker_environ(self) -> dict[str, str]:
        """What a worker process needs in its environment to open the same store."""
        env = {"TRAGAC_HOME": str(self.home)}
        if self.database_url:
            env["TRAGAC_DATABASE_URL"] = self.database_url
        return env


def _one_line(exc: ValidationError) -> str:
    # A group is validated in its own default factory, so the error's title names the group (and its prefix).
    annotations = (f.annotation for f in Settings.model_fields.values())
    groups = {c.__name__: c for c in (Settings, *annotations) if isinstance(c, type) and issubclass(c, BaseSettings)}
    model = groups.get(exc.title)
    prefix = str(model.model_config.get("env_prefix", "TRAGAC_")) if model is not None else "TRAGAC_"
    parts = []
    for err in exc.errors():
        name = "_".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{prefix}{name.upper()}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or str(exc)


def load_settings(home: Path | None = None) -> Settings:
    """Settings from the environment, with ``home`` (the ``--home`` option) taking precedence.

    A malformed environment value is a :class:`ConfigError` naming the variable."""
    try:
        if home is not None:
            return Settings(home=home)
        return Settings()
    except ValidationError as exc:
        raise ConfigError(f"bad setting: {_one_line(exc)}") from None


def export_environ(settings: Settings) -> None:
    """Put ``settings.worker_environ()`` into this process's environment, for the workers it starts."""
    os.environ.update(settings.worker_environ())


def environ_value(name: str) -> str | None:
    """The variable a user named on the command line (``--key-env VAR``): not a setting, so read here."""
    return os.environ.get(name)


# -- the settings reference (docs/settings.md) ----------------------------------------------------------------------


@dataclass(frozen=True)
class SettingDoc:
    env: str
    path: str  # attribute path from Settings, e.g. "mail.smtp_host"
    type: str
    default: str
    help: str
    secret: bool
    group: str  # "" for the root, else the group's attribute name
    group_help: str


def _type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or str(annotation).replace("typing.", "").replace("pathlib.", "")
    return text.replace(" | ", " or ")  # a bar would end the Markdown table cell


def iter_settings(model: type[BaseSettings] = Settings, group: str = "") -> Iterator[SettingDoc]:
    """Every leaf setting of the tree, in declaration order (the root's own settings first)."""
    prefix = str(model.model_config.get("env_prefix", ""))
    nested: list[tuple[str, type[BaseSettings]]] = []
    for name, info in model.model_fields.items():
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseSettings):
            nested.append((name, ann))
            continue
        if info.default_factory is not None:
            default = "(per user data folder)" if name == "home" else "(computed)"
        elif info.default is None or info.default == "":
            default = ""
        else:
            default = str(info.default)
        yield SettingDoc(
            env=f"{prefix}{name}".upper(),
            path=f"{group}.{name}" if group else name,
            type=_type_name(ann),
            default=default,
            help=info.description or "",
            secret=info.repr is False,
            group=group,
            group_help=" ".join((model.__doc__ or "").split()),
        )
    for name, sub in nested:
        yield from iter_settings(sub, f"{group}.{name}" if group else name)


def settings_markdown() -> str:
    """docs/settings.md: every setting, its environment variable, default and help."""
    lines = [
        "# Settings",
        "",
        "<!-- Generated from src/tragac/config.py by `python -m tragac.config > docs/settings.md`; do not edit. -->",
        "",
        "Every setting is read from the environment variable shown (`--home` overrides `TRAGAC_HOME` per command).",
        "In code they are one tree, `tragac.config.Settings` (`store.settings`): the attribute path is shown too.",
        "Secrets (marked 🔒) are never printed or logged.",
    ]
    group = None
    for d in iter_settings():
        if d.group != group:
            group = d.group
            title = f"`settings.{group}`" if group else "General"
            lines += ["", f"## {title}", "", d.group_help, ""]
            lines += ["| variable | setting | type | default | what |", "|---|---|---|---|---|"]
        default = f"`{d.default}`" if d.default else ""
        lock = " 🔒" if d.secret else ""
        lines.append(f"| `{d.env}`{lock} | `{d.path}` | {d.type} | {default} | {d.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(settings_markdown())
