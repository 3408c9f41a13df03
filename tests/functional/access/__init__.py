"""Who may use each route: one module per feature, merged by the route-walk test.

Each module defines ``EXPECTATIONS``: ``endpoint -> (method, url template, {actor: status})``
where the actors are ``anonymous``, ``buyer`` / ``other_buyer`` (lead firms), ``sme`` /
``other_sme`` (suppliers), ``manager`` / ``other_manager`` (programme operators) and ``admin``
(a platform administrator with no organisation); ``default`` covers the actors not named. A
module may define ``arrange(world) -> dict`` returning values for its URL templates, built for
the ``buyer``, ``sme`` and ``manager`` side (the ``other_*`` actors belong to other
organisations and must get 404 for those objects).
"""

from __future__ import annotations

import importlib
import pkgutil

ACTORS = ("anonymous", "buyer", "other_buyer", "sme", "other_sme", "manager", "other_manager",
          "admin")


def feature_modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def all_expectations() -> dict:
    merged = {}
    for module in feature_modules():
        for endpoint, expectation in module.EXPECTATIONS.items():
            assert endpoint not in merged, f"{endpoint} is expected in two modules"
            merged[endpoint] = expectation
    return merged


def expected_status(statuses: dict, actor: str) -> int:
    return statuses.get(actor, statuses.get("default"))
