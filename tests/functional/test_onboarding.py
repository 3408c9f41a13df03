"""A new SME is led through the steps that make it matchable: categories found by everyday
words in es/pt/en, regions chosen by name (its home region offered), capacity and a
description, a first certificate; a completeness meter; the country list starts with the
region's countries in the user's language."""

from __future__ import annotations

import re

import pytest

from supplierlink.geo import country_choices
from supplierlink.onboarding.everyday import everyday_codes, find_categories
from supplierlink.onboarding.services import current_profile


@pytest.mark.parametrize("words, code", [
    ("mantención", "73152100"), ("Mantenimiento de chancadores", "73152100"),
    ("EPP", "46180000"), ("epi", "46180000"), ("PPE", "46180000"),
    ("correas transportadoras", "24101715"), ("correias transportadoras", "24101715"),
    ("conveyor belt", "24101715"), ("soldadura", "23171500"), ("laboratório", "81141500"),
])
def test_everyday_words_find_their_codes(words, code):
    assert code in everyday_codes(words)


def test_titles_are_searched_in_every_language(app, session, reference_data):
    with app.app_context():
        found = [c.code for c in find_categories(session, "poleas", "en")]
        assert "24101716" in found  # "Poleas de transportador", searched in Spanish
        assert find_categories(session, "EPP", "es")[0].code == "46180000"


def test_the_steps_fill_the_meter(app, client, session, login, make_org, make_user,
                                  reference_data):
    sme = make_org("sme", region="CL-AN")
    user = make_user(sme)
    client.set_cookie("lang", "es")
    login(user, sme)
    page = client.get("/supplier/onboarding/").get_data(as_text=True)
    assert 'value="0"' in page
    # the home region is offered, ticked, and regions are names
    assert re.search(r'value="CL-AN" checked> Antofagasta', page)
    found = client.get("/supplier/onboarding/?q=correas+transportadoras").get_data(as_text=True)
    assert 'value="24101715"' in found
    assert client.post("/supplier/onboarding/categories",
                       data={"code": ["24101715", "73152100"]}).status_code == 302
    assert client.post("/supplier/onboarding/regions",
                       data={"region": ["CL-AN", "CL-AT"]}).status_code == 302
    assert client.post("/supplier/onboarding/capacity", data={
        "capacity": "2500", "capacity_unit": "m_month",
        "capabilities_text": "Vulcanizado de correas"}).status_code == 302
    session.expire_all()
    data = current_profile(session, sme)
    assert data.category_codes == ["24101715", "73152100"]
    assert data.regions == ["CL-AN", "CL-AT"] and data.capacity == 2500
    page = client.get("/supplier/onboarding/").get_data(as_text=True)
    assert 'value="75"' in page  # three of four steps: the certificate is missing
    bad = client.post("/supplier/onboarding/capacity", data={"capacity": "mucho"})
    assert bad.status_code == 422
    assert client.post("/supplier/onboarding/regions", data={}).status_code == 422


def test_the_country_list_starts_with_the_region_in_the_users_language():
    names = [name for _code, name in country_choices("pt")]
    assert names[0] == "Argentina" and "Alemanha" in names
    assert names.index("Venezuela") < names.index("Alemanha")
    assert names.index("Brasil") < names.index("Estados Unidos")
