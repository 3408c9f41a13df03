"""API resources of supplier development: programmes, enrolments, milestones and KPIs."""

from __future__ import annotations

from sqlalchemy import select

from supplierlink.api import schemas as s
from supplierlink.api import visibility
from supplierlink.api.core import PageArgs, acting, api_blueprint, paginate
from supplierlink.programmes.models import (
    Enrolment,
    KpiObservation,
    Milestone,
    Programme,
)
from supplierlink.programmes.services import visible_programmes_query

blp = api_blueprint("api_programmes", "Programmes, enrolments, milestones and KPIs.")


def programme_view(p: Programme) -> dict:
    return {"id": p.id, "operator_id": p.operator_id, "name": p.name,
            "description": p.description or "", "target_count": p.target_count,
            "target_stage_key": p.target_stage_key, "start_date": p.start_date,
            "end_date": p.end_date, "sponsor_ids": sorted(p.sponsor_ids)}


def enrolment_view(e: Enrolment) -> dict:
    return {"id": e.id, "programme_id": e.programme_id, "supplier_id": e.supplier_id,
            "supplier_name": e.supplier.display_name, "status": e.status,
            "stage_key": e.stage_key,
            "stage_entered_on": e.stage_entered_on, "enrolled_on": e.enrolled_on}


@blp.route("/programmes")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.ProgrammePage)
def programmes(**page):
    """Programmes the user's organisations run or sponsor (every one, for administrators)."""
    who = acting()
    query = select(Programme) if who.is_admin else visible_programmes_query(who.org_ids)
    found = paginate(query, Programme.id, page)
    return {**found, "items": [programme_view(p) for p in found["items"]]}


@blp.route("/programmes/<int:programme_id>")
@blp.response(200, s.ProgrammeSchema)
def programme(programme_id: int):
    return programme_view(visibility.programme(acting(), programme_id))


@blp.route("/programmes/<int:programme_id>/enrolments")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.EnrolmentPage)
def enrolments(programme_id: int, **page):
    prog = visibility.programme(acting(), programme_id)
    found = paginate(select(Enrolment).where(Enrolment.programme_id == prog.id),
                     Enrolment.id, page)
    return {**found, "items": [enrolment_view(e) for e in found["items"]]}


@blp.route("/enrolments/<int:enrolment_id>")
@blp.response(200, s.EnrolmentSchema)
def enrolment(enrolment_id: int):
    """An enrolment: to the programme's operator and sponsors, and to the SME itself."""
    return enrolment_view(visibility.enrolment(acting(), enrolment_id))


@blp.route("/enrolments/<int:enrolment_id>/milestones")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.MilestonePage)
def milestones(enrolment_id: int, **page):
    found = visibility.enrolment(acting(), enrolment_id)
    return paginate(select(Milestone).where(Milestone.enrolment_id == found.id),
                    Milestone.id, page)


@blp.route("/enrolments/<int:enrolment_id>/kpis")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.KpiPage)
def kpis(enrolment_id: int, **page):
    """The enrolled supplier's KPI observations (baseline and follow-ups)."""
    found = visibility.enrolment(acting(), enrolment_id)
    return paginate(select(KpiObservation).where(KpiObservation.supplier_id ==
                                                 found.supplier_id), KpiObservation.id, page)
