"""Programme pages: the manager's and sponsors' programme list and dashboard, cohorts, CSV
exports, and enrolling a near-miss supplier from a requirement.

Who sees what: the operator's members manage; members of sponsor lead firms read (403 on the
pages that change something, since they already know the programme exists); the enrolled SME
sees its own enrolment; everyone else gets 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from supplierlink import consent
from supplierlink.access import current_org, org_required
from supplierlink.catalogue.models import Standard
from supplierlink.db import get_session
from supplierlink.downloads import announce_export
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors, choices
from supplierlink.matches.wording import gap_view
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import lead_firm_choices
from supplierlink.paging import paginate_list, requested_page
from supplierlink.programmes import consent_views, enrolment_views  # noqa: F401  (routes)
from supplierlink.programmes.blueprint import bp, load_programme
from supplierlink.programmes.dashboard import overview
from supplierlink.programmes.exports import csv_response, table_rows
from supplierlink.programmes.forms import CohortForm, EnrolForm, ProgrammeForm, SponsorForm
from supplierlink.programmes.services import (
    ProgrammeData,
    add_cohort,
    create_programme,
    enrol_supplier,
    gaps_for,
    pending_offers,
    sponsored_programmes,
    visible_programmes,
)
from supplierlink.requirements.models import Requirement
from supplierlink.urls import id_arg

__all__ = ["bp"]


@bp.route("/")
@org_required("programme_operator", "lead_firm")
def index():
    org = current_org()
    return render_template("programmes/index.html", programmes=visible_programmes(
        get_session(), org), can_create=org.kind == "programme_operator")


@bp.route("/new", methods=["GET", "POST"])
@org_required("programme_operator")
def new():
    session = get_session()
    form = ProgrammeForm()
    form.sponsor_ids.choices = choices(lead_firm_choices(session))
    form.target_standard_key.choices = choices(
        [("", "—")] + [(s.key, s.name)
                       for s in session.scalars(select(Standard).order_by(Standard.name))])
    if form.validate_on_submit():
        data = ProgrammeData(
            name=form.name.data, description=form.description.data or "",
            target_count=form.target_count.data, target_kind=form.target_kind.data,
            target_stage_key=form.target_stage.data, start_date=form.start_date.data,
            target_standard_key=form.target_standard_key.data or None,
            end_date=form.end_date.data, stage_names=(form.stage_names.data or "").splitlines(),
            sponsor_ids=form.sponsor_ids.data or [])
        try:
            programme = create_programme(session, current_org(), current_user, data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The programme is created. Add a cohort, then enrol suppliers."), "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template("programmes/new.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/<int:programme_id>")
@org_required()
def show(programme_id: int):
    programme, role = load_programme(programme_id)
    cohort_id = id_arg("cohort")
    data = overview(get_session(), programme, cohort_id=cohort_id)
    page = paginate_list(data["enrolments"], requested_page())
    manager = role == "manager"
    sponsor_form = SponsorForm()
    sponsor_form.organisation_id.choices = choices(lead_firm_choices(get_session()))
    return render_template(
        "programmes/show.html", programme=programme, role=role, page=page, cohort_id=cohort_id,
        cohort_form=CohortForm(), sponsor_form=sponsor_form,
        # only accepted sponsors are named to anyone; the operator also sees its invitations
        sponsors=[s.organisation for s in programme.sponsors if s.status == "accepted"],
        invited=[s for s in programme.sponsors if s.status != "accepted"] if manager else [],
        offers=pending_offers(get_session(), programme) if manager else [], **data)


@bp.route("/<int:programme_id>/cohorts", methods=["POST"], endpoint="add_cohort")
@org_required()
def add_cohort_view(programme_id: int):
    programme, _role = load_programme(programme_id, manage=True)
    form = CohortForm()
    if form.validate_on_submit():
        try:
            add_cohort(get_session(), programme, form.name.data, form.start_date.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The cohort is added."), "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    return render_template("programmes/cohort_form.html", programme=programme, form=form), 422


@bp.route("/<int:programme_id>/export/<table>.csv")
@org_required()
def export(programme_id: int, table: str):
    programme, _role = load_programme(programme_id)
    rows = table_rows(get_session(), programme, table)
    if rows is None:
        abort(404)
    announce_export(f"programme {table}", rows=len(rows[1]), programme_id=programme.id)
    return csv_response(f"programme-{programme.id}-{table}.csv", *rows)


@bp.route("/<int:programme_id>/export/<table>.xlsx")
@org_required()
def export_xlsx(programme_id: int, table: str):
    from supplierlink.exports.xlsx import xlsx_response

    programme, _role = load_programme(programme_id)
    rows = table_rows(get_session(), programme, table)
    if rows is None:
        abort(404)
    return xlsx_response(f"programme-{programme.id}-{table}.xlsx", *rows, title=table)


def _enrolment_subjects(session):
    """The requirement and supplier named in the query string, if the acting organisation may
    use that requirement's gaps: its own requirement (a sponsor), or a requirement of one of its
    programmes' sponsors (an operator)."""
    org = current_org()
    requirement = session.get(Requirement, id_arg("requirement_id") or 0)
    supplier = session.get(Organisation, id_arg("supplier_id") or 0)
    if requirement is None or supplier is None or supplier.kind != "sme":
        abort(404)
    if not consent.requirement_visible_to(requirement, org):
        abort(404)  # a draft is its lead firm's alone
    if org.kind == "lead_firm":
        programmes = sponsored_programmes(session, org)
        if requirement.organisation_id != org.id:
            abort(404)
    else:
        programmes = [p for p in visible_programmes(session, org)
                      if requirement.organisation_id in p.sponsor_ids]
        if not programmes:
            abort(404)
    return requirement, supplier, programmes


@bp.route("/enrol", methods=["GET", "POST"])
@org_required("programme_operator", "lead_firm")
def enrol():
    session = get_session()
    requirement, supplier, programmes = _enrolment_subjects(session)
    options = [(f"{p.id}:", p.name) for p in programmes]
    options += [(f"{p.id}:{c.id}", f"{p.name} — {c.name}") for p in programmes for c in p.cohorts]
    form = EnrolForm()
    form.programme_cohort.choices = choices(sorted(options, key=lambda o: o[1]))
    gaps = gaps_for(session, requirement, supplier)
    if form.validate_on_submit():
        programme_id, _sep, cohort_id = form.programme_cohort.data.partition(":")
        programme = next(p for p in programmes if str(p.id) == programme_id)
        cohort = next((c for c in programme.cohorts if str(c.id) == cohort_id), None)
        try:
            enrolment = enrol_supplier(session, programme, supplier, current_user, cohort=cohort,
                                       requirement=requirement, gaps=gaps, by=current_org())
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("%(name)s is offered a place; its development plan was drafted from the "
                    "gaps. Tracking starts when the supplier accepts.",
                    name=supplier.display_name), "success")
            if programme.operator_id != current_org().id:
                # a sponsor sees the enrolment only once the supplier accepts
                return redirect(url_for("requirements.show", req_id=requirement.id))
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    return render_template(
        "programmes/enrol.html", form=form, requirement=requirement, supplier=supplier,
        gaps=[gap_view(g) for g in gaps], programmes=programmes,
    ), 422 if form.is_submitted() else 200
