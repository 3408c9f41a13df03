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
from scipy import sparse
from scipy.sparse import csgraph

EDGE_KINDS = ("award", "application", "shortlist", "programme", "cohort", "mentoring",
              "sponsorship")
#: exact betweenness up to this many nodes; above it, sampled from this many source nodes
EXACT_BETWEENNESS_NODES = 1500
BETWEENNESS_SAMPLES = 64
LOUVAIN_MAX_NODES = 3000
LABEL_PROPAGATION_RUNS = 2
#: the share of the nodes wanting another label that take it in a round
MOVING_SHARE = 0.7
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
        if edge.source == edge.target or (edge.ended is not None and (
                until is None or until >= edge.ended)) or (until is not None and edge.on > until):
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
    # ties written straight into the graph's adjacency (what ``add_edges_from`` does, less
    # its checks of every node again: a third of the time at 100,000 ties), and the sparse
    # matrix the summary works on made from the same pass
    order = list(graph.nodes)
    index = {node: i for i, node in enumerate(order)}
    adj = graph._adj
    rows, cols, weights = [], [], []
    kinds_count: dict[str, int] = defaultdict(int)
    for (a, b), (kinds, weight) in ties.items():
        ia, ib = index.get(a), index.get(b)
        if ia is None or ib is None:
            continue
        adj[a][b] = adj[b][a] = {"kinds": kinds, "weight": weight}
        rows.append(ia)
        cols.append(ib)
        weights.append(weight)
        for kind in kinds:
            kinds_count[kind] += 1
    graph.graph["adjacency"] = (order, _symmetric(np.array(rows, dtype=np.int64),
                                                  np.array(cols, dtype=np.int64),
                                                  np.array(weights, dtype=float), len(order)))
    graph.graph["tie_kinds"] = dict(kinds_count)
    return graph


def _symmetric(rows, cols, weights, n) -> sparse.csr_array:
    return sparse.csr_array((np.concatenate([weights, weights]),
                             (np.concatenate([rows, cols]), np.concatenate([cols, rows]))),
                            shape=(n, n))


def drop_lone_nodes(graph: nx.Graph) -> None:
    """Remove the organisations without a tie, keeping the graph's matrix in step."""
    lone = [n for n in graph.nodes if graph.degree(n) == 0]
    if not lone:
        return
    order, matrix = adjacency(graph)
    graph.remove_nodes_from(lone)
    keep = set(graph.nodes)
    idx = np.array([i for i, n in enumerate(order) if n in keep], dtype=np.int64)
    graph.graph["adjacency"] = ([order[i] for i in idx], matrix[idx][:, idx].tocsr())


def adjacency(graph: nx.Graph) -> tuple[list[int], sparse.csr_array]:
    """The graph's nodes in order and its symmetric weighted adjacency matrix (CSR): the one
    ``build_graph`` made while the graph still has its nodes and ties, else worked out."""
    made = graph.graph.get("adjacency")
    if made is not None and len(made[0]) == graph.number_of_nodes() and \
            made[1].nnz == 2 * graph.number_of_edges():
        return made
    order = list(graph.nodes)
    index = {node: i for i, node in enumerate(order)}
    count = graph.number_of_edges()
    rows = np.empty(count, dtype=np.int64)
    cols = np.empty(count, dtype=np.int64)
    weights = np.empty(count)
    for k, (a, b, weight) in enumerate(graph.edges(data="weight", default=1)):
        rows[k], cols[k], weights[k] = index[a], index[b], weight
    return order, _symmetric(rows, cols, weights, len(order))


def modularity(matrix: sparse.csr_array, labels: np.ndarray) -> float:
    """Newman's modularity of a partition (``labels[i]``: the community of node i) of a
    weighted undirected graph: the sum over communities of (internal weight / m) − (total
    degree / 2m)², m the total weight; the same value as ``networkx.community.modularity``."""
    total = matrix.sum() / 2.0
    if total <= 0:
        return 0.0
    coo = matrix.tocoo()
    inside = labels[coo.row] == labels[coo.col]
    internal = np.bincount(labels[coo.row[inside]], weights=coo.data[inside],
                           minlength=labels.max() + 1) / 2.0
    degree = np.bincount(labels, weights=np.asarray(matrix.sum(axis=1)).ravel(),
                         minlength=labels.max() + 1)
    return float((internal / total - (degree / (2.0 * total)) ** 2).sum())


def betweenness(graph: nx.Graph, seed: int = 0,
                prepared: tuple[list[int], sparse.csr_array] | None = None) -> dict[int, float]:
    """Normalised betweenness centrality (as networkx defines it): exact on graphs of up to
    ``EXACT_BETWEENNESS_NODES`` organisations, estimated from a fixed random sample of
    ``BETWEENNESS_SAMPLES`` source nodes on larger ones (the same seed, the same estimate).

    Brandes' algorithm run for a batch of sources at once with sparse matrix products (one
    per distance level), which is what makes 10,000 organisations fast enough for a page."""
    order, weighted = prepared if prepared is not None else adjacency(graph)
    n = len(order)
    if n <= 2:
        return dict.fromkeys(order, 0.0)
    matrix = weighted.copy()
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
    ``LOUVAIN_MAX_NODES`` organisations; above, label propagation on the sparse matrix
    (``label_propagation``), which finds the same groups on clustered networks in a fraction
    of the time (its partition is scored by the same modularity)."""
    if graph.number_of_edges() == 0:
        return [{n} for n in graph.nodes]
    if graph.number_of_nodes() <= LOUVAIN_MAX_NODES:
        found = nx.community.louvain_communities(graph, seed=seed)
    else:
        order, matrix = adjacency(graph)
        # a few runs from fixed seeds, the partition of the highest modularity kept: one run
        # alone now and then lets a label flood across a bridge
        runs = [label_propagation(matrix, seed + k) for k in range(LABEL_PROPAGATION_RUNS)]
        labels = max(runs, key=lambda found: modularity(matrix, np.unique(
            found, return_inverse=True)[1].ravel()))
        groups: dict[int, set[int]] = defaultdict(set)
        for node, label in zip(order, labels):
            groups[int(label)].add(node)
        found = list(groups.values())
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def label_propagation(matrix: sparse.csr_array, seed: int = 0, rounds: int = 60) -> np.ndarray:
    """A community label per node: every node starts with its own; in each round a random
    half of the nodes (fixed seed) takes the label with the most tie weight among its
    neighbours, keeping its own on a tie (other ties broken by a fixed random order of the
    labels), until no node would change or ``rounds`` have passed. Array operations over the
    ties: linear in the number of ties per round."""
    n = matrix.shape[0]
    rng = np.random.default_rng(seed)
    coo = matrix.tocoo()
    rows, cols, weights = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    labels = np.arange(n, dtype=np.int64)
    order_noise = rng.random(n) * 1e-3
    for _round in range(rounds):
        # one entry per (node, neighbouring label), sorted by node: its summed tie weight
        keys, inverse = np.unique(rows * n + labels[cols], return_inverse=True)
        totals = np.bincount(inverse.ravel(), weights=weights)
        node, label = keys // n, keys % n
        score = totals + order_noise[label] + np.where(label == labels[node], 0.5, 0.0)
        starts = np.flatnonzero(np.r_[True, node[1:] != node[:-1]])
        best = np.maximum.reduceat(score, starts)
        top = np.flatnonzero(score >= np.repeat(best, np.diff(np.r_[starts, len(score)])))
        top = top[np.r_[True, node[top][1:] != node[top][:-1]]]  # the first best per node
        proposal = labels.copy()
        proposal[node[top]] = label[top]
        wanting = proposal != labels
        if not wanting.any():
            break
        moving = wanting & (rng.random(n) < MOVING_SHARE)
        labels[moving] = proposal[moving]
    return labels


def bridges(graph: nx.Graph, central: dict[int, float], community_of: dict[int, int],
            share: float = BRIDGE_SHARE, limit: int = MAX_BRIDGES) -> list[Bridge]:
    """Organisations whose ties reach two or more communities, ranked by betweenness; only
    those in the top ``share`` of the graph's organisations (at least one) count. Nodes are
    tried from the most central down, so only as many are looked at as it takes."""
    keep = min(max(1, int(round(graph.number_of_nodes() * share))), limit)
    found = []
    for node, value in sorted(central.items(), key=lambda item: (-item[1], item[0])):
        if value <= 0 or len(found) >= keep:
            break
        reached = {community_of[n] for n in graph.neighbors(node)} | {community_of[node]}
        if len(reached) >= 2:
            found.append(Bridge(node, value, len(reached)))
    return found


def summarise(graph: nx.Graph, seed: int = 0) -> NetworkSummary:
    """Communities, modularity, betweenness, bridges and components; the graph is turned into
    one sparse matrix that the modularity, the betweenness and the components share."""
    groups = communities(graph, seed)
    community_of = {n: i for i, group in enumerate(groups) for n in group}
    order, matrix = adjacency(graph)
    quality = (modularity(matrix, np.array([community_of[n] for n in order], dtype=np.int64))
               if graph.number_of_edges() else 0.0)
    central = betweenness(graph, seed, (order, matrix))
    components = _components(order, matrix)
    kinds = graph.graph.get("tie_kinds")
    if kinds is None or sum(kinds.values()) < graph.number_of_edges():
        kinds = defaultdict(int)
        for _a, _b, data in graph.edges(data=True):
            for kind in data["kinds"]:
                kinds[kind] += 1
    return NetworkSummary(
        nodes=graph.number_of_nodes(), ties=graph.number_of_edges(), communities=groups,
        community_of=community_of, modularity=quality, betweenness=central,
        bridges=bridges(graph, central, community_of),
        isolated_groups=[set(c) for c in components[1:]],
        largest_component=len(components[0]) if components else 0, tie_kinds=dict(kinds))


def _components(order: list[int], matrix: sparse.csr_array) -> list[set[int]]:
    """Connected components, largest first (ties: the smallest member first)."""
    if not order:
        return []
    _count, labels = csgraph.connected_components(matrix, directed=False)
    found: dict[int, set[int]] = defaultdict(set)
    for node, label in zip(order, labels):
        found[int(label)].add(node)
    return sorted(found.values(), key=lambda c: (-len(c), min(c)))


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
    drop_lone_nodes(before)
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


#: spring layout (every node pushes every other) up to this many organisations; above it the
#: communities are laid out instead, each as a disc of its members
SPRING_LAYOUT_NODES = 800
#: communities placed by a spring layout of the communities' own network; smaller ones beyond
#: this many go on an outer ring
LAID_OUT_COMMUNITIES = 300
GOLDEN_ANGLE = np.pi * (3 - np.sqrt(5))


def layout(graph: nx.Graph, seed: int = 0, size: float = 1000.0,
           groups: list[set[int]] | None = None) -> dict[int, tuple[float, float]]:
    """Positions in a ``size`` × ``size`` square, for the static picture and as the starting
    positions of the interactive one. Up to ``SPRING_LAYOUT_NODES`` organisations: a spring
    layout (fixed seed). Larger networks: ``community_layout`` over ``groups`` (the
    communities, found here when not given), which takes linear time where the spring layout
    takes quadratic time per iteration (minutes at 10,000 organisations)."""
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() <= SPRING_LAYOUT_NODES:
        positions = nx.spring_layout(graph, seed=seed, iterations=60)
    else:
        positions = community_layout(graph, groups if groups is not None
                                     else communities(graph, seed), seed)
    return _fit(positions, size)


def community_layout(graph: nx.Graph, groups: list[set[int]], seed: int = 0
                     ) -> dict[int, np.ndarray]:
    """Each community a disc whose area grows with its members, placed by a spring layout of
    the network of communities (two communities attract by the ties between them); inside a
    disc, members on a sunflower spiral with the best-connected at the centre. Lone
    organisations and the communities beyond ``LAID_OUT_COMMUNITIES`` sit on an outer ring."""
    groups = sorted((g for g in groups if g), key=lambda g: (-len(g), min(g)))
    placed = [g for g in groups if len(g) > 1][:LAID_OUT_COMMUNITIES]
    index = {n: i for i, group in enumerate(placed) for n in group}
    between = nx.Graph()
    between.add_nodes_from(range(len(placed)))
    for a, b in graph.edges():
        ia, ib = index.get(a), index.get(b)
        if ia is not None and ib is not None and ia != ib:
            weight = between.get_edge_data(ia, ib, {"weight": 0})["weight"]
            between.add_edge(ia, ib, weight=weight + 1)
    radius = [np.sqrt(len(g)) for g in placed]
    unit = max(radius, default=1.0)
    centres = nx.spring_layout(between, seed=seed, iterations=80, weight="weight",
                               k=2.5 / np.sqrt(max(len(placed), 1))) if len(placed) > 1 \
        else {0: np.zeros(2)}
    spread = max((np.linalg.norm(c) for c in centres.values()), default=0.0) or 1.0
    positions: dict[int, np.ndarray] = {}
    scale = 0.9 / spread
    for i, group in enumerate(placed):
        members = sorted(group, key=lambda n: (-graph.degree(n), n))
        disc = radius[i] / unit * 0.18
        positions.update(_sunflower(members, centres[i] * scale, disc))
    rest = [n for group in groups if len(group) == 1 or index.get(min(group)) is None
            for n in sorted(group)]
    for k, node in enumerate(rest):  # the outer ring, in order
        angle = 2 * np.pi * k / max(len(rest), 1)
        positions[node] = np.array([1.25 * np.cos(angle), 1.25 * np.sin(angle)])
    return positions


def _sunflower(members: list[int], centre: np.ndarray, radius: float) -> dict[int, np.ndarray]:
    count = len(members)
    out = {}
    for k, node in enumerate(members):
        r = radius * np.sqrt((k + 0.5) / count)
        angle = k * GOLDEN_ANGLE
        out[node] = centre + np.array([r * np.cos(angle), r * np.sin(angle)])
    return out


def _fit(positions, size: float) -> dict[int, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    low_x, low_y = min(xs), min(ys)
    span_x = (max(xs) - low_x) or 1.0
    span_y = (max(ys) - low_y) or 1.0
    margin = size * 0.04
    inner = size - 2 * margin
    return {n: (round(float(margin + (p[0] - low_x) / span_x * inner), 1),
                round(float(margin + (p[1] - low_y) / span_y * inner), 1))
            for n, p in positions.items()}
