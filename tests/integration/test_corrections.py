"""Records entered by mistake are corrected by a new entry that supersedes them; both stay."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from supplierlink.consent import ConsentRefused
from supplierlink.errors import ServiceError
from supplierlink.programmes.corrections import (
    correct_kpi,
    correct_milestone,
    current_observations,
    superseded_ids,
)
from supplierlink.programmes.history import history
from supplierlink.programmes.kpis import record_kpis, supplier_kpi_table
from supplierlink.programmes.models import KpiObservation
from supplierlink.programmes.tracking import achieve_milestone
from tests.integration.programme_scenario import build, enrol_accepted

TODAY = date.today()


@pytest.fixture
def s(app, session, make_org, make_user, reference_data):
    with app.app_context():
        scenario = build(session, make_org, make_user, TODAY)
        scenario.enrolment = enrol_accepted(session, scenario, TODAY,
                                            requirement=scenario.requirement)
        return scenario


def test_a_wrong_kpi_is_superseded_and_both_are_kept(app, session, s):
    with app.app_context():
        [wrong] = record_kpis(session, s.enrolment, s.manager, TODAY, True, {"sales": 12.0})
        with pytest.raises(ServiceError) as caught:
            correct_kpi(session, s.enrolment, s.manager, wrong, 12_000.0, "")
        assert "reason" in caught.value.errors
        right = correct_kpi(session, s.enrolment, s.manager, wrong, 12_000.0,
                            "Se anotó en miles")
        assert (right.revision, right.supersedes_id) == (2, wrong.id)
        with pytest.raises(ServiceError):  # only the latest revision can be corrected
            correct_kpi(session, s.enrolment, s.manager, wrong, 13_000.0, "otra vez")
    assert session.scalar(select(func.count()).select_from(KpiObservation)) == 2
    assert [o.value for o in current_observations(session, s.supplier.id)] == [12_000.0]
    assert supplier_kpi_table(session, s.supplier.id)[0]["values"]["sales"] == 12_000.0
    assert [e.kind for e in history(session, s.enrolment)][:1] == ["kpi_corrected"]


def test_out_of_range_figures_are_refused(app, session, s):
    with app.app_context():
        for value in (float("nan"), float("inf"), 1e400, -1.0, 1e14):
            with pytest.raises(ServiceError):
                record_kpis(session, s.enrolment, s.manager, TODAY, True, {"sales": value})
        with pytest.raises(ServiceError) as caught:
            record_kpis(session, s.enrolment, s.manager, date(1900, 1, 1), True, {"sales": 1.0})
        assert "observed_on" in caught.value.errors
    assert session.scalar(select(func.count()).select_from(KpiObservation)) == 0


def test_a_milestone_logged_by_mistake_is_corrected_and_its_entry_marked(app, session, s):
    milestone = s.enrolment.milestones[0]
    with app.app_context():
        with pytest.raises(ServiceError) as caught:
            achieve_milestone(session, milestone, s.enrolment, s.manager, milestone.version,
                              date(1900, 1, 1), note="acta")
        assert "achieved_on" in caught.value.errors
        achieve_milestone(session, milestone, s.enrolment, s.manager, milestone.version,
                          TODAY, note="acta")
        correct_milestone(session, milestone, s.enrolment, s.manager, milestone.version,
                          TODAY - timedelta(days=3), "Fecha equivocada")
        assert milestone.achieved_on == TODAY - timedelta(days=3)
        correct_milestone(session, milestone, s.enrolment, s.manager, milestone.version, None,
                          "No se había logrado")
    assert milestone.achieved_on is None
    entries = history(session, s.enrolment)
    kinds = [e.kind for e in entries]
    assert kinds[:3] == ["milestone_corrected", "milestone_corrected", "milestone_achieved"]
    # each correction supersedes the entry before it; all three stay in the history
    assert superseded_ids(entries) == {entries[1].id, entries[2].id}


def test_only_the_operator_corrects_and_only_an_active_enrolment(app, session, s, make_org,
                                                                  make_user):
    stranger = make_user(make_org("programme_operator"))
    with app.app_context():
        [row] = record_kpis(session, s.enrolment, s.manager, TODAY, True, {"sales": 1.0})
        with pytest.raises(ConsentRefused):
            correct_kpi(session, s.enrolment, stranger, row, 2.0, "no es mío")
        with pytest.raises(ConsentRefused):
            correct_kpi(session, s.enrolment, s.supplier_user, row, 2.0, "soy la pyme")
