"""An SME searches, filters and sorts its opportunities; the order shown is the order named."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from supplierlink.requirements.services import RequirementData, post_requirement
from tests.functional.scenarios import make_sme


@pytest.fixture
def market(app, session, make_org, make_user, reference_data):
    today = date.today()
    with app.app_context():
        north = make_org("lead_firm", legal_name="Minera Norte SA")
        south = make_org("lead_firm", legal_name="Cobre Sur SA")
        north_user, south_user = make_user(north), make_user(south)
        sme, sme_user = make_sme(session, make_org, make_user)
        reqs = {
            "belts": post_requirement(session, north, north_user, RequirementData(
                title="Correas transportadoras Escondida", category_codes=["20101501"],
                regions=["CL-AN"], need_date=today + timedelta(days=90)), publish=True),
            "iso14001": post_requirement(session, south, south_user, RequirementData(
                title="Mantención de poleas", category_codes=["20101501"], regions=["CL-AN"],
                must_standards=["iso-14001"], need_date=today + timedelta(days=20)),
                publish=True),
            "far": post_requirement(session, south, south_user, RequirementData(
                title="Correas para Arequipa", category_codes=["20101501"], regions=["PE-ARE"],
                must_standards=["iso-14001"], need_date=today + timedelta(days=200)),
                publish=True),
        }
        session.commit()
    return sme, sme_user, reqs


def _titles(client, query="") -> list[str]:
    page = client.get("/supplier/opportunities" + query).get_data(as_text=True)
    return re.findall(r'<h3><a href="/supplier/requirements/\d+">([^<]+)</a></h3>', page)


def _scores(client, query="") -> list[int]:
    page = client.get("/supplier/opportunities" + query).get_data(as_text=True)
    return [int(s) for s in re.findall(r"Fit (\d+)/100", page)]


def test_search_filter_and_sort(client, login, market):
    sme, user, reqs = market
    client.set_cookie("lang", "en")
    login(user, sme)
    assert len(_titles(client)) == 3
    scores = _scores(client)
    assert scores == sorted(scores, reverse=True)  # by fit: the scores shown go down
    assert _titles(client, "?q=mantencion") == ["Mantención de poleas"]
    assert _titles(client, "?q=correas&fit=qualify") == ["Correas transportadoras Escondida"]
    # a near miss lacks one or two things (Arequipa lacks two: the region and the standard)
    assert set(_titles(client, "?fit=near")) == {"Mantención de poleas", "Correas para Arequipa"}
    assert set(_titles(client, f"?buyer={reqs['far'].organisation_id}")) == {
        "Mantención de poleas", "Correas para Arequipa"}
    assert _titles(client, "?region=PE") == ["Correas para Arequipa"]
    assert _titles(client, "?sort=need_date") == [
        "Mantención de poleas", "Correas transportadoras Escondida", "Correas para Arequipa"]
    before = (date.today() + timedelta(days=100)).isoformat()
    assert set(_titles(client, f"?before={before}")) == {
        "Mantención de poleas", "Correas transportadoras Escondida"}
    assert _titles(client, "?sort=newest")[0] == "Correas para Arequipa"
    assert client.get("/supplier/opportunities?after=nonsense&buyer=x").status_code == 200
