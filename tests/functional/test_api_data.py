"""What the API returns: cursor pages, filters, candidates with the pages' explanations."""

from __future__ import annotations

from sqlalchemy import select

from supplierlink.api.tokens import create_token
from supplierlink.organisations.models import Organisation
from tests.functional.test_api_access import (
    api_world,  # noqa: F401  (fixture)
    bearer,
)


def test_cursor_pages_cover_every_row_once_and_filters_apply(client, session, api_world):  # noqa: F811
    _w, _ids, tokens = api_world
    admin = bearer(tokens["admin"]["read"])
    seen, url = [], "/api/v1/organisations?limit=2"
    while url:
        page = client.get(url, headers=admin).get_json()
        assert len(page["items"]) <= 2
        seen += [o["id"] for o in page["items"]]
        url = f"/api/v1/organisations?limit=2&cursor={page['next_cursor']}" \
            if page["next_cursor"] else None
    assert seen == sorted(session.scalars(select(Organisation.id)))
    smes = client.get("/api/v1/organisations?kind=sme&limit=100", headers=admin).get_json()
    assert smes["items"] and {o["kind"] for o in smes["items"]} == {"sme"}
    bad = client.get("/api/v1/organisations?kind=nope", headers=admin)
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "kind"


def test_candidates_carry_scores_reasons_and_gaps(client, session, api_world):  # noqa: F811
    _w, ids, tokens = api_world
    got = client.get(f"/api/v1/requirements/{ids['req_id']}/candidates",
                     headers=bearer(tokens["buyer"]["read"]))
    body = got.get_json()
    assert got.status_code == 200 and body["requirement_id"] == ids["req_id"]
    everyone = body["candidates"] + body["near_misses"]
    assert everyone, "the requirement was ranked when posted"
    for card in everyone:
        assert 0 <= card["score"] <= 100 and card["criteria"]
        assert all({"kind", "blocking", "text"} <= set(g) for g in card["gaps"])
    assert all(any(g["blocking"] for g in c["gaps"]) for c in body["near_misses"])


def test_a_user_sees_only_their_organisations_and_the_token_is_stored_hashed(
        client, session, api_world):  # noqa: F811
    w, _ids, tokens = api_world
    listed = client.get("/api/v1/organisations", headers=bearer(tokens["sme"]["read"]))
    assert [o["id"] for o in listed.get_json()["items"]] == [w.orgs["sme"].id]
    new = create_token(session, w.users["sme"], "ERP", "read", 10)
    assert new.secret not in (new.token.token_hash, new.token.prefix)
    assert new.token.prefix == new.secret[:12]
