"""The demo's running programme gives the dashboard something real on first run."""

from datetime import date

from sqlalchemy import select

from supplierlink.demo import load_demo
from supplierlink.programmes.dashboard import overview
from supplierlink.programmes.models import KpiObservation, Programme

TODAY = date(2026, 11, 22)


def test_the_demo_programme_has_two_cohorts_at_different_stages_late_milestones_and_kpis(
        app, session):
    with app.app_context():
        load_demo(session, today=TODAY)
        programme = session.scalar(select(Programme))
        data = overview(session, programme, TODAY)
    assert len(programme.cohorts) == 2 and len(programme.sponsors) >= 3
    stages_by_cohort = {c.id: {e.stage_key for e in data["enrolments"] if e.cohort_id == c.id}
                        for c in programme.cohorts}
    first, second = (stages_by_cohort[c.id] for c in programme.cohorts)
    assert "certified" in first and not second & {"certified", "technical_assistance"}
    assert data["forecast"].achieved >= 1 and data["forecast"].projected_date is not None
    late = [m for e in data["enrolments"] for m in e.milestones
            if m.achieved_on is None and m.due_on < TODAY]
    assert late and data["at_risk"]
    assert {k["metric"] for k in data["kpis"]} >= {"sales", "labour_productivity"}
    assert session.scalar(select(KpiObservation.id).where(
        KpiObservation.supplier_id.not_in([e.supplier_id for e in data["enrolments"]]))
        .limit(1)) is not None  # comparison firms have figures too
