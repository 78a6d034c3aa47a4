"""Network: groups linked by forwards and shared media, drawn as a figure, with Louvain communities."""

from __future__ import annotations

from typing import Any

import networkx as nx

from tragac.analytics.network import build_network
from tragac.analytics.report import svg
from tragac.analytics.report.base import ReportContext, Section, section


@section
class Network(Section):
    id = "network"
    order = 50
    title_key = "network"
    template = "network.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        g = build_network(ctx.store, ctx.scope)
        figure = None
        if g.number_of_nodes():
            # Isolated groups would be flung to the rim by the spring layout; a circle keeps them readable.
            pos = (
                nx.spring_layout(g, weight="weight", seed=7, k=1.6 / max(g.number_of_nodes(), 1) ** 0.5)
                if g.number_of_edges()
                else nx.circular_layout(g)
            )
            pos = nx.rescale_layout_dict(pos, scale=1.0) if len(pos) > 1 else {n: (0.0, 0.0) for n in pos}
            nodes = [
                (n, d["title"], float(d.get("messages", 0)) + 1, int(d.get("community", 0)))
                for n, d in g.nodes(data=True)
            ]
            edges = [(a, b, float(d["weight"])) for a, b, d in g.edges(data=True)]
            figure = svg.network(
                nodes, edges, {n: (float(p[0]), float(p[1])) for n, p in pos.items()}, label=ctx.t("network")
            )
        communities: dict[int, list[str]] = {}
        for _, d in sorted(g.nodes(data=True), key=lambda nd: nd[1]["title"]):
            communities.setdefault(int(d.get("community", 0)), []).append(d["title"])
        links = sorted(
            (
                {
                    "a": g.nodes[a]["title"],
                    "b": g.nodes[b]["title"],
                    "forwards": d["forwards"],
                    "shared_media": d["shared_media"],
                    "weight": d["weight"],
                }
                for a, b, d in g.edges(data=True)
            ),
            key=lambda r: (-r["weight"], r["a"], r["b"]),
        )[:12]
        ctx.figures[self.id] = {
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "communities": [sorted(v) for _, v in sorted(communities.items())],
            "links": links,
        }
        return {
            "figure": figure,
            "communities": sorted(communities.items()),
            "links": links,
            "colors": svg.PALETTE,
        }
