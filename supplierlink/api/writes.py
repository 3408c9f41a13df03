"""API writes on organisations, supplier profiles, certificates, requirements and applications.

Each one calls the service its page calls, with the page's rules: only the user's own
organisation's records change (another organisation's answer 404, administrators included, as
on the pages), the service checks everything before writing, and a broken rule answers with the
field at fault (422), a stale version with 409, and nothing is written either way.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import Forbidden, NotFound, UnprocessableEntity

from supplierlink.api import schemas as s
from supplierlink.api import visibility
from supplierlink.api.core import acting, created, own, service_call
from supplierlink.api.resources import (
    application_view,
    blp,
    certification_view,
    requirement_view,
    supplier_profile_view,
)
from supplierlink.db import get_session
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import OrganisationData, update_organisation
from supplierlink.requirements.models import Application
from supplierlink.requirements.services import RequirementData, set_status, update_requirement
from supplierlink.requirements.wording import needs_confirmation
from supplierlink.requirements.workflow import act_on_candidate, is_candidate
from supplierlink.suppliers import lifecycle
from supplierlink.suppliers.applications import withdraw_application
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    get_profile,
    save_profile,
)


def pdf_upload(data: dict) -> FileStorage | None:
    """The base64 PDF of a body as the upload the page's form would carry."""
    content = data.get("evidence_pdf")
    if content is None:
        return None
    return FileStorage(BytesIO(content), filename=data.get("evidence_name") or "evidence.pdf",
                       content_type="application/pdf")


def _merged(data: dict, current: dict) -> dict:
    """A PATCH body over the stored values: a field not sent keeps its value."""
    return {key: data.get(key, value) for key, value in current.items()}


#: what needs confirming, and what the API says when it was not confirmed
UNCONFIRMED = {
    "close": _l("Closing a requirement asks for confirmation, as on the page: send confirm "
                "true."),
    "award": _l("Awarding asks for confirmation, as on the page: send confirm true."),
}


def _unconfirmed(what: str) -> UnprocessableEntity:
    exc = UnprocessableEntity()
    exc.data = {"messages": {"json": {"confirm": [str(UNCONFIRMED[what])]}}}
    return exc


# ----------------------------------------------------------------------------- organisations

@blp.route("/organisations/<int:org_id>", methods=["PATCH"])
@blp.arguments(s.OrganisationPatch)
@blp.response(200, s.OrganisationSchema)
def update_organisation_details(data, org_id: int):
    """Change your organisation's details (its owners, as on the profile page)."""
    who = acting()
    org = own(who, get_session().get(Organisation, org_id), "id")
    membership = next(m for m in who.user.memberships if m.organisation_id == org.id)
    if membership.role != "owner":
        raise Forbidden(str(_l("Only the organisation's owners change its details.")))
    values = _merged(data, {
        "legal_name": org.legal_name, "trade_name": org.trade_name, "country": org.country,
        "tax_id": org.tax_id, "region": org.region, "town": org.town,
        "employees": org.employees, "sales_band": org.sales_band,
        "description": org.description, "website": org.website, "published": org.published})
    with service_call():
        update_organisation(get_session(), org, OrganisationData(kind=org.kind, **values))
    return org


# ----------------------------------------------------------------------------- profiles

@blp.route("/suppliers/<int:org_id>/profile", methods=["PATCH"])
@blp.arguments(s.ProfilePatch)
@blp.response(200, s.SupplierProfileSchema)
@blp.alt_response(409, response="CONFLICT")  # a newer version was saved
def update_supplier_profile(data, org_id: int):
    """Change your SME's profile: what it does, categories, regions served, capacity with its
    unit, employees (its size class). Send the version you read; the suppliers are ranked
    again."""
    session = get_session()
    org = own(acting(), session.get(Organisation, org_id), "id")
    if org.kind != "sme":
        raise NotFound("Not found, or not yours to see.")
    profile = get_profile(session, org)
    current = {
        "capabilities_text": profile.capabilities_text or "", "capacity": profile.capacity,
        "capacity_unit": profile.capacity_unit, "employees": org.employees,
        "categories": [c.category.code for c in session.scalars(
            select(Capability).where(Capability.organisation_id == org.id)
            .order_by(Capability.id))],
        "regions": list(session.scalars(select(ServiceRegion.region_code).where(
            ServiceRegion.organisation_id == org.id).order_by(ServiceRegion.id)))}
    values = _merged(data, current)
    wanted = ProfileData(capabilities_text=(values["capabilities_text"] or "").strip(),
                         capacity=values["capacity"], capacity_unit=values["capacity_unit"],
                         category_codes=values["categories"], regions=values["regions"])
    with service_call():
        save_profile(session, org, wanted, values["employees"],
                     expected_version=data["version"])
    return supplier_profile_view(org)


# ----------------------------------------------------------------------------- certificates

def _certificate_data(data: dict, cert: Certification | None = None) -> CertificationData:
    current = {"body": None, "number": None, "scope": "", "issued_on": None, "expires_on": None}
    if cert is not None:
        current = {"body": cert.body, "number": cert.number, "scope": cert.scope or "",
                   "issued_on": cert.issued_on, "expires_on": cert.expires_on}
    values = _merged(data, current)
    return CertificationData(standard=None, body=(values["body"] or "").strip(),
                             number=(values["number"] or "").strip(),
                             scope=(values["scope"] or "").strip(),
                             issued_on=values["issued_on"], expires_on=values["expires_on"])


def _own_sme(org_id: int) -> Organisation:
    org = own(acting(), get_session().get(Organisation, org_id), "id")
    if org.kind != "sme":
        raise NotFound("Not found, or not yours to see.")
    return org


def _live_certificate(cert_id: int) -> Certification:
    """One of the user's SMEs' certificates that may still change (as the page's 404)."""
    cert = own(acting(), get_session().get(Certification, cert_id))
    if cert.status not in lifecycle.LIVE:
        raise NotFound(str(_l("This certificate is kept as history and can no longer be "
                              "changed.")))
    return cert


@blp.route("/suppliers/<int:org_id>/certifications", methods=["POST"])
@blp.arguments(s.CertificationInput)
@blp.response(201, s.CertificationSchema)
def declare_certificate(data, org_id: int):
    """Declare a certificate of your SME. As on the page, the certificate's PDF is required
    (base64 in ``evidence_pdf``): it is checked by content, and an administrator verifies it."""
    org = _own_sme(org_id)
    with service_call():
        cert, _found = lifecycle.declare_with_expiry_check(
            get_session(), org, acting().user, data["standard"], _certificate_data(data),
            pdf_upload(data))
    return created(certification_view(cert), "api_core.certification", cert_id=cert.id)


@blp.route("/certifications/<int:cert_id>")
@blp.response(200, s.CertificationSchema)
def certification(cert_id: int):
    """A certificate: to whoever may see its SME's certificates."""
    cert = get_session().get(Certification, cert_id)
    if cert is None:
        raise NotFound("Not found, or not yours to see.")
    visibility.supplier(acting(), cert.organisation_id)
    return certification_view(cert)


@blp.route("/certifications/<int:cert_id>", methods=["PATCH"])
@blp.arguments(s.CertificationPatch)
@blp.response(200, s.CertificationSchema)
def edit_certificate(data, cert_id: int):
    """Correct a certificate's body, number, scope, dates or PDF; a changed certificate goes
    back to the administrators (a verified one becomes self-declared until checked again)."""
    cert = _live_certificate(cert_id)
    org = get_session().get(Organisation, cert.organisation_id)
    with service_call():
        lifecycle.edit_certification(get_session(), cert, org, acting().user,
                                     _certificate_data(data, cert), pdf_upload(data))
    return certification_view(cert)


@blp.route("/certifications/<int:cert_id>/renewal", methods=["POST"])
@blp.arguments(s.CertificationRenewal)
@blp.response(201, s.CertificationSchema)
def renew_certificate(data, cert_id: int):
    """Renew a certificate with the new one's dates and PDF (required, as on the page): the
    new certificate replaces it, and the old one is kept as history (``superseded``)."""
    old = _live_certificate(cert_id)
    org = get_session().get(Organisation, old.organisation_id)
    with service_call():
        new, _found = lifecycle.renew_certification(get_session(), old, org, acting().user,
                                                    _certificate_data(data), pdf_upload(data))
    return created(certification_view(new), "api_core.certification", cert_id=new.id)


@blp.route("/certifications/<int:cert_id>", methods=["DELETE"])
@blp.arguments(s.ReasonArgs, location="query", as_kwargs=True)
@blp.response(200, s.CertificationSchema)
def withdraw_certificate(cert_id: int, reason: str = ""):
    """Withdraw a certificate: your SME no longer claims it; buyers and matching stop seeing
    it, and it stays in the history (status ``withdrawn``)."""
    cert = _live_certificate(cert_id)
    org = get_session().get(Organisation, cert.organisation_id)
    with service_call():
        lifecycle.withdraw_certification(get_session(), cert, org, acting().user, reason)
    return certification_view(cert)


# ----------------------------------------------------------------------------- requirements

@blp.route("/requirements/<int:req_id>", methods=["PATCH"])
@blp.arguments(s.RequirementPatch)
@blp.response(200, s.RequirementSchema)
@blp.alt_response(409, response="CONFLICT")  # a newer version was saved
def update_requirement_details(data, req_id: int):
    """Edit your lead firm's requirement at the version you read (a newer one answers 409);
    the candidates are ranked again."""
    req = visibility.requirement(acting(), req_id, owner_only=True)
    current = requirement_view(req)
    values = _merged(data, current)
    wanted = RequirementData(
        title=values["title"], description=values["description"],
        category_codes=values["categories"], must_standards=values["must_standards"],
        preferred_standards=values["preferred_standards"],
        min_capacity=values["min_capacity"], capacity_unit=values["capacity_unit"],
        category_depth=values["category_depth"], regions=values["regions"],
        need_date=values["need_date"], delivery_site=values["delivery_site"])
    with service_call():
        update_requirement(get_session(), req, wanted, data["version"])
    return requirement_view(req)


@blp.route("/requirements/<int:req_id>/status", methods=["PUT"])
@blp.arguments(s.RequirementStatusInput)
@blp.response(200, s.RequirementSchema)
@blp.alt_response(409, response="CONFLICT")  # a newer version was saved
def set_requirement_status(data, req_id: int):
    """Publish (``open``), close (``closed``, confirmed), reopen or mark awarded, as the page's
    buttons allow from the current status."""
    req = visibility.requirement(acting(), req_id, owner_only=True)
    if needs_confirmation("close", data["status"], req, confirmed=data["confirm"]):
        raise _unconfirmed("close")
    with service_call():
        set_status(get_session(), req, data["status"], data["version"])
    return requirement_view(req)


# ----------------------------------------------------------------------------- applications

@blp.route("/requirements/<int:req_id>/candidates/<int:supplier_id>/action",
           methods=["POST"])
@blp.arguments(s.CandidateActionInput)
@blp.response(200, s.ApplicationSchema)
def act_on_a_candidate(data, req_id: int, supplier_id: int):
    """Shortlist, invite, reject (with a reason) or award (confirmed) a ranked candidate or an
    applicant of your requirement. A near miss is awarded only with ``override_reason``, which
    is recorded, as on the page."""
    session = get_session()
    req = visibility.requirement(acting(), req_id, owner_only=True)
    supplier = session.get(Organisation, supplier_id)
    if not is_candidate(session, req, supplier):
        raise NotFound(str(_l("This supplier is not a candidate.")))
    if needs_confirmation("award", data["action"], req, confirmed=data["confirm"]):
        raise _unconfirmed("award")
    with service_call():
        application = act_on_candidate(session, req, supplier, data["action"], acting().user,
                                       data["reason"], override_reason=data["override_reason"])
    return application_view(application)


@blp.route("/applications/<int:application_id>")
@blp.response(200, s.ApplicationSchema)
def application(application_id: int):
    """An application: to its SME and to the requirement's lead firm."""
    found = get_session().scalar(visibility.applications_query(acting()).where(
        Application.id == application_id))
    if found is None:
        raise NotFound("Not found, or not yours to see.")
    return application_view(found)


@blp.route("/applications/<int:application_id>", methods=["DELETE"])
@blp.response(200, s.ApplicationSchema)
def withdraw(application_id: int):
    """Withdraw your SME's application while it is submitted, shortlisted or invited (as on
    the page); it stays, with status ``withdrawn``."""
    session = get_session()
    found = own(acting(), session.get(Application, application_id), "supplier_id")
    with service_call():
        withdraw_application(session, found)
    return application_view(found)

