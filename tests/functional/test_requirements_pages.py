"""The lead firm's requirement pages over HTTP: posting, editing with the version check,
status changes, and bad input answered with 422 and nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import post_requirement
from tests.integration.test_requirements_services import build_scenario, requirement_data


@pytest.fixture
def scenario(app, session, make_org, make_user, reference_data):
    return build_scenario(app, session, make_org, make_user)


GOOD_FORM = {
    "title": "Continuous miner overhaul",
    "description": "Overhaul of continuous miners in Antofagasta",
    "category_codes": "20101501",
    "must_standards": "ISO 9001:2015",  # an alias, resolved through the catalogue
    "preferred_standards": "",
    "min_capacity": "50",
    "capacity_unit": "t_month",
    "regions": "cl-an",
    "delivery_site": "Sierra  Gorda",
    "need_date": (date.today() + timedelta(days=90)).isoformat(),
}


@pytest.fixture(autouse=True)
def english(client):
    """The messages asserted below are the English ones."""
    client.set_cookie("lang", "en")


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Requirement))


def test_posting_and_publishing_a_requirement(client, login, session, scenario):
    login(scenario["user"], scenario["buyer"])
    response = client.post("/requirements/new", data={**GOOD_FORM, "publish": "1"})
    assert response.status_code == 302
    req = session.scalars(select(Requirement).where(
        Requirement.organisation_id == scenario["buyer"].id)).one()
    assert req.status == "open"
    assert [rs.standard.key for rs in req.standards] == ["iso-9001"]
    assert [r.region_code for r in req.regions] == ["CL-AN"]
    assert req.delivery_site == "Sierra Gorda"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sierra Gorda" in page
    assert "Maestranza Uno" in page and "Talleres Dos" in page
    assert "No ISO 9001 certificate" in page  # the near miss's gap, in plain language
    assert "<svg" in page


def test_saving_a_draft(client, login, session, scenario):
    login(scenario["user"], scenario["buyer"])
    response = client.post("/requirements/new", data={**GOOD_FORM, "publish": "0"})
    assert response.status_code == 302
    assert session.scalars(select(Requirement.status)).all() == ["draft"]


@pytest.mark.parametrize("field, value, message", [
    ("category_codes", "20101501, 99999999", "not in the taxonomy: 99999999"),
    ("must_standards", "Totally Unknown Standard", "Unknown standards: Totally Unknown Standard"),
    ("need_date", (date.today() - timedelta(days=3)).isoformat(), "The need date is in the past"),
    ("min_capacity", "-10", "Give a number between 0 and"),
    ("need_date", "not a date", "Not a valid date value"),
    ("delivery_site", "x" * 121, "Field cannot be longer than 120 characters"),
])
def test_bad_input_is_answered_with_422(client, login, session, scenario, field, value,
                                        message):
    login(scenario["user"], scenario["buyer"])
    before = _count(session)
    response = client.post("/requirements/new", data={**GOOD_FORM, field: value, "publish": "1"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(session) == before


def _posted(app, session, scenario, **overrides):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"],
                               requirement_data(**overrides), publish=True)
        session.flush()
    return req


def test_editing_with_the_current_version(app, client, login, session, scenario):
    req = _posted(app, session, scenario)
    login(scenario["user"], scenario["buyer"])
    form = client.get(f"/requirements/{req.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{req.version}"' in form
    response = client.post(f"/requirements/{req.id}/edit",
                           data={**GOOD_FORM, "title": "Renamed", "version": str(req.version)})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Requirement, req.id).title == "Renamed"


def test_a_stale_edit_is_refused(app, client, login, session, scenario):
    req = _posted(app, session, scenario)
    stale = req.version
    login(scenario["user"], scenario["buyer"])
    assert client.post(f"/requirements/{req.id}/edit", data={
        **GOOD_FORM, "title": "First", "version": str(stale)}).status_code == 302
    response = client.post(f"/requirements/{req.id}/edit",
                           data={**GOOD_FORM, "title": "Second", "version": str(stale)})
    assert response.status_code == 422
    assert "Someone else changed this requirement" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Requirement, req.id).title == "First"


def test_closing_and_reopening(app, client, login, session, scenario):
    req = _posted(app, session, scenario)
    login(scenario["user"], scenario["buyer"])
    version = req.version
    asked = client.post(f"/requirements/{req.id}/status",
                        data={"status": "closed", "version": version})
    assert asked.status_code == 200 and "Yes, close" in asked.get_data(as_text=True)
    session.expire_all()
    assert session.get(Requirement, req.id).status == "open"
    response = client.post(f"/requirements/{req.id}/status",
                           data={"status": "closed", "version": version, "confirm": "1"})
    assert response.status_code == 302
    session.expire_all()
    req = session.get(Requirement, req.id)
    assert req.status == "closed"
    stale = client.post(f"/requirements/{req.id}/status", data={"status": "open",
                                                                "version": version})
    assert stale.status_code == 422
    session.expire_all()
    assert session.get(Requirement, req.id).status == "closed"


def test_an_impossible_status_change_is_422(app, client, login, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data())
        session.flush()
    login(scenario["user"], scenario["buyer"])
    response = client.post(f"/requirements/{req.id}/status",
                           data={"status": "closed", "version": req.version})
    assert response.status_code == 422
    assert "cannot become" in response.get_data(as_text=True)


def test_the_dashboard_lists_requirements_with_counts(app, client, login, session,
                                                       scenario):
    _posted(app, session, scenario, title="Open one")
    with app.app_context():
        post_requirement(session, scenario["buyer"], scenario["user"],
                         requirement_data(title="Draft one"))
        session.flush()
    login(scenario["user"], scenario["buyer"])
    for url in ("/dashboard", "/requirements/"):
        page = client.get(url).get_data(as_text=True)
        assert "Open one" in page and "Draft one" in page
        assert "Drafts" in page
    # one qualified supplier and one near miss for the open requirement
    assert '<td class="num">1</td>\n            <td class="num">1</td>' in page


def test_another_lead_firm_gets_404(app, client, login, session, make_org, make_user,
                                    scenario):
    req = _posted(app, session, scenario)
    other = make_org("lead_firm")
    login(make_user(other), other)
    assert client.get(f"/requirements/{req.id}").status_code == 404
    assert client.post(f"/requirements/{req.id}/edit", data={
        **GOOD_FORM, "version": str(req.version)}).status_code == 404


def test_the_page_says_when_the_ranking_was_updated_or_that_it_is_updating(
        app, client, login, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data(),
                               publish=True)
    session.commit()  # ranked by the job after the commit
    session.refresh(req)
    login(scenario["user"], scenario["buyer"])
    page = client.get(f"/requirements/{req.id}").get_data(as_text=True)
    assert "Ranking updated" in page and "Updating the ranking" not in page
    assert 'http-equiv="refresh"' not in page

    # a change the ranking job has not taken in yet (as while a worker is busy)
    session.execute(Requirement.__table__.update().where(Requirement.id == req.id).values(
        rank_requested_at=req.ranked_at + timedelta(seconds=1)))
    session.commit()
    page = client.get(f"/requirements/{req.id}").get_data(as_text=True)
    assert "Updating the ranking" in page and 'http-equiv="refresh"' in page


@pytest.mark.parametrize("endpoint, key, values", [
    ("requirements.show", "req_id", {}),
    ("requirements.candidate_action", "supplier_id", {"req_id": 17, "region": "CL-AN"}),
    ("requirements.feedback", "supplier_id", {"req_id": 9223372036854775807, "page": 2}),
])
def test_urls_built_once_per_page_match_url_for(app, endpoint, key, values):
    from flask import url_for

    from supplierlink.urls import url_for_each

    with app.test_request_context("/"):
        each = url_for_each(endpoint, key, **values)
        for ident in (1, 42, 9223372036854775807):
            assert each(ident) == url_for(endpoint, **{key: ident}, **values)
