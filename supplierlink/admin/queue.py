"""The verification queue's filters and bulk decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from supplierlink import consent
from supplierlink.auth.models import User
from supplierlink.catalogue.models import Standard
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Certification
from supplierlink.suppliers.services import set_certification_status

EXPIRING_DAYS = 60
QUEUE_STATUSES = ("self_declared", "verified", "rejected", "revoked", "expired", "all")


@dataclass
class QueueFilters:
    status: str = "self_declared"
    standard: str = ""
    country: str = ""
    expiring_soon: bool = False
    include_expired: bool = False

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        status = args.get("status", "self_declared")
        return cls(status=status if status in QUEUE_STATUSES else "self_declared",
                   standard=args.get("standard", "").strip(),
                   country=args.get("country", "").strip().upper()[:2],
                   expiring_soon=args.get("expiring") == "1",
                   include_expired=args.get("expired") == "1" or status == "expired")

    def args(self) -> dict:
        found = {"status": self.status if self.status != "self_declared" else "",
                 "standard": self.standard, "country": self.country,
                 "expiring": "1" if self.expiring_soon else "",
                 "expired": "1" if self.include_expired else ""}
        return {k: v for k, v in found.items() if v}


def _conditions(filters: QueueFilters, today: date) -> tuple[list, bool]:
    """What the queue's certificates meet, and whether any of it reads their organisation."""
    found, reads_organisation = [], False
    if filters.status not in ("all", "expired"):
        found.append(Certification.status == filters.status)
    elif filters.status == "expired":
        found.append(or_(Certification.status == "expired", Certification.expires_on < today))
    else:
        found.append(Certification.status.not_in(("superseded", "withdrawn")))
    if not filters.include_expired:
        found += [Certification.status != "expired",
                  or_(Certification.expires_on.is_(None), Certification.expires_on >= today)]
    if filters.standard:
        found.append(Certification.standard_id.in_(
            select(Standard.id).where(Standard.key == filters.standard)))
    if filters.country:
        found.append(Organisation.country == filters.country)
        reads_organisation = True
    if filters.expiring_soon:
        found += [Certification.expires_on >= today,
                  Certification.expires_on <= today + timedelta(days=EXPIRING_DAYS)]
    return found, reads_organisation


def queue_query(filters: QueueFilters | None = None, today: date | None = None):
    """Certificates to review, oldest first, with their organisation; by default those
    waiting for verification that have not already expired."""
    filters, today = filters or QueueFilters(), today or date.today()
    return (select(Certification, Organisation)
            .join(Organisation, Organisation.id == Certification.organisation_id)
            .where(*_conditions(filters, today)[0])
            .order_by(Certification.created_at, Certification.id))


def queue_count(filters: QueueFilters | None = None, today: date | None = None):
    """How many certificates ``queue_query`` lists, counted from the certificates alone (and
    their organisations only when a filter reads them): an index serves it on PostgreSQL."""
    filters, today = filters or QueueFilters(), today or date.today()
    conditions, reads_organisation = _conditions(filters, today)
    query = select(func.count()).select_from(Certification)
    if reads_organisation:
        query = query.join(Organisation, Organisation.id == Certification.organisation_id)
    return query.where(*conditions)


def check_decision(cert: Certification, status: str, today: date) -> None:
    """A certificate already expired cannot be verified as current; history is not reviewed."""
    if cert.status in ("superseded", "withdrawn"):
        raise ServiceError({"status": _l("This certificate is kept as history only.")})
    if status == "verified" and cert.expires_on is not None and cert.expires_on < today:
        raise ServiceError({"status": _l(
            "This certificate expired on %(date)s: it cannot be verified as current.",
            date=cert.expires_on.isoformat())})


def decide_many(session: Session, cert_ids: list[int], status: str, user: User, reason: str,
                today: date | None = None) -> tuple[list[Certification], list[tuple]]:
    """One decision with one reason for many certificates: (done, [(cert, messages)…])."""
    today = today or date.today()
    consent.require_verifier(user)  # before anything: the same rule as one decision
    if not (reason or "").strip():
        raise ServiceError({"reason": _l("Give the reason for this decision on every "
                                         "certificate.")})
    if not cert_ids:
        raise ServiceError({"": _l("Tick at least one certificate.")})
    done, refused = [], []
    for cert in session.scalars(select(Certification).where(Certification.id.in_(cert_ids))
                                .order_by(Certification.id)):
        try:
            check_decision(cert, status, today)
            set_certification_status(session, cert, status, user, reason, today=today)
        except ServiceError as exc:
            refused.append((cert, [str(m) for ms in exc.errors.values() for m in ms]))
        else:
            done.append(cert)
    return done, refused
