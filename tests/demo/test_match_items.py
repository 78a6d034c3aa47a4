"""After `tragac demo --no-serve` on the default corpus the review queue holds one match item per matched media
(the demo victim's three photos and her video, reposted: 8 media), and re-matching adds none."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from tragac.cli.main import app
from tragac.config import Settings
from tragac.matching.leads import CATEGORY
from tragac.store import open_store
from tragac.store.models import Match
from tragac.web import flags as queue

runner = CliRunner()


def test_demo_review_queue_holds_one_match_item_per_matched_media(tmp_path: Path) -> None:
    home = tmp_path / "home"
    res = runner.invoke(app, ["demo", "--no-serve", "--home", str(home), "--json"])  # the default corpus
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["stages"]["match"]["flags_created"] == out["stages"]["match"]["matches_added"]
    store = open_store(Settings(home=home))
    try:
        rows, _ = queue.page(store, queue.FlagFilter(state="new", category=CATEGORY), limit=1000)
        with store.session() as s:
            matched = set(s.scalars(select(Match.media_id)))
            assert s.scalar(select(func.count()).select_from(Match)) == len(matched)  # one entry per media here
        assert sorted(r.media_id for r in rows) == sorted(matched) and len(matched) == 8
        for r in rows:
            ev = r.evidence
            assert (ev["case"], r.detector, r.message_id) == ("demo", "bank_match", None)
            assert ev["sightings"] and all(x["link"] for x in ev["sightings"])
        res = runner.invoke(app, ["match", "--full", "--home", str(home), "--json"])
        assert res.exit_code == 0, res.output
        again = json.loads(res.stdout)
        assert again["flags_created"] == again["flags_revived"] == again["matches_added"] == 0
        assert len(queue.page(store, queue.FlagFilter(state="new", category=CATEGORY), limit=1000)[0]) == 8
    finally:
        store.close()
