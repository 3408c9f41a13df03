"""Certificate verification by platform administrators: the queue and the decisions."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.admin.queue import QueueFilters, check_decision, queue_count, queue_query
from supplierlink.auth.models import User
from supplierlink.errors import ServiceError
from supplierlink.paging import Page, paginate_query
from supplierlink.suppliers.models import Certification, CertificationStatusChange
from supplierlink.suppliers.services import set_certification_status

DECISIONS = ("verified", "rejected", "revoked")


def verification_queue(session: Session, page_number: int = 1,
                       per_page: int | None = None, filters: QueueFilters | None = None) -> Page:
    today = date.today()
    return paginate_query(session, queue_query(filters, today), page_number, per_page,
                          count=queue_count(filters, today))


def review_certification(session: Session, cert: Certification, status: str, user: User,
                         reason: str | None = None, today: date | None = None) -> Certification:
    """Record an administrator's decision (which re-ranks the supplier's open requirements)."""
    check_decision(cert, status, today or date.today())
    set_certification_status(session, cert, status, user, reason, today=today)
    return cert


def status_history(session: Session, cert: Certification) -> list[tuple]:
    """Every status the certificate had: ``(change, user or None)``, oldest first."""
    return session.execute(
        select(CertificationStatusChange, User)
        .outerjoin(User, User.id == CertificationStatusChange.changed_by_id)
        .where(CertificationStatusChange.certification_id == cert.id)
        .order_by(CertificationStatusChange.changed_at, CertificationStatusChange.id)).all()


def appoint_verifier(session: Session, admin: User, email: str, appoint: bool = True) -> User:
    """An administrator appoints (or stands down) a verifier of certificates."""
    if admin is None or not admin.is_admin:
        raise consent.ConsentRefused({"": _l("Only administrators appoint verifiers.")})
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise ServiceError({"email": _l("No account has this e-mail address.")})
    if user.is_verifier != appoint:
        user.is_verifier = appoint
        session.flush()
        signals.membership_changed.send(
            session, user_id=user.id, organisation_id=None, role="verifier",
            change="verifier_appointed" if appoint else "verifier_removed",
            by_user_id=admin.id)
    return user


def verifiers(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.is_verifier.is_(True))
                                .order_by(User.email)))
