"""Alerts about new case findings: in-app (a ``CaseAlert`` row), e-mail over SMTP, and an HMAC-signed webhook.

Payloads carry the case label, counts per kind and a link to the case page: never media, hashes of her images,
or her watched identities. The webhook body is signed: ``X-Tragac-Signature: sha256=HEX`` where HEX is
HMAC-SHA256(secret, ``<X-Tragac-Timestamp>.<body>``); receivers should also reject old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import time
from email.message import EmailMessage
from typing import Any, Protocol

import httpx
import orjson

from tragac.config import Settings
from tragac.store.models.cases import Case, CaseAlert

SIGNATURE_HEADER = "X-Tragac-Signature"
TIMESTAMP_HEADER = "X-Tragac-Timestamp"


def payload(case: Case, alert: CaseAlert, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "event": "case.findings",
        "alert_id": alert.id,
        "case": case.name,
        "case_id": case.id,
        "created_at": alert.created_at.isoformat(),
        "new_findings": counts,
        "summary": alert.summary,
        "path": f"/cases/{case.id}",
    }


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


class AlertChannel(Protocol):
    name: str

    def deliver(self, case: Case, data: dict[str, Any], config: Settings) -> str | None:
        """Send ``data``; return a status word, or None when the channel is not configured for this case."""


class EmailChannel:
    name = "email"

    def deliver(self, case: Case, data: dict[str, Any], config: Settings) -> str | None:
        to = case.alert_email or config.alerts.alert_email
        if not to or not config.mail.smtp_host:
            return None
        msg = EmailMessage()
        msg["From"] = config.mail.smtp_from
        msg["To"] = to
        msg["Subject"] = f"[Tragač] case {case.name}: {data['summary']}"
        msg.set_content(
            f"{data['summary']}\n\nOpen the case in Tragač to review: {data['path']}\n"
            "(This message deliberately contains no media and no personal details.)\n"
        )
        send_mail(config, msg)
        return "sent"


class WebhookChannel:
    name = "webhook"

    def deliver(self, case: Case, data: dict[str, Any], config: Settings) -> str | None:
        url = case.alert_webhook or config.alerts.alert_webhook
        if not url:
            return None
        if not config.alerts.webhook_secret:
            return "not sent: TRAGAC_WEBHOOK_SECRET is not set"
        body = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: ts,
            SIGNATURE_HEADER: sign(config.alerts.webhook_secret, ts, body),
        }
        resp = httpx.post(url, content=body, headers=headers, timeout=10.0, follow_redirects=False)
        return f"http {resp.status_code}"


CHANNELS: list[AlertChannel] = [EmailChannel(), WebhookChannel()]


def send_mail(config: Settings, msg: EmailMessage) -> str:
    """One message over SMTP with the configured host, STARTTLS and login when set; returns the server's reply to
    the message (e.g. ``250 2.0.0 Ok: queued as 4F2A1``), the proof that it accepted the mail. A refusal of any
    recipient or of the message raises ``smtplib.SMTPException``."""
    assert config.mail.smtp_host
    with smtplib.SMTP(config.mail.smtp_host, config.mail.smtp_port, timeout=config.mail.smtp_timeout) as smtp:
        if config.mail.smtp_starttls:
            smtp.starttls()
        if config.mail.smtp_user and config.mail.smtp_password:
            smtp.login(config.mail.smtp_user, config.mail.smtp_password)
        # send_message() drops the DATA reply; the same steps by hand keep it.
        smtp.ehlo_or_helo_if_needed()
        sender = config.mail.smtp_from
        if msg["From"]:
            from email.utils import parseaddr

            sender = parseaddr(str(msg["From"]))[1] or sender
        rcpts = [a.strip() for a in str(msg["To"] or "").split(",") if a.strip()]
        code, resp = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, resp, sender)
        for r in rcpts:
            code, resp = smtp.rcpt(r)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({r: (code, resp)})
        code, resp = smtp.data(msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
        if code != 250:
            raise smtplib.SMTPDataError(code, resp)
        return f"{code} {resp.decode('utf-8', 'replace')}"


def deliver(case: Case, alert: CaseAlert, counts: dict[str, int], config: Settings) -> dict[str, str]:
    """Try every configured channel; a failing channel is recorded, never fatal (the in-app alert exists anyway)."""
    data = payload(case, alert, counts)
    out: dict[str, str] = {"in_app": "stored"}
    for channel in CHANNELS:
        try:
            status = channel.deliver(case, data, config)
        except (OSError, smtplib.SMTPException, httpx.HTTPError) as exc:
            status = f"failed: {type(exc).__name__}"
        if status is not None:
            out[channel.name] = status
    return out
