"""Programme pages over HTTP: creating a programme, enrolling a near miss, closing its gap with
a certificate, evidence uploads, conflicts, KPIs and the dashboard's charts and CSVs."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from supplierlink.matches.models import MatchResult
from supplierlink.programmes.models import Enrolment, KpiObservation, Milestone, PlanItem, Programme
from supplierlink.suppliers.models import Certification
from tests.integration.programme_scenario import build, enrol_accepted

TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def s(app, session, make_org, make_user, reference_data):
    with app.app_context():
        return build(session, make_org, make_user, TODAY)


@pytest.fixture
def enrolment(app, session, s):
    with app.app_context():
        match = session.scalar(select(MatchResult).where(MatchResult.supplier_id == s.supplier.id))
        return enrol_accepted(session, s, TODAY, cohort=s.cohort, requirement=s.requirement,
                              gaps=match.gaps)


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_operator_creates_a_programme_and_bad_input_changes_nothing(client, login, session,
                                                                      s):
    login(s.manager, s.operator)
    form = {"name": "Proveedores 2030", "target_count": "250", "target_kind": "stage",
            "target_stage": "Certified", "start_date": TODAY.isoformat(),
            "end_date": (TODAY - timedelta(days=1)).isoformat(), "stage_names": "",
            "sponsor_ids": [str(s.buyer.id)]}
    before = count(session, Programme)
    response = client.post("/programmes/new", data=form)
    assert response.status_code == 422
    assert count(session, Programme) == before
    form["end_date"] = "2030-12-31"
    response = client.post("/programmes/new", data=form)
    assert response.status_code == 302
    programme = session.scalar(select(Programme).where(Programme.name == "Proveedores 2030"))
    # naming a sponsor only invites it: it counts once the lead firm accepts
    assert programme.target_stage_key == "certified" and programme.sponsor_ids == set()
    assert [(x.organisation_id, x.status) for x in programme.sponsors] == [(s.buyer.id, "invited")]


def test_an_operator_can_define_its_own_ladder(client, login, session, s):
    login(s.manager, s.operator)
    response = client.post("/programmes/new", data={
        "name": "Escalera propia", "target_count": "10", "target_kind": "stage",
        "target_stage": "Certificado", "start_date": "2026-01-01", "end_date": "2028-01-01",
        "stage_names": "Inscrito\nDiagnóstico\nCertificado"})
    assert response.status_code == 302
    programme = session.scalar(select(Programme).where(Programme.name == "Escalera propia"))
    assert programme.ladder.keys == ("inscrito", "diagnostico", "certificado")


def test_enrolling_from_the_near_miss_link_creates_the_plan_from_the_gaps(client, login,
                                                                          session, s):
    login(s.buyer_user, s.buyer)  # the sponsor follows the link on its requirement page
    url = f"/programmes/enrol?requirement_id={s.requirement.id}&supplier_id={s.supplier.id}"
    page = client.get(url)
    assert page.status_code == 200 and "ISO 9001" in page.get_data(as_text=True)
    response = client.post(url, data={"programme_cohort": f"{s.programme.id}:{s.cohort.id}"})
    # an offer: the sponsor goes back to its requirement until the supplier accepts
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requirements/{s.requirement.id}")
    enrolment = session.scalar(select(Enrolment).where(Enrolment.supplier_id == s.supplier.id))
    assert enrolment.cohort_id == s.cohort.id and enrolment.status == "offered"
    assert [i.params["standard"] for i in enrolment.plan_items] == ["iso-9001"]


def test_completing_the_certificate_item_qualifies_the_supplier(client, login, session, s,
                                                                enrolment, make_user):
    admin = make_user(None, is_admin=True)
    login(s.manager, s.operator)
    [item] = enrolment.plan_items
    response = client.post(f"/programmes/plan-items/{item.id}", data={
        "version": str(item.version), "body": "Bureau Veritas", "number": "BV-77",
        "issued_on": TODAY.isoformat(), "expires_on": (TODAY + timedelta(days=900)).isoformat(),
        "vouch": "y", "note": "Auditoría aprobada",
        "evidence": (io.BytesIO(PDF), "certificado.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    session.expire_all()
    # the manager's "vouch" is no longer heard: only an administrator verifies
    cert = session.get(Certification, session.get(PlanItem, item.id).certification_id)
    assert cert.status == "self_declared" and cert.verification_requested_at is not None
    login(admin)
    queue = client.get("/admin/certificates").get_data(as_text=True)
    assert f"/admin/certificates/{cert.id}" in queue
    response = client.post(f"/admin/certificates/{cert.id}", data={"status": "verified"})
    assert response.status_code == 302
    login(s.manager, s.operator)
    session.expire_all()
    match = session.scalar(select(MatchResult).where(MatchResult.supplier_id == s.supplier.id))
    assert match.qualified is True
    page = client.get(f"/programmes/{s.programme.id}").get_data(as_text=True)
    assert "1 / 2" in page


def test_the_sme_uploads_pdf_evidence_for_its_own_plan_items_only(client, login, session, s,
                                                                  enrolment, make_org,
                                                                  make_user):
    [item] = enrolment.plan_items
    login(s.supplier_user, s.supplier)
    url = f"/programmes/plan-items/{item.id}/evidence"
    response = client.post(url, data={"evidence": (io.BytesIO(b"MZ not a pdf"), "x.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert session.get(PlanItem, item.id).evidence_file is None
    response = client.post(url, data={"evidence": (io.BytesIO(PDF), "informe.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    session.expire_all()
    stored = session.get(PlanItem, item.id).evidence_file
    download = client.get(f"/programmes/enrolments/{enrolment.id}/files/{stored}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()
    other = make_org("sme")
    login(make_user(other), other)
    denied = client.get(f"/programmes/enrolments/{enrolment.id}/files/{stored}")
    assert denied.status_code == 404
    assert client.post(url, data={"evidence": (io.BytesIO(PDF), "y.pdf")},
                       content_type="multipart/form-data").status_code == 404


def test_a_stale_milestone_form_gets_a_clear_conflict_message(client, login, session, s,
                                                              enrolment):
    milestone = enrolment.milestones[0]
    stale = milestone.version
    login(s.manager, s.operator)
    data = {"version": str(stale), "achieved_on": TODAY.isoformat(), "note": "Primero"}
    assert client.post(f"/programmes/milestones/{milestone.id}", data=data).status_code == 302
    data["note"] = "Segundo"
    response = client.post(f"/programmes/milestones/{milestone.id}", data=data)
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Milestone, milestone.id).evidence_note == "Primero"


def test_skipping_a_stage_without_a_reason_is_refused(client, login, session, s, enrolment):
    login(s.manager, s.operator)
    url = f"/programmes/enrolments/{enrolment.id}/stage"
    data = {"version": str(enrolment.version), "stage_key": "diagnosed", "reason": ""}
    assert client.post(url, data=data).status_code == 422
    session.expire_all()
    assert session.get(Enrolment, enrolment.id).stage_key == "registered"
    data["reason"] = "Diagnóstico entregado por el patrocinador"
    assert client.post(url, data=data).status_code == 302


def test_kpis_are_recorded_and_bad_figures_change_nothing(client, login, session, s,
                                                          enrolment):
    login(s.manager, s.operator)
    url = f"/programmes/enrolments/{enrolment.id}/kpis"
    bad = {"observed_on": TODAY.isoformat(), "is_baseline": "y", "on_time_delivery": "140"}
    assert client.post(url, data=bad).status_code == 422
    assert count(session, KpiObservation) == 0
    good = {"observed_on": TODAY.isoformat(), "is_baseline": "y", "sales": "1000000",
            "employees": "20", "on_time_delivery": "85"}
    assert client.post(url, data=good).status_code == 302
    assert count(session, KpiObservation) == 3
    page = client.get(f"/programmes/enrolments/{enrolment.id}").get_data(as_text=True)
    assert "50.000" in page or "50,000" in page  # labour productivity is derived


def test_the_dashboard_draws_svg_charts_without_inline_style_and_exports_csv(
        client, login, s, enrolment):
    login(s.buyer_user, s.buyer)  # a sponsor reads
    page = client.get(f"/programmes/{s.programme.id}").get_data(as_text=True)
    assert page.count("<svg") >= 2 and "style=" not in page and "<script" not in page
    for table in ("progress", "funnel", "at_risk", "kpis", "enrolments", "comparison"):
        response = client.get(f"/programmes/{s.programme.id}/export/{table}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
    funnel = client.get(f"/programmes/{s.programme.id}/export/funnel.csv").get_data(as_text=True)
    first_stage = funnel.splitlines()[1]
    assert first_stage.startswith("registered,") and first_stage.endswith(",1,1")
    assert client.get(f"/programmes/{s.programme.id}/export/secrets.csv").status_code == 404
    assert client.post(f"/programmes/enrolments/{enrolment.id}/stage", data={}).status_code == 403


def test_the_operator_home_panel_shows_its_programmes(client, login, s, enrolment):
    login(s.manager, s.operator)
    page = client.get("/dashboard").get_data(as_text=True)
    assert s.programme.name in page and "0 / 2" in page


def test_a_sponsor_sees_enrol_links_on_its_near_misses_and_others_do_not(
        app, client, session, login, make_org, make_user, reference_data):
    from datetime import date, timedelta

    from supplierlink.matches.services import rank_requirement
    from supplierlink.programmes.services import (
        ProgrammeData,
        create_programme,
    )
    from supplierlink.programmes.sponsorship import answer_sponsorship
    from supplierlink.requirements.services import RequirementData, create_requirement
    from supplierlink.suppliers.services import ProfileData, update_profile

    with app.app_context():
        buyer, operator, sme = make_org("lead_firm"), make_org("programme_operator"), make_org("sme")
        update_profile(session, sme, ProfileData(category_codes=["73152100"], regions=["PE"],
                                                 capabilities_text="mantención"))
        req = create_requirement(session, buyer, None, RequirementData(
            title="Mantención", category_codes=["73152100"], regions=["CL-AN"],
            need_date=date.today() + timedelta(days=90)))
        rank_requirement(session, req)
        user = make_user(buyer)
        session.flush()
        login(user, buyer)
        page = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"})
        assert sme.display_name in page.get_data(as_text=True)
        assert "/programmes/enrol?" not in page.get_data(as_text=True)
        programme = create_programme(session, operator, None, ProgrammeData(
            name="Proveedores de clase mundial", sponsor_ids=[buyer.id],
            start_date=date.today(), end_date=date.today() + timedelta(days=700),
            target_count=10))
        session.flush()
    page = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"})
    assert "/programmes/enrol?" not in page.get_data(as_text=True)  # only invited so far
    with app.app_context():
        answer_sponsorship(session, programme, buyer, user, accept=True)
        session.flush()
    page = client.get(f"/requirements/{req.id}", headers={"Accept-Language": "en"})
    assert f"/programmes/enrol?requirement_id={req.id}&amp;supplier_id={sme.id}" in page.get_data(as_text=True)


def test_the_list_of_programmes_reads_the_programmes_alone(app, client, login, session, s,
                                                           make_org, make_user):
    """The operator and an accepted sponsor see the programme in their list, read in one
    statement (no sponsors or cohorts loaded with it); an invited sponsor that has not
    answered and another operator do not see it."""
    from sqlalchemy import event

    from supplierlink.programmes.services import ProgrammeData, create_programme

    with app.app_context():
        invited = make_org("lead_firm")
        other_operator = make_org("programme_operator")
        create_programme(session, other_operator, None, ProgrammeData(
            name="Otro programa", sponsor_ids=[invited.id], start_date=TODAY,
            end_date=TODAY + timedelta(days=300), target_count=3))
        session.flush()
    statements = []

    def note(*args):
        statements.append(" ".join(args[2].split()))

    for user, org, sees in ((s.manager, s.operator, True), (s.buyer_user, s.buyer, True),
                            (make_user(invited), invited, False),
                            (make_user(other_operator), other_operator, False)):
        login(user, org)
        event.listen(session.get_bind().engine, "before_cursor_execute", note)
        try:
            statements.clear()
            page = client.get("/programmes/").get_data(as_text=True)
        finally:
            event.remove(session.get_bind().engine, "before_cursor_execute", note)
        assert (s.programme.name in page) is sees, org.kind
        assert not [sql for sql in statements
                    if sql.startswith(("SELECT cohort.", "SELECT programme_sponsor."))]
