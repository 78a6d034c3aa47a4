"""Settings for alerts, notice sending and website watch (environment variables with the TRAGAC_ prefix)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CaseConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRAGAC_", extra="ignore")

    # Outgoing mail: alerts and notices. Empty host means notices are written as .eml files to send by hand.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = Field(default=None, repr=False)
    smtp_starttls: bool = False
    smtp_from: str = "tragac@localhost"
    smtp_timeout: float = 20.0
    # Alerts: defaults for cases that name no channel of their own.
    alert_email: str | None = None
    alert_webhook: str | None = None
    webhook_secret: str | None = Field(default=None, repr=False)
    # Notices: who signs them, how often to re-send, when to give up, and per-recipient pacing.
    notifier_name: str = "Tragač caseworker"
    notifier_email: str = "tragac@localhost"
    notifier_org: str = ""
    renotice_hours: int = 24
    notice_expire_days: int = 42
    notice_min_interval_s: float = 60.0  # between two sends to the same recipient
    notice_max_per_hour: int = 20  # per recipient
    # Website watch.
    webwatch_user_agent: str = "Tragac-WebWatch/0.1 (+https://example.invalid/tragac; takedown monitoring)"
    webwatch_min_interval_s: float = 2.0  # per host
    webwatch_timeout_s: float = 15.0
    webwatch_max_page_bytes: int = 2_000_000
    webwatch_max_media_bytes: int = 25_000_000
    webwatch_max_media_per_page: int = 200
