"""Pages that render only what the user looks at: a requirement's candidates 20 a page (near
misses 10 a page) with one action form per card, the SME's opportunities from the stored
results, the buyer's requirements a page at a time, and static files cached and compressed."""

from __future__ import annotations

import gzip
import re

import pytest

from supplierlink.matches.services import rank_requirement
from supplierlink.requirements.services import (
    RequirementData,
    change_status,
    create_requirement,
)
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.opportunities import assess_open_requirements, stored_opportunities
from supplierlink.suppliers.services import ProfileData, update_profile
from tests.integration.test_suppliers_support import CODE, certify, fill_profile, open_requirement

CANDIDATES = re.compile(r'<article class="candidate" id="candidate-(\d+)"')


def _section(page: str, heading: str) -> str:
    start = page.index(f'aria-labelledby="{heading}"')
    end = page.find("</section>", start)
    return page[start:end]


@pytest.fixture
def ranked(app, session, make_org, make_user, login, reference_data):
    """A requirement with 23 qualified suppliers and 12 near misses (a region not served)."""
    buyer = make_org("lead_firm")
    with app.app_context():
        for i in range(23):
            org = make_org("sme", legal_name=f"Correas {i:02d} SpA", employees=5 + i * 12)
            update_profile(session, org, ProfileData(category_codes=[CODE], regions=["CL-AN"],
                                                     capacity=100.0 + i,
                                                     capacity_unit="t_month"))
        for i in range(12):
            org = make_org("sme", legal_name=f"Lejanas {i:02d} SpA", region="CL-TA")
            update_profile(session, org, ProfileData(category_codes=[CODE], regions=["CL-TA"]))
        req = create_requirement(session, buyer, None, RequirementData(
            title="Correas", category_codes=[CODE], regions=["CL-AN"]))
        change_status(session, req, "open")
        session.commit()  # the ranking job runs after the commit
        rank_requirement(session, req)
    login(make_user(buyer), buyer)
    return req


def test_candidates_come_20_a_page_and_near_misses_10(client, ranked):
    page = client.get(f"/requirements/{ranked.id}").get_data(as_text=True)
    first = CANDIDATES.findall(_section(page, "candidates-heading"))
    assert len(first) == 20
    assert len(CANDIDATES.findall(_section(page, "near-heading"))) == 10
    assert "(23)" in page and "(12)" in page
    page = client.get(f"/requirements/{ranked.id}?page=2&near_page=2").get_data(as_text=True)
    second = CANDIDATES.findall(_section(page, "candidates-heading"))
    assert len(second) == 3 and not set(first) & set(second)
    assert re.findall(r'<span class="rank">(\d+)\.</span>', _section(
        page, "candidates-heading")) == ["21", "22", "23"]
    assert len(CANDIDATES.findall(_section(page, "near-heading"))) == 2
    # a page past the last shows the last
    page = client.get(f"/requirements/{ranked.id}?page=9").get_data(as_text=True)
    assert CANDIDATES.findall(_section(page, "candidates-heading")) == second


def test_each_card_has_one_form_for_every_action(client, ranked):
    page = client.get(f"/requirements/{ranked.id}").get_data(as_text=True)
    cards = re.findall(r"<article.*?</article>", page, re.S)
    assert len(cards) == 30
    for card in cards:
        supplier_id = re.search(r'id="candidate-(\d+)"', card).group(1)
        assert card.count("<form") == 1
        assert f'action="/requirements/{ranked.id}/candidates/{supplier_id}/action"' in card
        assert set(re.findall(r'name="action" value="(\w+)"', card)) >= {
            "shortlist", "invite", "reject"}
        assert card.count(f'formaction="/requirements/{ranked.id}/candidates/{supplier_id}'
                          '/feedback"') == 2
    # the page's other forms: the filters, the status change and signing out
    assert page.count("<form") == 30 + 3


def test_filters_are_applied_before_paging(client, ranked):
    page = client.get(f"/requirements/{ranked.id}?size=micro").get_data(as_text=True)
    names = re.findall(r"Correas \d\d SpA", _section(page, "candidates-heading"))
    assert names == ["Correas 00 SpA"]  # 5 employees; the others have 17 or more
    page = client.get(f"/requirements/{ranked.id}?region=CL-TA").get_data(as_text=True)
    assert not CANDIDATES.findall(_section(page, "candidates-heading"))
    assert len(CANDIDATES.findall(_section(page, "near-heading"))) == 10
    assert "size=micro" in client.get(f"/requirements/{ranked.id}?size=micro&page=1").get_data(
        as_text=True)


def test_the_list_of_requirements_is_paged_by_status(app, client, session, make_org, make_user,
                                                     login, reference_data, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    buyer = make_org("lead_firm")
    with app.app_context():
        for i in range(3):
            req = create_requirement(session, buyer, None, RequirementData(
                title=f"Abierto {i}", category_codes=[CODE], regions=["CL-AN"]))
            change_status(session, req, "open")
        create_requirement(session, buyer, None, RequirementData(
            title="Borrador", category_codes=[CODE], regions=["CL-AN"]))
    login(make_user(buyer), buyer)
    first = client.get("/requirements/").get_data(as_text=True)
    second = client.get("/requirements/?page=2").get_data(as_text=True)
    opened = [re.findall(r"Abierto \d", page) for page in (first, second)]
    assert [len(names) for names in opened] == [2, 1]
    assert sorted(opened[0] + opened[1]) == ["Abierto 0", "Abierto 1", "Abierto 2"]
    assert "Borrador" in first and "Borrador" in second
    assert 'href="/requirements/?page=2"' in first
    assert client.get("/requirements/?page=0").status_code == 200


def test_static_files_are_versioned_cached_and_compressed(client):
    page = client.get("/login").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable and response.cache_control.public
    assert b".candidate" in gzip.decompress(response.get_data())
    stale = client.get("/static/css/app.css?v=000000000000")
    assert stale.cache_control.no_cache and not stale.cache_control.max_age
    response = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.fixture
def sme_world(app, session, make_org, make_user, reference_data):
    """An SME with ISO 9001 and open requirements it fits, nearly fits or is far from."""
    sme = make_org("sme", legal_name="Correas Andinas SpA")
    fill_profile(app, session, sme)
    certify(app, session, sme, "iso-9001")
    buyer_a, buyer_b = make_org("lead_firm"), make_org("lead_firm")
    reqs = {
        "fits": open_requirement(app, session, buyer_a, must=["iso-9001"], title="Calza"),
        # qualified too, without the preferred standard: a lower score
        "fits less": open_requirement(app, session, buyer_b, preferred=["iso-45001"],
                                      title="Calza menos"),
        "needs 14001": open_requirement(app, session, buyer_a, must=["iso-14001"],
                                        title="Falta 14001"),
        "two gaps": open_requirement(app, session, buyer_b, must=["iso-14001"],
                                     regions=["PE-LIM"], title="Dos brechas"),
        "far": open_requirement(app, session, buyer_b, must=["iso-14001"], regions=["PE-LIM"],
                                min_capacity=5000, title="Lejos"),
    }
    open_requirement(app, session, buyer_a, title="Borrador", status="draft")
    user = make_user(sme)
    session.commit()  # the rankings run after the commit
    return sme, user, reqs


def test_opportunities_are_the_stored_results_in_the_engine_order(app, session, sme_world):
    sme, _user, reqs = sme_world
    with app.test_request_context():
        stored = stored_opportunities(session, sme)
        engine = assess_open_requirements(session, sme)
    listed = [o.requirement_id for o in stored]
    assert listed == [reqs[k].id for k in ("fits", "fits less", "needs 14001", "two gaps")]
    # the engine says the same for each, in the same order; the far one is not stored
    assessed = {o.requirement_id: o for o in engine}
    assert [o.requirement_id for o in engine if o.requirement_id in listed] == listed
    assert reqs["far"].id in assessed and reqs["far"].id not in listed
    for item in stored:
        other = assessed[item.requirement_id]
        assert item.qualified == other.qualified
        assert item.score == pytest.approx(other.score, abs=1e-6)
        assert [(g["kind"], g["blocking"]) for g in item.gaps] == [
            (g["kind"], g["blocking"]) for g in other.gaps]
    assert [o.qualified for o in stored] == [True, True, False, False]


def test_the_opportunities_page_reads_stored_results_a_page_at_a_time(
        app, client, session, login, sme_world, monkeypatch):
    sme, user, reqs = sme_world
    with app.app_context():
        apply_to_requirement(session, sme, user, reqs["far"], "Podemos crecer")
    login(user, sme)
    monkeypatch.setitem(app.config, "PER_PAGE", 3)
    first = client.get("/supplier/opportunities", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    second = client.get("/supplier/opportunities?page=2",
                        headers={"Accept-Language": "en"}).get_data(as_text=True)
    titles = [re.findall(r'<h3><a href="/supplier/requirements/\d+">([^<]+)</a>', page)
              for page in (first, second)]
    # by fit: the score shown, highest first (a near miss may score above a qualified
    # requirement that lacks a preferred standard); the one without a stored score last
    assert titles == [["Calza", "Falta 14001", "Dos brechas"], ["Calza menos", "Lejos"]]
    assert "Not among the suppliers ranked first." in second  # applied, not stored
    assert "You qualify for 2 open requirements." in first
    assert "You would qualify for 1 open requirement from 1 buyer with ISO 14001." in first
    assert "Borrador" not in first + second


def test_open_requirements_not_stored_for_the_sme_are_counted(app, client, session, login,
                                                              sme_world):
    _sme, user, _reqs = sme_world
    login(user, _sme)
    page = client.get("/supplier/opportunities", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert ("1 other open requirement ranks you below its first suppliers or would need more "
            "work: it is not listed here.") in page
