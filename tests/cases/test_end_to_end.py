"""The issue's "Done when", end to end: victim hash file → case → demo corpus ingested → matches and identity flags
on the case → signed webhook and e-mail alert → evidence package exported and verified → one byte changed → verify
names the item → notice drafted, approved, sent to a local SMTP server, re-noticed after a simulated 24 h, marked
removed → time-to-removal statistics."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tragac.cases import watch_list
from tragac.cases.alerts import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from tragac.cases.demo import demo_identity
from tragac.cases.linker import refresh_cases
from tragac.cases.notices.service import (
    approve_notice,
    draft_notice,
    get_notice,
    mark_notice,
    removal_stats,
    run_renotices,
    send_notice,
)
from tragac.cases.package import export_package, verify_package
from tragac.cases.service import add_identities, case_detail, create_case, import_hashes
from tragac.cases.vault import collect_case_media
from tragac.cli.main import app
from tragac.config import Settings
from tragac.pipeline import run_stages, stages
from tragac.store import Store
from tragac.store.models import CaseFinding, Flag, Message, Source
from tragac.store.models.signals import SEVERITY

from .conftest import SmtpSink, WebhookReceiver

SECRET = "test-webhook-secret"
T0 = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from tragac.demo.generate import generate_corpus

    out = tmp_path_factory.mktemp("demo") / "export"
    generate_corpus(out, seed=7, days=3, scale=0.02)
    return out, orjson.loads((out / "truth.json").read_bytes())


def _plant_identity_flags(store: Store, truth: dict[str, Any]) -> int:
    """What the text area's detector produces for the planted doxxing and watched-name messages (used only while
    no ``signals`` stage is installed). The evidence names no case: the case links them by re-reading the text."""
    n = 0
    with store.session() as s:
        for p in truth["planted_messages"]:
            if p["category"] not in ("doxxing", "watched_mention"):
                continue
            msg = s.execute(
                select(Message)
                .join(Source, Source.id == Message.source_id)
                .where(Source.platform_id == str(p["chat_id"]), Message.platform_message_id == p["message_id"])
            ).scalar_one()
            category = "identity" if p["category"] == "watched_mention" else "doxxing"
            s.add(
                Flag(
                    fingerprint=hashlib.sha256(f"test:{msg.id}:{category}".encode()).hexdigest(),
                    detector="test-planted",
                    category=category,
                    subtype=p.get("subtype"),
                    severity=SEVERITY[category],
                    score=0.9,
                    rule=f"{category}.planted",
                    why=f"{category} in message",
                    message_id=msg.id,
                    source_id=msg.source_id,
                )
            )
            n += 1
    return n


def test_victim_case_from_hash_file_to_confirmed_removal(
    store: Store,
    tmp_path: Path,
    demo_export: tuple[Path, dict[str, Any]],
    smtp_sink: SmtpSink,
    webhook_receiver: WebhookReceiver,
) -> None:
    export, truth = demo_export
    victims = truth["planted_media"]["victim_items"]
    ident = demo_identity(truth)
    secrets_in_clear = [ident["name"], *ident["phones"], *ident["handles"], *ident["addresses"]]

    # 1. She hashes her own pictures on her device: `tragac hash` (no database, no network).
    hash_file = tmp_path / "her-hashes.json"
    originals = [str(export / v["file"]) for v in victims]
    result = CliRunner().invoke(app, ["hash", *originals, "-o", str(hash_file), "--json"])
    assert result.exit_code == 0, result.output

    # 2. The caseworker opens a case with her hashes and identity; vault opted in.
    config = Settings().with_values(
        smtp_host=smtp_sink.host,
        smtp_port=smtp_sink.port,
        webhook_secret=SECRET,
        notifier_name="Mila Caseworker",
        notifier_email="mila@ngo.example",
        notice_min_interval_s=0,
    )
    case = create_case(
        store,
        "e2e",
        pseudonym="D.",
        caseworker="mila",
        consent_notes="Consents to notices and police referral.",
        vault=True,
        alert_email="mila@ngo.example",
        alert_webhook=webhook_receiver.url,
    )
    add_identities(store, "e2e", [ident], actor="mila")
    counts = import_hashes(store, "e2e", hash_file, actor="mila")
    assert counts["items"] == len(victims)
    assert watch_list(store)["identities"][0]["id"] == f"case:{case.id}:0"

    # 3. The demo corpus is ingested and analysed.
    from tragac.sources.telegram_json import ingest_path

    ingest_path(store, export, timezone="Europe/Belgrade")
    installed = {st.name for st in stages()}
    run_stages(store, only=[n for n in ("hash", "match", "spread") if n in installed])
    if "signals" in installed:
        # The text detectors with the open cases' identities, decrypted in memory only (never HOME/watch.json).
        from tragac.signals.stage import TextAnalyzer, build_matcher, run_signals
        from tragac.text.watch import WatchList

        run_signals(store, analyzer=TextAnalyzer(build_matcher(), WatchList.from_data(watch_list(store))))
    else:
        assert _plant_identity_flags(store, truth) >= 3
    summary = refresh_cases(store, config=config, clock=lambda: T0)
    assert summary["alerts"] == 1

    # 4. Matches and identity flags appear on the case, each with its exact location.
    detail = case_detail(store, "e2e")
    kinds = {f["kind"] for f in detail["timeline"]}
    assert {"match", "doxxing"} <= kinds or {"match", "identity"} <= kinds
    urls = {f["url"] for f in detail["timeline"] if f["kind"] == "match"}
    expected = {f"https://t.me/c/{p['chat_id']}/{p['message_id']}" for v in victims for p in v["reposts"]}
    assert expected <= urls, f"victim re-posts not on the case: {sorted(expected - urls)}"
    named = [f for f in detail["timeline"] if f["kind"] in ("identity", "doxxing")]
    assert named and all(f["url"].startswith("https://t.me/c/") for f in named)
    if "signals" in installed:
        assert any(f["kind"] == "identity" and f["reason"]["names"] == ["watch list"] for f in named)

    # 5. One alert, delivered by webhook (signature checked) and e-mail; neither carries her identity or hashes.
    assert len(webhook_receiver.received) == 1
    hook = webhook_receiver.received[0]
    assert verify_signature(SECRET, hook.headers[TIMESTAMP_HEADER], hook.body, hook.headers[SIGNATURE_HEADER])
    assert not verify_signature("wrong", hook.headers[TIMESTAMP_HEADER], hook.body, hook.headers[SIGNATURE_HEADER])
    payload = orjson.loads(hook.body)
    assert payload["case"] == "e2e" and sum(payload["new_findings"].values()) == len(detail["timeline"])
    alert_mail = smtp_sink.mails[0]
    assert alert_mail.recipients == ["mila@ngo.example"]
    for text in (hook.body.decode(), alert_mail.data.decode("utf-8", "replace")):
        for secret in secrets_in_clear:
            assert secret.lower() not in text.lower()
        for v in victims:
            assert v["sha256"] not in text
    assert detail["alerts"][0]["webhook"] == "http 204" and detail["alerts"][0]["email"] == "sent"

    # A second run finds nothing new and raises no alert (idempotent).
    assert refresh_cases(store, config=config, clock=lambda: T0)["new_findings"] == 0
    assert len(webhook_receiver.received) == 1

    # 6. Evidence: vault copies, package exported and verified.
    captured = collect_case_media(store, "e2e", collector="mila")
    assert captured["captured"] >= 1
    package = tmp_path / "e2e.zip"
    res = export_package(store, "e2e", package, actor="mila", now=T0 + timedelta(minutes=5))
    assert res.items == len(detail["timeline"]) and res.media_files >= 1
    ok = verify_package(package)
    assert ok.ok, ok.problems
    manifest = orjson.loads(zipfile.ZipFile(package).read("manifest.json"))
    item = next(it for it in manifest["items"] if it["file"])
    assert item["media"]["sha256"] and item["url"].startswith("https://t.me/c/")
    assert item["matches"][0]["distance"] is not None and item["source"]["platform_id"]
    assert any(
        e["action"] == "export" for e in map(orjson.loads, zipfile.ZipFile(package).read("custody.jsonl").splitlines())
    )

    # 7. One byte changed in an item's media: verify fails naming that item.
    tampered = tmp_path / "tampered.zip"
    _rewrite(package, tampered, item["file"], lambda b: b[:100] + bytes([b[100] ^ 1]) + b[101:])
    bad = verify_package(tampered)
    assert not bad.ok and bad.first_problem and item["id"] in bad.first_problem
    cli = CliRunner().invoke(app, ["evidence", "verify", str(tampered)])
    assert cli.exit_code == 1 and item["id"] in cli.output

    # 8. Notice drafted, approved by a named person, sent to the local SMTP server.
    before = len(smtp_sink.mails)
    notice = draft_notice(store, "e2e", template_name="telegram", language="sr", actor="mila", config=config,
                          clock=lambda: T0 + timedelta(hours=1))  # fmt: skip
    assert notice.recipient == "abuse@telegram.org" and expected <= set(notice.urls)
    assert ident["name"] not in notice.body and "t.me/c/" in notice.body
    with pytest.raises(Exception, match="approved"):
        send_notice(store, notice.id, actor="mila", config=config, clock=lambda: T0 + timedelta(hours=1))
    approve_notice(store, notice.id, approver="Ana Approver", clock=lambda: T0 + timedelta(hours=1))
    sent_at = T0 + timedelta(hours=2)
    send_notice(store, notice.id, actor="mila", config=config, clock=lambda: sent_at)
    mail = smtp_sink.mails[before]
    assert mail.recipients == ["abuse@telegram.org"]
    assert not mail.message.is_multipart()  # text only: no media is ever attached
    assert "t.me/c/" in mail.message.get_content()

    # 9. No re-notice before 24 h; one after a simulated 24 h (injected clock), while the content is still up.
    assert run_renotices(store, config=config, clock=lambda: sent_at + timedelta(hours=23))["renoticed"] == 0
    out = run_renotices(store, config=config, clock=lambda: sent_at + timedelta(hours=24, seconds=1))
    assert out["renoticed"] == 1
    renotice_mail = smtp_sink.mails[before + 1]
    assert "Podsetnik 1" in renotice_mail.message["Subject"]

    # 10. Marked removed 30 h after the first send; statistics follow.
    mark_notice(store, notice.id, "removed", actor="mila", at=sent_at + timedelta(hours=30))
    state = get_notice(store, notice.id)
    assert state["state"] == "removed" and state["send_count"] == 2
    assert [e["event"] for e in state["events"]] == ["drafted", "approved", "sent", "checked", "renoticed", "removed"]
    stats = removal_stats(store, clock=lambda: sent_at + timedelta(days=2))
    row = stats["recipients"][0]
    assert row["recipient"] == "abuse@telegram.org"
    assert row["median_hours_to_removal"] == 30.0
    assert row["removed_within_24h_pct"] == 0.0 and row["renotices"] == 1 and row["removed"] == 1

    with store.session() as s:
        assert s.scalar(select(CaseFinding.id).where(CaseFinding.case_id == case.id).limit(1))


def _rewrite(src: Path, dst: Path, member: str, change: Any) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, change(data) if info.filename == member else data)


def test_demo_case_is_ready_after_the_demo(sqlite_store: Store, demo_export: tuple[Path, dict[str, Any]]) -> None:
    from tragac.cases.demo import DEMO_CASE, create_demo_case
    from tragac.sources.telegram_json import ingest_path

    export, truth = demo_export
    ingest_path(sqlite_store, export, timezone="Europe/Belgrade")
    run_stages(sqlite_store)
    create_demo_case(sqlite_store, export, truth)
    create_demo_case(sqlite_store, export, truth)  # idempotent
    detail = case_detail(sqlite_store, DEMO_CASE)
    assert detail["identities"] == 1 and detail["vault_items"] >= 1
    assert {f["kind"] for f in detail["timeline"]} >= {"match"}
    out = sqlite_store.settings.home / "demo.zip"
    result = CliRunner().invoke(
        app, ["evidence", "export", "demo", "-o", str(out), "--by", "mila", "--home", str(sqlite_store.settings.home)]
    )
    assert result.exit_code == 0, result.output
    assert verify_package(out).ok
