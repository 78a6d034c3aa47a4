"""Notice lifecycle: draft → approved → sent → acknowledged → removed | rejected | expired, with every time kept.

Nothing leaves without a named approver, and with the organisation's four-eyes rule (on by default) the approver
is not the person who drafted it. "Sent" means an SMTP server accepted the message: its reply is kept with the
``sent`` event. Without a mail server the notice is ``outboxed`` ("written to outbox, not sent"): an ``.eml`` file
the caseworker sends from her own mail program and then marks as sent by hand. Sending is paced per recipient;
sent notices are re-sent every ``renotice_hours`` (24 by default, as Project Arachnid does) while the content is
still up. The notifier's name and e-mail come from the organisation settings (``organisation.py``). Notices are
plain text: no media is ever attached.
"""

from __future__ import annotations

import smtplib
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tragac import policy
from tragac.cases import custody
from tragac.cases.alerts import send_mail
from tragac.cases.notices import NoticeContext, NoticeItem, template
from tragac.cases.notices.hotline import referral_text
from tragac.cases.notices.organisation import OrgSettings, organisation
from tragac.cases.service import get_case
from tragac.config import Settings
from tragac.errors import InputError, TragacError
from tragac.sources.links import host_of
from tragac.store import Store
from tragac.store.models.cases import Case, CaseFinding, CustodyEvent, Notice, NoticeEvent
from tragac.store.models.core import Media, Message
from tragac.store.models.matching import BankEntry, Match

# referred: a possible minor turned up after drafting, so the notice became a hotline referral and never goes out;
# cancelled: a bank entry it relied on was withdrawn or deleted, so it is no longer evidence for the case.
# outboxed: written as an .eml file to send by hand; NOT sent until someone marks it sent.
STATES = (
    "draft", "approved", "outboxed", "sent", "acknowledged", "removed", "rejected", "expired", "referred", "cancelled",
)  # fmt: skip
OPEN_STATES = ("sent", "acknowledged")
# How pages and the CLI say each state: what happened, nothing more.
STATE_LABELS = {
    "draft": "drafted, awaiting approval",
    "approved": "approved, not sent",
    "outboxed": "written to outbox, not sent",
    "sent": "sent (mail server accepted it)",
    "acknowledged": "acknowledged by the recipient",
    "removed": "removed",
    "rejected": "rejected by the recipient",
    "expired": "expired, still up",
    "referred": "hotline referral instead",
    "cancelled": "cancelled (hash withdrawn)",
}
# Still waiting for its outcome: what the case page calls "notice pending".
PENDING_STATES = ("draft", "approved", "outboxed", "sent", "acknowledged")
NOTICE_KINDS = ("match", "identity", "doxxing", "manual")
Clock = Callable[[], datetime]
# A removal checker answers, per notice, "removed", "up" or "unknown" (e.g. Telegram without a live collector).
RemovalChecker = Callable[[Session, Notice], str]


class HotlineReferralRequired(TragacError):
    """The case or an item may involve a minor: no notice, only the hotline referral text."""

    def __init__(self, text: str) -> None:
        super().__init__("this case or item may involve a minor: no notice is drafted; refer it to a hotline")
        self.text = text


class NoticeCancelled(InputError):
    """A finding the notice names is no longer evidence (its bank entry was withdrawn or deleted)."""


class RateLimited(TragacError):
    """Sending now would exceed the pacing for this recipient."""


class FourEyes(InputError):
    """The organisation requires a second person: the drafter cannot approve her own notice."""


class SendFailed(TragacError):
    """The mail server refused the notice or could not be reached; it stays approved (recorded as send_failed)."""


@dataclass
class SendResult:
    notice_id: int
    via: str  # smtp (the server accepted it) | eml (written to the outbox, not sent)
    path: str | None
    message_id: str
    reply: str | None = None  # the SMTP server's answer to the message, e.g. "250 2.0.0 Ok: queued as 4F2A1"


def _now() -> datetime:
    return datetime.now(UTC)


def _event(s: Session, n: Notice, event: str, at: datetime, actor: str | None, **detail: Any) -> None:
    s.add(NoticeEvent(notice_id=n.id, at=at, event=event, actor=actor, detail=detail))


def _url_fits(template_name: str, url: str) -> bool:
    is_telegram = host_of(url) in {"t.me", "telegram.me"}
    if template_name == "telegram":
        return is_telegram
    if template_name == "dsa_hosting":
        return url.startswith(("http://", "https://")) and not is_telegram
    return True


_REASONS = {
    "en": {
        "match": "matches a picture or video she supplied ({signal} distance {distance})",
        "doxxing": "publishes personal details (address, phone, family) of the person depicted",
        "identity": "names the person depicted",
    },
    "sr": {
        "match": "odgovara snimku koji je osoba dostavila ({signal}, udaljenost {distance})",
        "doxxing": "objavljuje lične podatke (adresa, telefon, porodica) osobe na snimku",
        "identity": "imenuje osobu na snimku",
    },
}


def _reason_text(f: CaseFinding, language: str = "en") -> str:
    """Why this location is named, in the notice's language (a Serbian notice is Serbian throughout)."""
    r = f.reason or {}
    text = _REASONS.get(language, _REASONS["en"]).get(f.kind)
    if text is None:
        return str(r.get("rule") or f.kind)
    return text.format(signal=r.get("signal_type"), distance=r.get("distance"))


def _package_ref(s: Session, case: Case) -> str | None:
    ev = s.scalars(
        select(CustodyEvent)
        .where(CustodyEvent.case_id == case.id, CustodyEvent.action == "export_completed")
        .order_by(CustodyEvent.seq.desc())
        .limit(1)
    ).first()
    if ev is None:
        return None
    return f"{ev.details.get('file')} (SHA-256 {ev.details.get('sha256')}, exported {custody.iso(ev.at)})"


def _context(s: Session, n: Notice, case: Case, org: OrgSettings, at: datetime, renotice: int) -> NoticeContext:
    findings = s.scalars(select(CaseFinding).where(CaseFinding.id.in_(n.finding_ids)).order_by(CaseFinding.id)).all()
    items = [
        NoticeItem(
            url=f.url or "",
            kind=f.kind,
            posted_at=custody.iso(f.posted_at) if f.posted_at else None,
            sha256=f.media_sha256 if f.kind == "match" else None,
            reason=_reason_text(f, n.language),
        )
        for f in findings
    ]
    return NoticeContext(
        case_ref=case.name,
        notifier_name=org.notifier_name,
        notifier_email=org.notifier_email,
        notifier_org=org.name,
        items=items,
        date=at.strftime("%Y-%m-%d %H:%M UTC"),
        package_ref=n.package_ref,
        renotice=renotice,
    )


def draft_notice(
    store: Store,
    case_ref: str | int,
    *,
    template_name: str,
    language: str = "en",
    recipient: str | None = None,
    finding_ids: list[int] | None = None,
    actor: str,
    config: Settings | None = None,
    clock: Clock = _now,
) -> Notice:
    config = config or store.settings
    tpl = template(template_name)
    if language not in tpl.languages:
        raise InputError(f"template {template_name} has languages {', '.join(tpl.languages)}, not {language!r}")
    org = organisation(store, config)
    if not org.can_sign:
        raise InputError(
            "a notice names its sender: an admin sets the notifier name and e-mail in Administration → Organisation "
            "(or TRAGAC_NOTIFIER_NAME and TRAGAC_NOTIFIER_EMAIL)"
        )
    now = clock()
    with store.session() as s:
        case = get_case(s, case_ref)
        if case.state != "open":
            raise InputError(f"case {case.name!r} is {case.state}")
        q = select(CaseFinding).where(CaseFinding.case_id == case.id, CaseFinding.kind.in_(NOTICE_KINDS))
        if finding_ids:
            q = q.where(CaseFinding.id.in_(finding_ids))
        findings = [f for f in s.scalars(q.order_by(CaseFinding.id)) if f.url]
        if finding_ids and {f.id for f in findings} != set(finding_ids):
            missing = sorted(set(finding_ids) - {f.id for f in findings})
            raise InputError(f"finding(s) {missing} are not locations of case {case.name!r}")
        # Checked again now (tragac.policy, the one rule): a flag saying "possible minor" may have come after the
        # finding was linked, and a bank entry may have been withdrawn since.
        blocked = policy.blocked_findings(s, findings)
        if case.possible_minor or policy.POSSIBLE_MINOR in blocked.values():
            raise HotlineReferralRequired(referral_text(language, sorted({f.url or "" for f in findings})))
        inactive = sorted(fid for fid, why in blocked.items() if why == policy.ENTRY_INACTIVE)
        if finding_ids and inactive:
            raise NoticeCancelled(f"finding(s) {inactive}: {policy.REASONS[policy.ENTRY_INACTIVE]}")
        findings = [f for f in findings if f.id not in blocked and _url_fits(tpl.name, f.url or "")]
        # One notice per location, however many hashes matched there.
        by_url: dict[str, CaseFinding] = {}
        for f in findings:
            by_url.setdefault(f.url or "", f)
        if not by_url:
            raise InputError(f"case {case.name!r} has no location a {tpl.name} notice can name")
        to = recipient or tpl.default_recipient
        if not to or "@" not in to:
            raise InputError(f"template {tpl.name} needs a recipient e-mail address (--to)")
        n = Notice(
            case_id=case.id,
            template=tpl.name,
            language=language,
            recipient=to,
            subject="",
            body="",
            finding_ids=[f.id for f in by_url.values()],
            urls=list(by_url),
            state="draft",
            drafted_by=actor,
            drafted_at=now,
            renotice_hours=config.notices.renotice_hours,
        )
        if tpl.needs_package:
            n.package_ref = _package_ref(s, case)
        s.add(n)
        s.flush()
        n.subject, n.body = tpl.render(_context(s, n, case, org, now, 0), language)
        _event(s, n, "drafted", now, actor, template=tpl.name, items=len(by_url))
        custody.append(s, case.id, actor=actor, action="notice_drafted", item=f"notice:{n.id}", at=now)
        return n


def _recheck(s: Session, n: Notice, step: str, at: datetime, actor: str | None) -> TragacError | None:
    """The policy check every step after drafting repeats (approve, send, each re-notice).

    When a finding of the notice now may involve a minor, the notice becomes a hotline referral (state
    ``referred``); when a bank entry it relied on was withdrawn or deleted it is ``cancelled``. Either way it never
    goes out again. The change is recorded (notice event, custody log) and the error to raise is returned, so the
    caller raises it after its transaction commits the change."""
    findings = list(s.scalars(select(CaseFinding).where(CaseFinding.id.in_(n.finding_ids))))
    case = s.get(Case, n.case_id)
    blocked = policy.blocked_findings(s, findings)
    minor = (case is not None and case.possible_minor) or policy.POSSIBLE_MINOR in blocked.values()
    if not minor and not blocked:
        return None
    reason = policy.POSSIBLE_MINOR if minor else policy.ENTRY_INACTIVE
    state = "referred" if minor else "cancelled"
    ids = sorted(fid for fid, why in blocked.items() if why == reason)
    n.state = state
    n.next_renotice_at = None
    _event(s, n, state, at, actor, step=step, reason=reason, findings=ids)
    custody.append(
        s, n.case_id, actor=actor or "tragac", action=f"notice_{state}", item=f"notice:{n.id}", at=at,
        details={"step": step, "reason": reason},
    )  # fmt: skip
    if minor:
        return HotlineReferralRequired(referral_text(n.language, list(n.urls)))
    return NoticeCancelled(f"notice {n.id} cancelled: finding(s) {ids}: {policy.REASONS[reason]}")


def _get(s: Session, notice_id: int) -> Notice:
    n = s.get(Notice, notice_id)
    if n is None:
        raise InputError(f"no notice {notice_id} (see `tragac notice list`)")
    return n


def approve_notice(store: Store, notice_id: int, *, approver: str, clock: Clock = _now) -> Notice:
    if not approver or not approver.strip():
        raise InputError("a notice needs a named approver (--by NAME)")
    four_eyes = organisation(store).four_eyes
    now = clock()
    with store.session() as s:
        n = _get(s, notice_id)
        if n.state != "draft":
            raise InputError(f"notice {n.id} is {n.state}, only a draft can be approved")
        if four_eyes and approver.strip() == n.drafted_by:
            raise FourEyes(
                f"{n.drafted_by} drafted notice {n.id}: a second person must approve it (four-eyes rule; an admin "
                "can switch it off in Administration → Organisation)"
            )
        stop = _recheck(s, n, "approve", now, approver.strip())
        if stop is None:
            n.state = "approved"
            n.approved_by = approver.strip()
            n.approved_at = now
            _event(s, n, "approved", now, n.approved_by)
            custody.append(s, n.case_id, actor=n.approved_by, action="notice_approved", item=f"notice:{n.id}", at=now)
    if stop is not None:
        raise stop  # after the commit: the referral or cancellation is recorded
    return n


def _check_pace(s: Session, n: Notice, config: Settings, now: datetime) -> None:
    recent = s.execute(
        select(NoticeEvent.at)
        .join(Notice, Notice.id == NoticeEvent.notice_id)
        .where(Notice.recipient == n.recipient, NoticeEvent.event.in_(("sent", "renoticed")))
        .where(NoticeEvent.at > now - timedelta(hours=1))
        .order_by(NoticeEvent.at.desc())
    ).scalars()
    times = list(recent)
    if times and (now - times[0]).total_seconds() < config.notices.notice_min_interval_s:
        wait = config.notices.notice_min_interval_s - (now - times[0]).total_seconds()
        raise RateLimited(
            f"last notice to {n.recipient} went {int((now - times[0]).total_seconds())} s ago; "
            f"wait {int(wait) + 1} s (TRAGAC_NOTICE_MIN_INTERVAL_S)"
        )
    if len(times) >= config.notices.notice_max_per_hour:
        raise RateLimited(f"{len(times)} notices to {n.recipient} in the last hour (TRAGAC_NOTICE_MAX_PER_HOUR)")


def _email(n: Notice, config: Settings, org: OrgSettings, subject: str, body: str, at: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{org.notifier_name} <{org.notifier_email}>" if org.notifier_email else config.mail.smtp_from
    msg["To"] = n.recipient
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = make_msgid(idstring=f"tragac-notice-{n.id}")
    msg["X-Tragac-Notice"] = str(n.id)
    msg.set_content(body)  # text only: a notice never carries media
    return msg


def _transmit(store: Store, n: Notice, msg: EmailMessage, config: Settings, eml_dir: Path | None) -> SendResult:
    if config.mail.smtp_host and eml_dir is None:
        reply = send_mail(config, msg)
        return SendResult(n.id, "smtp", None, str(msg["Message-ID"]), reply)
    folder = eml_dir or outbox_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    number = len([e for e in n.events if e.event in ("outboxed", "sent", "renoticed", "reminder_outbox")])
    path = folder / f"notice-{n.id}-{number + 1}.eml"
    path.write_bytes(bytes(msg))
    return SendResult(n.id, "eml", str(path), str(msg["Message-ID"]))


def outbox_dir(store: Store) -> Path:
    """Where notices without a mail server are written (``TRAGAC_HOME/outbox``)."""
    return store.settings.ensure_home() / "outbox"


def outbox_file(store: Store, notice_id: int) -> Path | None:
    """The latest .eml written for a notice, for the page's download (only inside the outbox folder)."""
    with store.session() as s:
        n = _get(s, notice_id)
        paths = [e.detail.get("path") for e in n.events if e.detail.get("path")]
    root = outbox_dir(store).resolve()
    for p in reversed(paths):
        path = Path(str(p)).resolve()
        if path.is_file() and path.is_relative_to(root):
            return path
    return None


def send_notice(
    store: Store,
    notice_id: int,
    *,
    actor: str,
    config: Settings | None = None,
    eml_dir: Path | None = None,
    clock: Clock = _now,
) -> SendResult:
    """Send an approved notice (first time) by SMTP, or write it as an .eml file when no SMTP host is set (state
    ``outboxed``: not sent). An outboxed notice can be sent again once a mail server is configured. A refused or
    unreachable server leaves the notice approved, records ``send_failed`` and raises :class:`SendFailed`."""
    config = config or store.settings
    org = organisation(store, config)
    now = clock()
    failure: SendFailed | None = None
    with store.session() as s:
        n = _get(s, notice_id)
        if n.state not in ("approved", "outboxed"):
            raise InputError(f"notice {n.id} is {n.state}; it must be approved (by a named person) before sending")
        stop = _recheck(s, n, "send", now, actor)
        if stop is None:
            try:
                return _send_first(store, s, n, config, org, eml_dir, now, actor)
            except (OSError, smtplib.SMTPException) as exc:
                why = f"{type(exc).__name__}: {exc}"[:300]
                _event(s, n, "send_failed", now, actor, error=why)
                failure = SendFailed(f"notice {n.id} was not sent: the mail server said {why}")
    err = failure or stop
    assert err is not None
    raise err  # after the commit: the failure, referral or cancellation is recorded


def _send_first(
    store: Store,
    s: Session,
    n: Notice,
    config: Settings,
    org: OrgSettings,
    eml_dir: Path | None,
    now: datetime,
    actor: str,
) -> SendResult:
    """The first transmission, in the caller's transaction (after the policy check passed)."""
    _check_pace(s, n, config, now)
    msg = _email(n, config, org, n.subject, n.body, now)
    result = _transmit(store, n, msg, config, eml_dir)
    if result.via == "eml":
        # Honest: nothing left this machine. The caseworker sends the file and marks it sent by hand.
        n.state = "outboxed"
        _event(s, n, "outboxed", now, actor, via="eml", message_id=result.message_id, path=result.path)
        custody.append(
            s, n.case_id, actor=actor, action="notice_outboxed", item=f"notice:{n.id}", at=now,
            details={"recipient": n.recipient},
        )  # fmt: skip
        return result
    _mark_sent(n, now)
    _event(s, n, "sent", now, actor, via=result.via, message_id=result.message_id, reply=result.reply)
    custody.append(
        s,
        n.case_id,
        actor=actor,
        action="notice_sent",
        item=f"notice:{n.id}",
        at=now,
        details={"via": result.via, "recipient": n.recipient},
    )
    return result


def _mark_sent(n: Notice, now: datetime) -> None:
    n.state = "sent"
    n.first_sent_at = n.last_sent_at = now
    n.send_count = 1
    n.next_renotice_at = now + timedelta(hours=n.renotice_hours)


MARKS = ("sent", "acknowledged", "removed", "rejected")


def mark_notice(
    store: Store, notice_id: int, event: str, *, actor: str, at: datetime | None = None, note: str | None = None
) -> Notice:
    """Record by hand what happened outside Tragač: ``sent`` (an outboxed .eml sent from her mail program), or the
    recipient's answer or the outcome: acknowledged, removed, rejected. Content can be gone before the notice was
    sent (removed from outboxed); its time to removal is then unknown."""
    if event not in MARKS:
        raise InputError("mark a notice sent (by hand), acknowledged, removed or rejected")
    when = at or _now()
    with store.session() as s:
        n = _get(s, notice_id)
        allowed = {
            "sent": ("outboxed",),
            "acknowledged": ("sent",),
            "removed": (*OPEN_STATES, "outboxed"),
            "rejected": OPEN_STATES,
        }[event]
        if n.state not in allowed:
            raise InputError(f"notice {n.id} is {n.state}; cannot mark it {event}")
        if event == "sent":
            _mark_sent(n, when)
            _event(s, n, "sent", when, actor, via="by hand", **({"note": note} if note else {}))
            custody.append(s, n.case_id, actor=actor, action="notice_sent", item=f"notice:{n.id}", at=when,
                           details={"via": "by hand", "recipient": n.recipient})  # fmt: skip
            return n
        _set_outcome(s, n, event, when, actor, note=note)
        return n


def _set_outcome(s: Session, n: Notice, event: str, when: datetime, actor: str | None, **detail: Any) -> None:
    n.state = event
    setattr(n, f"{event}_at", when)
    if event != "acknowledged":
        n.next_renotice_at = None
    _event(s, n, event, when, actor, **{k: v for k, v in detail.items() if v is not None})
    custody.append(s, n.case_id, actor=actor or "tragac", action=f"notice_{event}", item=f"notice:{n.id}", at=when)


def telegram_checker(s: Session, n: Notice) -> str:
    """Telegram items count as removed when the live collector saw every message deleted; otherwise unknown."""
    findings = s.scalars(select(CaseFinding).where(CaseFinding.id.in_(n.finding_ids))).all()
    states = []
    for f in findings:
        msg = s.get(Message, f.message_id) if f.message_id else None
        states.append("removed" if msg is not None and msg.deleted_at is not None else "unknown")
    return "removed" if states and all(x == "removed" for x in states) else "unknown"


def default_checker(fetch_check: Callable[[str, str | None, str | None], str] | None = None) -> RemovalChecker:
    """Telegram via the collector's deletions; web URLs by fetching and re-hashing
    (``fetch_check(url, sha256, pdq)`` answers "removed", "up" or "unknown")."""

    def check(s: Session, n: Notice) -> str:
        if n.template == "telegram" or fetch_check is None:
            return telegram_checker(s, n)
        findings = s.scalars(select(CaseFinding).where(CaseFinding.id.in_(n.finding_ids))).all()
        results = []
        for f in findings:
            media = s.get(Media, f.media_id) if f.media_id else None
            results.append(fetch_check(f.url or "", f.media_sha256, media.pdq if media else None))
        if results and all(r == "removed" for r in results):
            return "removed"
        return "up" if any(r == "up" for r in results) else "unknown"

    return check


def run_renotices(
    store: Store,
    *,
    config: Settings | None = None,
    clock: Clock = _now,
    checker: RemovalChecker | None = None,
    eml_dir: Path | None = None,
) -> dict[str, int]:
    """Re-send every sent notice whose re-notice time has come and whose content is not known to be gone."""
    config = config or store.settings
    org = organisation(store, config)
    checker = checker or default_checker()
    now = clock()
    out = {"due": 0, "renoticed": 0, "removed": 0, "expired": 0, "deferred": 0, "blocked": 0}
    with store.session() as s:
        due = s.scalars(
            select(Notice)
            .where(Notice.state.in_(OPEN_STATES), Notice.next_renotice_at <= now)
            .order_by(Notice.next_renotice_at)
        ).all()
        ids = [n.id for n in due]
    for notice_id in ids:
        out["due"] += 1
        with store.session() as s:
            n = _get(s, notice_id)
            if _recheck(s, n, "renotice", now, "tragac") is not None:
                out["blocked"] += 1  # referred to a hotline or cancelled: never re-sent
                continue
            verdict = checker(s, n)
            _event(s, n, "checked", now, "tragac", result=verdict)
            if verdict == "removed":
                _set_outcome(s, n, "removed", now, "tragac", by="removal check")
                out["removed"] += 1
                continue
            if n.first_sent_at and now - n.first_sent_at >= timedelta(days=config.notices.notice_expire_days):
                _set_outcome(s, n, "expired", now, "tragac")
                out["expired"] += 1
                continue
            try:
                _check_pace(s, n, config, now)
            except RateLimited:
                n.next_renotice_at = now + timedelta(minutes=10)
                out["deferred"] += 1
                continue
            case = s.get(Case, n.case_id)
            assert case is not None
            subject, body = template(n.template).render(_context(s, n, case, org, now, n.send_count), n.language)
            try:
                result = _transmit(store, n, _email(n, config, org, subject, body, now), config, eml_dir)
            except (OSError, smtplib.SMTPException) as exc:
                n.next_renotice_at = now + timedelta(minutes=10)
                _event(s, n, "send_failed", now, "tragac", error=f"{type(exc).__name__}: {exc}"[:300])
                out["deferred"] += 1
                continue
            n.next_renotice_at = now + timedelta(hours=n.renotice_hours)
            if result.via == "eml":
                # A reminder written to the outbox is not a reminder sent: it is not counted as one.
                _event(s, n, "reminder_outbox", now, "tragac", via="eml", path=result.path)
                out["outboxed"] = out.get("outboxed", 0) + 1
                continue
            n.send_count += 1
            n.last_sent_at = now
            _event(s, n, "renoticed", now, "tragac", via=result.via, number=n.send_count, reply=result.reply)
            custody.append(s, n.case_id, actor="tragac", action="notice_renoticed", item=f"notice:{n.id}", at=now)
            out["renoticed"] += 1
    return out


def notice_dict(n: Notice, *, body: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": n.id,
        "case_id": n.case_id,
        "template": n.template,
        "language": n.language,
        "recipient": n.recipient,
        "state": n.state,
        "urls": n.urls,
        "finding_ids": n.finding_ids,
        "drafted_by": n.drafted_by,
        "drafted_at": n.drafted_at,
        "approved_by": n.approved_by,
        "approved_at": n.approved_at,
        "first_sent_at": n.first_sent_at,
        "last_sent_at": n.last_sent_at,
        "send_count": n.send_count,
        "next_renotice_at": n.next_renotice_at,
        "acknowledged_at": n.acknowledged_at,
        "removed_at": n.removed_at,
        "rejected_at": n.rejected_at,
        "expired_at": n.expired_at,
        "subject": n.subject,
        "renotice_hours": n.renotice_hours,
        "hours_to_removal": hours_to_removal(n),
    }
    if body:
        d["body"] = n.body
        d["events"] = [{"at": e.at, "event": e.event, "actor": e.actor, **e.detail} for e in n.events]
    return d


def hours_to_removal(n: Notice) -> float | None:
    """First SMTP-accepted (or by-hand) send to the removal mark; None until both happened."""
    if n.removed_at is None or n.first_sent_at is None:
        return None
    return round((n.removed_at - n.first_sent_at).total_seconds() / 3600, 2)


def list_notices(store: Store, case_ref: str | int | None = None, state: str | None = None) -> list[dict[str, Any]]:
    with store.session() as s:
        q = select(Notice).order_by(Notice.id)
        if case_ref is not None:
            q = q.where(Notice.case_id == get_case(s, case_ref).id)
        if state:
            q = q.where(Notice.state == state)
        return [notice_dict(n) for n in s.scalars(q)]


def get_notice(store: Store, notice_id: int) -> dict[str, Any]:
    with store.session() as s:
        return notice_dict(_get(s, notice_id), body=True)


def _item_keys(s: Session, finding_ids: list[int]) -> set[str]:
    rows = s.execute(
        select(BankEntry.item_key)
        .join(Match, Match.entry_id == BankEntry.id)
        .join(CaseFinding, CaseFinding.match_id == Match.id)
        .where(CaseFinding.id.in_(finding_ids))
    ).scalars()
    return {k for k in rows if k}


def removal_stats(store: Store, *, clock: Clock = _now, case_ref: str | int | None = None) -> dict[str, Any]:
    """Per recipient: notices sent, removed, median hours to removal (first send → removal), % removed within
    24 h, % still up 42 days after sending (of notices at least 42 days old), and re-uploads (an item matched again,
    at the same host, after a notice about it was marked removed)."""
    now = clock()
    with store.session() as s:
        q = select(Notice).where(Notice.first_sent_at.is_not(None))
        if case_ref is not None:
            q = q.where(Notice.case_id == get_case(s, case_ref).id)
        notices = s.scalars(q.order_by(Notice.id)).all()
        groups: dict[str, list[Notice]] = {}
        for n in notices:
            groups.setdefault(n.recipient, []).append(n)
        out = []
        for recipient, ns in sorted(groups.items()):
            hours = [
                (n.removed_at - n.first_sent_at).total_seconds() / 3600 for n in ns if n.removed_at and n.first_sent_at
            ]
            old = [n for n in ns if n.first_sent_at and now - n.first_sent_at >= timedelta(days=42)]
            still_up_42 = [
                n
                for n in old
                if not (n.removed_at and n.first_sent_at and n.removed_at - n.first_sent_at <= timedelta(days=42))
            ]
            reuploads = 0
            for n in ns:
                if not n.removed_at:
                    continue
                keys = _item_keys(s, n.finding_ids)
                hosts = {host_of(u) for u in n.urls}
                if not keys:
                    continue
                later = s.scalars(
                    select(CaseFinding)
                    .join(Match, Match.id == CaseFinding.match_id)
                    .join(BankEntry, BankEntry.id == Match.entry_id)
                    .where(
                        CaseFinding.case_id == n.case_id,
                        CaseFinding.found_at > n.removed_at,
                        BankEntry.item_key.in_(keys),
                        CaseFinding.id.not_in(n.finding_ids),
                    )
                ).all()
                reuploads += len({f.url for f in later if f.url and host_of(f.url) in hosts})
            within_24 = sum(1 for h in hours if h <= 24)
            out.append(
                {
                    "recipient": recipient,
                    "notices_sent": len(ns),
                    "removed": len(hours),
                    "rejected": sum(1 for n in ns if n.state == "rejected"),
                    "open": sum(1 for n in ns if n.state in OPEN_STATES),
                    "median_hours_to_removal": round(statistics.median(hours), 2) if hours else None,
                    "removed_within_24h_pct": round(100 * within_24 / len(ns), 1),
                    "notices_42_days_old": len(old),
                    "still_up_after_42_days_pct": round(100 * len(still_up_42) / len(old), 1) if old else None,
                    "reuploads": reuploads,
                    "renotices": sum(max(0, n.send_count - 1) for n in ns),
                }
            )
        total = s.scalar(select(func.count()).select_from(Notice)) or 0
        return {"recipients": out, "notices": total, "computed_at": now}
