"""Every API endpoint with a token of each actor: the same rules as the pages (another
organisation's object → 404), and the token rules (none, expired or revoked → 401, a read-only
token writing → 403)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from supplierlink.api.tokens import create_token, revoke_token
from supplierlink.db import utcnow
from tests.functional.access import ACTORS, FALLBACK, feature_modules
from tests.functional.access.api import URLS

OWNER_ONLY = {"buyer": 200, "admin": 200, "default": 404}
EVERYONE = {"default": 200}
READERS = {"manager": 200, "buyer": 200, "admin": 200, "default": 404}
GETS = {
    "me": EVERYONE, "organisations": EVERYONE, "requirements": EVERYONE,
    "applications": EVERYONE, "programmes": EVERYONE,
    "organisation": {"sme": 200, "admin": 200, "default": 404},
    # the SME applied to the buyer's requirement: the buyer sees its profile and certificates
    "supplier_profile": {"sme": 200, "buyer": 200, "admin": 200, "default": 404},
    "certifications": {"sme": 200, "buyer": 200, "admin": 200, "default": 404},
    "certification": {"sme": 200, "buyer": 200, "admin": 200, "default": 404},
    # the SME's application to the buyer's requirement: the two parties
    "application": {"sme": 200, "buyer": 200, "admin": 200, "default": 404},
    # an open requirement: its owner and every SME
    "requirement": {"buyer": 200, "sme": 200, "other_sme": 200, "admin": 200,
                    "default": 404},
    "candidates": {"buyer": 200, "default": 404},
    "programme": READERS, "enrolments": READERS,
    "enrolment": {**READERS, "sme": 200}, "milestones": {**READERS, "sme": 200},
    "kpis": {**READERS, "sme": 200},
}


def want(statuses, actor):
    """The status for ``actor``; the actors of a consent state answer as their kind's
    stranger unless a row says otherwise (as in the route walk)."""
    kind = API_FALLBACK.get(actor)
    if actor not in statuses and kind in statuses:
        return statuses[kind]
    return statuses.get(actor, statuses["default"])


#: a verifier checks certificates and reads nothing else through the API
API_FALLBACK = {key: value for key, value in FALLBACK.items() if key != "verifier"}


@pytest.fixture
def api_world(app, session, world):
    """The route walk's world (every actor, the consent states arranged by each feature), with
    a read and a read-write token for each actor."""
    w = world
    ids = {}
    with app.app_context():
        for module in feature_modules():
            if hasattr(module, "arrange"):
                ids.update(module.arrange(w))
        tokens = {actor: {scope: create_token(session, w.users[actor], "t", scope, 30).secret
                          for scope in ("read", "read_write")}
                  for actor in ACTORS if actor != "anonymous"}
    session.commit()
    return w, ids, tokens


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def test_every_get_endpoint_follows_the_pages_rules(client, api_world):
    _w, ids, tokens = api_world
    failures = []
    for name, statuses in GETS.items():
        url = URLS[name].format(**ids)
        for actor in ACTORS:
            secret = tokens.get(actor, {}).get("read")
            got = client.get(url, headers=bearer(secret))
            expected = 401 if actor == "anonymous" else want(statuses, actor)
            if got.status_code != expected:
                failures.append(f"{actor} GET {url}: {got.status_code}, want {expected}")
            elif expected >= 400 and got.mimetype != "application/problem+json":
                failures.append(f"{actor} GET {url}: error not in problem+json")
    assert not failures, "\n".join(failures)


def test_expired_and_revoked_tokens_are_refused_everywhere(client, session, api_world):
    w, ids, _tokens = api_world
    expired = create_token(session, w.users["buyer"], "old", "read_write", 1)
    expired.token.expires_at = utcnow() - timedelta(minutes=1)
    revoked = create_token(session, w.users["buyer"], "gone", "read_write", 30)
    revoke_token(session, revoked.token)
    session.commit()
    for name in GETS:
        url = URLS[name].format(**ids)
        for secret in (expired.secret, revoked.secret, "slk_not-a-token", None):
            got = client.get(url, headers=bearer(secret))
            assert got.status_code == 401, (name, secret)
            assert got.headers["WWW-Authenticate"].startswith("Bearer")
    for url in ("/api/v1/requirements", "/api/v1/applications"):
        for secret in (expired.secret, revoked.secret, None):
            assert client.post(url, json={}, headers=bearer(secret)).status_code == 401


def requirement_body(**extra):
    return {"title": "Mantención de chancadores", "categories": ["20101501"],
            "need_date": "2031-01-31", **extra}


def test_writes_need_a_read_write_token_and_the_right_organisation(client, api_world):
    _w, ids, tokens = api_world
    for actor in ACTORS[1:]:
        read_only = tokens[actor]["read"]
        for url, body in (("/api/v1/requirements", requirement_body()),
                          ("/api/v1/applications", {"requirement_id": ids["req_id"],
                                                    "message": "Podemos"})):
            got = client.post(url, json=body, headers=bearer(read_only))
            assert got.status_code == 403, (actor, url)
    posted = {}
    for actor in ACTORS[1:]:
        got = client.post("/api/v1/requirements", json=requirement_body(),
                          headers=bearer(tokens[actor]["read_write"]))
        posted[actor] = got.status_code
    lead_firms = ("buyer", "other_buyer", "invited_buyer")  # each posts for its own firm
    assert posted == {a: 201 if a in lead_firms else 403 for a in ACTORS[1:]}
    applied = {}
    for actor in ACTORS[1:]:
        got = client.post("/api/v1/applications", headers=bearer(tokens[actor]["read_write"]),
                          json={"requirement_id": ids["req_id"], "message": "Podemos"})
        applied[actor] = got.status_code
    # the SME has applied already (a rule of the service: 422); the other SME may apply
    assert applied == {**{a: 403 for a in ACTORS[1:]}, "sme": 422, "other_sme": 201,
                       "offered_sme": 201}


def test_bad_input_names_the_field_at_fault(client, api_world):
    _w, _ids, tokens = api_world
    got = client.post("/api/v1/requirements", json={"title": "", "categories": ["99999999"]},
                      headers=bearer(tokens["buyer"]["read_write"]))
    assert got.status_code == 422 and got.mimetype == "application/problem+json"
    assert "title" in {e["field"] for e in got.get_json()["errors"]}
    got = client.post("/api/v1/requirements", json=requirement_body(categories=["99999999"]),
                      headers=bearer(tokens["buyer"]["read_write"]))
    assert got.status_code == 422
    assert got.get_json()["errors"][0]["field"] in ("category_codes", "categories")
    got = client.get("/api/v1/requirements?cursor=zzz", headers=bearer(tokens["buyer"]["read"]))
    assert got.status_code == 422 and got.get_json()["errors"][0]["field"] == "cursor"


def test_text_with_a_nul_character_is_refused_not_a_server_error(client, api_world):
    _w, _ids, tokens = api_world
    got = client.post("/api/v1/requirements", headers=bearer(tokens["buyer"]["read_write"]),
                      json=requirement_body(preferred_standards=["ISO\x009001"]))
    assert got.status_code == 422
    assert got.get_json()["errors"][0]["field"] == "preferred_standards"


def test_the_list_of_programmes_names_exactly_the_programmes_each_actor_may_open(
        client, api_world):
    """The list and the programme itself follow one rule: a lead firm only invited to
    sponsor sees the programme in neither, the sponsor that accepted and the operator in
    both (and the web page lists what the API lists)."""
    _w, ids, tokens = api_world
    seen = {}
    for actor in ACTORS[1:]:
        headers = bearer(tokens[actor]["read"])
        listed = {p["id"] for p in client.get("/api/v1/programmes?limit=100",
                                              headers=headers).get_json()["items"]}
        opens = client.get(f"/api/v1/programmes/{ids['programme_id']}", headers=headers)
        assert (ids["programme_id"] in listed) == (opens.status_code == 200), actor
        for programme_id in listed:
            assert client.get(f"/api/v1/programmes/{programme_id}",
                              headers=headers).status_code == 200, (actor, programme_id)
        seen[actor] = ids["programme_id"] in listed
    assert seen["manager"] and seen["buyer"] and seen["admin"]
    assert not seen["invited_buyer"] and not seen["other_buyer"]


@pytest.mark.parametrize("listing, item", [
    ("/api/v1/organisations", "/api/v1/organisations/{}"),
    ("/api/v1/requirements", "/api/v1/requirements/{}"),
    ("/api/v1/applications", "/api/v1/applications/{}"),
    ("/api/v1/programmes", "/api/v1/programmes/{}"),
])
def test_every_item_a_list_names_opens_for_the_same_actor(client, api_world, listing, item):
    _w, _ids, tokens = api_world
    failures = []
    for actor in ACTORS[1:]:
        headers = bearer(tokens[actor]["read"])
        answer = client.get(f"{listing}?limit=100", headers=headers)
        assert answer.status_code == 200, (actor, listing)
        for found in answer.get_json()["items"]:
            got = client.get(item.format(found["id"]), headers=headers).status_code
            if got != 200:
                failures.append(f"{actor}: {listing} lists {found['id']}, which answers {got}")
    assert not failures, "\n".join(failures)
