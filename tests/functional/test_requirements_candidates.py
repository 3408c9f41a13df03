"""The buyer's actions on candidates: shortlist, invite, reject with a reason, award, feedback,
filters, and the shortlist export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from supplierlink.exports.cells import safe_cell
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement
from supplierlink.requirements.services import post_requirement
from tests.integration.test_requirements_services import build_scenario, requirement_data


@pytest.fixture
def scenario(app, session, make_org, make_user, reference_data):
    return build_scenario(app, session, make_org, make_user)


@pytest.fixture
def posted(app, client, login, session, scenario):
    client.set_cookie("lang", "en")
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data(),
                               publish=True)
        session.flush()
    login(scenario["user"], scenario["buyer"])
    return req


def _act(client, req, supplier, **data):
    return client.post(f"/requirements/{req.id}/candidates/{supplier.id}/action", data=data)


def _application(session, req, supplier):
    session.expire_all()
    return session.scalar(select(Application).where(Application.requirement_id == req.id,
                                                    Application.supplier_id == supplier.id))


def test_the_page_shows_badges_gaps_and_the_programme_hook_place(client, posted, scenario):
    page = client.get(f"/requirements/{posted.id}").get_data(as_text=True)
    assert "ISO 9001 · Verified" in page
    assert "No ISO 9001 certificate" in page and "Obtain the certificate" in page
    assert page.index("Maestranza Uno") < page.index("Near misses") < page.index("Talleres Dos")


def test_invite_then_shortlist_then_award(client, session, posted, scenario):
    supplier = scenario["qualified"]
    name = supplier.display_name
    assert _act(client, posted, supplier, action="invite").status_code == 302
    assert _application(session, posted, supplier).status == "invited"
    page = client.get(f"/requirements/{posted.id}").get_data(as_text=True)
    assert f"{name} was invited to apply." in page
    assert _act(client, posted, supplier, action="shortlist").status_code == 302
    assert _application(session, posted, supplier).status == "shortlisted"
    page = client.get(f"/requirements/{posted.id}").get_data(as_text=True)
    assert f"{name} was shortlisted." in page
    # awarding asks first, and nothing changes until the buyer confirms
    asked = _act(client, posted, supplier, action="award")
    assert asked.status_code == 200
    assert f"to {name}?" in asked.get_data(as_text=True)
    assert _application(session, posted, supplier).status == "shortlisted"
    assert _act(client, posted, supplier, action="award", confirm="1").status_code == 302
    assert _application(session, posted, supplier).status == "awarded"
    page = client.get(f"/requirements/{posted.id}").get_data(as_text=True)
    assert f"The requirement was awarded to {name}." in page
    assert session.get(Requirement, posted.id).status == "awarded"


def test_reject_needs_a_reason(client, session, posted, scenario):
    supplier = scenario["near"]
    response = _act(client, posted, supplier, action="reject", reason="  ")
    assert response.status_code == 422
    assert "Say why" in response.get_data(as_text=True)
    assert _application(session, posted, supplier) is None
    assert _act(client, posted, supplier, action="reject",
                reason="No ISO 9001 yet").status_code == 302
    application = _application(session, posted, supplier)
    assert (application.status, application.status_reason) == ("rejected", "No ISO 9001 yet")


def test_an_impossible_action_is_422_and_changes_nothing(client, session, posted, scenario):
    supplier = scenario["qualified"]
    _act(client, posted, supplier, action="shortlist")
    response = _act(client, posted, supplier, action="invite")
    assert response.status_code == 422
    assert "Not possible for an application that is Shortlisted" in response.get_data(as_text=True)
    assert _application(session, posted, supplier).status == "shortlisted"


def test_the_same_action_twice_answers_as_the_first_did(client, session, posted, scenario):
    supplier = scenario["qualified"]
    assert _act(client, posted, supplier, action="invite").status_code == 302
    assert _act(client, posted, supplier, action="invite").status_code == 302
    assert _application(session, posted, supplier).status == "invited"


def test_a_supplier_that_is_no_candidate_is_404(client, posted, make_org):
    stranger = make_org("lead_firm")
    assert _act(client, posted, stranger, action="shortlist").status_code == 404


def test_feedback_is_stored_and_can_change(client, session, posted, scenario):
    supplier = scenario["near"]
    url = f"/requirements/{posted.id}/candidates/{supplier.id}/feedback"
    assert client.post(url, data={"value": "1"}).status_code == 302
    assert client.post(url, data={"value": "-1"}).status_code == 302
    assert client.post(url, data={"value": "7"}).status_code == 422
    session.expire_all()
    values = session.scalars(select(BuyerFeedback.value).where(
        BuyerFeedback.requirement_id == posted.id)).all()
    assert values == [-1]


def test_filters(app, client, session, posted, scenario, make_org):
    page = client.get(f"/requirements/{posted.id}?verified=1").get_data(as_text=True)
    assert "Maestranza Uno" in page and "Talleres Dos" not in page
    page = client.get(f"/requirements/{posted.id}?region=PE").get_data(as_text=True)
    assert "Maestranza Uno" not in page and "No supplier meets every must-have" in page
    page = client.get(f"/requirements/{posted.id}?size=large").get_data(as_text=True)
    assert "Maestranza Uno" not in page


def test_shortlist_export_is_excel_safe_csv(app, client, session, posted, scenario):
    supplier = scenario["qualified"]
    supplier.trade_name = "=HYPERLINK(\"http://evil\")"
    session.commit()
    _act(client, posted, supplier, action="shortlist")
    response = client.get(f"/requirements/{posted.id}/shortlist.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Supplier" and len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK(\"http://evil\")"
    assert rows[1][8] == "Shortlisted"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+5", "'+5"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("Maestranza", "Maestranza"), (None, ""), (42, "42"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def _ranked_crusher_maintenance(session, make_org, status="draft"):
    """A buyer in Antofagasta, one SME offering exactly its category with three times the
    minimum capacity, and the requirement ranked."""
    from supplierlink.matches.services import rank_requirement
    from supplierlink.requirements.services import RequirementData, create_requirement
    from supplierlink.suppliers.services import ProfileData, update_profile

    buyer = make_org("lead_firm", region="CL-AN")
    sme = make_org("sme", region="CL-AN", legal_name="Chancadores del Loa SpA")
    update_profile(session, sme, ProfileData(category_codes=["73152100"], regions=["CL"],
                                             capacity=3000, capacity_unit="hours_month"))
    req = create_requirement(session, buyer, None, RequirementData(
        title="Mantención", category_codes=["73152100"], regions=["CL-AN"],
        min_capacity=1000, capacity_unit="hours_month",
        need_date=date.today() + timedelta(days=60)))
    req.status = status
    rank_requirement(session, req)
    return buyer, sme, req


def test_candidates_come_with_plain_reasons_and_the_score_definition(app, client, session, login,
                                                                       make_org, make_user,
                                                                       reference_data):
    with app.app_context():
        buyer, _sme, req = _ranked_crusher_maintenance(session, make_org)
        login(make_user(buyer), buyer)
    text = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "Offers exactly the requested category 73152100" in text
    assert "Capacity 3,000 hours per month: 3 times the minimum." in text
    assert "Based in Antofagasta, where the delivery is." in text
    assert "How the score is made" in text and "Description similarity" in text


def test_reasons_are_read_from_the_facts_stored_with_the_ranking(app, client, session, login,
                                                                  make_org, make_user,
                                                                  reference_data):
    """The page names the facts stored when the requirement was ranked; a change to the
    supplier ranks it again and the page names the new facts; results stored before facts
    were kept are explained from the engine's profiles."""
    from supplierlink.matches.models import MatchResult
    from supplierlink.suppliers.services import ProfileData, save_profile

    with app.app_context():
        buyer, sme, req = _ranked_crusher_maintenance(session, make_org, status="open")
        session.commit()
        stored = session.scalar(select(MatchResult).where(MatchResult.requirement_id == req.id,
                                                          MatchResult.supplier_id == sme.id))
        assert stored.evidence == {"closest": ["exact", "73152100"],
                                   "capacity": [3000.0, "hours_month"], "wins": 0,
                                   "programme": False}
        login(make_user(buyer), buyer)
        # the supplier's capacity grows: the change re-ranks the open requirements after the
        # commit (a job, run here in this process), which stores the new facts
        save_profile(session, sme, ProfileData(category_codes=["73152100"], regions=["CL"],
                                               capacity=5000, capacity_unit="hours_month"), 12)
        session.commit()
    page = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert "Capacity 5,000 hours per month: 5 times the minimum." in text
    with app.app_context():
        session.execute(MatchResult.__table__.update().where(
            MatchResult.requirement_id == req.id).values(evidence=None))
        session.commit()
    text = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "Offers exactly the requested category 73152100" in text
    assert "Capacity 5,000 hours per month: 5 times the minimum." in text


CRUSHERS, UPKEEP, SCAFFOLDING = "20101701", "73152100", "72101502"


def _crusher_market(session, make_org, **requirement):
    """Firms that sell crushers also maintain them, scaffolding firms do neither, and one firm
    only maintains: a buyer asks for crushers. Returns the buyer, that firm and the
    requirement."""
    from supplierlink.requirements.services import RequirementData, create_requirement
    from supplierlink.suppliers.services import ProfileData, update_profile

    buyer = make_org("lead_firm", region="CL-AN")
    for codes in [[CRUSHERS, UPKEEP]] * 3 + [[SCAFFOLDING]] * 6:
        update_profile(session, make_org("sme"), ProfileData(category_codes=codes,
                                                             regions=["CL"]))
    upkeep_only = make_org("sme", legal_name="Mantenciones del Norte SpA")
    update_profile(session, upkeep_only, ProfileData(category_codes=[UPKEEP], regions=["CL"]))
    req = create_requirement(session, buyer, None, RequirementData(
        title="Chancador", category_codes=[CRUSHERS], regions=["CL-AN"], **requirement))
    return buyer, upkeep_only, req


def test_a_supplier_brought_in_by_a_linked_code_is_told_which_code(app, client, session, login,
                                                                   make_org, make_user,
                                                                   reference_data):
    from supplierlink.matches.models import MatchResult
    from supplierlink.matches.services import rank_requirement

    crushers, upkeep = CRUSHERS, UPKEEP
    with app.app_context():
        buyer, upkeep_only, req = _crusher_market(session, make_org, category_depth="related")
        rank_requirement(session, req)
        stored = session.scalar(select(MatchResult).where(
            MatchResult.requirement_id == req.id, MatchResult.supplier_id == upkeep_only.id))
        assert stored.contributions["category"] > 0
        assert [(link["requirement_code"], link["code"]) for link in stored.linked] == [
            (crushers, upkeep)]
        login(make_user(buyer), buyer)
    text = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert ("Offers 73152100 (Manufacturing equipment maintenance and repair services), which "
            "suppliers of 20101701 often offer too.") in text
    # the crusher firms offer the requested code itself: no such sentence for them
    assert text.count("which suppliers of 20101701 often offer too") == 1


def test_at_the_default_depth_a_linked_code_is_a_near_miss_told_what_to_declare(
        app, client, session, login, make_org, make_user, reference_data):
    from supplierlink.matches.models import MatchResult
    from supplierlink.matches.services import rank_requirement

    with app.app_context():
        buyer, upkeep_only, req = _crusher_market(session, make_org)
        rank_requirement(session, req)
        stored = {r.supplier_id: r for r in session.scalars(select(MatchResult).where(
            MatchResult.requirement_id == req.id))}
        assert not stored[upkeep_only.id].qualified
        assert [g["kind"] for g in stored[upkeep_only.id].gaps] == ["category_not_offered"]
        # scaffolding firms offer nothing relevant: neither candidates nor near misses
        assert len(stored) == 4
        login(make_user(buyer), buyer)
    text = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "You offer 73152100; declare 20101701 if you supply it." in text


def test_a_capacity_in_another_unit_is_not_compared_but_asked_for(
        app, client, session, login, make_org, make_user, reference_data):
    from supplierlink.matches.services import rank_requirement
    from supplierlink.requirements.services import RequirementData, create_requirement
    from supplierlink.suppliers.services import ProfileData, update_profile

    with app.app_context():
        buyer = make_org("lead_firm", region="CL-AN")
        lab = make_org("sme", region="CL-AN", legal_name="Laboratorio del Loa SpA")
        update_profile(session, lab, ProfileData(category_codes=["73152100"], regions=["CL"],
                                                 capacity=13500, capacity_unit="samples_month"))
        req = create_requirement(session, buyer, None, RequirementData(
            title="Mantención", category_codes=["73152100"], regions=["CL-AN"],
            min_capacity=500, capacity_unit="m_month",
            need_date=date.today() + timedelta(days=60)))
        rank_requirement(session, req)
        login(make_user(buyer), buyer)
    text = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "times the minimum" not in text
    assert "Capacity not declared in metres per month (minimum 500 metres per month)." in text


def test_awarding_does_not_raise_the_winners_score_on_that_requirement(client, session, posted,
                                                                       scenario):
    from supplierlink.matches.models import MatchResult

    supplier = scenario["qualified"]

    def stored_score():
        session.expire_all()
        return session.scalar(select(MatchResult.score).where(
            MatchResult.requirement_id == posted.id, MatchResult.supplier_id == supplier.id))

    assert _act(client, posted, supplier, action="shortlist").status_code == 302
    before = stored_score()
    assert before is not None
    assert _act(client, posted, supplier, action="award", confirm="1").status_code == 302
    session.expire_all()
    assert session.get(Requirement, posted.id).status == "awarded"
    assert _application(session, posted, supplier).status == "awarded"
    assert stored_score() == pytest.approx(before, abs=1e-9)


def test_thumbs_whose_user_was_deleted_neither_show_nor_repeat_a_card(app, session, posted,
                                                                       scenario):
    """Cards bring the asking user's thumb in the page's own query: thumbs left without a
    user (the user was deleted) join nobody's cards, and no card appears twice."""
    from supplierlink.requirements.candidates import Filters, candidate_pages

    with app.app_context():
        supplier = scenario["qualified"]
        session.add_all([BuyerFeedback(requirement_id=posted.id, supplier_id=supplier.id,
                                       user_id=None, value=v) for v in (1, -1)])
        session.flush()
        for user_id in (None, scenario["user"].id):
            with app.test_request_context("/"):
                ranked, near = candidate_pages(session, posted, user_id, Filters())
            ids = [card["supplier"].id for card in ranked.items + near.items]
            assert len(ids) == len(set(ids)) and supplier.id in ids
            assert all(card["feedback"] is None for card in ranked.items + near.items)


def test_a_card_drawn_again_shows_what_changed_and_each_viewer_its_own_token(
        client, session, posted, scenario, make_user, login):
    """Cards are kept once drawn: the next page shows a thumb, an application and a message
    count as they now are, and every form carries the viewer's own CSRF token."""
    import re

    supplier = scenario["qualified"]
    url = f"/requirements/{posted.id}"

    def card(page):
        return page[page.index(f'id="candidate-{supplier.id}"'):].split("</article>")[0]

    def tokens(page):
        return set(re.findall(r'name="csrf_token" value="([^"]+)"', page))

    first = client.get(url).get_data(as_text=True)
    assert 'aria-pressed="true"' not in card(first) and "Shortlisted" not in card(first)
    client.post(f"/requirements/{posted.id}/candidates/{supplier.id}/feedback",
                data={"value": "1"})
    _act(client, posted, supplier, action="shortlist")
    again = client.get(url).get_data(as_text=True)
    assert card(again).count('aria-pressed="true"') == 1 and "Shortlisted" in card(again)
    assert len(tokens(again)) == 1  # the cards' forms and the page's own share one token
    colleague = make_user(scenario["buyer"])
    session.commit()
    login(colleague, scenario["buyer"])
    theirs = client.get(url).get_data(as_text=True)
    assert len(tokens(theirs)) == 1 and tokens(theirs) != tokens(again)
    # thumbs are each user's own; the application is the firm's
    assert 'aria-pressed="true"' not in card(theirs) and "Shortlisted" in card(theirs)
