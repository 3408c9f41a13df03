"""The daily run (``supplierlink notify``): digests of new requirements, certificate expiry
warnings and programme milestones. Every notice has a key, so a second run on the same day
sends nothing new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.matches.models import MatchResult
from supplierlink.notifications.models import Notification
from supplierlink.notifications.services import members, notify, notify_organisation
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Enrolment, Milestone, Programme
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import Certification

DIGEST_WINDOW_DAYS = 7  # requirements published in the last week are news
EXPIRY_WARNINGS = (60, 30)  # days before expiry
MILESTONE_NOTICE_DAYS = 7


@dataclass
class DailyReport:
    digests: int = 0
    expiry_warnings: int = 0
    milestones: int = 0


def run_daily(session: Session, today: date | None = None) -> DailyReport:
    today = today or date.today()
    return DailyReport(send_digests(session, today), warn_expiring_certificates(session, today),
                       remind_milestones(session, today))


def _already_told(session: Session, user_id: int, since: datetime) -> set[int]:
    told = set()
    for params in session.scalars(select(Notification.params).where(
            Notification.user_id == user_id, Notification.kind == "new_requirements",
            Notification.created_at >= since)):
        told.update(r["id"] for r in params.get("requirements", []))
    return told


def send_digests(session: Session, today: date) -> int:
    """One notice per SME user: the open requirements published lately that the SME
    qualifies for or nearly does, leaving out those an earlier digest named."""
    since = datetime.combine(today - timedelta(days=DIGEST_WINDOW_DAYS), time.min)
    rows = session.execute(
        select(MatchResult.supplier_id, MatchResult.qualified, Requirement, Organisation)
        .join(Requirement, Requirement.id == MatchResult.requirement_id)
        .join(Organisation, Organisation.id == Requirement.organisation_id)
        .where(Requirement.status == "open", Requirement.published_at >= since)
        .order_by(MatchResult.supplier_id, Requirement.published_at, Requirement.id)).all()
    by_supplier: dict[int, list[dict]] = {}
    for supplier_id, qualified, req, buyer in rows:
        by_supplier.setdefault(supplier_id, []).append(
            {"id": req.id, "title": req.title, "buyer": buyer.display_name,
             "qualified": bool(qualified)})
    sent = 0
    for supplier_id, found in by_supplier.items():
        for user in members(session, supplier_id):
            told = _already_told(session, user.id, since - timedelta(days=DIGEST_WINDOW_DAYS))
            news = [r for r in found if r["id"] not in told]
            if news and notify(session, user, "new_requirements", f"digest:{today.isoformat()}",
                               {"requirements": news}, "/supplier/opportunities"):
                sent += 1
    return sent


def _managers_of(session: Session, supplier_id: int) -> set[int]:
    """Programme operators the SME is enrolled with."""
    return set(session.scalars(select(Programme.operator_id).join(
        Enrolment, Enrolment.programme_id == Programme.id).where(
        Enrolment.supplier_id == supplier_id)))


def warn_expiring_certificates(session: Session, today: date) -> int:
    """60 and 30 days before a valid certificate expires: its SME and programme managers."""
    certs = session.scalars(select(Certification).where(
        Certification.status.in_(("self_declared", "verified")),
        Certification.expires_on >= today,
        Certification.expires_on <= today + timedelta(days=max(EXPIRY_WARNINGS)))).all()
    sent = 0
    for cert in certs:
        days = (cert.expires_on - today).days
        threshold = min(w for w in EXPIRY_WARNINGS if days <= w)
        supplier = session.get(Organisation, cert.organisation_id)
        params = {"standard": cert.standard.name, "supplier": supplier.display_name,
                  "days": days, "expires_on": cert.expires_on.isoformat()}
        key = f"certificate:{cert.id}:{threshold}"
        sent += notify_organisation(session, supplier.id, "certificate_expiring", key, params,
                                    "/supplier/certificates")
        for operator_id in _managers_of(session, supplier.id):
            sent += notify_organisation(session, operator_id, "certificate_expiring", key,
                                        params, f"/directory/{supplier.id}")
    return sent


def remind_milestones(session: Session, today: date) -> int:
    """Milestones due within a week, and overdue ones: the manager and the SME."""
    rows = session.execute(select(Milestone, Enrolment).join(
        Enrolment, Enrolment.id == Milestone.enrolment_id).where(
        Milestone.achieved_on.is_(None),
        Milestone.due_on <= today + timedelta(days=MILESTONE_NOTICE_DAYS))).all()
    sent = 0
    for milestone, enrolment in rows:
        overdue = milestone.due_on < today
        params = {"title": milestone.title, "supplier": enrolment.supplier.display_name,
                  "due_on": milestone.due_on.isoformat(), "overdue": overdue}
        key = f"milestone:{milestone.id}:{'overdue' if overdue else 'due'}"
        sent += notify_organisation(session, enrolment.programme.operator_id, "milestone_due",
                                    key, params, f"/programmes/milestones/{milestone.id}")
        sent += notify_organisation(session, enrolment.supplier_id, "milestone_due", key,
                                    params, "/programmes/my-plan")
    return sent
