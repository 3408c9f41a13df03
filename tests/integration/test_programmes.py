"""Programme services on the database: enrolment from the engine's gaps, re-ranking when a gap
closes, stage moves along the ladder, and the programme's progress."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from supplierlink.errors import ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.programmes.dashboard import overview
from supplierlink.programmes.models import EnrolmentEvent, PlanItem
from supplierlink.programmes.services import enrol_supplier, gaps_for
from supplierlink.programmes.tracking import CertificateEvidence, complete_plan_item, move_stage
from supplierlink.suppliers.models import Certification, SupplierProfile
from supplierlink.suppliers.services import set_certification_status
from tests.integration.programme_scenario import build, enrol_accepted

TODAY = date.today()


@pytest.fixture
def scenario(app, session, make_org, make_user, reference_data):
    with app.app_context():
        return build(session, make_org, make_user, TODAY)


def _match(session, scenario) -> MatchResult:
    return session.scalar(select(MatchResult).where(
        MatchResult.requirement_id == scenario.requirement.id,
        MatchResult.supplier_id == scenario.supplier.id))


def _enrol(app, session, s):
    with app.app_context():
        gaps = gaps_for(session, s.requirement, s.supplier)
        return enrol_accepted(session, s, TODAY, cohort=s.cohort, requirement=s.requirement,
                              gaps=gaps)


def test_enrolment_drafts_one_plan_item_per_stored_gap(app, session, scenario):
    assert _match(session, scenario).qualified is False
    enrolment = _enrol(app, session, scenario)
    [item] = enrolment.plan_items
    assert (item.action_key, item.closes_gap_kind, item.evidence_needed) == (
        "obtain_certification", "missing_standard", "verified_certificate")
    assert item.params["standard"] == "iso-9001"
    assert item.owner == scenario.supplier.display_name
    # due after the gap's effort, counted from the cohort's start when it is still to come
    assert item.due_on == TODAY + timedelta(days=270)
    assert enrolment.stage_key == "registered" and len(enrolment.milestones) == 11
    assert session.get(SupplierProfile, scenario.supplier.id).programme_stage == 0
    kinds = session.scalars(select(EnrolmentEvent.kind)
                            .where(EnrolmentEvent.enrolment_id == enrolment.id)).all()
    assert kinds == ["enrolled", "offer_accepted"]


def test_enrolling_again_adds_only_the_gaps_not_yet_in_the_plan(app, session, scenario):
    enrolment = _enrol(app, session, scenario)
    with app.app_context():
        again = enrol_supplier(session, scenario.programme, scenario.supplier, scenario.manager,
                               requirement=scenario.requirement, today=TODAY,
                               gaps=gaps_for(session, scenario.requirement, scenario.supplier))
    assert again.id == enrolment.id
    assert session.scalar(select(func.count()).select_from(PlanItem)
                          .where(PlanItem.enrolment_id == enrolment.id)) == 1


def test_live_assessment_is_used_when_no_result_is_stored(app, session, scenario):
    session.execute(MatchResult.__table__.delete().where(
        MatchResult.requirement_id == scenario.requirement.id))
    with app.app_context():
        gaps = gaps_for(session, scenario.requirement, scenario.supplier, today=TODAY)
    assert [g["kind"] for g in gaps] == ["missing_standard"]


def test_closing_the_certificate_gap_re_ranks_the_supplier_and_moves_progress(
        app, session, scenario, make_user):
    enrolment = _enrol(app, session, scenario)
    assert overview(session, scenario.programme, TODAY)["forecast"].achieved == 0
    [item] = enrolment.plan_items
    admin = make_user(None, is_admin=True)
    with app.app_context():
        complete_plan_item(session, item, enrolment, scenario.manager, item.version,
                           note="Auditoría aprobada", certificate=CertificateEvidence(
                               "Bureau Veritas", "BV-1", TODAY - timedelta(days=3),
                               TODAY + timedelta(days=1000)), today=TODAY)
        cert = session.get(Certification, item.certification_id)
        assert cert.status == "self_declared" and cert.verification_requested_at is not None
        set_certification_status(session, cert, "verified", admin, today=TODAY)
        session.commit()  # ranking runs after the commit
    assert cert.status == "verified" and cert.standard.key == "iso-9001"
    match = _match(session, scenario)
    assert match.qualified is True and match.gaps == []
    assert overview(session, scenario.programme, TODAY)["forecast"].achieved == 1


def test_a_certificate_nobody_vouches_for_waits_for_verification(app, session, scenario):
    enrolment = _enrol(app, session, scenario)
    [item] = enrolment.plan_items
    with app.app_context():
        complete_plan_item(session, item, enrolment, scenario.manager, item.version,
                           certificate=CertificateEvidence("SGS", "S-9", TODAY, None),
                           today=TODAY)
    assert session.get(Certification, item.certification_id).status == "self_declared"
    assert overview(session, scenario.programme, TODAY)["forecast"].achieved == 0


def test_a_certificate_gap_cannot_close_without_the_certificate(app, session, scenario):
    enrolment = _enrol(app, session, scenario)
    [item] = enrolment.plan_items
    with app.app_context(), pytest.raises(ServiceError) as caught:
        complete_plan_item(session, item, enrolment, scenario.manager, item.version,
                           note="done", certificate=CertificateEvidence("", "", None, None),
                           today=TODAY)
    assert {"number", "body", "issued_on"} <= set(caught.value.errors)
    assert item.done_on is None
    assert session.scalar(select(func.count()).select_from(Certification)) == 0


def test_stage_moves_follow_the_ladder_and_skips_are_recorded_with_their_reason(
        app, session, scenario):
    enrolment = _enrol(app, session, scenario)
    with app.app_context():
        move_stage(session, enrolment, scenario.manager, "aligned", enrolment.version,
                   today=TODAY)
        with pytest.raises(ServiceError) as caught:
            move_stage(session, enrolment, scenario.manager, "plan_agreed", enrolment.version,
                       today=TODAY)
        assert "reason" in caught.value.errors
        move_stage(session, enrolment, scenario.manager, "plan_agreed", enrolment.version,
                   reason="Diagnóstico hecho por la minera", today=TODAY)
    assert enrolment.stage_key == "plan_agreed"
    assert session.get(SupplierProfile, scenario.supplier.id).programme_stage == 3
    skip = session.scalars(select(EnrolmentEvent).where(
        EnrolmentEvent.enrolment_id == enrolment.id, EnrolmentEvent.kind == "stage_moved")
        .order_by(EnrolmentEvent.id)).all()[-1]
    assert skip.details["skipped"] == ["diagnosed"]
    assert skip.reason == "Diagnóstico hecho por la minera"


def test_stage_targets_count_suppliers_that_reached_the_stage(app, session, make_org,
                                                              make_user, reference_data):
    with app.app_context():
        s = build(session, make_org, make_user, TODAY, target_kind="stage")
        enrolment = _enrol(app, session, s)
        move_stage(session, enrolment, s.manager, "certified", enrolment.version,
                   reason="Ya certificado por otra vía", today=TODAY - timedelta(days=10))
        data = overview(session, s.programme, TODAY)
    assert data["forecast"].achieved == 1
    assert [row["count"] for row in data["funnel"] if row["key"] == "certified"] == [1]
