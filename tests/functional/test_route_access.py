"""Every URL rule of the app, tried by every kind of actor: anonymous, members of the owning
organisations, members of other organisations, and an administrator. A new route without an
expectation in ``tests/functional/access/`` fails here, so nobody forgets to decide."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.functional.access import (
    ACTORS,
    all_expectations,
    all_rows,
    expected_status,
    feature_modules,
)


@dataclass
class World:
    """Two organisations of each kind, each with an owner, a lead firm invited to sponsor that
    has not answered, an SME offered enrolment that has not answered, an administrator and a
    verifier (the invitation and the offer are made by the programmes module's arrange)."""

    app: object
    session: object
    make_org: object
    make_user: object
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


@pytest.fixture
def world(app, session, make_org, make_user, reference_data):
    w = World(app, session, make_org, make_user)
    for actor, kind in (("buyer", "lead_firm"), ("other_buyer", "lead_firm"),
                        ("invited_buyer", "lead_firm"), ("sme", "sme"), ("other_sme", "sme"),
                        ("offered_sme", "sme"), ("manager", "programme_operator"),
                        ("other_manager", "programme_operator")):
        w.orgs[actor] = make_org(kind)
        w.users[actor] = make_user(w.orgs[actor])
    w.users["admin"] = make_user(None, is_admin=True)
    w.users["verifier"] = make_user(None)
    w.users["verifier"].is_verifier = True
    session.flush()
    return w


def test_every_route_has_an_expectation(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    expected = set(all_expectations())
    assert endpoints == expected, (
        f"routes without an expectation: {sorted(endpoints - expected)}; "
        f"stale expectations: {sorted(expected - endpoints)}")


def test_every_post_route_has_a_post_row(app):
    """State changes are where consent matters: each one is walked, not only its page."""
    posting = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    walked = {endpoint for endpoint, method, _url, _statuses in all_rows() if method == "POST"}
    assert posting <= walked, f"POST routes without a POST row: {sorted(posting - walked)}"


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_use_each_route(app, client, login, world, actor):
    ids = {}
    for module in feature_modules():
        if hasattr(module, "arrange"):
            with app.app_context():
                ids.update(module.arrange(world))
    failures = []
    for endpoint, method, template, statuses in all_rows():
        login(world.users.get(actor), world.orgs.get(actor))
        url = template.format(**ids)
        response = client.open(url, method=method)
        response.close()
        want = expected_status(statuses, actor)
        if response.status_code != want:
            failures.append(f"{endpoint} {method} {url}: got {response.status_code}, want {want}")
        elif (actor == "anonymous" and want == 302 and endpoint != "main.set_language"
              and "/login" not in response.headers["Location"]):
            failures.append(f"{endpoint}: anonymous visitors must be sent to sign in")
    assert not failures, "\n".join(failures)
