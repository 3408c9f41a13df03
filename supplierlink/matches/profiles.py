"""Turns database rows into the matching engine's plain objects (in a few batch queries)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select, true
from sqlalchemy.orm import Session

import matching
from supplierlink.catalogue.models import Category, Standard
from supplierlink.imports.models import ImportedAward
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    ExportRecord,
    ServiceRegion,
    SupplierProfile,
)

#: certificates kept as history only: replaced by a renewal, or withdrawn by the supplier
RETIRED_STATUSES = ("superseded", "withdrawn")
ENGINE_STATUS = {"self_declared": "self_declared", "verified": "verified", "expired": "expired",
                 "revoked": "revoked", "rejected": "revoked"}


def load_profiles(session: Session, org_ids: list[int] | None = None,
                  today: date | None = None,
                  awards_before: datetime | None = None) -> list[matching.SupplierProfile]:
    """Profiles of SME suppliers (all of them, or those in ``org_ids``); with
    ``awards_before``, only the awards made before then are in their track records."""
    today = today or date.today()
    orgs_query = select(Organisation).where(Organisation.kind == "sme")
    if org_ids is not None:
        orgs_query = orgs_query.where(Organisation.id.in_(org_ids))
    orgs = session.scalars(orgs_query.order_by(Organisation.id)).all()
    ids = [o.id for o in orgs]
    if not ids:
        return []

    def grouped(query):
        groups = defaultdict(list)
        for row in session.execute(query):
            groups[row[0]].append(row[1:])
        return groups

    codes = grouped(select(Capability.organisation_id, Category.code, Capability.note,
                           Category.title_es, Category.title_en, Category.title_pt)
                    .join(Category, Category.id == Capability.category_id)
                    .where(Capability.organisation_id.in_(ids)))
    regions = grouped(select(ServiceRegion.organisation_id, ServiceRegion.region_code)
                      .where(ServiceRegion.organisation_id.in_(ids)))
    certs = grouped(select(Certification.organisation_id, Standard.key, Certification.status,
                           Certification.issued_on, Certification.expires_on)
                    .join(Standard, Standard.id == Certification.standard_id)
                    .where(Certification.organisation_id.in_(ids),
                           Certification.status.not_in(RETIRED_STATUSES)))
    exports = grouped(select(ExportRecord.organisation_id, ExportRecord.market,
                             ExportRecord.product_code, ExportRecord.year, ExportRecord.value_usd)
                      .where(ExportRecord.organisation_id.in_(ids)))
    awards = grouped(select(Application.supplier_id, Category.code, Requirement.organisation_id,
                            Application.updated_at, Requirement.delivery_site, Requirement.id,
                            Requirement.title, Requirement.description)
                     .join(Requirement, Requirement.id == Application.requirement_id)
                     .join(Requirement.categories)
                     .join(Category)
                     .where(Application.supplier_id.in_(ids), Application.status == "awarded",
                            true() if awards_before is None
                            else Application.updated_at < awards_before))
    imported = grouped(select(ImportedAward.supplier_id, ImportedAward.code,
                              ImportedAward.buyer_id, ImportedAward.awarded_on,
                              ImportedAward.site, ImportedAward.value)
                       .where(ImportedAward.supplier_id.in_(ids), ImportedAward.code != "",
                              true() if awards_before is None
                              else ImportedAward.awarded_on < awards_before.date()))
    details = {p.organisation_id: p for p in session.scalars(
        select(SupplierProfile).where(SupplierProfile.organisation_id.in_(ids)))}
    profiles = []
    for org in orgs:
        detail = details.get(org.id)
        text_parts = [org.description, detail.capabilities_text if detail else ""]
        text_parts += [note for _code, note, *_titles in codes[org.id] if note]
        # the titles of its categories in every language: a requirement written in Spanish
        # finds a supplier that described itself in English
        text_parts += [title for _code, _note, *titles in codes[org.id] for title in titles]
        profiles.append(matching.SupplierProfile(
            id=str(org.id),
            name=org.display_name,
            codes=tuple(code for code, *_rest in codes[org.id]),
            text=". ".join(t for t in text_parts if t),
            certifications=tuple(
                matching.CertificationClaim(key, ENGINE_STATUS[status], issued, expires)
                for key, status, issued, expires in certs[org.id]),
            capacity=detail.capacity if detail else None,
            capacity_unit=detail.capacity_unit if detail else None,
            regions=tuple(r for (r,) in regions[org.id]),
            country=org.country,
            region=org.region,
            locality=org.town,
            awards=tuple(matching.AwardRecord(code, str(buyer), when.date() if when else None,
                                              site=site, requirement_id=str(req_id),
                                              text=f"{title}. {description or ''}")
                         for code, buyer, when, site, req_id, title, description
                         in awards[org.id])
            + tuple(matching.AwardRecord(code, str(buyer) if buyer else None, when, value,
                                         site=site)
                    for code, buyer, when, site, value in imported[org.id]),
            exports=tuple(matching.ExportRecord(m, p, y, v) for m, p, y, v in exports[org.id]),
            programme_stage=detail.programme_stage if detail else None,
        ))
    return profiles


def requirement_spec(req: Requirement) -> matching.Requirement:
    return matching.Requirement(
        id=str(req.id),
        codes=tuple(rc.category.code for rc in req.categories),
        text=f"{req.title}. {req.description}",
        must_standards=tuple(rs.standard.key for rs in req.standards if rs.necessity == "must"),
        preferred_standards=tuple(rs.standard.key for rs in req.standards
                                  if rs.necessity == "preferred"),
        min_capacity=req.min_capacity,
        capacity_unit=req.capacity_unit,
        category_depth=req.category_depth or "code",
        regions=tuple(r.region_code for r in req.regions),
        need_date=req.need_date,
        buyer_id=str(req.organisation_id),
        site=req.delivery_site,
        weights=req.weights or None,
    )
