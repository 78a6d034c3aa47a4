"""Notices: templates in both languages, approval, pacing, hotline referral instead of a notice, .eml output,
re-notice timing, removal checks and the per-recipient statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from tragac.cases.linker import refresh_cases
from tragac.cases.notices import TEMPLATES, NoticeContext, NoticeItem
from tragac.cases.notices.service import (
    HotlineReferralRequired,
    RateLimited,
    approve_notice,
    draft_notice,
    mark_notice,
    removal_stats,
    run_renotices,
    send_notice,
)
from tragac.config import Settings
from tragac.errors import InputError
from tragac.store import Store
from tragac.store.models import BankEntry, CaseFinding, Flag, Match, Media, Message, Notice, Sighting

from .conftest import SmtpSink
from .helpers import case_with_matches

T0 = datetime(2026, 10, 2, 8, 0, tzinfo=UTC)
CFG = Settings().with_values(notifier_name="Mila", notifier_email="mila@ngo.example", notice_min_interval_s=0)


def _at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _smtp(sink: SmtpSink, base: Settings = CFG) -> Settings:
    """The configuration with a mail server: the local sink, which answers every message "250 queued"."""
    return base.with_values(smtp_host=sink.host, smtp_port=sink.port)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("lang", ["sr", "en"])
def test_every_template_renders_the_required_fields(name: str, lang: str) -> None:
    ctx = NoticeContext(
        case_ref="case-7",
        notifier_name="Mila",
        notifier_email="mila@ngo.example",
        notifier_org="NGO",
        items=[NoticeItem("https://t.me/c/1/2", "match", "2026-10-01T20:00:00Z", "ab" * 32, "matches")],
        date="2026-10-02 08:00 UTC",
        package_ref="case-7.zip (SHA-256 00)",
    )
    subject, body = TEMPLATES[name].render(ctx, lang)
    assert subject and "https://t.me/c/1/2" in body and "mila@ngo.example" in body
    if name != "police_referral":
        assert ("good faith" in body or "bona fide" in body) if lang == "en" else "dobroj veri" in body
    else:
        assert "case-7.zip" in body
    reminder = TEMPLATES[name].render(NoticeContext(**{**ctx.__dict__, "renotice": 2}), lang)[0]
    assert name == "police_referral" or "2" in reminder


def test_lifecycle_needs_a_named_approver_and_writes_eml(store: Store, tmp_path: Path) -> None:
    case_with_matches(store)
    refresh_cases(store, config=CFG)
    n = draft_notice(store, "t", template_name="telegram", language="en", actor="cw", config=CFG, clock=lambda: T0)
    assert n.state == "draft" and len(n.urls) == 2 and all(u.startswith("https://t.me/c/1874406217/") for u in n.urls)
    with pytest.raises(InputError, match="approver"):
        approve_notice(store, n.id, approver="  ")
    with pytest.raises(InputError, match="approved"):
        send_notice(store, n.id, actor="cw", config=CFG, eml_dir=tmp_path)
    approve_notice(store, n.id, approver="Ana", clock=lambda: _at(0.5))
    res = send_notice(store, n.id, actor="cw", config=CFG, eml_dir=tmp_path, clock=lambda: _at(1))
    assert res.via == "eml" and res.path
    msg = message_from_bytes(Path(res.path).read_bytes(), policy=policy.default)
    assert msg["To"] == "abuse@telegram.org" and not msg.is_multipart()
    assert "https://t.me/c/1874406217/" in msg.get_content()
    with store.session() as s:  # written to the outbox is not sent: no send counted, no re-notice scheduled
        row = s.get(Notice, n.id)
        assert row is not None and (row.state, row.send_count, row.first_sent_at) == ("outboxed", 0, None)
        assert [e.event for e in row.events][-1] == "outboxed"
    with pytest.raises(InputError, match="outboxed"):
        approve_notice(store, n.id, approver="Ana")
    # She sends the .eml from her own mail program and says so: now it is sent, by hand, with a time.
    sent = mark_notice(store, n.id, "sent", actor="cw", at=_at(2))
    assert sent.state == "sent" and sent.send_count == 1 and sent.next_renotice_at == _at(2 + 24)


def test_four_eyes_the_drafter_cannot_approve_her_own_notice(sqlite_store: Store) -> None:
    from tragac import audit
    from tragac.cases.notices.organisation import organisation, update_organisation
    from tragac.cases.notices.service import FourEyes

    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=CFG)
    assert organisation(sqlite_store).four_eyes  # on until an admin switches it off
    n = draft_notice(sqlite_store, "t", template_name="telegram", actor="mila", config=CFG)
    with pytest.raises(FourEyes, match="second person"):
        approve_notice(sqlite_store, n.id, approver="mila")
    update_organisation(sqlite_store, actor="admin", four_eyes=False)
    assert approve_notice(sqlite_store, n.id, approver="mila").state == "approved"
    assert audit.verify(sqlite_store).ok
    with sqlite_store.session() as s:
        from tragac.store.models import AuditEvent

        ev = s.scalars(select(AuditEvent).where(AuditEvent.target == "organisation")).one()
        assert (ev.actor, ev.action, ev.details) == ("admin", audit.SETTINGS_CHANGE, {"four_eyes": False})


def test_notifier_comes_from_the_organisation_settings(sqlite_store: Store, smtp_sink: SmtpSink) -> None:
    from tragac.cases.notices.organisation import update_organisation

    case_with_matches(sqlite_store)
    unset = Settings().with_values(notice_min_interval_s=0)  # no TRAGAC_NOTIFIER_* at all
    refresh_cases(sqlite_store, config=unset)
    with pytest.raises(InputError, match="Organisation"):
        draft_notice(sqlite_store, "t", template_name="telegram", actor="mila", config=unset)
    with pytest.raises(InputError, match="not an address"):
        update_organisation(sqlite_store, actor="admin", notifier_email="nobody")
    update_organisation(sqlite_store, actor="admin", notifier_name="Vesna Fiktivna", notifier_email="v@ngo.example",
                        name="Fiktivna NVO")  # fmt: skip
    n = draft_notice(sqlite_store, "t", template_name="telegram", actor="mila", config=unset, recipient="a@b.c")
    assert "Vesna Fiktivna" in n.body and "Fiktivna NVO" in n.body and "v@ngo.example" in n.body
    approve_notice(sqlite_store, n.id, approver="ana")
    res = send_notice(sqlite_store, n.id, actor="mila", config=_smtp(smtp_sink, unset))
    assert res.via == "smtp" and res.reply == "250 queued"
    (mail,) = smtp_sink.mails
    assert mail.message["From"] == "Vesna Fiktivna <v@ngo.example>" and mail.recipients == ["a@b.c"]
    with sqlite_store.session() as s:
        row = s.get(Notice, n.id)
        assert row is not None and row.state == "sent" and row.send_count == 1
        sent = [e for e in row.events if e.event == "sent"]
        assert sent[0].detail["reply"] == "250 queued"  # the server's answer is the proof it was accepted


def test_a_refused_send_stays_approved_and_says_so(sqlite_store: Store) -> None:
    import socket

    from tragac.cases.notices.service import SendFailed

    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=CFG)
    n = draft_notice(sqlite_store, "t", template_name="telegram", actor="cw", config=CFG)
    approve_notice(sqlite_store, n.id, approver="Ana")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SendFailed, match="not sent"):
        send_notice(sqlite_store, n.id, actor="cw", config=CFG.with_values(smtp_host="127.0.0.1", smtp_port=port))
    with sqlite_store.session() as s:
        row = s.get(Notice, n.id)
        assert row is not None and row.state == "approved" and row.send_count == 0
        assert row.events[-1].event == "send_failed" and "Connection" in row.events[-1].detail["error"]


def test_sending_is_paced_per_recipient(sqlite_store: Store, smtp_sink: SmtpSink) -> None:
    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=CFG)
    paced = _smtp(smtp_sink, Settings().with_values(notifier_email="mila@ngo.example", notice_min_interval_s=300,
                                                    notice_max_per_hour=2))  # fmt: skip
    ids = []
    for _ in range(3):
        n = draft_notice(sqlite_store, "t", template_name="telegram", actor="cw", config=paced)
        approve_notice(sqlite_store, n.id, approver="Ana")
        ids.append(n.id)
    send_notice(sqlite_store, ids[0], actor="cw", config=paced, clock=lambda: _at(0))
    with pytest.raises(RateLimited, match="wait"):
        send_notice(sqlite_store, ids[1], actor="cw", config=paced, clock=lambda: _at(0.01))
    send_notice(sqlite_store, ids[1], actor="cw", config=paced, clock=lambda: _at(0.1))
    with pytest.raises(RateLimited, match="last hour"):
        send_notice(sqlite_store, ids[2], actor="cw", config=paced, clock=lambda: _at(0.2))
    with sqlite_store.session() as s:
        assert s.get(Notice, ids[2]).state == "approved"  # type: ignore[union-attr]


def test_possible_minor_gets_the_hotline_referral_not_a_notice(sqlite_store: Store) -> None:
    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=CFG)
    with sqlite_store.session() as s:
        media = s.scalars(select(Media)).first()
        assert media is not None
        seen = s.scalars(select(Sighting).where(Sighting.media_id == media.id)).first()
        assert seen is not None
        # The shape the text stage writes: the flag on the message the picture was posted in, not on the media.
        s.add(Flag(fingerprint="m1", detector="t", category="csam_signal", score=1.0, rule="r", why="w",
                   message_id=seen.message_id, possible_minor=True))  # fmt: skip
    with pytest.raises(HotlineReferralRequired) as info:
        draft_notice(sqlite_store, "t", template_name="telegram", language="sr", actor="cw", config=CFG)
    assert "19833" in info.value.text and "https://t.me/c/1874406217/" in info.value.text
    with pytest.raises(HotlineReferralRequired) as info_en:
        draft_notice(
            sqlite_store, "t", template_name="dsa_hosting", language="en", actor="cw", config=CFG, recipient="a@b.c"
        )
    assert "report.cybertip.org" in info_en.value.text
    with sqlite_store.session() as s:
        assert s.scalars(select(Notice)).first() is None


def test_renotice_every_24h_until_removed_then_expiry(sqlite_store: Store, smtp_sink: SmtpSink) -> None:
    config = _smtp(smtp_sink)
    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=config)
    n = draft_notice(sqlite_store, "t", template_name="telegram", actor="cw", config=config)
    approve_notice(sqlite_store, n.id, approver="Ana")
    send_notice(sqlite_store, n.id, actor="cw", config=config, clock=lambda: _at(0))
    for day in range(1, 4):
        out = run_renotices(sqlite_store, config=config, clock=lambda day=day: _at(24 * day))
        assert out["renoticed"] == 1
    assert run_renotices(sqlite_store, config=config, clock=lambda: _at(24 * 3 + 1))["due"] == 0
    assert len(smtp_sink.mails) == 4 and "[Reminder 3]" in str(smtp_sink.mails[-1].message["Subject"])
    # The live collector saw every message deleted: the next check marks it removed instead of re-sending.
    with sqlite_store.session() as s:
        for f in s.scalars(select(CaseFinding)):
            msg = s.get(Message, f.message_id)
            assert msg is not None
            msg.deleted_at = _at(80)
    out = run_renotices(sqlite_store, config=config, clock=lambda: _at(96))
    assert out == {"due": 1, "renoticed": 0, "removed": 1, "expired": 0, "deferred": 0, "blocked": 0}
    # Another notice, never removed, expires after 42 days.
    m = draft_notice(sqlite_store, "t", template_name="telegram", actor="cw", config=config)
    approve_notice(sqlite_store, m.id, approver="Ana")
    send_notice(sqlite_store, m.id, actor="cw", config=config, clock=lambda: _at(100))
    with sqlite_store.session() as s:
        for f in s.scalars(select(Message)):
            f.deleted_at = None
    out = run_renotices(sqlite_store, config=config, clock=lambda: _at(100 + 24 * 42))
    assert out["expired"] == 1


def test_reminders_written_to_the_outbox_are_not_counted_as_sent(sqlite_store: Store, tmp_path: Path) -> None:
    case_with_matches(sqlite_store)
    refresh_cases(sqlite_store, config=CFG)
    n = draft_notice(sqlite_store, "t", template_name="telegram", actor="cw", config=CFG)
    approve_notice(sqlite_store, n.id, approver="Ana")
    send_notice(sqlite_store, n.id, actor="cw", config=CFG, eml_dir=tmp_path, clock=lambda: _at(0))
    mark_notice(sqlite_store, n.id, "sent", actor="cw", at=_at(0.5))
    out = run_renotices(sqlite_store, config=CFG, eml_dir=tmp_path, clock=lambda: _at(25))
    assert out["renoticed"] == 0 and out["outboxed"] == 1
    with sqlite_store.session() as s:
        row = s.get(Notice, n.id)
        assert row is not None and row.send_count == 1 and row.events[-1].event == "reminder_outbox"
    assert len(list(tmp_path.glob("notice-*.eml"))) == 2


def test_removal_statistics_per_recipient(store: Store, tmp_path: Path) -> None:
    case_with_matches(store, n=4)
    refresh_cases(store, config=CFG, clock=lambda: _at(-1))
    with store.session() as s:
        fids = [f.id for f in s.scalars(select(CaseFinding).order_by(CaseFinding.id))]
    removed_after = [10, 20, 50, None]  # hours after the first send
    for fid, hours in zip(fids, removed_after, strict=True):
        n = draft_notice(store, "t", template_name="telegram", actor="cw", config=CFG, finding_ids=[fid])
        approve_notice(store, n.id, approver="Ana")
        send_notice(store, n.id, actor="cw", config=CFG, eml_dir=tmp_path, clock=lambda: _at(0))
        mark_notice(store, n.id, "sent", actor="cw", at=_at(0))  # the .eml sent by hand
        if hours is not None:
            mark_notice(store, n.id, "removed", actor="cw", at=_at(hours))
    # A re-upload: the item of the first notice is matched again, in another message, after its removal.
    with store.session() as s:
        first = s.get(CaseFinding, fids[0])
        assert first is not None and first.match_id is not None
        entry_id = s.get(Match, first.match_id).entry_id  # type: ignore[union-attr]
        bank_id = s.get(BankEntry, entry_id).bank_id  # type: ignore[union-attr]
        media = Media(sha256="ee" * 32, kind="image", pdq="1" * 64, pdq_quality=80)
        msg = Message(source_id=1, platform_message_id=9999, kind="message", date=_at(60), content_hash="y")
        s.add_all([media, msg])
        s.flush()
        s.add(Sighting(media_id=media.id, message_id=msg.id, source_id=1, seen_at=_at(60)))
        s.add(Match(media_id=media.id, entry_id=entry_id, bank_id=bank_id, signal_type="pdq", distance=9))
    refresh_cases(store, config=CFG, clock=lambda: _at(61))
    stats = removal_stats(store, clock=lambda: _at(24 * 43))
    (row,) = stats["recipients"]
    assert row["notices_sent"] == 4 and row["removed"] == 3
    assert row["median_hours_to_removal"] == 20.0
    assert row["removed_within_24h_pct"] == 50.0  # 2 of 4
    assert row["notices_42_days_old"] == 4 and row["still_up_after_42_days_pct"] == 25.0
    assert row["reuploads"] == 1
