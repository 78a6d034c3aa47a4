"""The network of groups: forward and shared-media edges, Louvain communities, GEXF/GraphML for Gephi."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import networkx as nx
import pytest

from tragac.analytics.network import build_network, communities, write_network
from tragac.analytics.scope import Scope
from tragac.errors import InputError
from tragac.store import Store
from tragac.store import models as m

from .report_fixtures import build_corpus


def test_edges_from_forwards_and_shared_media(store: Store) -> None:
    truth = build_corpus(store)
    g = build_network(store)
    title = {n: d["title"] for n, d in g.nodes(data=True)}
    edges = {frozenset((title[a], title[b])): d for a, b, d in g.edges(data=True)}
    alfa_beta = edges[frozenset(("Grupa Alfa", "Grupa Beta"))]
    assert alfa_beta == {"forwards": truth.forwards_beta_from_alfa, "shared_media": 1, "weight": 4}
    # The near-duplicate cluster links its three groups pairwise; the exact re-post links Alfa and Delta.
    assert edges[frozenset(("Grupa Alfa", "Kanal Gama"))]["shared_media"] == 1
    assert edges[frozenset(("Grupa Beta", "Kanal Gama"))]["shared_media"] == 1
    assert edges[frozenset(("Grupa Alfa", "Grupa Delta"))] == {"forwards": 0, "shared_media": 1, "weight": 1}
    assert len(edges) == 4  # a forward from a chat we do not monitor adds no node and no edge
    assert g.nodes[1]["messages"] == 27


def test_scope_limits_the_evidence(store: Store) -> None:
    build_corpus(store)
    g = build_network(store, Scope(until=date(2026, 6, 1)))
    assert g.number_of_edges() == 0 or all(d["shared_media"] == 0 for _, _, d in g.edges(data=True))
    g = build_network(store, Scope(source_ids=(1, 4)))
    assert set(g.nodes) == {1, 4} and g.number_of_edges() == 1


def _two_cliques(store: Store) -> None:
    """Two triangles of groups joined by one thin forward edge: Louvain must find the two."""
    t = datetime(2026, 6, 1, 12, tzinfo=UTC)
    with store.session() as s:
        titles = ["A1", "A2", "A3", "B1", "B2", "B3"]
        src = {}
        for i, name in enumerate(titles):
            src[name] = m.Source(platform="telegram", platform_id=str(i), kind="public_supergroup", title=name)
            s.add(src[name])
        s.flush()
        n = 0

        def fwd(into: str, origin: str, times: int) -> None:
            nonlocal n
            for _ in range(times):
                n += 1
                digest = hashlib.sha256(str(n).encode()).hexdigest()
                msg = m.Message(source_id=src[into].id, platform_message_id=n, kind="message", date=t,
                                forwarded_from=origin, content_hash=digest)  # fmt: skip
                s.add(msg)

        for group in (("A1", "A2", "A3"), ("B1", "B2", "B3")):
            for a in group:
                for b in group:
                    if a != b:
                        fwd(a, b, 5)
        fwd("A1", "B1", 1)


def test_louvain_finds_the_planted_communities(sqlite_store: Store) -> None:
    _two_cliques(sqlite_store)
    g = build_network(sqlite_store)
    parts = [{g.nodes[n]["title"] for n in c} for c in communities(g)]
    assert sorted(map(sorted, parts)) == [["A1", "A2", "A3"], ["B1", "B2", "B3"]]
    assert len({d["community"] for _, d in g.nodes(data=True)}) == 2
    assert communities(build_network(sqlite_store)) == communities(g)  # seeded: reproducible


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gephi_formats_round_trip(sqlite_store: Store, tmp_path: Path, fmt: str) -> None:
    build_corpus(sqlite_store)
    g = build_network(sqlite_store)
    out = tmp_path / f"net.{fmt}"
    write_network(g, out, fmt)
    back = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert back.number_of_nodes() == 4 and back.number_of_edges() == 4
    labels = {d.get("label") for _, d in back.nodes(data=True)}
    assert labels == {"Grupa Alfa", "Grupa Beta", "Kanal Gama", "Grupa Delta"}
    e = back.edges["1", "2"]
    assert int(e["forwards"]) == 3 and int(e["shared_media"]) == 1
    assert {"community", "messages", "kind"} <= set(back.nodes["1"])
    with pytest.raises(InputError):
        write_network(g, tmp_path / "x.dot", "dot")


def test_empty_store(sqlite_store: Store) -> None:
    g = build_network(sqlite_store)
    assert g.number_of_nodes() == 0 and communities(g) == []
