"""The three breaches found when the platform was tried with accounts registered from the public
form, each as it was tried: over HTTP, by the organisation that should not have succeeded."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from supplierlink import signals
from supplierlink.programmes.models import Enrolment, KpiObservation, PlanItem, Programme
from supplierlink.requirements.models import Application, Requirement
from supplierlink.requirements.services import RequirementData, create_requirement
from supplierlink.suppliers.models import Certification
from tests.integration.programme_scenario import build
from tests.integration.test_suppliers_support import PDF, certify

TODAY = date.today()


@pytest.fixture
def s(app, session, make_org, make_user, reference_data):
    with app.app_context():
        return build(session, make_org, make_user, TODAY)


def fetch(client, url) -> int:
    """The status of a download, with the file closed."""
    response = client.get(url)
    response.close()
    return response.status_code


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_operator_acts_on_a_lead_firm_and_an_sme_only_with_their_consent(
        app, client, session, login, make_org, make_user, s):
    operator = make_org("programme_operator")
    manager = make_user(operator)
    firm, firm_user = s.buyer, s.buyer_user
    with app.app_context():
        draft = create_requirement(session, firm, firm_user, RequirementData(
            title="Plan secreto de abastecimiento 2027", category_codes=["20101501"]))
    login(manager, operator)
    # naming a lead firm as a sponsor only invites it
    response = client.post("/programmes/new", data={
        "name": "Programa sin permiso", "target_count": "10", "target_kind": "stage",
        "target_stage": "certified", "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=400)).isoformat(), "sponsor_ids": [str(firm.id)]})
    assert response.status_code == 302
    programme = session.scalar(select(Programme).where(Programme.name == "Programa sin permiso"))
    assert programme.sponsor_ids == set()
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    # only the operator's own list of pending answers names the invited firm
    assert firm.display_name not in page.split('id="consent-title"')[0]
    # the draft's title does not reach the enrolment page
    response = client.get(f"/programmes/enrol?requirement_id={draft.id}"
                          f"&supplier_id={s.supplier.id}")
    assert response.status_code == 404 and draft.title not in response.get_data(as_text=True)
    # the invited firm sees nothing of the programme until it accepts
    login(firm_user, firm)
    assert client.get(f"/programmes/{programme.id}").status_code == 404
    assert "Programa sin permiso" not in client.get("/programmes/").get_data(as_text=True)
    assert "Programa sin permiso" in client.get("/programmes/invitations").get_data(as_text=True)

    # the scenario's operator, whose sponsor accepted, offers the near miss a place
    login(s.manager, s.operator)
    response = client.post(f"/programmes/enrol?requirement_id={s.requirement.id}"
                           f"&supplier_id={s.supplier.id}",
                           data={"programme_cohort": f"{s.programme.id}:"})
    assert response.status_code == 302
    enrolment = session.scalar(select(Enrolment).where(Enrolment.supplier_id == s.supplier.id))
    assert enrolment.status == "offered"
    response = client.post(f"/programmes/enrolments/{enrolment.id}/kpis", data={
        "observed_on": TODAY.isoformat(), "sales": "1000"})
    assert response.status_code == 422 and count(session, KpiObservation) == 0
    login(firm_user, firm)  # the sponsor does not see an SME that has not accepted
    assert client.get(f"/programmes/enrolments/{enrolment.id}").status_code == 404
    # the SME sees who would see its data, then accepts
    login(s.supplier_user, s.supplier)
    offer = client.get(f"/programmes/enrolments/{enrolment.id}").get_data(as_text=True)
    viewers = offer.split('class="viewers"')[1].split("</ul>")[0]
    assert s.operator.display_name in viewers and firm.display_name in viewers
    response = client.post(f"/programmes/enrolments/{enrolment.id}/answer",
                           data={"answer": "accept"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Enrolment, enrolment.id).status == "active"
    login(firm_user, firm)
    assert client.get(f"/programmes/enrolments/{enrolment.id}").status_code == 200

    # a plan item cannot mark the certificate verified: it goes to the administrators' queue
    login(s.manager, s.operator)
    [item] = session.get(Enrolment, enrolment.id).plan_items
    response = client.post(f"/programmes/plan-items/{item.id}", data={
        "version": str(item.version), "body": "Bureau Veritas", "number": "BV-1",
        "issued_on": TODAY.isoformat(), "expires_on": (TODAY + timedelta(days=900)).isoformat(),
        "vouch": "y", "note": "Auditoría", "evidence": (io.BytesIO(PDF), "certificado.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    session.expire_all()
    cert = session.get(Certification, session.get(PlanItem, item.id).certification_id)
    assert cert.status == "self_declared" and cert.verification_requested_at is not None


def test_inviting_a_supplier_does_not_open_its_evidence(app, client, session, login, s):
    cert = certify(app, session, s.supplier, "iso-14001")
    url = f"/supplier/certificates/{cert.id}/evidence"
    login(s.buyer_user, s.buyer)
    assert fetch(client, url) == 404
    response = client.post(f"/requirements/{s.requirement.id}/candidates/{s.supplier.id}/action",
                           data={"action": "invite"})
    assert response.status_code == 302
    assert fetch(client, url) == 404  # the buyer's own action opens nothing
    # the SME applies (on the invitation's row): now the buyer may see it
    login(s.supplier_user, s.supplier)
    response = client.post(f"/supplier/requirements/{s.requirement.id}/apply",
                           data={"message": "Podemos atenderlos"})
    assert response.status_code == 302
    login(s.buyer_user, s.buyer)
    assert fetch(client, url) == 200
    # withdrawn, it closes again; sharing the profile opens it without an application
    application = session.scalar(select(Application).where(
        Application.supplier_id == s.supplier.id))
    login(s.supplier_user, s.supplier)
    client.post(f"/supplier/applications/{application.id}/withdraw")
    login(s.buyer_user, s.buyer)
    assert fetch(client, url) == 404
    login(s.supplier_user, s.supplier)
    assert client.post("/supplier/sharing", data={"buyer_id": str(s.buyer.id)}).status_code == 302
    login(s.buyer_user, s.buyer)
    assert fetch(client, url) == 200


def test_a_near_miss_is_awarded_only_with_a_recorded_reason(app, client, session, login, s):
    awards = []

    def record(_sender, **event):
        awards.append(event)

    signals.award_made.connect(record)
    try:
        login(s.buyer_user, s.buyer)
        url = f"/requirements/{s.requirement.id}/candidates/{s.supplier.id}/action"
        # confirmed, as the award's confirmation page posts it
        response = client.post(url, data={"action": "award", "confirm": "1"})
        assert response.status_code == 422
        assert session.get(Requirement, s.requirement.id).status == "open" and awards == []
        assert count(session, Application) == 0
        # the page offers the same: no plain Award button, the override form with its reason
        page = client.get(f"/requirements/{s.requirement.id}").get_data(as_text=True)
        card = page.split(f'id="candidate-{s.supplier.id}"')[1].split("</article>")[0]
        assert card.count('value="award"') == 1 and 'name="override_reason"' in card
        asked = client.post(url, data={"action": "award",
                                       "override_reason": "Única oferta en la región"})
        assert asked.status_code == 200  # the confirmation carries the reason on
        assert 'name="override_reason" value="Única oferta en la región"' in asked.get_data(
            as_text=True)
        response = client.post(url, data={"action": "award", "confirm": "1",
                                          "override_reason": "Única oferta en la región"})
        assert response.status_code == 302
    finally:
        signals.award_made.disconnect(record)
    session.expire_all()
    application = session.scalar(select(Application))
    assert application.status == "awarded"
    assert application.override_reason == "Única oferta en la región"
    assert awards[0]["override_reason"] == "Única oferta en la región"
    assert session.get(Requirement, s.requirement.id).status == "awarded"
