"""Pages to correct a milestone or a KPI figure entered by mistake (the operator only)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from supplierlink.access import current_org, org_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.programmes.blueprint import bp, load_enrolment
from supplierlink.programmes.corrections import correct_kpi, correct_milestone
from supplierlink.programmes.forms import KpiCorrectionForm, MilestoneCorrectionForm, MilestoneForm
from supplierlink.programmes.models import Enrolment, KpiObservation, Milestone
from supplierlink.programmes.wording import METRIC_LABELS


def correction_form(milestone: Milestone, form=None):
    """The correction form of an achieved milestone (None while it is open)."""
    if milestone.achieved_on is None:
        return None
    form = form or MilestoneCorrectionForm()
    if not form.is_submitted():
        form.version.data = milestone.version
    return form


@bp.route("/milestones/<int:milestone_id>/correct", methods=["POST"],
          endpoint="correct_milestone")
@org_required()
def correct_milestone_view(milestone_id: int):
    record = get_session().get(Milestone, milestone_id) or abort(404)
    enrolment, _role = load_enrolment(record.enrolment_id, ("manager",))
    form = MilestoneCorrectionForm()
    if form.validate_on_submit():
        try:
            correct_milestone(get_session(), record, enrolment, current_user, form.version.data,
                              form.achieved_on.data, form.reason.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The correction is recorded."), "success")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    return render_template("programmes/milestone.html", form=MilestoneForm(formdata=None),
                           milestone=record, enrolment=enrolment,
                           correction_form=correction_form(record, form)), 422


@bp.route("/kpi-observations/<int:observation_id>/correct", methods=["GET", "POST"],
          endpoint="correct_kpi")
@org_required()
def correct_kpi_view(observation_id: int):
    session = get_session()
    observation = session.get(KpiObservation, observation_id) or abort(404)
    enrolment = _enrolment_of(observation)
    form = KpiCorrectionForm()
    if form.validate_on_submit():
        try:
            correct_kpi(session, enrolment, current_user, observation, form.value.data,
                        form.reason.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The figure is corrected; the wrong one stays in the history."), "success")
            return redirect(url_for("programmes.kpis", enrolment_id=enrolment.id))
    if not form.is_submitted():
        form.value.data = observation.value
    return render_template("programmes/kpi_correction.html", form=form,
                           observation=observation, enrolment=enrolment,
                           metric=METRIC_LABELS.get(observation.metric, observation.metric),
                           today=date.today()), 422 if form.is_submitted() else 200


def _enrolment_of(observation: KpiObservation) -> Enrolment:
    """The acting operator's active enrolment of the figure's supplier (404 for anyone else)."""
    org = current_org()
    enrolment = get_session().scalar(select(Enrolment).join(Enrolment.programme).where(
        Enrolment.supplier_id == observation.supplier_id, Enrolment.status == "active")
        .where(Enrolment.programme.has(operator_id=org.id)).limit(1)) if org else None
    if enrolment is None:
        abort(404)
    enrolment, _role = load_enrolment(enrolment.id, ("manager",))
    return enrolment
