"""An SME's profile: capabilities, capacity, regions served, exports and certifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from supplierlink import consent, ranges, signals
from supplierlink.auth.models import User
from supplierlink.capacity_units import valid_unit
from supplierlink.catalogue.models import Category, Standard
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.db import utcnow
from supplierlink.errors import ConflictError, ServiceError
from supplierlink.geo import COUNTRIES, valid_service_area
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    CertificationStatusChange,
    ExportRecord,
    ServiceRegion,
    SupplierProfile,
)
from supplierlink.transactions import lock
from supplierlink.uploads import discard_pending, read_pdf, store_pdf

PROFILE_CONFLICT = _l("Someone else saved this profile while you were editing it, so yours was "
                      "not saved. Reload the page to see their changes.")


@dataclass
class ProfileData:
    capabilities_text: str = ""
    capacity: float | None = None
    capacity_unit: str | None = None
    category_codes: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    scheme: str = "UNSPSC"


def resolve_categories(session: Session, codes: list[str], scheme: str = "UNSPSC",
                       known: dict | None = None) -> list[Category]:
    """The categories for ``codes``; unknown codes are an error naming each of them.
    ``known``: what earlier calls found (code → category or None), for a caller resolving many
    lists in one transaction; only codes not in it are looked up."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not wanted:
        return []
    known = {} if known is None else known
    unseen = [c for c in wanted if (scheme, c) not in known]
    if unseen:
        found = {c.code: c for c in session.scalars(
            select(Category).where(Category.scheme == scheme, Category.code.in_(unseen)))}
        known.update({(scheme, c): found.get(c) for c in unseen})
    missing = [c for c in wanted if known[(scheme, c)] is None]
    if missing:
        raise ServiceError({"category_codes": _l(
            "These codes are not in the taxonomy: %(codes)s", codes=", ".join(missing))})
    return [known[(scheme, c)] for c in wanted]


def _check_regions(regions: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(r.strip().upper() for r in regions if r.strip()))
    # The country must be one the platform serves: the ISO 3166-2 pattern alone accepts XX-ZZ.
    bad = [r for r in cleaned if r[:2] not in COUNTRIES or not valid_service_area(r)]
    if bad:
        raise ServiceError({"regions": _l(
            "Unknown regions: %(regions)s. Use a country code (CL) or an ISO 3166-2 code (CL-AN).",
            regions=", ".join(bad))})
    return cleaned


def get_profile(session: Session, org: Organisation) -> SupplierProfile:
    profile = session.get(SupplierProfile, org.id)
    if profile is None:
        profile = SupplierProfile(organisation_id=org.id)
        session.add(profile)
        session.flush()
    return profile


def _validated_profile(session: Session, org: Organisation, data: ProfileData,
                       errors: dict[str, list], known: dict | None = None
                       ) -> tuple[list[Category], list[str]]:
    """Categories and regions of ``data``; rule violations are added to ``errors``."""
    if org.kind != "sme":
        errors[""] = [_l("Only SME suppliers have a supplier profile.")]
    categories, regions = [], []
    try:
        categories = resolve_categories(session, data.category_codes, data.scheme, known)
    except ServiceError as exc:
        errors.update(exc.errors)
    try:
        regions = _check_regions(data.regions)
    except ServiceError as exc:
        errors.update(exc.errors)
    if data.capacity is not None and data.capacity < 0:
        errors["capacity"] = [_l("Capacity cannot be negative.")]
    else:
        ranges.check_numbers(errors, capacity=(data.capacity, "capacity"))
    if not valid_unit(data.capacity_unit or None):
        errors["capacity_unit"] = [_l("Choose a unit from the list.")]
    elif data.capacity is not None and not data.capacity_unit:
        errors["capacity_unit"] = [_l("Say in which unit the capacity is.")]
    return categories, regions


def check_profile(session: Session, org: Organisation, data: ProfileData,
                  known: dict | None = None) -> tuple[list[Category], list[str]]:
    """The categories and regions of the profile ``data`` describes, or a ServiceError
    (``known``: see :func:`resolve_categories`)."""
    errors: dict[str, list] = {}
    categories, regions = _validated_profile(session, org, data, errors, known)
    if errors:
        raise ServiceError(errors)
    return categories, regions


def profile_values(data: ProfileData) -> dict:
    """The columns a checked profile ``data`` sets (not its categories and regions)."""
    return {"capabilities_text": data.capabilities_text or "", "capacity": data.capacity,
            "capacity_unit": data.capacity_unit or None, "updated_at": utcnow()}


def update_profile(session: Session, org: Organisation, data: ProfileData) -> SupplierProfile:
    categories, regions = check_profile(session, org, data)
    profile = get_profile(session, org)
    profile.version = (profile.version or 0) + 1
    for column, value in profile_values(data).items():
        setattr(profile, column, value)
    session.execute(delete(Capability).where(Capability.organisation_id == org.id))
    session.execute(delete(ServiceRegion).where(ServiceRegion.organisation_id == org.id))
    session.add_all(Capability(organisation_id=org.id, category_id=c.id) for c in categories)
    session.add_all(ServiceRegion(organisation_id=org.id, region_code=r) for r in regions)
    session.flush()
    return profile


def add_export(session: Session, org: Organisation, market: str, year: int,
               product_code: str | None = None, value_usd: float | None = None) -> ExportRecord:
    errors = {}
    if market not in COUNTRIES:
        errors["market"] = _l("Choose the destination country.")
    if year is None or not 1950 <= year <= date.today().year:
        errors["year"] = _l("The year must be between 1950 and this year.")
    if value_usd is not None and value_usd < 0:
        errors["value_usd"] = _l("The value cannot be negative.")
    elif ranges.number_problem(value_usd, "value_usd"):
        errors["value_usd"] = ranges.number_problem(value_usd, "value_usd")
    if errors:
        raise ServiceError(errors)
    record = ExportRecord(organisation_id=org.id, market=market, year=year,
                          product_code=product_code or None, value_usd=value_usd)
    session.add(record)
    session.flush()
    return record


@dataclass
class CertificationData:
    standard: Standard
    body: str | None = None
    number: str | None = None
    scope: str = ""
    issued_on: date | None = None
    expires_on: date | None = None
    evidence_file: str | None = None
    evidence_name: str | None = None


def add_certification(session: Session, org: Organisation, data: CertificationData,
                      user: User | None = None) -> Certification:
    """Record an organisation's claim of a standard; it starts as self-declared."""
    errors: dict[str, list] = {}
    ranges.check_dates(errors, issued_on=data.issued_on, expires_on=data.expires_on)
    if errors:
        raise ServiceError(errors)
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        raise ServiceError({"expires_on": _l("The expiry date is before the issue date.")})
    cert = Certification(
        organisation_id=org.id, standard_id=data.standard.id, body=data.body or None,
        number=data.number or None, scope=data.scope or "", issued_on=data.issued_on,
        expires_on=data.expires_on, evidence_file=data.evidence_file,
        evidence_name=data.evidence_name, status="self_declared",
    )
    session.add(cert)
    session.flush()
    _log_status(session, cert, user, None)
    return cert


def set_certification_status(session: Session, cert: Certification, status: str, user: User,
                             reason: str | None = None, today: date | None = None
                             ) -> Certification:
    """An administrator (or an appointed verifier) verifies, rejects or revokes a certificate;
    every change is kept."""
    consent.require_verifier(user)
    if status not in ("verified", "rejected", "revoked"):
        raise ServiceError({"status": _l("Unknown status.")})
    if status in ("rejected", "revoked") and not (reason or "").strip():
        raise ServiceError({"reason": _l("Say why, so the supplier can fix it.")})
    lock(session, cert)  # two administrators deciding at once: both decisions are on record
    cert.status = status
    cert.status_reason = (reason or "").strip() or None
    cert.verification_requested_at = None
    if status == "verified":
        cert.verified_by_id = user.id
        cert.verified_at = utcnow()
    session.flush()
    _log_status(session, cert, user, cert.status_reason)
    signals.certificate_status_changed.send(
        session, certification_id=cert.id, organisation_id=cert.organisation_id,
        status=status, user_id=user.id if user else None, reason=cert.status_reason)
    signals.supplier_changed.send(session, organisation_id=cert.organisation_id, today=today)
    return cert


def _log_status(session: Session, cert: Certification, user: User | None, reason: str | None):
    session.add(CertificationStatusChange(
        certification_id=cert.id, status=cert.status, reason=reason,
        changed_by_id=user.id if user else None))
    session.flush()


def profile_version(session: Session, org: Organisation) -> int:
    """The version of the stored profile a form is filled from (0: none stored yet)."""
    # a query, not the identity map: after the lock it must see a save committed meanwhile
    version = session.scalar(select(SupplierProfile.version)
                             .where(SupplierProfile.organisation_id == org.id))
    return version if version is not None else 0


def save_profile(session: Session, org: Organisation, data: ProfileData,
                 employees: int | None, today: date | None = None,
                 expected_version: int | None = None) -> SupplierProfile:
    """The profile page: every field checked before anything is written, then re-ranked.

    ``expected_version`` is the version the user's form was filled from: if someone else
    saved the profile since, nothing is written and the user is told (the organisation's row
    is locked first, so two saves at once take turns and the second sees the first).
    """
    lock(session, org)
    if expected_version is not None and expected_version != profile_version(session, org):
        raise ConflictError({"": PROFILE_CONFLICT})
    errors: dict[str, list] = {}
    _validated_profile(session, org, data, errors)
    if employees is not None and employees < 0:
        errors["employees"] = [_l("The number of employees cannot be negative.")]
    else:
        ranges.check_numbers(errors, employees=(employees, "employees"))
    if errors:
        raise ServiceError(errors)
    profile = update_profile(session, org, data)
    org.employees = employees
    session.flush()
    signals.supplier_changed.send(session, organisation_id=org.id, today=today)
    return profile


def export_records(session: Session, org: Organisation) -> list[ExportRecord]:
    return session.scalars(select(ExportRecord).where(ExportRecord.organisation_id == org.id)
                           .order_by(ExportRecord.year.desc(), ExportRecord.id)).all()


def record_export(session: Session, org: Organisation, market: str, year: int,
                  product_code: str | None = None, value_usd: float | None = None,
                  today: date | None = None) -> ExportRecord:
    record = add_export(session, org, market, year, product_code, value_usd)
    signals.supplier_changed.send(session, organisation_id=org.id, today=today)
    return record


def remove_export(session: Session, org: Organisation, record: ExportRecord,
                  today: date | None = None) -> None:
    session.delete(record)
    session.flush()
    signals.supplier_changed.send(session, organisation_id=org.id, today=today)


def resolve_standard(session: Session, name: str, field_name: str = "standard"):
    """The catalogue standard meant by a typed name, with the engine's confidence.

    A name below the confidence floor is an error naming the closest entries: a certificate
    recorded against the wrong standard would mislead every buyer.
    """
    catalogue = standards_catalogue(session)
    found = catalogue.resolve(name or "")
    if found is None:
        suggestions = catalogue.suggest(name or "", limit=3)
        if not suggestions:
            raise ServiceError({field_name: _l("Type the name of the standard, e.g. ISO 9001.")})
        raise ServiceError({field_name: _l(
            "“%(name)s” is not a standard we recognise with confidence. Closest: %(options)s. "
            "Type one of them exactly.", name=name,
            options="; ".join(f"{s.name} ({round(s.confidence * 100)}%)" for s in suggestions))})
    standard = session.scalar(select(Standard).where(Standard.key == found.key))
    return standard, found


def certificate_date_errors(data: CertificationData, today: date) -> dict[str, list]:
    """The dates of a certificate that cannot be right (the form and imports share them)."""
    errors = {}
    if data.issued_on and data.issued_on > today:
        errors["issued_on"] = [_l("The issue date is in the future.")]
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        errors["expires_on"] = [_l("The expiry date is before the issue date.")]
    return errors


def declare_certification(session: Session, org: Organisation, user: User | None,
                          standard_name: str, data: CertificationData, evidence=None,
                          today: date | None = None):
    """An SME records a certificate with its evidence PDF; returns it and the resolution.

    Everything is checked before the file is written, and the file goes again if anything
    after that fails.
    """
    errors: dict[str, list] = {}
    today = today or date.today()
    resolution = pdf = None
    if org.kind != "sme":
        errors[""] = [_l("Only SME suppliers declare certificates here.")]
    try:
        data.standard, resolution = resolve_standard(session, standard_name)
    except ServiceError as exc:
        errors.update(exc.errors)
    errors.update(certificate_date_errors(data, today))
    ranges.check_dates(errors, issued_on=data.issued_on, expires_on=data.expires_on)
    if evidence is None or not evidence.filename:
        errors["evidence"] = [_l("Attach the certificate as a PDF so it can be verified.")]
    else:
        try:
            pdf = read_pdf(evidence)
        except ServiceError as exc:
            errors.update(exc.errors)
    if errors:
        raise ServiceError(errors)
    stored = store_pdf(session, pdf, evidence.filename)
    data.evidence_file, data.evidence_name = stored.name, stored.original_name
    try:
        cert = add_certification(session, org, data, user)
        signals.supplier_changed.send(session, organisation_id=org.id, today=today)
    except Exception:
        discard_pending(session)
        raise
    return cert, resolution


def can_see_evidence(session: Session, user, cert: Certification) -> bool:
    """Whether ``user`` may open the certificate's evidence (``consent.may_see_evidence``)."""
    return consent.may_see_evidence(session, user, cert.organisation_id)


def request_verification(session: Session, cert: Certification, user: User | None
                         ) -> Certification:
    """Put a certificate in the administrators' queue: its SME or the operator of a programme
    the SME is active in may ask; only administrators and verifiers decide."""
    from supplierlink.programmes.models import Enrolment, Programme

    allowed = consent.is_member(user, cert.organisation_id) or (user is not None and any(
        consent.is_member(user, operator_id) for operator_id in session.scalars(
            select(Programme.operator_id).join(Enrolment, Enrolment.programme_id == Programme.id)
            .where(Enrolment.supplier_id == cert.organisation_id,
                   Enrolment.status == "active"))))
    if not allowed:
        raise consent.ConsentRefused({"": _l("You cannot ask for this certificate's "
                                             "verification.")})
    if cert.status == "self_declared" and cert.verification_requested_at is None:
        cert.verification_requested_at = utcnow()
        session.flush()
        signals.verification_requested.send(session, certification_id=cert.id,
                                            organisation_id=cert.organisation_id,
                                            user_id=user.id if user else None)
    return cert


def certifications_of(session: Session, org: Organisation) -> list[Certification]:
    return session.scalars(select(Certification).where(Certification.organisation_id == org.id)
                           .order_by(Certification.created_at.desc(), Certification.id.desc())
                           ).all()
