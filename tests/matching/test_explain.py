"""The explain view of one match, in the CLI (`tragac match-explain`) and the web app, over a robust match the real
pipeline found; the same numbers in both, and the review queue links to it."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from policy.helpers import signed_in
from tragac.store import Store
from tragac.store.models import Flag, Match

from .robust_world import robust_world, tragac


def test_cli_and_web_explain_the_same_match(store: Store, tmp_path: Path) -> None:
    robust_world(store, tmp_path, ("crop_side_20",))
    with store.session() as s:
        [m] = s.scalars(select(Match)).all()
        [flag] = s.scalars(select(Flag).where(Flag.category == "ncii_match")).all()
        match_id, flag_id = m.id, flag.id
    info = tragac(store, "match-explain", str(match_id))
    e = info["explain"]
    assert e["fingerprint"] == "pdq_window" and info["bank_settings"]["robust"] is True
    assert info["flag"] == {"id": flag_id, "state": "new", "why": info["flag"]["why"]}
    assert set(e["quality"]) == {"query", "reference"} and all(q >= 50 for q in e["quality"].values())

    with signed_in(store, "ana", "analyst", lambda m: None) as c:
        queue = c.http.get("/review?category=ncii_match").text
        assert f'href="/matching/matches/{match_id}"' in queue
        page = c.http.get(f"/matching/matches/{match_id}")
        assert page.status_code == 200
        text = re.sub(r"\s+", " ", page.text)
        assert f"<code>{e['window']['query']}</code> ~ reference <code>{e['window']['reference']}</code>" in text
        assert f"{e['distance']} of 256 bits" in text
        if e["inliers"] is not None:
            assert f"{e['inliers']} keypoints agree" in text
        assert c.http.get("/matching/matches/999999").status_code == 404
        r = c.http.post(
            f"/review/{flag_id}/decision", data={"decision": "confirm", "csrf_token": c.csrf}, follow_redirects=False
        )
        assert r.status_code == 303
        page = c.http.get(f"/matching/matches/{match_id}").text
        assert "confirm by ana" in page
    assert tragac(store, "match-explain", str(match_id))["entry_feedback"][0]["opinion"] == "confirm"
