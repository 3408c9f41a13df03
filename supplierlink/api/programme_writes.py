"""API writes of supplier development: programmes, enrolment offers and answers, milestones and
KPIs, through the services of the programme pages and their consent rules (an object the user
may see but not change answers 403, one it may not see 404)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from supplierlink import consent
from supplierlink.api import schemas as s
from supplierlink.api import visibility
from supplierlink.api.core import acting, created, not_found, service_call
from supplierlink.api.programmes import blp, enrolment_view, programme_view
from supplierlink.api.writes import pdf_upload
from supplierlink.db import get_session
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.agreements import answer_enrolment, leave_programme
from supplierlink.programmes.kpis import record_kpis
from supplierlink.programmes.models import Cohort, Enrolment, Milestone
from supplierlink.programmes.services import (
    ProgrammeData,
    create_programme,
    enrol_supplier,
    gaps_for,
    update_programme,
)
from supplierlink.programmes.tracking import achieve_milestone
from supplierlink.requirements.models import Requirement


@blp.route("/programmes", methods=["POST"])
@blp.arguments(s.ProgrammeInput)
@blp.response(201, s.ProgrammeSchema)
def create(data):
    """Create a programme run by your programme operator; the lead firms named in
    ``sponsor_ids`` are only invited (each accepts on its own page)."""
    who = acting()
    operator = who.one_of_kind("programme_operator")
    wanted = ProgrammeData(
        name=data["name"], description=data["description"], target_count=data["target_count"],
        target_kind=data["target_kind"], target_stage_key=data["target_stage"],
        target_standard_key=data["target_standard_key"], start_date=data["start_date"],
        end_date=data["end_date"], stage_names=data["stage_names"],
        sponsor_ids=data["sponsor_ids"])
    with service_call():
        programme = create_programme(get_session(), operator, who.user, wanted)
    return created(programme_view(programme), "api_programmes.programme",
                   programme_id=programme.id)


@blp.route("/programmes/<int:programme_id>", methods=["PATCH"])
@blp.arguments(s.ProgrammePatch)
@blp.response(200, s.ProgrammeSchema)
def update(data, programme_id: int):
    """Change your programme's name, description, target count or dates (its operator)."""
    who = acting()
    programme = visibility.programme(who, programme_id)
    current = {"name": programme.name, "description": programme.description or "",
               "target_count": programme.target_count, "start_date": programme.start_date,
               "end_date": programme.end_date}
    values = {key: data.get(key, value) for key, value in current.items()}
    with service_call():
        update_programme(get_session(), programme, who.user, ProgrammeData(**values))
    return programme_view(programme)


@blp.route("/programmes/<int:programme_id>/enrolments", methods=["POST"])
@blp.arguments(s.OfferInput)
@blp.response(201, s.EnrolmentSchema)
@blp.alt_response(200, schema=s.EnrolmentSchema,
                  description="The supplier had an offer or enrolment already: the plan "
                              "gains the gaps it did not cover.")
def offer(data, programme_id: int):
    """Offer an SME a place (the operator, or a sponsoring lead firm for near misses of its
    own requirements), with its plan drafted from its gaps for the published requirement.
    Nothing is tracked until the SME accepts."""
    who = acting()
    session = get_session()
    programme = visibility.programme(who, programme_id)
    by = next((o for o in who.orgs if o.id == data["organisation_id"]), None) \
        if data["organisation_id"] else _offering_org(who, programme)
    if by is None:
        raise Forbidden(str(_l("You do not act for this organisation.")))
    supplier = session.get(Organisation, data["supplier_id"])
    requirement = session.get(Requirement, data["requirement_id"])
    if supplier is None or requirement is None:
        raise not_found()
    if not consent.requirement_visible_to(requirement, by):
        raise not_found()  # a draft is its lead firm's alone
    cohort = session.get(Cohort, data["cohort_id"]) if data["cohort_id"] else None
    known = session.scalar(select(Enrolment.id).where(
        Enrolment.programme_id == programme.id, Enrolment.supplier_id == supplier.id))
    # only an SME has gaps; the service refuses anything else, naming supplier_id
    gaps = gaps_for(session, requirement, supplier) if supplier.kind == "sme" else []
    with service_call():
        enrolment = enrol_supplier(session, programme, supplier, who.user, cohort=cohort,
                                   requirement=requirement, gaps=gaps, by=by)
    body = enrolment_view(enrolment)
    if enrolment.id == known:
        return body, 200
    return created(body, "api_programmes.enrolment", enrolment_id=enrolment.id)


def _offering_org(who, programme):
    """The user's organisation that runs the programme, else one that sponsors it."""
    for org in who.orgs:
        if org.id == programme.operator_id:
            return org
    return next((o for o in who.orgs if o.id in programme.sponsor_ids), None)


@blp.route("/enrolments/<int:enrolment_id>", methods=["PATCH"])
@blp.arguments(s.EnrolmentPatch)
@blp.response(200, s.EnrolmentSchema)
def answer(data, enrolment_id: int):
    """The SME answers its offer (``active`` accepts, ``declined`` declines) or leaves the
    programme (``left``, with an optional reason)."""
    who = acting()
    enrolment = visibility.enrolment(who, enrolment_id)
    org = next((o for o in who.orgs if o.id == enrolment.supplier_id), None)
    if org is None:
        raise Forbidden(str(_l("Only the supplier answers its enrolment.")))
    session = get_session()
    with service_call():
        if data["status"] == "left":
            leave_programme(session, enrolment, org, who.user, data["reason"])
        else:
            answer_enrolment(session, enrolment, org, who.user, data["status"] == "active")
    return enrolment_view(enrolment)


@blp.route("/milestones/<int:milestone_id>", methods=["PATCH"])
@blp.arguments(s.MilestonePatch)
@blp.response(200, s.MilestoneSchema)
@blp.alt_response(409, response="CONFLICT")  # a newer version was saved
def complete_milestone(data, milestone_id: int):
    """Log a milestone as achieved (the operator), with its evidence: a note, a PDF (base64),
    or both; send the version you read (a newer one answers 409)."""
    who = acting()
    session = get_session()
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise not_found()
    enrolment = visibility.enrolment(who, milestone.enrolment_id)
    with service_call():
        achieve_milestone(session, milestone, enrolment, who.user, data["version"],
                          data["achieved_on"], data["note"], pdf_upload(data))
    return milestone


@blp.route("/enrolments/<int:enrolment_id>/kpis", methods=["POST"])
@blp.arguments(s.KpiInput)
@blp.response(201, s.KpiList)
def record(data, enrolment_id: int):
    """Record one occasion's KPI values of the enrolled SME (the operator, once the SME
    accepted)."""
    who = acting()
    enrolment = visibility.enrolment(who, enrolment_id)
    # an indicator's error is named by its place in the body
    with service_call(lambda key: f"values.{key}" if key in data["values"] else key):
        rows = record_kpis(get_session(), enrolment, who.user, data["observed_on"],
                           data["is_baseline"], data["values"])
    return {"items": rows}, 201, {"Location": url_for("api_programmes.kpis",
                                                      enrolment_id=enrolment.id)}
