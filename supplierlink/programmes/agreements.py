"""The SME's side of an enrolment: accepting or declining an offer, leaving a programme.

The rules are in ``supplierlink.consent``; every answer is kept in the enrolment's history and
announced as a consent event.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.db import utcnow
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.history import log_event, sync_programme_stage
from supplierlink.programmes.models import Enrolment


def answer_enrolment(session: Session, enrolment: Enrolment, org: Organisation,
                     user: User | None, accept: bool, today: date | None = None) -> Enrolment:
    """The SME accepts (the enrolment becomes active) or declines an offer."""
    consent.require_supplier(enrolment, org, user)
    if enrolment.status != "offered":
        raise consent.ConsentRefused({"": _l("There is no offer to answer.")})
    today = today or date.today()
    enrolment.status = "active" if accept else "declined"
    enrolment.answered_at = utcnow()
    if accept:
        enrolment.enrolled_on = enrolment.stage_entered_on = today
    session.flush()
    log_event(session, enrolment, "offer_accepted" if accept else "offer_declined", user,
              viewers=[o.display_name for o in consent.who_will_see(enrolment)])
    signals.enrolment_answered.send(
        session, enrolment_id=enrolment.id, programme_id=enrolment.programme_id,
        supplier_id=enrolment.supplier_id, accepted=accept, user_id=user.id if user else None)
    _restage(session, enrolment, today)
    return enrolment


def leave_programme(session: Session, enrolment: Enrolment, org: Organisation,
                    user: User | None, reason: str | None = None,
                    today: date | None = None) -> Enrolment:
    """The SME leaves: the programme and its sponsors stop seeing it; the history stays."""
    consent.require_supplier(enrolment, org, user)
    if enrolment.status != "active":
        raise consent.ConsentRefused({"": _l("You are not enrolled in this programme.")})
    today = today or date.today()
    enrolment.status, enrolment.left_on = "left", today
    session.flush()
    log_event(session, enrolment, "left", user, reason=(reason or "").strip()[:2000] or None)
    signals.enrolment_left.send(session, enrolment_id=enrolment.id,
                                programme_id=enrolment.programme_id,
                                supplier_id=enrolment.supplier_id,
                                user_id=user.id if user else None)
    _restage(session, enrolment, today)
    return enrolment


def _restage(session: Session, enrolment: Enrolment, today: date) -> None:
    """The programme stage the engine scores counts active enrolments only."""
    if sync_programme_stage(session, enrolment.supplier):
        signals.supplier_changed.send(session, organisation_id=enrolment.supplier_id,
                                      today=today)
