"""API resources: organisations, supplier profiles and certifications, requirements with their
ranked candidates, applications."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supplierlink.api import schemas as s
from supplierlink.api import visibility
from supplierlink.api.core import (
    PageArgs,
    acting,
    api_blueprint,
    created,
    paginate,
    service_call,
)
from supplierlink.db import get_session
from supplierlink.matches.services import RANK_DEPTH
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.candidates import Filters, candidate_pages
from supplierlink.requirements.models import Application, Requirement
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion
from supplierlink.suppliers.services import get_profile, profile_version

blp = api_blueprint("api_core", "Organisations, suppliers, requirements and applications.")


@blp.route("/me")
@blp.response(200, s.MeSchema)
def me():
    """The token's user, scope and organisations."""
    who = acting()
    return {"id": who.user.id, "email": who.user.email, "name": who.user.name,
            "is_admin": who.is_admin, "scope": who.token.scope, "organisations": who.orgs}


@blp.route("/organisations")
@blp.arguments(s.OrganisationFilter, location="query", as_kwargs=True)
@blp.response(200, s.OrganisationPage)
def organisations(kind=None, **page):
    """The organisations the user belongs to (every one, for administrators)."""
    who = acting()
    query = select(Organisation)
    if not who.is_admin:
        query = query.where(Organisation.id.in_(who.org_ids))
    if kind:
        query = query.where(Organisation.kind == kind)
    return paginate(query, Organisation.id, page)


@blp.route("/organisations/<int:org_id>")
@blp.response(200, s.OrganisationSchema)
def organisation(org_id: int):
    return visibility.organisation(acting(), org_id)


@blp.route("/suppliers/<int:org_id>/profile")
@blp.response(200, s.SupplierProfileSchema)
def supplier_profile(org_id: int):
    """An SME's profile: to its members, administrators and lead firms it applied to."""
    return supplier_profile_view(visibility.supplier(acting(), org_id))


def supplier_profile_view(org: Organisation) -> dict:
    session = get_session()
    profile = get_profile(session, org)
    capabilities = session.scalars(select(Capability).where(
        Capability.organisation_id == org.id).order_by(Capability.id))
    regions = session.scalars(select(ServiceRegion.region_code).where(
        ServiceRegion.organisation_id == org.id).order_by(ServiceRegion.region_code))
    return {"organisation": org, "capabilities_text": profile.capabilities_text or "",
            "capacity": profile.capacity, "capacity_unit": profile.capacity_unit,
            "capabilities": [{"code": c.category.code, "note": c.note or ""}
                             for c in capabilities],
            "regions": list(regions), "employees": org.employees,
            "version": profile_version(session, org)}


def certification_view(cert: Certification) -> dict:
    return {"id": cert.id, "organisation_id": cert.organisation_id,
            "standard": cert.standard.name, "standard_key": cert.standard.key,
            "body": cert.body, "number": cert.number, "scope": cert.scope or "",
            "issued_on": cert.issued_on, "expires_on": cert.expires_on,
            "status": cert.effective_status(date.today()),
            "has_evidence": bool(cert.evidence_file)}


@blp.route("/suppliers/<int:org_id>/certifications")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.CertificationPage)
def certifications(org_id: int, **page):
    org = visibility.supplier(acting(), org_id)
    found = paginate(select(Certification).where(Certification.organisation_id == org.id),
                     Certification.id, page)
    return {**found, "items": [certification_view(c) for c in found["items"]]}


def requirement_view(req: Requirement) -> dict:
    return {"id": req.id, "organisation_id": req.organisation_id, "title": req.title,
            "description": req.description or "", "status": req.status,
            "categories": [rc.category.code for rc in req.categories],
            "must_standards": [rs.standard.key for rs in req.standards
                               if rs.necessity == "must"],
            "preferred_standards": [rs.standard.key for rs in req.standards
                                    if rs.necessity == "preferred"],
            "min_capacity": req.min_capacity, "capacity_unit": req.capacity_unit,
            "category_depth": req.category_depth,
            "regions": [r.region_code for r in req.regions],
            "need_date": req.need_date, "delivery_site": req.delivery_site,
            "version": req.version}


@blp.route("/requirements")
@blp.arguments(s.RequirementFilter, location="query", as_kwargs=True)
@blp.response(200, s.RequirementPage)
def requirements(status=None, **page):
    """A lead firm's own requirements; for SMEs also the open ones and those applied to."""
    query = visibility.requirements_query(acting())
    if status:
        query = query.where(Requirement.status == status)
    found = paginate(query, Requirement.id, page)
    return {**found, "items": [requirement_view(r) for r in found["items"]]}


@blp.route("/requirements", methods=["POST"])
@blp.arguments(s.RequirementInput)
@blp.response(201, s.RequirementSchema)
def create_requirement(data):
    """Post a requirement (a draft, or published with ``publish``) for a lead firm."""
    who = acting()
    org = who.one_of_kind("lead_firm", data.pop("organisation_id"))
    publish = data.pop("publish")
    wanted = RequirementData(
        title=data["title"], description=data["description"],
        category_codes=data["categories"], must_standards=data["must_standards"],
        preferred_standards=data["preferred_standards"], min_capacity=data["min_capacity"],
        capacity_unit=data["capacity_unit"], category_depth=data["category_depth"],
        regions=data["regions"], need_date=data["need_date"],
        delivery_site=data["delivery_site"])
    with service_call():
        req = post_requirement(get_session(), org, who.user, wanted, publish=publish)
    return created(requirement_view(req), "api_core.requirement", req_id=req.id)


@blp.route("/requirements/<int:req_id>")
@blp.response(200, s.RequirementSchema)
def requirement(req_id: int):
    return requirement_view(visibility.requirement(acting(), req_id))


def _candidate(card: dict, qualified: bool) -> dict:
    app = card["application"]
    return {"supplier_id": card["supplier"].id, "supplier_name": card["supplier"].display_name,
            "rank": card["rank"], "score": card["score"], "qualified": qualified,
            "criteria": [{"key": b["key"], "label": b["label"], "value": b["value"]}
                         for b in card["bars"]],
            "reasons": [str(r) for r in card["reasons"]],
            "gaps": [{"kind": g["kind"], "blocking": g["blocking"], "text": str(g["text"]),
                      "remedy": str(g["remedy"]) if g["remedy"] else None,
                      "effort_days": g["effort_days"]}
                     for g in card["blocking"] + card["notes"]],
            "certificates": [{"standard": b["standard"], "status": b["status"],
                              "verified": b["verified"], "expires_on": b["expires_on"]}
                             for b in card["certificates"]],
            "application_status": app.status if app else None}


@blp.route("/requirements/<int:req_id>/candidates")
@blp.response(200, s.CandidatesSchema)
def candidates(req_id: int):
    """Ranked candidates and near misses, with the page's explanations and gaps."""
    who = acting()
    req = visibility.requirement(who, req_id, owner_only=True)
    # every stored result: the ranking keeps at most RANK_DEPTH candidates and fewer near misses
    ranked, near = candidate_pages(get_session(), req, who.user.id, Filters(),
                                   per_page=RANK_DEPTH, near_per_page=RANK_DEPTH)
    return {"requirement_id": req.id, "ranked_at": req.ranked_at,
            "candidates": [_candidate(c, True) for c in ranked.items],
            "near_misses": [_candidate(c, False) for c in near.items]}


def application_view(app: Application) -> dict:
    return {"id": app.id, "requirement_id": app.requirement_id, "supplier_id": app.supplier_id,
            "status": app.status, "message": app.message or "", "created_at": app.created_at}


@blp.route("/applications")
@blp.arguments(s.ApplicationFilter, location="query", as_kwargs=True)
@blp.response(200, s.ApplicationPage)
def applications(status=None, requirement_id=None, **page):
    """An SME's applications; a lead firm's applications received."""
    query = visibility.applications_query(acting())
    if status:
        query = query.where(Application.status == status)
    if requirement_id:
        query = query.where(Application.requirement_id == requirement_id)
    found = paginate(query, Application.id, page)
    return {**found, "items": [application_view(a) for a in found["items"]]}


@blp.route("/applications", methods=["POST"])
@blp.arguments(s.ApplicationInput)
@blp.response(201, s.ApplicationSchema)
def apply(data):
    """An SME applies to an open requirement."""
    who = acting()
    org = who.one_of_kind("sme", data["organisation_id"])
    session = get_session()
    req = visibility.requirement(who, data["requirement_id"])
    with service_call():
        application = apply_to_requirement(session, org, who.user, req, data["message"])
    return created(application_view(application), "api_core.application",
                   application_id=application.id)
