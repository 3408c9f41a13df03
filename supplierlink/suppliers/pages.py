"""Values the supplier pages show, worked out in Python so templates only lay them out."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.labels import CERTIFICATION_STATUS_LABELS, label
from supplierlink.matches.services import assess_supplier, gap_dicts
from supplierlink.matches.wording import gap_view
from supplierlink.organisations.models import Organisation
from supplierlink.paging import paginate_list
from supplierlink.suppliers import applications as apps
from supplierlink.suppliers.models import Capability, ServiceRegion, SupplierProfile
from supplierlink.suppliers.opportunities import (
    load,
    open_requirement_count,
    opportunity_view,
    stored_opportunities,
    summary_view,
)
from supplierlink.suppliers.opportunity_search import (
    OpportunityQuery,
    buyer_choices,
    search_opportunities,
)
from supplierlink.suppliers.services import certifications_of, profile_version

EXPIRING_DAYS = 60  # a certificate this close to its expiry date is flagged for renewal


def profile_form_data(session: Session, org: Organisation) -> dict:
    """The profile form filled in with what is stored."""
    profile = session.get(SupplierProfile, org.id) or SupplierProfile(capabilities_text="")
    codes = session.scalars(select(Capability).where(Capability.organisation_id == org.id)
                            .order_by(Capability.id)).all()
    regions = session.scalars(select(ServiceRegion.region_code)
                              .where(ServiceRegion.organisation_id == org.id)
                              .order_by(ServiceRegion.id)).all()
    return {
        "category_codes": ", ".join(c.category.code for c in codes),
        "capabilities_text": profile.capabilities_text, "capacity": profile.capacity,
        "capacity_unit": profile.capacity_unit, "regions": ", ".join(regions),
        "employees": org.employees, "version": str(profile_version(session, org)),
    }


def opportunities_context(session: Session, org: Organisation, page_number: int = 1,
                          per_page: int | None = None, today: date | None = None,
                          query: OpportunityQuery | None = None) -> dict:
    """The SME's opportunities from the stored results, searched and sorted as asked: one page
    of them, and the summary."""
    found = load(session, stored_opportunities(session, org))
    query = query or OpportunityQuery()
    page = paginate_list(search_opportunities(found, query), page_number, per_page)
    page.items = [opportunity_view(o) for o in page.items]
    summary = summary_view(found, open_requirement_count(session))
    return {"page": page, "summary": summary, "status_labels": apps.STATUS_LABELS,
            "query": query, "buyers": buyer_choices(found)}


def certificate_view(cert, today: date) -> dict:
    status = cert.effective_status(today)
    expiring = (status in ("self_declared", "verified") and cert.expires_on is not None
                and cert.expires_on <= today + timedelta(days=EXPIRING_DAYS))
    return {"cert": cert, "status": status, "status_label": label(CERTIFICATION_STATUS_LABELS, status),
            "expiring": expiring, "reason": cert.status_reason
            if cert.status in ("rejected", "revoked") else None}


def certificates_context(session: Session, org: Organisation, today: date | None = None) -> dict:
    today = today or date.today()
    return {"certificates": [certificate_view(c, today) for c in certifications_of(session, org)]}


def requirement_context(session: Session, org: Organisation, req_id: int,
                        today: date | None = None) -> dict | None:
    """A requirement's public details and this SME's fit for it; None when it is not visible."""
    req = apps.visible_requirement(session, org, req_id)
    if req is None:
        return None
    result = assess_supplier(session, org, req, today=today)
    gaps = [gap_view(g) for g in gap_dicts(result)]
    application = apps.application_for(session, org, req)
    return {
        "req": req, "buyer": session.get(Organisation, req.organisation_id),
        "score": round(float(result.score) * 100), "qualified": result.qualified,
        "blocking": [g for g in gaps if g["blocking"]],
        "other_gaps": [g for g in gaps if not g["blocking"]],
        # a row the buyer's invitation or shortlist made is not the SME's application
        "application": application if application and application.applied_at else None,
        "application_status": label(apps.STATUS_LABELS, application.status) if application else None,
        "must": [rs.standard.name for rs in req.standards if rs.necessity == "must"],
        "preferred": [rs.standard.name for rs in req.standards if rs.necessity == "preferred"],
        "can_apply": req.status == "open" and apps.may_apply(application),
    }
