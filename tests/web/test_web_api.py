"""The /api/v1 contract: flags list and decisions, cursor pagination, problem details, stats, safety headers."""

from __future__ import annotations

import importlib.util

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from tragac.store import Store
from tragac.store.models import Flag, FlagDecision
from tragac.web import flags as queue
from tragac.web.accounts import create_token

from .conftest import Web

CONTRACT_KEYS = {"id", "category", "subtype", "score", "why", "message_id", "media_id", "state"}


def _bearer(web: Web, role: str) -> TestClient:
    return web.client(headers={"Authorization": f"Bearer {create_token(web.store, role)}"})


def test_flags_list_shape_order_and_paging(web: Web) -> None:
    c = _bearer(web, "analyst")
    body = c.get("/api/v1/flags?limit=3").json()
    assert set(body) == {"items", "next"} and len(body["items"]) == 3 and body["next"]
    assert set(body["items"][0]) >= CONTRACT_KEYS
    assert body["items"][0]["category"] == "csam_signal"  # severity first
    seen = body["items"]
    while body["next"]:
        body = c.get(f"/api/v1/flags?limit=3&cursor={body['next']}").json()
        seen += body["items"]
    assert len(seen) == len({f["id"] for f in seen}) == 10
    keys = [(queue_sev(f["category"]), -f["score"], f["id"]) for f in seen]
    assert keys == sorted(keys)
    only = c.get("/api/v1/flags?category=doxxing&state=new").json()["items"]
    assert [f["category"] for f in only] == ["doxxing"]


def queue_sev(category: str) -> int:
    from tragac.store.models import SEVERITY

    return SEVERITY.get(category, 9)


def test_decision_updates_flag_and_keeps_history(web: Web) -> None:
    fid = web.data.flags["doxxing"]
    c = _bearer(web, "analyst")
    r = c.post(f"/api/v1/flags/{fid}/decision", json={"decision": "confirm", "note": "address of a victim"})
    assert r.status_code == 200
    flag = r.json()
    assert flag["id"] == fid and flag["state"] == "confirmed" and flag["decided_by"] == "analyst"
    assert flag["note"] == "address of a victim"
    c.post(f"/api/v1/flags/{fid}/decision", json={"decision": "escalate"})
    with web.store.session() as s:
        history = [(d.decision, d.reviewer) for d in s.scalars(select(FlagDecision).where(FlagDecision.flag_id == fid))]
    assert history == [("confirm", "analyst"), ("escalate", "analyst")]


def test_viewer_gets_403_and_errors_are_problem_details(web: Web) -> None:
    fid = web.data.flags["doxxing"]
    viewer = _bearer(web, "viewer")
    r = viewer.post(f"/api/v1/flags/{fid}/decision", json={"decision": "confirm"})
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 403
    c = _bearer(web, "analyst")
    for payload, status in [
        ({"decision": "approve"}, 422),
        ({"decision": "confirm", "extra": 1}, 422),
        ({"decision": 1}, 422),
        ({}, 422),
    ]:
        r = c.post(f"/api/v1/flags/{fid}/decision", json=payload)
        assert r.status_code == status and r.json()["title"] == "Invalid input", payload
    r = c.post("/api/v1/flags/999999/decision", json={"decision": "confirm"})
    assert r.status_code == 404 and r.json()["title"] == "Not Found"
    assert c.get("/api/v1/flags?cursor=garbage").status_code == 400
    assert c.get("/api/v1/flags?limit=0").status_code == 422
    assert c.get("/api/v1/messages?cursor=eDox").status_code == 400


def test_collections_page_with_cursors(sqlite_web: Web) -> None:
    c = _bearer(sqlite_web, "analyst")
    ids: list[int] = []
    url = "/api/v1/messages?limit=25"
    while url:
        body = c.get(url).json()
        ids += [m["id"] for m in body["items"]]
        url = f"/api/v1/messages?limit=25&cursor={body['next']}" if body["next"] else ""
    assert ids == sorted(sqlite_web.data.messages)
    media = c.get(f"/api/v1/media/{sqlite_web.data.media[0]}").json()
    assert media["cluster_id"] == sqlite_web.data.cluster and len(media["sightings"]) == 1
    assert c.get("/api/v1/matches").json()["items"][0]["distance"] == 4
    cluster = c.get(f"/api/v1/clusters/{sqlite_web.data.cluster}").json()
    assert cluster["media_ids"] == sorted(sqlite_web.data.media[:2])
    src = c.get("/api/v1/sources").json()["items"]
    assert sum(s["messages"] for s in src) == len(sqlite_web.data.messages)


def test_stats_matches_the_cli_shape(web: Web) -> None:
    c = _bearer(web, "viewer")
    r = c.get("/api/v1/stats")
    if importlib.util.find_spec("tragac.analytics.stats") is None:
        assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
        return
    from tragac.analytics.stats import compute_stats

    assert r.status_code == 200
    assert r.json() == _jsonable(compute_stats(web.store))


def _jsonable(obj: object) -> object:
    import orjson

    return orjson.loads(orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS, default=str))


def test_security_headers_and_limits(sqlite_web: Web) -> None:
    c = sqlite_web.client()
    for path in ("/login", "/healthz", "/api/v1/flags"):
        h = c.get(path).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "unsafe-inline" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"
    r = c.post(
        "/login", content=b"x" * (2 * 1024 * 1024), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413


def test_no_stack_traces_reach_users(sqlite_web: Web) -> None:
    c = _bearer(sqlite_web, "analyst")
    app = c.app

    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    app.add_api_route("/api/v1/boom", boom)  # type: ignore[attr-defined]
    quiet = TestClient(app, raise_server_exceptions=False)
    r = quiet.get("/api/v1/boom")
    assert r.status_code == 500
    assert "secret" not in r.text and "Traceback" not in r.text
    assert r.json()["title"] == "Internal server error"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["csam_signal", "doxxing", "harassment", "other"]), st.sampled_from([0.1, 0.5, 0.9])),
        max_size=30,
    ),
    limit=st.integers(1, 7),
)
def test_keyset_paging_equals_the_full_order(sqlite_store: Store, rows: list[tuple[str, float]], limit: int) -> None:
    with sqlite_store.session() as s:
        s.execute(delete(Flag))
        for i, (cat, score) in enumerate(rows):
            s.add(
                Flag(
                    fingerprint=f"h{i}",
                    detector="t",
                    category=cat,
                    severity=queue_sev(cat),
                    score=score,
                    rule="r",
                    why="w",
                )
            )
    full, _ = queue.page(sqlite_store, queue.FlagFilter(), 1000)
    paged, cursor = [], None
    while True:
        items, cursor = queue.page(sqlite_store, queue.FlagFilter(), limit, cursor)
        paged += items
        if cursor is None:
            break
    assert [f.id for f in paged] == [f.id for f in full]
    assert [(f.severity, -f.score, f.id) for f in full] == sorted((f.severity, -f.score, f.id) for f in full)
