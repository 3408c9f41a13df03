"""Certificate verification by platform administrators: the queue and the decisions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.admin.queue import QueueFilters, check_decision, queue_query
from supplierlink.auth.models import User
from supplierlink.suppliers.models import Certification, CertificationStatusChange
from supplierlink.suppliers.paging import Page, paginate_query
from supplierlink.suppliers.services import set_certification_status

DECISIONS = ("verified", "rejected", "revoked")


def verification_queue(session: Session, page_number: int = 1,
                       per_page: int | None = None, filters: QueueFilters | None = None) -> Page:
    return paginate_query(session, queue_query(filters), page_number, per_page)


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
