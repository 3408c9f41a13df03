"""Every URL rule of the app, tried as an anonymous visitor, as a member of the owning
organisation and as a member of another organisation. A new route without an expectation here
fails the test, so nobody forgets to decide who may use it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class World:
    owner_org: object
    owner: object
    other_org: object
    other: object

    def ids(self) -> dict:
        return {"org_id": self.owner_org.id}


# endpoint -> (method, url template, {audience: expected status})
# audiences: anonymous, owner (member of the owning organisation), other (another organisation)
LOGIN = 302  # anonymous visitors are sent to sign in
EXPECTATIONS = {
    "static": ("GET", "/static/css/app.css", {"anonymous": 200, "owner": 200, "other": 200}),
    "main.home": ("GET", "/", {"anonymous": 200, "owner": 302, "other": 302}),
    "main.dashboard": ("GET", "/dashboard", {"anonymous": LOGIN, "owner": 200, "other": 200}),
    "main.set_language": ("GET", "/language/en", {"anonymous": 302, "owner": 302, "other": 302}),
    "auth.login": ("GET", "/login", {"anonymous": 200, "owner": 200, "other": 200}),
    "auth.logout": ("POST", "/logout", {"anonymous": LOGIN, "owner": 302, "other": 302}),
    "auth.register": ("GET", "/register", {"anonymous": 200, "owner": 302, "other": 302}),
    "organisations.show": ("GET", "/organisations/{org_id}",
                           {"anonymous": LOGIN, "owner": 200, "other": 404}),
    "organisations.edit": ("GET", "/organisations/{org_id}/edit",
                           {"anonymous": LOGIN, "owner": 200, "other": 404}),
}


@pytest.fixture
def world(make_org, make_user):
    owner_org = make_org("sme")
    other_org = make_org("sme")
    return World(owner_org, make_user(owner_org), other_org, make_user(other_org))


def test_every_route_has_an_expectation(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTATIONS), (
        f"routes without an expectation: {sorted(endpoints - set(EXPECTATIONS))}; "
        f"stale expectations: {sorted(set(EXPECTATIONS) - endpoints)}")


@pytest.mark.parametrize("audience", ["anonymous", "owner", "other"])
def test_who_may_use_each_route(client, login, world, audience):
    user = {"anonymous": None, "owner": world.owner, "other": world.other}[audience]
    org = {"anonymous": None, "owner": world.owner_org, "other": world.other_org}[audience]
    failures = []
    for endpoint, (method, template, expected) in EXPECTATIONS.items():
        login(user, org)
        url = template.format(**world.ids())
        response = client.open(url, method=method)
        response.close()
        if response.status_code != expected[audience]:
            failures.append(f"{endpoint} {method} {url}: {response.status_code} != {expected[audience]}")
        if audience == "anonymous" and expected[audience] == LOGIN and endpoint != "main.set_language":
            assert "/login" in response.headers["Location"], endpoint
    assert not failures, "\n".join(failures)
