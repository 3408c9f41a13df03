"""SME supplier pages: SMEs only; evidence files for the owner, the buyer it applied to (or
shared its profile with), administrators and verifiers, never for a buyer that only invited it."""

from datetime import date, timedelta

from supplierlink.catalogue.models import Standard
from supplierlink.db import utcnow
from supplierlink.requirements.models import Application
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.services import CertificationData, add_certification, add_export
from supplierlink.suppliers.sharing import share_profile
from supplierlink.uploads import store_pdf

LOGIN = 302
SME_ONLY = {"anonymous": LOGIN, "sme": 200, "other_sme": 200, "default": 403}
EXPECTATIONS = {
    "suppliers.opportunities": ("GET", "/supplier/opportunities", SME_ONLY),
    "suppliers.profile": ("GET", "/supplier/profile", SME_ONLY),
    "suppliers.add_export": ("POST", "/supplier/profile/exports",
                             {**SME_ONLY, "sme": 422, "other_sme": 422}),
    "suppliers.delete_export": ("POST", "/supplier/profile/exports/{export_id}/delete",
                                {**SME_ONLY, "sme": 302, "other_sme": 404}),
    "suppliers.certificates": ("GET", "/supplier/certificates", SME_ONLY),
    "suppliers.add_certificate": ("GET", "/supplier/certificates/new", SME_ONLY),
    "suppliers.certificate_evidence": ("GET", "/supplier/certificates/{cert_id}/evidence",
                                       # the buyer it applied to; the operator of the
                                       # programme it accepted (buyer also sponsors it)
                                       {"anonymous": LOGIN, "sme": 200, "buyer": 200,
                                        "manager": 200, "admin": 200, "default": 404}),
    "suppliers.resolve_standard": ("GET", "/supplier/standards/resolve?q=ISO+9001", SME_ONLY),
    "suppliers.applications": ("GET", "/supplier/applications", SME_ONLY),
    # An open requirement is public to every SME.
    "suppliers.requirement": ("GET", "/supplier/requirements/{open_req_id}", SME_ONLY),
    "suppliers.apply": ("POST", "/supplier/requirements/{open_req_id}/apply",
                        {**SME_ONLY, "sme": 422, "other_sme": 422}),
    "suppliers.withdraw": ("POST", "/supplier/applications/{application_id}/withdraw",
                           {**SME_ONLY, "sme": 302, "other_sme": 404}),
    "suppliers.sharing": ("GET", "/supplier/sharing", SME_ONLY),
    "suppliers.stop_sharing": ("POST", "/supplier/sharing/{shared_with_id}/stop",
                               {**SME_ONLY, "sme": 302, "other_sme": 404}),
}

EXTRA = [
    # an empty post carries no version of the profile it was filled from: refused as stale
    ("suppliers.profile", "POST", "/supplier/profile", {**SME_ONLY, "sme": 422,
                                                         "other_sme": 422}),
    ("suppliers.add_certificate", "POST", "/supplier/certificates/new",
     {**SME_ONLY, "sme": 422, "other_sme": 422}),
    ("suppliers.sharing", "POST", "/supplier/sharing", {**SME_ONLY, "sme": 422,
                                                         "other_sme": 422}),
    # the buyer invited other_sme to its requirement: that opens nothing
    ("suppliers.certificate_evidence", "GET", "/supplier/certificates/{invited_cert_id}/evidence",
     {"anonymous": LOGIN, "other_sme": 200, "offered_sme": 404, "admin": 200, "default": 404}),
]


def arrange(world) -> dict:
    session, sme, buyer = world.session, world.orgs["sme"], world.orgs["buyer"]
    req = create_requirement(session, buyer, world.users["buyer"], RequirementData(
        title="Correas transportadoras", category_codes=["20101501"],
        need_date=date.today() + timedelta(days=60)))
    change_status(session, req, "open")
    application = Application(requirement_id=req.id, supplier_id=sme.id, message="Podemos",
                              status="submitted", applied_at=utcnow())
    session.add(application)
    session.add(Application(requirement_id=req.id, supplier_id=world.orgs["other_sme"].id,
                            status="invited", created_by_id=world.users["buyer"].id))
    shared_with = world.make_org("lead_firm")
    share_profile(session, sme, shared_with, world.users["sme"])
    stored = store_pdf(session, b"%PDF-1.4 evidence", "certificado.pdf")
    standard = session.query(Standard).filter_by(key="iso-9001").one()
    cert = add_certification(session, sme, CertificationData(
        standard=standard, evidence_file=stored.name, evidence_name=stored.original_name))
    invited_cert = add_certification(session, world.orgs["other_sme"], CertificationData(
        standard=standard, evidence_file=stored.name, evidence_name=stored.original_name))
    export = add_export(session, sme, "US", date.today().year - 1)
    session.flush()
    return {"open_req_id": req.id, "application_id": application.id, "cert_id": cert.id,
            "export_id": export.id, "invited_cert_id": invited_cert.id,
            "shared_with_id": shared_with.id}
