"""The scoring table is complete and readable, and the engine's modules import without a cycle."""

import ast
from pathlib import Path

import networkx as nx

from matching import CRITERIA
from matching.features import FEATURE_TABLE, FEATURES
from matching.scoring import DEFAULT_FEATURE_WEIGHTS

PACKAGE = Path(__file__).resolve().parents[3] / "matching"


def test_every_feature_has_a_criterion_a_computation_and_a_monotone_direction():
    names = [f.name for f in FEATURE_TABLE]
    assert len(names) == len(set(names)) == len(FEATURES)
    for feature in FEATURE_TABLE:
        assert feature.criterion in CRITERIA and feature.how
        assert feature.direction == "non-decreasing"
    assert set(DEFAULT_FEATURE_WEIGHTS) <= set(FEATURES)
    assert sum(DEFAULT_FEATURE_WEIGHTS.values()) == pytest_approx_one()


def pytest_approx_one():
    import pytest

    return pytest.approx(1.0)


def test_the_matching_modules_import_without_a_cycle():
    graph = nx.DiGraph()
    for path in PACKAGE.glob("*.py"):
        module = path.stem
        graph.add_node(module)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module] if node.module else [a.name for a in node.names]
                for target in targets:
                    graph.add_edge(module, target.split(".")[0])
    assert nx.is_directed_acyclic_graph(graph), list(nx.simple_cycles(graph))
