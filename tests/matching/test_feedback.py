"""Confirm / deconfirm from the review queue into feedback files: a StopNCII list is imported, an export matched,
one lead confirmed and one dismissed in the web app; `tragac bank feedback` writes the SubmitFeedback body and the
opinion file, both checked against python-threatexchange's own dataclasses."""

from __future__ import annotations

import enum
from pathlib import Path

import dacite
import orjson
from sqlalchemy import select
from threatexchange.exchanges.clients.stopncii.api import StopNCIICSPFeedback, StopNCIICSPFeedbackValue
from threatexchange.exchanges.fetch_state import SignalOpinion, SignalOpinionCategory
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from typer.testing import CliRunner

from policy.helpers import Post, ingest_and_run, signed_in, write_export
from tragac.cli.main import app as cli
from tragac.demo.media import jpeg_bytes, picture
from tragac.matching import banks
from tragac.media.hasher import HashOptions, hash_file
from tragac.store import Store
from tragac.store.models import BankEntry, Flag

from .conftest import write

SEEDS = ("reported-picture-one", "reported-picture-two")


def _env(store: Store) -> dict[str, str]:
    env = {"TRAGAC_HOME": str(store.settings.home)}
    if store.settings.database_url:
        env["TRAGAC_DATABASE_URL"] = store.settings.database_url
    return env


def test_review_opinions_export_as_stopncii_feedback_and_opinions(store: Store, tmp_path: Path) -> None:
    files = [jpeg_bytes(picture(seed, label=seed)) for seed in SEEDS]
    hashes = []
    for seed, data in zip(SEEDS, files, strict=True):
        (tmp_path / f"{seed}.jpg").write_bytes(data)
        hashes.append(hash_file(tmp_path / f"{seed}.jpg", HashOptions(reference=False)).pdq)
    records = [
        {"signalType": "ImagePDQ", "hashValue": h, "hashStatus": "Active", "caseNumbers": {f"SN-{i}": "Active"},
         "lastModtimestamp": 1_790_000_000}
        for i, h in enumerate(hashes)
    ]  # fmt: skip
    with store.session() as s:
        banks.create_bank(s, "stopncii", "imported_list")
        banks.import_hashes(s, "stopncii", write(tmp_path / "sn.json", orjson.dumps({"hashRecords": records}).decode()))
    ingest_and_run(store, write_export(tmp_path / "e", [Post(1, "", photo=files[0]), Post(2, "", photo=files[1])]))
    with store.session() as s:
        value_of = {e.id: e.value for e in s.scalars(select(BankEntry))}
        by_hash = {
            value_of[f.evidence["entry_id"]]: f.id for f in s.scalars(select(Flag).where(Flag.category == "ncii_match"))
        }
    assert set(by_hash) == set(hashes)

    with signed_in(store, "ana", "analyst", lambda m: None) as c:
        for h, decision, note in ((hashes[0], "confirm", ""), (hashes[1], "dismiss", "a different picture")):
            r = c.http.post(
                f"/review/{by_hash[h]}/decision",
                data={"decision": decision, "note": note, "csrf_token": c.csrf},
                follow_redirects=False,
            )
            assert r.status_code == 303, r.text

    out = tmp_path / "feedback.json"
    res = CliRunner().invoke(cli, ["bank", "feedback", "stopncii", "-o", str(out), "--json"], env=_env(store))
    assert res.exit_code == 0, res.output
    assert orjson.loads(res.output)["written"] == 2
    body = orjson.loads(out.read_bytes())
    assert set(body) == {"count", "hashFeedbacks"} and body["count"] == len(body["hashFeedbacks"]) == 2
    values = {}
    for item in body["hashFeedbacks"]:
        fields = {k: v for k, v in item.items() if k != "hashValue"}
        parsed = dacite.from_dict(StopNCIICSPFeedback, fields, config=dacite.Config(cast=[enum.Enum, set]))
        # Exactly what StopNCIIAPI.submit_feedbacks would post for this feedback.
        assert {**parsed.as_dict_for_post(), "hashValue": item["hashValue"]} == {**item, "tags": list(parsed.tags)}
        assert sorted(item["tags"]) == sorted(parsed.tags)
        values[item["hashValue"]] = parsed.feedbackValue
    assert values == {hashes[0]: StopNCIICSPFeedbackValue.Blocked, hashes[1]: StopNCIICSPFeedbackValue.NotBlocked}

    opinions = tmp_path / "opinions.jsonl"
    res = CliRunner().invoke(
        cli, ["bank", "feedback", "stopncii", "--format", "opinions", "-o", str(opinions)], env=_env(store)
    )
    assert res.exit_code == 0, res.output
    lines = [orjson.loads(line) for line in opinions.read_bytes().splitlines()]
    got = {}
    for line in lines:
        assert line["signal_type"] in {PdqSignal.get_name(), VideoMD5Signal.get_name()}
        PdqSignal.validate_signal_str(line["signal"])
        o = line["opinion"]
        opinion = SignalOpinion(o["is_mine"], SignalOpinionCategory[o["category"]], set(o["tags"]))
        got[line["signal"]] = opinion.category
        assert "ana" not in orjson.dumps(line).decode()  # no reviewer names leave with the file
    assert got == {hashes[0]: SignalOpinionCategory.POSITIVE_CLASS, hashes[1]: SignalOpinionCategory.NEGATIVE_CLASS}

    res = CliRunner().invoke(cli, ["bank", "feedback", "stopncii", "--format", "csv"], env=_env(store))
    assert res.exit_code == 2 and res.output.startswith("error:")
