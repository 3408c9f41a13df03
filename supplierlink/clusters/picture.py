"""The network picture's data: elements for the interactive view (Cytoscape.js, served from
the app) and the geometry of the static SVG drawn by the server, from the same layout."""

from __future__ import annotations

from markupsafe import Markup, escape

from supplierlink.clusters.network import NetworkView

PALETTE = ("#0b5cad", "#2f7d4f", "#b3261e", "#8a5a00", "#6a3d9a", "#00838f", "#c2185b",
           "#5d4037", "#33691e", "#455a64")
KIND_SHAPES = {"sme": "ellipse", "lead_firm": "rectangle", "programme_operator": "diamond"}
MAX_TIES_DRAWN = 4000
SIZE = 1000  # the static picture's square, in SVG units


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
    return {"size": SIZE, "lines": lines, "circles": circles}


def svg_markup(view: NetworkView) -> Markup:
    """The static picture's lines and shapes as SVG markup, written here rather than by the
    template (a loop of the template over ten thousand shapes takes seconds); kept with the
    view, which is kept between requests."""
    if view.drawn is not None:
        return view.drawn
    picture = svg(view)
    parts = []
    for line in picture["lines"]:
        colour_, width = ("#c2185b", 3) if line["mentoring"] else ("#b8c1cc", 1)
        parts.append(f'<line x1="{line["x1"]}" y1="{line["y1"]}" x2="{line["x2"]}" '
                     f'y2="{line["y2"]}" stroke="{colour_}" stroke-width="{width}"/>')
    for c in picture["circles"]:
        ring = ' stroke="#1d2733" stroke-width="4"' if c["bridge"] else ""
        title = f"<title>{escape(c['name'])}</title>"
        if c["square"]:
            parts.append(f'<rect x="{c["x"] - c["r"]}" y="{c["y"] - c["r"]}" '
                         f'width="{2 * c["r"]}" height="{2 * c["r"]}" fill="{c["fill"]}"'
                         f'{ring}>{title}</rect>')
        else:
            parts.append(f'<circle cx="{c["x"]}" cy="{c["y"]}" r="{c["r"]}" fill="{c["fill"]}"'
                         f'{ring}>{title}</circle>')
    view.drawn = Markup("".join(parts))
    return view.drawn
