"""Helpers shared by the supplier and admin tests (no tests here): requirements, profiles,
certificates and the upload folder's contents."""

from __future__ import annotations

import os

from sqlalchemy import func, select

from supplierlink.catalogue.models import Standard
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    CertificationStatusChange,
    ExportRecord,
    ServiceRegion,
)
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    update_profile,
)
from supplierlink.uploads import store_pdf

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CODE = "20101501"


def open_requirement(app, session, buyer, *, codes=(CODE,), must=(), preferred=(), regions=(),
                     min_capacity=None, need_date=None, title="Correas transportadoras",
                     status="open"):
    with app.app_context():
        req = create_requirement(session, buyer, None, RequirementData(
            title=title, description="Correas y repuestos para chancado",
            category_codes=list(codes), must_standards=list(must),
            preferred_standards=list(preferred), regions=list(regions),
            min_capacity=min_capacity, need_date=need_date,
            capacity_unit="t_month" if min_capacity is not None else None))
        if status != "draft":
            change_status(session, req, "open")
        if status == "closed":
            change_status(session, req, "closed")
        session.flush()
        return req


def fill_profile(app, session, org, *, codes=(CODE,), regions=("CL-AN",), capacity=100.0):
    with app.app_context():
        update_profile(session, org, ProfileData(
            capabilities_text="Fabricamos correas transportadoras", capacity=capacity,
            capacity_unit="t_month" if capacity is not None else None,
            category_codes=list(codes), regions=list(regions)))
        session.flush()


def certify(app, session, org, key, *, expires_on=None, issued_on=None, evidence=True,
            user=None):
    with app.app_context():
        standard = session.scalar(select(Standard).where(Standard.key == key))
        stored = store_pdf(session, PDF, "cert.pdf") if evidence else None
        cert = add_certification(session, org, CertificationData(
            standard=standard, body="SGS", number="N-1", issued_on=issued_on,
            expires_on=expires_on, evidence_file=stored.name if stored else None,
            evidence_name=stored.original_name if stored else None), user)
        session.flush()
        return cert


def uploaded(app) -> set[str]:
    return set(os.listdir(app.config["UPLOAD_FOLDER"]))


def supplier_state(session, org) -> tuple:
    """Everything an SME's edits could change, to assert that a refused edit changed nothing."""
    def count(model, column):
        return session.scalar(select(func.count()).select_from(model).where(column == org.id))
    certs = session.execute(select(Certification.id, Certification.status,
                                   Certification.status_reason)
                            .where(Certification.organisation_id == org.id)
                            .order_by(Certification.id)).all()
    codes = session.scalars(select(Capability.category_id)
                            .where(Capability.organisation_id == org.id)).all()
    regions = session.scalars(select(ServiceRegion.region_code)
                              .where(ServiceRegion.organisation_id == org.id)).all()
    history = session.scalar(select(func.count()).select_from(CertificationStatusChange)
                             .join(Certification)
                             .where(Certification.organisation_id == org.id))
    employees = session.scalar(select(Organisation.employees).where(Organisation.id == org.id))
    return (sorted(codes), sorted(regions), tuple(certs), history, employees,
            count(ExportRecord, ExportRecord.organisation_id))
