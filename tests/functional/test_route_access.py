"""Every URL rule of the app, tried by every kind of actor: anonymous, members of the owning
organisations, members of other organisations, and an administrator. A new route without an
expectation in ``tests/functional/access/`` fails here, so nobody forgets to decide."""

from __future__ import annotations

import pytest

from tests.functional.access import (
    ACTORS,
    all_expectations,
    all_rows,
    arranged,
    expected_status,
)


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
    ids = arranged(app, world)
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
