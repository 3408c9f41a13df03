"""The supplier network of a cluster: organisations as nodes, dated ties of several kinds as
edges; communities (modularity), the organisations that bridge them (betweenness), isolated
groups, and what changed between two dates.

Pure Python over networkx: plain dataclasses in, plain dataclasses out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import numpy as np

EDGE_KINDS = ("award", "application", "shortlist", "programme", "cohort", "mentoring",
              "sponsorship")
#: exact betweenness up to this many nodes; above it, sampled from this many source nodes
EXACT_BETWEENNESS_NODES = 1500
BETWEENNESS_SAMPLES = 64
LOUVAIN_MAX_NODES = 3000
#: a bridge links at least two communities and ranks in the top share of betweenness
BRIDGE_SHARE = 0.05
MAX_BRIDGES = 30


@dataclass(frozen=True)
class Node:
    id: int
    name: str = ""
    kind: str = "sme"  # sme, lead_firm, programme_operator
    region: str | None = None


@dataclass(frozen=True)
class Edge:
    """A dated tie; ``ended`` is the day a lasting tie (a mentoring pair, a sponsorship) ended:
    it belongs to the network of the days from ``on`` until the day before ``ended``."""

    source: int
    target: int
    kind: str
    on: date
    ended: date | None = None

    def holds_on(self, day: date | None) -> bool:
        """Part of the network as it stood on ``day`` (``None``: today's network, which
        leaves out the ties that ended)."""
        if day is None:
            return self.ended is None
        return self.on <= day and (self.ended is None or day < self.ended)


@dataclass
class Bridge:
    node: int
    betweenness: float
    communities: int  # how many communities its neighbours belong to


@dataclass
class NetworkSummary:
    nodes: int
    ties: int
    communities: list[set[int]]
    community_of: dict[int, int]
    modularity: float
    betweenness: dict[int, float]
    bridges: list[Bridge]
    isolated_groups: list[set[int]]  # components other than the largest, incl. lone nodes
    largest_component: int
    tie_kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class NetworkChange:
    start: date
    end: date
    new_ties: list[tuple[int, int, str, date]]
    new_bridges: list[int]
    ended_ties: list[tuple[int, int, str, date]]
    lost_bridges: list[int]
    nodes_before: int
    nodes_after: int
    ties_before: int
    ties_after: int
    communities_before: int
    communities_after: int


def build_graph(nodes: Iterable[Node], edges: Iterable[Edge], until: date | None = None) -> nx.Graph:
    """One undirected tie per pair of organisations, holding the kinds of its edges, the first
    date of each kind and a weight (the number of edges). Only the edges that hold on ``until``
    are kept (begun by then and not ended by then; ``None``: every edge that has not ended);
    every node is kept (an organisation without ties is an isolated group of one)."""
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node.id, name=node.name, kind=node.kind, region=node.region)
    ties: dict[tuple[int, int], list] = {}  # pair -> [kinds with first dates, weight]
    for edge in edges:
        if edge.source == edge.target or not edge.holds_on(until):
            continue
        pair = (edge.source, edge.target) if edge.source < edge.target \
            else (edge.target, edge.source)
        tie = ties.get(pair)
        if tie is None:
            ties[pair] = [{edge.kind: edge.on}, 1]
            continue
        tie[1] += 1
        first = tie[0].get(edge.kind)
        if first is None or edge.on < first:
            tie[0][edge.kind] = edge.on
    graph.add_edges_from((a, b, {"kinds": kinds, "weight": weight})
                         for (a, b), (kinds, weight) in ties.items()
                         if a in graph and b in graph)
    return graph


def betweenness(graph: nx.Graph, seed: int = 0) -> dict[int, float]:
    """Normalised betweenness centrality (as networkx defines it): exact on graphs of up to
    ``EXACT_BETWEENNESS_NODES`` organisations, estimated from a fixed random sample of
    ``BETWEENNESS_SAMPLES`` source nodes on larger ones (the same seed, the same estimate).

    Brandes' algorithm run for a batch of sources at once with sparse matrix products (one
    per distance level), which is what makes 10,000 organisations fast enough for a page."""
    order = list(graph.nodes)
    n = len(order)
    if n <= 2:
        return dict.fromkeys(order, 0.0)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=order, weight=None, format="csr")
    matrix.data[:] = 1.0
    if n <= EXACT_BETWEENNESS_NODES:
        sources = np.arange(n)
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, BETWEENNESS_SAMPLES,
                                                             replace=False))
    total = np.zeros(n)
    for start in range(0, len(sources), BATCH):
        total += _dependencies(matrix, sources[start:start + BATCH])
    scale = 1.0 / ((n - 1) * (n - 2)) * n / len(sources)
    return {node: float(value * scale) for node, value in zip(order, total)}


BATCH = 64


def _dependencies(matrix, sources: np.ndarray) -> np.ndarray:
    """Sum over ``sources`` of Brandes' dependency of every node (breadth-first levels as
    sparse products: the number of shortest paths forward, the dependencies backward)."""
    n, width = matrix.shape[0], len(sources)
    columns = np.arange(width)
    distance = np.full((n, width), -1, dtype=np.int32)
    paths = np.zeros((n, width))
    distance[sources, columns] = 0
    paths[sources, columns] = 1.0
    frontier = paths.copy()
    level = 0
    while True:
        reached = matrix @ frontier
        new = (distance < 0) & (reached > 0)
        if not new.any():
            break
        level += 1
        distance[new] = level
        paths[new] = reached[new]
        frontier = np.where(new, reached, 0.0)
    dependency = np.zeros((n, width))
    safe_paths = np.where(paths > 0, paths, 1.0)
    for depth in range(level - 1, -1, -1):
        ahead = np.where(distance == depth + 1, (1.0 + dependency) / safe_paths, 0.0)
        dependency += np.where(distance == depth, paths * (matrix @ ahead), 0.0)
    dependency[sources, columns] = 0.0
    return dependency.sum(axis=1)


def communities(graph: nx.Graph, seed: int = 0) -> list[set[int]]:
    """Communities by modularity, largest first; isolated nodes are their own. Louvain up to
    ``LOUVAIN_MAX_NODES`` organisations; above, fast label propagation, which finds the same
    groups on clustered networks in a fraction of the time (its partition is scored by the
    same modularity)."""
    if graph.number_of_edges() == 0:
        return [{n} for n in graph.nodes]
    if graph.number_of_nodes() <= LOUVAIN_MAX_NODES:
        found = nx.community.louvain_communities(graph, seed=seed)
    else:
        found = nx.community.fast_label_propagation_communities(graph, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def bridges(graph: nx.Graph, central: dict[int, float], community_of: dict[int, int],
            share: float = BRIDGE_SHARE, limit: int = MAX_BRIDGES) -> list[Bridge]:
    """Organisations whose ties reach two or more communities, ranked by betweenness; only
    those in the top ``share`` of the graph's organisations (at least one) count."""
    found = []
    for node, value in central.items():
        if value <= 0:
            continue
        reached = {community_of[n] for n in graph.neighbors(node)} | {community_of[node]}
        if len(reached) >= 2:
            found.append(Bridge(node, value, len(reached)))
    found.sort(key=lambda b: (-b.betweenness, b.node))
    keep = max(1, int(round(graph.number_of_nodes() * share)))
    return found[:min(keep, limit)]


def summarise(graph: nx.Graph, seed: int = 0) -> NetworkSummary:
    groups = communities(graph, seed)
    community_of = {n: i for i, group in enumerate(groups) for n in group}
    quality = (nx.community.modularity(graph, groups)
               if graph.number_of_edges() else 0.0)
    central = betweenness(graph, seed)
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    kinds: dict[str, int] = defaultdict(int)
    for _a, _b, data in graph.edges(data=True):
        for kind in data["kinds"]:
            kinds[kind] += 1
    return NetworkSummary(
        nodes=graph.number_of_nodes(), ties=graph.number_of_edges(), communities=groups,
        community_of=community_of, modularity=quality, betweenness=central,
        bridges=bridges(graph, central, community_of),
        isolated_groups=[set(c) for c in components[1:]],
        largest_component=len(components[0]) if components else 0, tie_kinds=dict(kinds))


def change_between(nodes: list[Node], edges: list[Edge], start: date, end: date,
                   seed: int = 0, current: tuple[nx.Graph, NetworkSummary] | None = None
                   ) -> NetworkChange:
    """What changed from the network as it stood on ``start`` to the one on ``end``: ties
    (pair and kind) first seen in between, organisations that became or stopped being
    bridges, lasting ties (mentoring, sponsorship) that ended in between, and counts
    (organisations with a tie, ties, communities of two or more).

    ``current`` is today's graph and its summary when already at hand: used for ``end`` when
    no edge begins or ends after ``end``, saving the larger half of the work."""
    before = build_graph(nodes, edges, until=start)
    before.remove_nodes_from([n for n in list(before.nodes) if before.degree(n) == 0])
    latest = max((max(e.on, e.ended or e.on) for e in edges), default=end)
    if current is not None and latest <= end:
        after, summary_after = current
    else:
        after = build_graph(nodes, edges, until=end)
        summary_after = summarise(after, seed)
    new_ties = sorted({(min(e.source, e.target), max(e.source, e.target), e.kind, e.on)
                       for e in edges if start < e.on <= end and e.source != e.target
                       and not _had_kind(before, e)}, key=lambda t: (t[3], t[0], t[1]))
    first: dict[tuple, tuple] = {}
    for tie in new_ties:  # keep the first edge of each pair and kind
        first.setdefault(tie[:3], tie)
    ended = sorted({(min(e.source, e.target), max(e.source, e.target), e.kind, e.ended)
                    for e in edges if e.ended is not None and start < e.ended <= end
                    and e.source != e.target}, key=lambda t: (t[3], t[0], t[1]))
    summary_before = summarise(before, seed) if before.number_of_nodes() else None
    was = {b.node for b in summary_before.bridges} if summary_before else set()
    now = {b.node for b in summary_after.bridges}
    return NetworkChange(
        start=start, end=end, new_ties=list(first.values()),
        new_bridges=sorted(now - was), lost_bridges=sorted(was - now), ended_ties=ended,
        nodes_before=before.number_of_nodes(),
        nodes_after=sum(1 for n in after.nodes if after.degree(n)),
        ties_before=before.number_of_edges(), ties_after=after.number_of_edges(),
        communities_before=_groups(summary_before), communities_after=_groups(summary_after))


def _groups(summary: NetworkSummary | None) -> int:
    return sum(1 for c in summary.communities if len(c) > 1) if summary else 0


def _had_kind(graph: nx.Graph, edge: Edge) -> bool:
    data = graph.get_edge_data(edge.source, edge.target)
    return data is not None and edge.kind in data["kinds"]


def layout(graph: nx.Graph, seed: int = 0, size: float = 1000.0) -> dict[int, tuple[float, float]]:
    """Positions in a ``size`` × ``size`` square (spring layout, fixed seed), for the static
    picture and as the starting positions of the interactive one."""
    if graph.number_of_nodes() == 0:
        return {}
    positions = nx.spring_layout(graph, seed=seed, iterations=60)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    margin = size * 0.04
    inner = size - 2 * margin
    return {n: (round(margin + (p[0] - min(xs)) / span_x * inner, 1),
                round(margin + (p[1] - min(ys)) / span_y * inner, 1))
            for n, p in positions.items()}
