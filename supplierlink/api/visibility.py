"""What a token's user may see through the API: the same rules as the pages."""

from __future__ import annotations

from sqlalchemy import select

from supplierlink.api.core import Acting, not_found
from supplierlink.db import get_session
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Enrolment, Programme
from supplierlink.programmes.services import enrolment_role, programme_role
from supplierlink.requirements.models import Application, Requirement
from supplierlink.suppliers.applications import visible_requirement


def organisation(who: Acting, org_id: int) -> Organisation:
    org = get_session().get(Organisation, org_id)
    if org is None or not (who.is_admin or org.id in who.org_ids):
        raise not_found()
    return org


def supplier(who: Acting, org_id: int) -> Organisation:
    """An SME's profile and certificates: its members, administrators, and lead firms it
    applied to (as the evidence rule of the pages)."""
    org = get_session().get(Organisation, org_id)
    if org is None or org.kind != "sme":
        raise not_found()
    if who.is_admin or org.id in who.org_ids:
        return org
    applied_to = select(Application.id).join(
        Requirement, Requirement.id == Application.requirement_id).where(
        Application.supplier_id == org.id, Application.status != "withdrawn",
        Requirement.organisation_id.in_(who.org_ids))
    if who.org_ids and get_session().scalar(applied_to.limit(1)) is not None:
        return org
    raise not_found()


def requirement(who: Acting, req_id: int, owner_only: bool = False) -> Requirement:
    session = get_session()
    req = session.get(Requirement, req_id)
    if req is None:
        raise not_found()
    if req.organisation_id in who.org_ids or (who.is_admin and not owner_only):
        return req
    if not owner_only:
        for org in who.of_kind("sme"):
            if visible_requirement(session, org, req_id) is not None:
                return req
    raise not_found()


def requirements_query(who: Acting):
    query = select(Requirement)
    if who.is_admin:
        return query
    smes = [o.id for o in who.of_kind("sme")]
    applied = select(Application.requirement_id).where(Application.supplier_id.in_(smes))
    visible = Requirement.organisation_id.in_(who.org_ids)
    if smes:
        visible = visible | (Requirement.status == "open") | (
            (Requirement.status != "draft") & Requirement.id.in_(applied))
    return query.where(visible)


def applications_query(who: Acting):
    query = select(Application)
    if who.is_admin:
        return query
    own_requirements = select(Requirement.id).where(Requirement.organisation_id.in_(who.org_ids))
    return query.where(Application.supplier_id.in_(who.org_ids)
                       | Application.requirement_id.in_(own_requirements))


def programme(who: Acting, programme_id: int) -> Programme:
    prog = get_session().get(Programme, programme_id)
    if prog is None or not (who.is_admin or any(programme_role(prog, o) for o in who.orgs)):
        raise not_found()
    return prog


def enrolment(who: Acting, enrolment_id: int) -> Enrolment:
    found = get_session().get(Enrolment, enrolment_id)
    if found is None or not (who.is_admin or any(enrolment_role(found, o) for o in who.orgs)):
        raise not_found()
    return found
