"""The append-only history of an enrolment, and keeping the supplier's programme stage (a
criterion of the matching engine) in step with its enrolments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from programs.definitions import highest_engine_stage
from supplierlink.auth.models import User
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Enrolment, EnrolmentEvent
from supplierlink.suppliers.services import get_profile


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def log_event(session: Session, enrolment: Enrolment, kind: str, actor: User | None,
              reason: str | None = None, **details) -> EnrolmentEvent:
    """Add one entry to the history; entries are never changed afterwards."""
    entry = EnrolmentEvent(enrolment_id=enrolment.id, kind=kind, reason=reason or None,
                           actor_id=actor.id if actor else None,
                           details={k: _json_value(v) for k, v in details.items()})
    session.add(entry)
    session.flush()
    return entry


def history(session: Session, enrolment: Enrolment) -> list[EnrolmentEvent]:
    """Newest first, as a timeline is read."""
    return list(session.scalars(select(EnrolmentEvent)
                                .where(EnrolmentEvent.enrolment_id == enrolment.id)
                                .order_by(EnrolmentEvent.id.desc())))


def actor_names(session: Session, entries) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id}
    if not ids:
        return {}
    return {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(ids)))}


def sync_programme_stage(session: Session, supplier: Organisation) -> bool:
    """Store the furthest stage the supplier reached in any programme on its profile; returns
    whether it changed (the caller then re-ranks, since the engine scores it)."""
    enrolments = session.scalars(select(Enrolment).where(Enrolment.supplier_id == supplier.id,
                                                         Enrolment.status == "active"))
    stage = highest_engine_stage((e.programme.ladder, e.stage_key) for e in enrolments)
    profile = get_profile(session, supplier)
    if profile.programme_stage == stage:
        return False
    profile.programme_stage = stage
    session.flush()
    return True
