"""The network picture's data: elements for the interactive view (Cytoscape.js, served from
the app) and the geometry of the static SVG drawn by the server, from the same layout."""

from __future__ import annotations

from supplierlink.clusters.network import NetworkView

PALETTE = ("#0b5cad", "#2f7d4f", "#b3261e", "#8a5a00", "#6a3d9a", "#00838f", "#c2185b",
           "#5d4037", "#33691e", "#455a64")
KIND_SHAPES = {"sme": "ellipse", "lead_firm": "rectangle", "programme_operator": "diamond"}
MAX_TIES_DRAWN = 4000


def colour(community: int | None) -> str:
    return "#8a96a3" if community is None else PALETTE[community % len(PALETTE)]


def elements(view: NetworkView) -> dict:
    bridges = {b.node for b in view.summary.bridges}
    nodes = []
    for node in view.network.nodes:
        if node.id not in view.positions:
            continue
        community = view.summary.community_of.get(node.id)
        x, y = view.positions[node.id]
        nodes.append({"data": {"id": str(node.id), "label": node.name, "kind": node.kind,
                               "shape": KIND_SHAPES.get(node.kind, "ellipse"),
                               "community": community, "colour": colour(community),
                               "bridge": node.id in bridges,
                               "degree": view.graph.degree(node.id)},
                      "position": {"x": x, "y": y}})
    edges = []
    for a, b, data in list(view.graph.edges(data=True))[:MAX_TIES_DRAWN]:
        kinds = sorted(data["kinds"])
        edges.append({"data": {"id": f"{a}-{b}", "source": str(a), "target": str(b),
                               "kinds": kinds, "mentoring": "mentoring" in kinds,
                               "weight": data["weight"]}})
    return {"nodes": nodes, "edges": edges}


def svg(view: NetworkView) -> dict:
    """Lines and circles with every position an attribute (no script, no style)."""
    bridges = {b.node for b in view.summary.bridges}
    pos = view.positions
    lines = [{"x1": pos[a][0], "y1": pos[a][1], "x2": pos[b][0], "y2": pos[b][1],
              "mentoring": "mentoring" in data["kinds"]}
             for a, b, data in list(view.graph.edges(data=True))[:MAX_TIES_DRAWN]]
    names = view.network.by_id
    circles = [{"x": xy[0], "y": xy[1], "r": 14 if n in bridges else
                (10 if names[n].kind != "sme" else 6),
                "fill": colour(view.summary.community_of.get(n)), "bridge": n in bridges,
                "name": names[n].name, "square": names[n].kind != "sme"}
               for n, xy in pos.items()]
    return {"size": 1000, "lines": lines, "circles": circles}
