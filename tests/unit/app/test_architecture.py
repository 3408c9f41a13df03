"""The shape of the code: features announce what happened through the signals module instead
of calling the matching service to re-rank, and the pure cores import nothing of the app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "supplierlink"
#: what re-ranks or re-fits: only matching itself (and its subscribers) may call it
MATCHING_WORK = {"supplier_changed", "rank_requirement", "rank_all_open", "record_change",
                 "reset_engine_cache",
                 "rerank_open_requirements", "rerank_requirement"}
#: loaders that build data in bulk and rank once at the end, outside any request
LOADERS = {"supplierlink/demo.py", "supplierlink/demo_scale.py", "supplierlink/cli.py",
           "supplierlink/programmes/demo.py"}


def imports(path: Path):
    """``(module, name)`` for every name a file imports, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                yield node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None


def app_files():
    return [p for p in APP.rglob("*.py") if "translations" not in p.parts]


def test_features_announce_changes_instead_of_calling_matching():
    offenders = []
    for path in app_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("supplierlink/matches/") or rel in LOADERS:
            continue
        for module, name in imports(path):
            if module == "supplierlink.matches.subscribers" or (
                    module == "supplierlink.matches.services" and name in MATCHING_WORK):
                offenders.append(f"{rel}: {module}.{name}")
    assert offenders == []


def test_the_cores_import_nothing_of_the_app():
    for core in ("matching", "programs"):
        for path in (ROOT / core).rglob("*.py"):
            for module, _name in imports(path):
                top = module.split(".")[0]
                assert top not in ("supplierlink", "flask", "sqlalchemy"), (path, module)


def package_of(module: str) -> str | None:
    """The feature package a module belongs to (``supplierlink.<package>.…``), if any."""
    parts = module.split(".")
    if parts[0] != "supplierlink" or len(parts) < 2:
        return None
    return parts[1] if (APP / parts[1]).is_dir() else None


def feature_imports():
    """``(package, imported package, where)`` for every import of another feature package's
    code other than its models (the shared domain every feature reads), outside the loaders."""
    for path in app_files():
        rel = path.relative_to(APP)
        if len(rel.parts) < 2 or path.relative_to(ROOT).as_posix() in LOADERS:
            continue
        for module, name in imports(path):
            target = package_of(module)
            if target is None or target == rel.parts[0]:
                continue
            if module.endswith(".models") or ".models." in module or name == "models":
                continue
            yield rel.parts[0], target, f"{rel.as_posix()}: {module}.{name}"


def test_feature_packages_do_not_import_each_other_in_a_circle():
    """Shared helpers (access, paging, uploads, spreadsheet cells) live in top-level modules, so
    the feature packages form layers: no package reaches back to one that uses it."""
    import networkx as nx

    graph, where = nx.DiGraph(), {}
    for source, target, line in feature_imports():
        graph.add_edge(source, target)
        where.setdefault((source, target), line)
    cycles = [[where[(a, b)] for a, b in zip(c, c[1:] + c[:1])]
              for c in nx.simple_cycles(graph)]
    assert cycles == []
