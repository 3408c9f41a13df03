"""What a buyer does with a candidate: shortlist, invite, reject, award, and thumbs up/down.

Every action lives on the candidate's ``Application`` (created when the supplier has not
applied), so the supplier sees the same status on its side.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.errors import ServiceError
from supplierlink.labels import APPLICATION_STATUS_LABELS, label
from supplierlink.matches.models import MatchResult
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement
from supplierlink.requirements.services import change_status
from supplierlink.transactions import lock

# action -> (application statuses it may start from (None: no application yet), new status)
ACTIONS = {
    "invite": ({None, "rejected", "withdrawn"}, "invited"),
    "shortlist": ({None, "submitted", "invited"}, "shortlisted"),
    "reject": ({None, "submitted", "invited", "shortlisted"}, "rejected"),
    "award": ({None, "submitted", "invited", "shortlisted"}, "awarded"),
}
ACTIVE_STATUSES = ("open", "closed")


def is_candidate(session: Session, req: Requirement, supplier: Organisation | None) -> bool:
    """Whether ``supplier`` was ranked for ``req`` or applied to it."""
    if supplier is None or supplier.kind != "sme":
        return False
    for model, column in ((MatchResult, MatchResult.supplier_id),
                          (Application, Application.supplier_id)):
        if session.scalar(select(model.id).where(model.requirement_id == req.id,
                                                 column == supplier.id)) is not None:
            return True
    return False


def application_for(session: Session, req: Requirement, supplier: Organisation):
    return session.scalar(select(Application).where(Application.requirement_id == req.id,
                                                    Application.supplier_id == supplier.id))


def act_on_candidate(session: Session, req: Requirement, supplier: Organisation, action: str,
                     user: User | None, reason: str = "", today: date | None = None,
                     override_reason: str | None = None) -> Application:
    """Apply a buyer's ``action`` to the supplier's application; awarding closes the deal.

    The candidate's eligibility is the one the page shows (``consent.eligibility``): a near
    miss is awarded only with an override reason, which is recorded and announced.
    The requirement's row is locked first: two buyers acting on its candidates at once take
    turns, so an award and a rejection of the same application cannot both succeed. The same
    action asked twice (a double click, two buyers at once) answers as the first did.
    """
    if action not in ACTIONS:
        raise ServiceError({"action": _l("Unknown action.")})
    if user is not None and not consent.is_member(user, req.organisation_id):
        raise consent.ConsentRefused({"": _l("Only the requirement's lead firm acts on its "
                                             "candidates.")})
    if not is_candidate(session, req, supplier):
        raise consent.ConsentRefused({"": _l("This supplier is not a candidate.")})
    lock(session, req)
    application = application_for(session, req, supplier)
    allowed, new_status = ACTIONS[action]
    if application is not None and application.status == new_status:
        return application
    override_reason = (override_reason or "").strip()[:2000] or None
    eligible = consent.eligibility(session, req, supplier)
    consent.check_candidate_action(action, eligible, override_reason)
    if eligible == "qualified":
        override_reason = None
    if req.status not in ACTIVE_STATUSES:
        raise ServiceError({"": _l("Publish the requirement first.") if req.status == "draft"
                            else _l("This requirement has been awarded already.")})
    reason = (reason or "").strip()
    if action == "reject" and not reason:
        raise ServiceError({"reason": _l("Say why, so the supplier can improve.")})
    current = application.status if application else None
    if current not in allowed:
        raise ServiceError({"action": _l("Not possible for an application that is %(status)s.",
                                         status=label(APPLICATION_STATUS_LABELS, current))})
    if application is None:
        application = Application(requirement_id=req.id, supplier_id=supplier.id,
                                  created_by_id=user.id if user else None)
        session.add(application)
    application.status = new_status
    application.status_reason = reason or None
    if action == "award":
        application.override_reason = override_reason
    session.flush()
    signals.application_status_changed.send(
        session, application_id=application.id, requirement_id=req.id, supplier_id=supplier.id,
        old_status=current, new_status=new_status, user_id=user.id if user else None)
    if action == "award":
        change_status(session, req, "awarded")
        signals.award_made.send(session, requirement_id=req.id, application_id=application.id,
                                supplier_id=supplier.id, user_id=user.id if user else None,
                                override_reason=override_reason)
        # the award is now part of the winner's track record
        signals.supplier_changed.send(session, organisation_id=supplier.id, today=today)
    return application


def record_feedback(session: Session, req: Requirement, supplier: Organisation,
                    user: User, value: int) -> BuyerFeedback:
    """Store (or change) the user's thumbs up (1) or down (-1) on a candidate."""
    if value not in (-1, 1):
        raise ServiceError({"value": _l("Feedback is either good or poor.")})
    lock(session, req)
    feedback = session.scalar(select(BuyerFeedback).where(
        BuyerFeedback.requirement_id == req.id, BuyerFeedback.supplier_id == supplier.id,
        BuyerFeedback.user_id == user.id))
    if feedback is None:
        feedback = BuyerFeedback(requirement_id=req.id, supplier_id=supplier.id, user_id=user.id)
        session.add(feedback)
    feedback.value = value
    session.flush()
    return feedback
