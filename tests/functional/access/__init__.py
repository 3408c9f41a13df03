"""Who may use each route: one module per feature, merged by the route-walk test.

Each module defines ``EXPECTATIONS``: ``endpoint -> (method, url template, {actor: status})``
and may define ``EXTRA``: further ``(endpoint, method, url template, {actor: status})`` rows for
the same endpoints (its POST when the main row is a GET, or an object in another state). Every
endpoint that accepts POST must have a POST row.

The actors are ``anonymous``; ``buyer`` / ``other_buyer`` (lead firms; ``buyer`` sponsors the
manager's programme, having accepted); ``invited_buyer`` (a lead firm invited to sponsor that
programme that has not accepted: a non-consenting organisation); ``sme`` / ``other_sme``
(suppliers; ``sme`` accepted its enrolment and applied to the buyer's requirement);
``offered_sme`` (an SME offered enrolment that has not answered); ``manager`` /
``other_manager`` (programme operators); ``admin`` (a platform administrator with no
organisation) and ``verifier`` (an account an administrator appointed to verify certificates).
``default`` covers the actors not named; an actor not named falls back first to the actor in
``FALLBACK`` (a non-consenting organisation is treated like a stranger unless a row says
otherwise). A module may define ``arrange(world) -> dict`` returning values for its URL
templates.
"""

from __future__ import annotations

import importlib
import pkgutil

ACTORS = ("anonymous", "buyer", "other_buyer", "invited_buyer", "sme", "other_sme",
          "offered_sme", "manager", "other_manager", "admin", "verifier")
FALLBACK = {"invited_buyer": "other_buyer", "offered_sme": "other_sme", "verifier": "admin"}


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


def all_rows() -> list[tuple[str, str, str, dict]]:
    """Every row to walk: the main expectation of each endpoint and the extra ones."""
    rows = [(endpoint, method, url, statuses)
            for endpoint, (method, url, statuses) in all_expectations().items()]
    for module in feature_modules():
        rows.extend(getattr(module, "EXTRA", ()))
    return rows


def expected_status(statuses: dict, actor: str) -> int:
    if actor in statuses:
        return statuses[actor]
    if FALLBACK.get(actor) in statuses:
        return statuses[FALLBACK[actor]]
    return statuses.get("default")


def arranged(app, world) -> dict:
    """Every feature's objects for the world's actors; returns the ids the URLs name."""
    ids = {}
    for module in feature_modules():
        if hasattr(module, "arrange"):
            with app.app_context():
                new = module.arrange(world)
            clash = set(new) & set(ids)
            assert not clash, f"{module.__name__} reuses the URL names {sorted(clash)}"
            ids.update(new)
    # kept for the whole test: a request that rolls back must not take the arranged rows along
    world.session.commit()
    return ids
