"""The supplier network on small hand-made graphs with known answers."""

from datetime import date

import pytest

from programs.network import (
    Edge,
    Node,
    betweenness,
    build_graph,
    change_between,
    summarise,
)

D1, D2, D3 = date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)


def two_triangles(bridge_on=D1):
    """Triangles 1-2-3 and 5-6-7 joined only through node 4 (a path 3-4-5)."""
    nodes = [Node(i) for i in range(1, 9)]  # 8 has no tie
    pairs = [(1, 2), (2, 3), (1, 3), (5, 6), (6, 7), (5, 7)]
    edges = [Edge(a, b, "award", D1) for a, b in pairs]
    edges += [Edge(3, 4, "mentoring", bridge_on), Edge(4, 5, "cohort", bridge_on)]
    return nodes, edges


def test_betweenness_of_the_bridge_is_known():
    nodes, edges = two_triangles()
    central = betweenness(build_graph(nodes, edges))
    # node 4 lies on every shortest path between {1,2,3} and {5,6,7}: 9 pairs, normalised
    # by (n-1)(n-2)/2 = 21 pairs over the 8 nodes
    assert central[4] == pytest.approx(9 / 21)
    # node 3 carries 1,2 -> 4,5,6,7: 2*4 = 8 pairs
    assert central[3] == pytest.approx(8 / 21)
    assert central[1] == 0.0


def test_summary_finds_communities_bridges_and_isolated_groups():
    nodes, edges = two_triangles()
    summary = summarise(build_graph(nodes, edges))
    assert summary.nodes == 8 and summary.ties == 8
    assert {1, 2, 3} <= summary.communities[0] or {5, 6, 7} <= summary.communities[0]
    assert summary.community_of[1] != summary.community_of[6]
    assert summary.modularity > 0.3
    assert summary.bridges[0].node == 4
    assert summary.bridges[0].communities == 2
    assert summary.isolated_groups == [{8}]
    assert summary.largest_component == 7
    assert summary.tie_kinds == {"award": 6, "mentoring": 1, "cohort": 1}


def test_ties_merge_kinds_and_keep_the_first_date():
    graph = build_graph([Node(1), Node(2)], [Edge(1, 2, "application", D2),
                                             Edge(2, 1, "application", D1),
                                             Edge(1, 2, "award", D3)])
    data = graph.get_edge_data(1, 2)
    assert data["kinds"] == {"application": D1, "award": D3}
    assert data["weight"] == 3


def test_change_between_two_dates_names_new_ties_and_bridges():
    nodes, edges = two_triangles(bridge_on=D2)
    change = change_between(nodes, edges, start=D1, end=D3)
    assert [(a, b, k) for a, b, k, _on in change.new_ties] == [(3, 4, "mentoring"),
                                                               (4, 5, "cohort")]
    assert change.new_bridges == [4]
    assert change.nodes_before == 6 and change.nodes_after == 7
    assert change.ties_before == 6 and change.ties_after == 8
    assert change.communities_before == 2


def test_edges_after_the_date_are_left_out():
    nodes, edges = two_triangles(bridge_on=D3)
    graph = build_graph(nodes, edges, until=D2)
    assert not graph.has_edge(3, 4)
    assert graph.number_of_nodes() == 8


def test_betweenness_agrees_with_networkx_on_a_random_graph():
    import networkx as nx

    graph = nx.gnm_random_graph(60, 110, seed=3)
    graph.add_node(99)  # a lone organisation
    graph.add_edges_from([(100, 101)])  # and a separate pair
    ours = betweenness(graph)
    theirs = nx.betweenness_centrality(graph, normalized=True)
    assert ours == pytest.approx(theirs)


def test_large_graphs_get_a_sampled_estimate_that_finds_the_bridge(monkeypatch):
    import programs.network as network

    monkeypatch.setattr(network, "EXACT_BETWEENNESS_NODES", 10)
    monkeypatch.setattr(network, "BETWEENNESS_SAMPLES", 8)
    nodes, edges = two_triangles()
    central = betweenness(build_graph(nodes, edges), seed=1)
    assert max(central, key=central.get) in (3, 4, 5)
    assert central == betweenness(build_graph(nodes, edges), seed=1)


def test_the_current_network_can_stand_for_the_end_date():
    nodes, edges = two_triangles(bridge_on=D2)
    graph = build_graph(nodes, edges)
    reused = change_between(nodes, edges, start=D1, end=D3, current=(graph, summarise(graph)))
    assert reused == change_between(nodes, edges, start=D1, end=D3)


def test_large_networks_find_the_same_communities_by_label_propagation(monkeypatch):
    import programs.network as network

    nodes, edges = two_triangles()
    graph = build_graph(nodes, edges)
    louvain = network.communities(graph)
    monkeypatch.setattr(network, "LOUVAIN_MAX_NODES", 3)
    propagated = network.communities(graph)
    assert {1, 2, 3} <= next(c for c in propagated if 1 in c)
    assert next(c for c in propagated if 1 in c) != next(c for c in propagated if 6 in c)
    assert len(propagated) == len(louvain)


def test_modularity_of_a_known_split():
    """Two triangles joined by one tie (7 ties): each triangle holds 3 ties and total degree 7,
    so Q = 2 × (3/7 − (7/14)²) = 5/14; networkx agrees."""
    import networkx as nx
    import numpy as np

    from programs.network import adjacency, modularity

    pairs = [(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)]
    graph = build_graph([Node(i) for i in range(1, 7)], [Edge(a, b, "award", D1)
                                                       for a, b in pairs])
    order, matrix = adjacency(graph)
    labels = np.array([0 if n <= 3 else 1 for n in order])
    assert modularity(matrix, labels) == pytest.approx(5 / 14)
    assert modularity(matrix, labels) == pytest.approx(
        nx.community.modularity(graph, [{1, 2, 3}, {4, 5, 6}]))
    # the weight of repeated ties counts, as in networkx
    heavy = build_graph([Node(i) for i in range(1, 7)], [Edge(a, b, "award", D1)
                                                        for a, b in pairs + [(1, 2)] * 3])
    order, matrix = adjacency(heavy)
    assert modularity(matrix, np.array([0 if n <= 3 else 1 for n in order])) == pytest.approx(
        nx.community.modularity(heavy, [{1, 2, 3}, {4, 5, 6}]))


def test_an_ended_tie_is_in_the_network_of_its_dates_only():
    nodes = [Node(1), Node(2), Node(3)]
    edges = [Edge(1, 2, "mentoring", D1, ended=D2), Edge(2, 3, "award", D1)]
    assert not build_graph(nodes, edges).has_edge(1, 2)  # today's network
    assert build_graph(nodes, edges, until=D1).has_edge(1, 2)
    assert not build_graph(nodes, edges, until=D2).has_edge(1, 2)  # ended that day
    assert not build_graph(nodes, edges, until=date(2023, 12, 31)).has_edge(1, 2)
    change = change_between(nodes, edges, D1, D3)
    assert change.ended_ties == [(1, 2, "mentoring", D2)]
    assert (change.ties_before, change.ties_after) == (2, 1)


def test_large_networks_are_laid_out_by_community_inside_the_square():
    from programs import network

    groups, edges = 6, []
    for g in range(groups):
        members = range(g * 200, (g + 1) * 200)
        edges += [Edge(a, a + 1, "award", D1) for a in members[:-1]]
        edges += [Edge(members[0], members[k], "cohort", D1) for k in range(2, 200, 7)]
    edges += [Edge(0, 200, "award", D1)]
    nodes = [Node(i) for i in range(groups * 200 + 5)]  # five without a tie
    graph = build_graph(nodes, edges)
    assert graph.number_of_nodes() > network.SPRING_LAYOUT_NODES
    summary = summarise(graph)
    positions = network.layout(graph, groups=summary.communities)
    assert positions == network.layout(graph, groups=summary.communities)  # fixed
    assert set(positions) == {n.id for n in nodes}
    assert all(0 <= x <= 1000 and 0 <= y <= 1000 for x, y in positions.values())

    def centre(group):
        xs, ys = zip(*(positions[n] for n in group))
        return sum(xs) / len(xs), sum(ys) / len(ys)

    def spread(group):
        cx, cy = centre(group)
        return max(((positions[n][0] - cx) ** 2 + (positions[n][1] - cy) ** 2) ** 0.5
                   for n in group)

    big = [c for c in summary.communities if len(c) > 1]
    a, b = centre(big[0]), centre(big[1])
    gap = ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
    assert gap > spread(big[0])  # communities are apart, each member near its own


def test_label_propagation_finds_planted_groups_above_the_louvain_size():
    """Four groups of 800 organisations, each member tied to eight others of its group drawn at
    random (fixed seed), and one tie between consecutive groups: the four groups are the
    communities."""
    import random

    from programs import network

    size, groups, rng = 800, 4, random.Random(5)
    edges = []
    for g in range(groups):
        members = list(range(g * size, (g + 1) * size))
        edges += [Edge(a, rng.choice(members), "award", D1) for a in members for _ in range(8)]
    edges += [Edge(g * size, (g + 1) * size + 5, "cohort", D1) for g in range(groups - 1)]
    random.Random(3).shuffle(edges)
    graph = build_graph([Node(i) for i in range(groups * size)], edges)
    assert graph.number_of_nodes() > network.LOUVAIN_MAX_NODES
    found = network.communities(graph)
    assert sorted(map(min, found)) == [g * size for g in range(groups)]
    assert all(len(c) == size for c in found)
    assert summarise(graph).modularity == pytest.approx(
        __import__("networkx").community.modularity(graph, found))
