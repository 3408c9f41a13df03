"""The onboarding steps: each saves through the profile service, so the SME is re-ranked."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    ServiceRegion,
    SupplierProfile,
)
from supplierlink.suppliers.services import ProfileData, save_profile


def current_profile(session: Session, org: Organisation) -> ProfileData:
    profile = session.get(SupplierProfile, org.id)
    codes = [c.category.code for c in session.scalars(
        select(Capability).where(Capability.organisation_id == org.id).order_by(Capability.id))]
    regions = session.scalars(select(ServiceRegion.region_code).where(
        ServiceRegion.organisation_id == org.id).order_by(ServiceRegion.id)).all()
    return ProfileData(capabilities_text=profile.capabilities_text if profile else "",
                       capacity=profile.capacity if profile else None,
                       capacity_unit=profile.capacity_unit if profile else None,
                       category_codes=codes, regions=list(regions))


def add_categories(session: Session, org: Organisation, codes: list[str]) -> None:
    data = current_profile(session, org)
    data.category_codes = list(dict.fromkeys(data.category_codes + codes))
    save_profile(session, org, data, org.employees)


def remove_category(session: Session, org: Organisation, code: str) -> None:
    data = current_profile(session, org)
    data.category_codes = [c for c in data.category_codes if c != code]
    save_profile(session, org, data, org.employees)


def set_regions(session: Session, org: Organisation, regions: list[str]) -> None:
    data = current_profile(session, org)
    data.regions = regions
    save_profile(session, org, data, org.employees)


def set_capacity(session: Session, org: Organisation, capacity: float | None, unit: str,
                 text: str) -> None:
    data = current_profile(session, org)
    data.capacity, data.capacity_unit, data.capabilities_text = capacity, unit, text
    save_profile(session, org, data, org.employees)


@dataclass
class Step:
    key: str
    title: str
    done: bool


def steps(session: Session, org: Organisation) -> list[Step]:
    """What makes an SME matchable, and whether it is done."""
    data = current_profile(session, org)
    has_certificate = session.scalar(select(Certification.id).where(
        Certification.organisation_id == org.id,
        Certification.status.in_(("self_declared", "verified"))).limit(1)) is not None
    return [
        Step("categories", str(_l("What you supply")), bool(data.category_codes)),
        Step("regions", str(_l("Where you deliver")), bool(data.regions)),
        Step("capacity", str(_l("Capacity and a description")),
             data.capacity is not None and bool((data.capabilities_text or "").strip())),
        Step("certificate", str(_l("A first certificate")), has_certificate),
    ]


def completeness(found: list[Step]) -> int:
    return round(100 * sum(s.done for s in found) / len(found))
