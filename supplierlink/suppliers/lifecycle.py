"""A certificate's life after it is declared: the SME edits it, renews it (the renewal
supersedes it, which stays as history) or withdraws it; every change is logged."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.auth.models import User
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Certification, CertificationStatusChange
from supplierlink.suppliers.services import CertificationData, declare_certification
from supplierlink.uploads import discard_pending, read_pdf, store_pdf

LIVE = ("self_declared", "verified", "expired")  # what the SME may still edit, renew, withdraw


def _owned_live(cert: Certification, org: Organisation) -> None:
    if cert.organisation_id != org.id:
        raise ServiceError({"": _l("This certificate belongs to another organisation.")})
    if cert.status not in LIVE:
        raise ServiceError({"": _l("This certificate is kept as history and can no longer "
                                   "be changed.")})


def _log(session: Session, cert: Certification, user: User | None, reason: str | None,
         today: date | None) -> None:
    session.add(CertificationStatusChange(certification_id=cert.id, status=cert.status,
                                          reason=reason, changed_by_id=user.id if user else None))
    session.flush()
    signals.certificate_status_changed.send(
        session, certification_id=cert.id, organisation_id=cert.organisation_id,
        status=cert.status, user_id=user.id if user else None, reason=reason)
    signals.supplier_changed.send(session, organisation_id=cert.organisation_id, today=today)


def expired_on_entry(data: CertificationData, today: date) -> bool:
    return data.expires_on is not None and data.expires_on < today


def edit_certification(session: Session, cert: Certification, org: Organisation,
                       user: User | None, data: CertificationData, evidence=None,
                       today: date | None = None) -> Certification:
    """Change the body, number, scope, dates or evidence. A changed claim goes back to the
    administrators: a verified certificate becomes self-declared until checked again."""
    today = today or date.today()
    _owned_live(cert, org)
    errors = {}
    if data.issued_on and data.issued_on > today:
        errors["issued_on"] = _l("The issue date is in the future.")
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        errors["expires_on"] = _l("The expiry date is before the issue date.")
    pdf = None
    if evidence is not None and evidence.filename:
        try:
            pdf = read_pdf(evidence)
        except ServiceError as exc:
            errors.update(exc.errors)
    if errors:
        raise ServiceError(errors)
    try:
        if pdf is not None:
            stored = store_pdf(session, pdf, evidence.filename)
            cert.evidence_file, cert.evidence_name = stored.name, stored.original_name
        cert.body, cert.number = data.body or None, data.number or None
        cert.scope, cert.issued_on, cert.expires_on = data.scope or "", data.issued_on, \
            data.expires_on
        cert.expired_on_entry = expired_on_entry(data, today)
        cert.status = "expired" if cert.expired_on_entry else "self_declared"
        cert.status_reason = None
        cert.verified_by_id = cert.verified_at = None
        session.flush()
        _log(session, cert, user, str(_l("Edited by the supplier.")), today)
    except Exception:
        discard_pending(session)
        raise
    return cert


def declare_with_expiry_check(session: Session, org: Organisation, user: User | None,
                              standard_name: str, data: CertificationData, evidence=None,
                              today: date | None = None):
    """Declare a certificate; one already expired is kept but flagged (status expired), so it
    is never counted or verified as current."""
    today = today or date.today()
    cert, found = declare_certification(session, org, user, standard_name, data, evidence,
                                        today=today)
    if expired_on_entry(data, today):
        cert.status, cert.expired_on_entry = "expired", True
        session.flush()
        _log(session, cert, user, str(_l("Already expired when it was entered.")), today)
    return cert, found


def renew_certification(session: Session, old: Certification, org: Organisation,
                        user: User | None, data: CertificationData, evidence=None,
                        today: date | None = None):
    """A new certificate of the same standard replaces ``old``, which is kept as history."""
    _owned_live(old, org)
    new, found = declare_with_expiry_check(session, org, user, old.standard.name, data,
                                           evidence, today=today)
    old.status, old.superseded_by_id = "superseded", new.id
    session.flush()
    _log(session, old, user, str(_l("Replaced by a renewal.")), today)
    return new, found


def withdraw_certification(session: Session, cert: Certification, org: Organisation,
                           user: User | None, reason: str = "",
                           today: date | None = None) -> Certification:
    """The SME no longer claims the certificate; it stays in the history, not in matching."""
    _owned_live(cert, org)
    cert.status = "withdrawn"
    cert.status_reason = (reason or "").strip() or None
    session.flush()
    _log(session, cert, user, cert.status_reason, today)
    return cert
