"""An SME's applications to open requirements, and what it may see of a requirement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.labels import SUPPLIER_APPLICATION_STATUS_LABELS
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement
from supplierlink.transactions import lock

MAX_MESSAGE = 4000
STATUS_LABELS = SUPPLIER_APPLICATION_STATUS_LABELS
WITHDRAWABLE = ("submitted", "shortlisted", "invited")


def application_for(session: Session, org: Organisation, req: Requirement) -> Application | None:
    return session.scalar(select(Application).where(
        Application.requirement_id == req.id, Application.supplier_id == org.id))


def may_apply(application: Application | None) -> bool:
    """No application yet, or only the buyer's invitation or shortlist (the SME has not
    written one)."""
    return application is None or (application.applied_at is None
                                    and application.status in ("invited", "shortlisted"))


def visible_requirement(session: Session, org: Organisation, req_id: int) -> Requirement | None:
    """An open requirement, or one the SME applied to; None for drafts and anything else."""
    req = session.get(Requirement, req_id) if 0 < req_id < 2 ** 63 else None
    if req is None or req.status == "draft":
        return None
    if req.status == "open" or application_for(session, org, req) is not None:
        return req
    return None


def apply_to_requirement(session: Session, org: Organisation, user: User | None,
                         req: Requirement, message: str) -> Application:
    """One application per requirement, to open requirements only; it starts as submitted.

    A supplier the buyer invited or shortlisted applies on the same row; only an application
    the SME wrote opens its evidence to the buyer (``supplierlink.consent``).
    The requirement's row is locked, so an application and the buyer closing or awarding it
    take turns; the same application sent twice (a double click) answers as the first did.
    """
    if user is not None and not consent.is_member(user, org.id):
        raise consent.ConsentRefused({"": _l("You do not act for this organisation.")})
    message = (message or "").strip()
    errors = {}
    if org.kind != "sme":
        errors[""] = _l("Only SME suppliers apply to requirements.")
    lock(session, req)
    existing = application_for(session, org, req)
    if existing is not None and existing.status == "submitted" and existing.message == message:
        return existing
    if req.status != "open":
        errors[""] = _l("This requirement is no longer open.")
    elif not may_apply(existing):
        errors[""] = _l("You have already applied to this requirement.")
    if not message:
        errors["message"] = _l("Tell the buyer why you can supply this: a few lines are enough.")
    elif len(message) > MAX_MESSAGE:
        errors["message"] = _l("The message is too long (at most %(n)s characters).",
                               n=MAX_MESSAGE)
    if errors:
        raise ServiceError(errors)
    application = existing or Application(requirement_id=req.id, supplier_id=org.id,
                                          status="submitted",
                                          created_by_id=user.id if user else None)
    application.message, application.applied_at = message, utcnow()
    if application.status == "invited":
        application.status = "submitted"
    session.add(application)
    session.flush()
    signals.application_submitted.send(session, application_id=application.id,
                                       requirement_id=req.id, supplier_id=org.id)
    return application


def withdraw_application(session: Session, application: Application) -> Application:
    lock(session, session.get(Requirement, application.requirement_id))
    session.refresh(application)  # the buyer may have acted on it while the lock was awaited
    if application.status == "withdrawn":
        return application
    if application.status not in WITHDRAWABLE:
        raise ServiceError({"": _l("This application can no longer be withdrawn.")})
    old_status, application.status = application.status, "withdrawn"
    session.flush()
    signals.application_status_changed.send(
        session, application_id=application.id, requirement_id=application.requirement_id,
        supplier_id=application.supplier_id, old_status=old_status, new_status="withdrawn",
        user_id=None)
    return application


def applications_query(org: Organisation):
    """The SME's applications, newest first, with their requirements and buyers."""
    return (select(Application, Requirement, Organisation)
            .join(Requirement, Requirement.id == Application.requirement_id)
            .join(Organisation, Organisation.id == Requirement.organisation_id)
            .where(Application.supplier_id == org.id)
            .order_by(Application.created_at.desc(), Application.id.desc()))
