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
