"""Enrolment pages: the supplier's plan, milestones, timeline and KPIs; stage moves, milestone
and plan-item completion with evidence, KPI entry, evidence files; and the SME's own plan."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from programs import MilestoneState, is_late
from supplierlink.access import current_org, org_required
from supplierlink.consent import who_will_see
from supplierlink.db import get_session
from supplierlink.downloads import announce_export
from supplierlink.errors import ConflictError, ServiceError
from supplierlink.forms import apply_service_errors, choices
from supplierlink.programmes.blueprint import bp, load_enrolment
from supplierlink.programmes.correction_views import correction_form
from supplierlink.programmes.corrections import current_observations, superseded_ids
from supplierlink.programmes.dashboard import at_risk_rows
from supplierlink.programmes.forms import (
    AnswerForm,
    EvidenceForm,
    KpiForm,
    LeaveForm,
    MilestoneForm,
    PlanItemForm,
    StageForm,
    kpi_values,
)
from supplierlink.programmes.history import actor_names, history
from supplierlink.programmes.kpis import OBSERVED_METRICS, record_kpis, supplier_kpi_table
from supplierlink.programmes.models import Milestone, PlanItem
from supplierlink.programmes.services import supplier_enrolments
from supplierlink.programmes.tracking import (
    CertificateEvidence,
    achieve_milestone,
    add_plan_item_evidence,
    complete_plan_item,
    evidence_name,
    move_stage,
    needs_certificate,
)
from supplierlink.programmes.wording import (
    METRIC_LABELS,
    describe_event,
    evidence_label,
    plan_item_title,
    stage_choices,
    stage_name,
)
from supplierlink.suppliers.models import Certification
from supplierlink.uploads import evidence_path


def enrolment_context(enrolment, role) -> dict:
    """Everything the enrolment page shows, worded and ready."""
    session = get_session()
    ladder = enrolment.programme.ladder
    today = date.today()
    entries = history(session, enrolment)
    superseded = superseded_ids(entries)
    names = actor_names(session, entries)
    cert_ids = [i.certification_id for i in enrolment.plan_items if i.certification_id]
    certs = {c.id: c for c in session.scalars(
        select(Certification).where(Certification.id.in_(cert_ids)))} if cert_ids else {}
    risks = at_risk_rows(session, enrolment.programme, [enrolment], today)
    current = ladder.index(enrolment.stage_key)
    return {
        "enrolment": enrolment, "role": role, "programme": enrolment.programme,
        "tracking": role == "manager" and enrolment.status == "active",
        "stages": [{"key": s.key, "label": stage_name(ladder, s.key),
                    "state": "done" if i < current else "current" if i == current else "todo"}
                   for i, s in enumerate(ladder)],
        "stage_label": stage_name(ladder, enrolment.stage_key),
        "milestones": [{"m": m, "stage": stage_name(ladder, m.stage_key),
                        "late": is_late(_state(m), today)} for m in enrolment.milestones],
        "plan_items": [{"item": i, "title": plan_item_title(i),
                        "evidence": evidence_label(i.evidence_needed),
                        "late": i.done_on is None and i.due_on < today,
                        "certificate": certs.get(i.certification_id)}
                       for i in enrolment.plan_items],
        "timeline": [{"entry": e, "text": describe_event(e, ladder),
                      "actor": names.get(e.actor_id, "—"), "superseded": e.id in superseded}
                     for e in entries],
        "kpi_rows": supplier_kpi_table(session, enrolment.supplier_id),
        "metric_labels": METRIC_LABELS,
        "risk_reasons": risks[0].reasons if risks else [],
        "evidence_form": EvidenceForm(),
        "viewers": who_will_see(enrolment),
        "answer_form": AnswerForm(), "leave_form": LeaveForm(),
    }


def _state(milestone: Milestone) -> MilestoneState:
    return MilestoneState(milestone.id, milestone.stage_key, milestone.title, milestone.due_on,
                          milestone.achieved_on, milestone.version)


def _stage_form(enrolment, formdata=None) -> StageForm:
    form = StageForm(formdata=formdata) if formdata is not None else StageForm()
    form.stage_key.choices = choices(stage_choices(enrolment.programme.ladder))
    if not form.is_submitted():
        form.version.data = enrolment.version
        form.stage_key.data = enrolment.programme.ladder.next_key(enrolment.stage_key) \
            or enrolment.stage_key
    return form


@bp.route("/enrolments/<int:enrolment_id>")
@org_required()
def enrolment(enrolment_id: int):
    enrolment, role = load_enrolment(enrolment_id)
    return render_template("programmes/enrolment.html", stage_form=_stage_form(enrolment),
                           **enrolment_context(enrolment, role))


@bp.route("/enrolments/<int:enrolment_id>/stage", methods=["POST"], endpoint="move_stage")
@org_required()
def move_stage_view(enrolment_id: int):
    enrolment, role = load_enrolment(enrolment_id, ("manager",))
    form = _stage_form(enrolment)
    if form.validate_on_submit():
        try:
            move_stage(get_session(), enrolment, current_user, form.stage_key.data,
                       form.version.data, form.reason.data)
        except ServiceError as exc:
            _after_conflict(exc, enrolment, form)
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The stage is updated."), "success")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    return render_template("programmes/enrolment.html", stage_form=form,
                           **enrolment_context(enrolment, role)), 422


def _after_conflict(exc, record, form) -> None:
    """Show the other person's change and let this one retry on top of it."""
    if isinstance(exc, ConflictError):
        session = get_session()
        session.rollback()
        session.refresh(record)
        form.version.data = record.version


@bp.route("/milestones/<int:milestone_id>", methods=["GET", "POST"])
@org_required()
def milestone(milestone_id: int):
    record = get_session().get(Milestone, milestone_id) or abort(404)
    enrolment, _role = load_enrolment(record.enrolment_id, ("manager",))
    form = MilestoneForm()
    if not form.is_submitted():
        form.version.data, form.achieved_on.data = record.version, date.today()
    if form.validate_on_submit():
        try:
            achieve_milestone(get_session(), record, enrolment, current_user, form.version.data,
                              form.achieved_on.data, form.note.data, form.evidence.data)
        except ServiceError as exc:
            _after_conflict(exc, record, form)
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The milestone is logged."), "success")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    return render_template("programmes/milestone.html", form=form, milestone=record,
                           enrolment=enrolment, correction_form=correction_form(record)
                           ), 422 if form.is_submitted() else 200


@bp.route("/plan-items/<int:item_id>", methods=["GET", "POST"])
@org_required()
def plan_item(item_id: int):
    item = get_session().get(PlanItem, item_id) or abort(404)
    enrolment, _role = load_enrolment(item.enrolment_id, ("manager",))
    form = PlanItemForm()
    if not form.is_submitted():
        form.version.data, form.issued_on.data = item.version, date.today()
    certificate = needs_certificate(item)
    if form.validate_on_submit():
        evidence = CertificateEvidence(form.body.data, form.number.data, form.issued_on.data,
                                       form.expires_on.data) if certificate else None
        try:
            complete_plan_item(get_session(), item, enrolment, current_user, form.version.data,
                               note=form.note.data, upload=form.evidence.data,
                               certificate=evidence)
        except ServiceError as exc:
            _after_conflict(exc, item, form)
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The plan item is done and the supplier has been re-ranked."), "success")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    return render_template("programmes/plan_item.html", form=form, item=item,
                           enrolment=enrolment, certificate=certificate,
                           title=plan_item_title(item), evidence=evidence_label(
                               item.evidence_needed)), 422 if form.is_submitted() else 200


@bp.route("/plan-items/<int:item_id>/evidence", methods=["POST"])
@org_required()
def plan_item_evidence(item_id: int):
    item = get_session().get(PlanItem, item_id) or abort(404)
    enrolment, role = load_enrolment(item.enrolment_id, ("supplier",))
    form = EvidenceForm()
    try:
        add_plan_item_evidence(get_session(), item, enrolment, current_user, form.evidence.data)
    except ServiceError as exc:
        apply_service_errors(form, exc.errors)
        context = enrolment_context(enrolment, role)
        context["evidence_form"], context["evidence_item_id"] = form, item.id
        return render_template("programmes/enrolment.html", stage_form=None, **context), 422
    flash(_("The evidence is uploaded; the programme manager will review it."), "success")
    return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))


@bp.route("/enrolments/<int:enrolment_id>/kpis", methods=["GET", "POST"])
@org_required()
def kpis(enrolment_id: int):
    enrolment, _role = load_enrolment(enrolment_id, ("manager",))
    form = KpiForm()
    if form.validate_on_submit():
        try:
            record_kpis(get_session(), enrolment, current_user, form.observed_on.data,
                        bool(form.is_baseline.data), kpi_values(form))
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The figures are recorded."), "success")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    return render_template("programmes/kpis.html", form=form, enrolment=enrolment,
                           metrics=OBSERVED_METRICS, metric_labels=METRIC_LABELS,
                           recorded=current_observations(get_session(), enrolment.supplier_id)
                           ), 422 if form.is_submitted() else 200


@bp.route("/enrolments/<int:enrolment_id>/files/<name>")
@org_required()
def evidence(enrolment_id: int, name: str):
    enrolment, _role = load_enrolment(enrolment_id)
    original = evidence_name(get_session(), enrolment, name)
    path = evidence_path(name) if original else None
    if path is None:
        abort(404)
    announce_export("evidence file", enrolment_id=enrolment.id, file=name)
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=original)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/my-plan")
@org_required("sme")
def my_plan():
    enrolments = supplier_enrolments(get_session(), current_org())
    return render_template("programmes/my_plan.html", enrolments=[
        {"enrolment": e, "stage": stage_name(e.programme.ladder, e.stage_key),
         "open_items": sum(1 for i in e.plan_items if i.done_on is None),
         "items": len(e.plan_items)} for e in enrolments])
