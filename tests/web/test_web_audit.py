"""The audit log: every sensitive action lands in it, the hash chain verifies, and tampering is detected."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select, text, update
from typer.testing import CliRunner

from tragac import audit
from tragac.cli.main import app as cli
from tragac.store import Store
from tragac.store.models import AuditEvent

from .conftest import Web


def _actions(store: Store) -> list[tuple[str, str | None, str | None]]:
    with store.session() as s:
        return [(e.action, e.actor, e.target) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))]


def test_sensitive_actions_are_recorded(web: Web) -> None:
    d = web.data
    me = web.login("analyst")
    me.client.get(f"/messages/{d.messages[3]}")
    me.client.post(f"/media/{d.media[1]}/reveal", data={"csrf_token": me.csrf})
    me.client.post(f"/review/{d.flags['doxxing']}/decision", data={"decision": "confirm", "csrf_token": me.csrf})
    me.client.get("/review/export.csv?state=")
    admin = web.login("admin")
    admin.client.post("/admin/users", data={"name": "nova", "role": "viewer", "csrf_token": admin.csrf})
    acts = _actions(web.store)
    assert ("login", "analyst", None) in acts
    assert ("message.view", "analyst", f"message:{d.messages[3]}") in acts
    assert ("media.reveal", "analyst", f"media:{d.media[1]}") in acts
    assert ("flag.decision", "analyst", f"flag:{d.flags['doxxing']}") in acts
    assert ("export", "analyst", "flags.csv") in acts
    assert ("user.add", "admin", "user:nova") in acts
    result = audit.verify(web.store)
    assert result.ok and result.events == len(acts)


def test_edit_delete_and_reorder_are_detected(sqlite_web: Web) -> None:
    store = sqlite_web.store
    for i in range(6):
        audit.record(store, "message.view", actor="analyst", target=f"message:{i}", details={"n": i})
    assert audit.verify(store).ok

    with store.session() as s:  # an edit of one row's content
        s.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(target="message:999"))
    bad = audit.verify(store)
    assert not bad.ok and bad.first_bad_seq == 3 and "edited" in (bad.reason or "")

    with store.session() as s:  # restore, then delete a row in the middle
        s.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(target="message:2"))
    assert audit.verify(store).ok
    with store.session() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.seq == 4))
    bad = audit.verify(store)
    assert not bad.ok and bad.first_bad_seq == 4 and "missing" in (bad.reason or "")


def test_rewriting_the_tail_consistently_still_breaks_at_the_first_change(sqlite_web: Web) -> None:
    store = sqlite_web.store
    for i in range(4):
        audit.record(store, "login", actor=f"u{i}")
    with store.session() as s:
        ev = s.scalar(select(AuditEvent).where(AuditEvent.seq == 2))
        assert ev is not None
        ev.actor = "someone-else"
        ev.hash = audit.event_hash(ev.prev_hash, ev.seq, ev.at, ev.actor, ev.action, ev.target, ev.address, ev.details)
    bad = audit.verify(store)
    # Re-hashing the edited row is not enough: the next row's link no longer matches.
    assert not bad.ok and bad.first_bad_seq == 3


def test_concurrent_appends_keep_one_chain(web: Web) -> None:
    def writer(k: int) -> None:
        for i in range(10):
            audit.record(web.store, "message.view", actor=f"w{k}", target=f"message:{i}")

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = audit.verify(web.store)
    assert result.ok and result.events == 40


def test_admin_page_filters_and_verifies(sqlite_web: Web) -> None:
    audit.record(sqlite_web.store, "media.reveal", actor="analyst", target="media:1")
    admin = sqlite_web.login("admin")
    page = admin.client.get("/admin/audit?action=media.reveal&verify=true").text
    assert "media:1" in page and "login_failed" not in page.split("<tbody>")[1]
    assert "Chain intact" in page


def test_cli_verify_reports_tampering(sqlite_web: Web) -> None:
    store = sqlite_web.store
    audit.record(store, "login", actor="a")
    audit.record(store, "login", actor="b")
    home = str(store.settings.home)
    runner = CliRunner()
    r = runner.invoke(cli, ["audit", "verify", "--home", home, "--json"])
    assert r.exit_code == 0 and '"ok": true' in r.stdout
    with store.engine.begin() as c:
        c.execute(text("UPDATE audit_event SET actor = 'x' WHERE seq = 1"))
    r = runner.invoke(cli, ["audit", "verify", "--home", home])
    assert r.exit_code == 1
