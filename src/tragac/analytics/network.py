"""The network of monitored groups: who forwards from whom, and who posts the same pictures.

Nodes are sources. Two kinds of edge evidence are summed into one undirected weight:

* ``forwards`` — messages in group B forwarded from a chat whose name equals group A's title (Telegram exports
  only carry the forwarded-from *name*; live collection also records the id, which is used when present);
* ``shared_media`` — distinct pictures/videos (exact, or the same near-duplicate spread cluster) seen in both.

Communities are Louvain partitions on the summed weight, with a fixed seed so a report is reproducible.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx
from sqlalchemy import func, select

from tragac.analytics.scope import Scope
from tragac.errors import InputError
from tragac.store import Store
from tragac.store import models as m

SEED = 42
FORMATS = ("gexf", "graphml")


def _norm(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def build_network(store: Store, scope: Scope | None = None) -> nx.Graph:
    """An undirected graph of sources with ``forwards``, ``shared_media`` and ``weight`` on each edge and
    ``title``, ``kind``, ``messages`` and ``community`` on each node."""
    scope = scope or Scope()
    g: nx.Graph = nx.Graph()
    with store.session() as s:
        q = select(m.Source.id, m.Source.title, m.Source.kind, m.Source.platform_id)
        if scope.source_ids:
            q = q.where(m.Source.id.in_(scope.source_ids))
        by_title: dict[str, int] = {}
        by_platform_id: dict[str, int] = {}
        for sid, title, kind, pid in s.execute(q):
            g.add_node(sid, title=title or f"#{sid}", kind=kind, messages=0)
            if title:
                by_title.setdefault(_norm(title), sid)
            by_platform_id[str(pid)] = sid

        counts = (
            select(m.Message.source_id, func.count())
            .where(m.Message.kind == "message", scope.where(m.Message.date, m.Message.source_id))
            .group_by(m.Message.source_id)
        )
        for counted, n in s.execute(counts):
            if counted in g:
                g.nodes[counted]["messages"] = int(n)

        forwards: Counter[tuple[int, int]] = Counter()
        fq = (
            select(m.Message.source_id, m.Message.forwarded_from, m.Message.forwarded_from_id, func.count())
            .where(m.Message.forwarded_from.is_not(None) | m.Message.forwarded_from_id.is_not(None))
            .where(scope.where(m.Message.date, m.Message.source_id))
            .group_by(m.Message.source_id, m.Message.forwarded_from, m.Message.forwarded_from_id)
        )
        for sid, name, fid, n in s.execute(fq):
            origin = _origin(fid, name, by_platform_id, by_title)
            if origin is not None and origin != sid and sid in g:
                forwards[(origin, sid)] += int(n)

        holders: dict[str, set[int]] = defaultdict(set)
        sq = (
            select(m.Sighting.media_id, m.Sighting.source_id, m.SpreadMember.cluster_id)
            .outerjoin(m.SpreadMember, m.SpreadMember.media_id == m.Sighting.media_id)
            .where(m.Sighting.source_id.is_not(None), scope.where(m.Sighting.seen_at, m.Sighting.source_id))
            .execution_options(yield_per=5000)
        )
        for media_id, holder, cluster_id in s.execute(sq):
            if holder is not None and holder in g:
                holders[f"c{cluster_id}" if cluster_id is not None else f"m{media_id}"].add(holder)

    shared: Counter[tuple[int, int]] = Counter()
    for srcs in holders.values():
        for a, b in combinations(sorted(srcs), 2):
            shared[(a, b)] += 1

    for (a, b), n in forwards.items():
        key = (min(a, b), max(a, b))
        _edge(g, *key)["forwards"] += n
    for (a, b), n in shared.items():
        _edge(g, a, b)["shared_media"] += n
    for _, _, d in g.edges(data=True):
        d["weight"] = d["forwards"] + d["shared_media"]

    for i, community in enumerate(communities(g)):
        for node in community:
            g.nodes[node]["community"] = i
    return g


def _origin(fid: str | None, name: str | None, by_id: dict[str, int], by_title: dict[str, int]) -> int | None:
    if fid:
        bare = fid.removeprefix("channel").removeprefix("chat").removeprefix("-100")
        if bare in by_id:
            return by_id[bare]
    return by_title.get(_norm(name)) if name else None


def _edge(g: nx.Graph, a: int, b: int) -> dict[str, int]:
    if not g.has_edge(a, b):
        g.add_edge(a, b, forwards=0, shared_media=0, weight=0)
    data: dict[str, int] = g.edges[a, b]
    return data


def communities(g: nx.Graph) -> list[set[int]]:
    """Louvain communities, largest first; isolated groups each form their own."""
    if g.number_of_nodes() == 0:
        return []
    if g.number_of_edges() == 0:
        return [{n} for n in sorted(g.nodes)]
    parts = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    return sorted((set(p) for p in parts), key=lambda p: (-len(p), min(p)))


def write_network(g: nx.Graph, path: Path, fmt: str) -> None:
    """Write GEXF or GraphML for Gephi (node ids are source ids; titles are attributes)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown network format {fmt!r} (choose {' or '.join(FORMATS)})")
    out = nx.Graph()
    for n, d in g.nodes(data=True):
        out.add_node(str(n), label=d.get("title", str(n)), **{k: v for k, v in d.items() if v is not None})
    for a, b, d in g.edges(data=True):
        out.add_edge(str(a), str(b), **d)
    tmp = path.with_name(path.name + ".part")
    if fmt == "gexf":
        nx.write_gexf(out, tmp)
    else:
        nx.write_graphml(out, tmp)
    tmp.replace(path)


@dataclass(frozen=True)
class NetworkSummary:
    nodes: int
    edges: int
    communities: int


def summary(g: nx.Graph) -> NetworkSummary:
    return NetworkSummary(
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        communities=len({d.get("community") for _, d in g.nodes(data=True)}),
    )
