"""A thread per application: the SME's message when it applied, then what either side wrote.

Only the two parties write or read it: the SME that applied and the lead firm that posted
the requirement. Each side's last reading is kept, so the other side sees that it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.messages.models import ApplicationMessage, ApplicationRead
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement

MAX_MESSAGE = 4000


@dataclass
class Entry:
    organisation_id: int
    author: str | None
    body: str
    at: datetime
    first: bool = False  # the message sent with the application


def parties(session: Session, application: Application) -> tuple[int, int]:
    """(supplier id, buyer id) of the application."""
    req = session.get(Requirement, application.requirement_id)
    return application.supplier_id, req.organisation_id


def is_party(session: Session, application: Application | None, org: Organisation | None) -> bool:
    return (application is not None and org is not None
            and org.id in parties(session, application))


def thread(session: Session, application: Application) -> list[Entry]:
    """Every message, oldest first, starting with the one sent when applying."""
    entries = []
    if application.message:
        entries.append(Entry(application.supplier_id, None, application.message,
                             application.created_at, first=True))
    rows = session.execute(select(ApplicationMessage, User.name).outerjoin(
        User, User.id == ApplicationMessage.author_id).where(
        ApplicationMessage.application_id == application.id).order_by(
        ApplicationMessage.created_at, ApplicationMessage.id)).all()
    entries += [Entry(m.organisation_id, name, m.body, m.created_at) for m, name in rows]
    return entries


def post_message(session: Session, application: Application, org: Organisation,
                 user: User | None, body: str) -> ApplicationMessage:
    """Add a message from ``org`` (one of the two parties) to the thread."""
    body = (body or "").strip()
    supplier_id, buyer_id = parties(session, application)
    if user is not None and not consent.is_member(user, org.id):
        raise consent.ConsentRefused({"": _l("You do not act for this organisation.")})
    if org.id not in (supplier_id, buyer_id):
        raise ServiceError({"": _l("Only the supplier and the buyer write on this application.")})
    if not body:
        raise ServiceError({"body": _l("Write a message first.")})
    if len(body) > MAX_MESSAGE:
        raise ServiceError({"body": _l("The message is too long (at most %(n)s characters).",
                                       n=MAX_MESSAGE)})
    message = ApplicationMessage(application_id=application.id, organisation_id=org.id,
                                 author_id=user.id if user else None, body=body)
    session.add(message)
    session.flush()
    mark_read(session, application, org)
    signals.application_message_posted.send(
        session, message_id=message.id, application_id=application.id,
        requirement_id=application.requirement_id, supplier_id=supplier_id, buyer_id=buyer_id,
        from_organisation_id=org.id, user_id=user.id if user else None)
    return message


def mark_read(session: Session, application: Application, org: Organisation) -> None:
    row = session.scalar(select(ApplicationRead).where(
        ApplicationRead.application_id == application.id,
        ApplicationRead.organisation_id == org.id))
    if row is None:
        row = ApplicationRead(application_id=application.id, organisation_id=org.id)
        session.add(row)
    row.read_at = utcnow()
    session.flush()


def read_at(session: Session, application_id: int, organisation_id: int) -> datetime | None:
    return session.scalar(select(ApplicationRead.read_at).where(
        ApplicationRead.application_id == application_id,
        ApplicationRead.organisation_id == organisation_id))


def message_counts(session: Session, application_ids: list[int]) -> dict[int, int]:
    """Messages written after applying, per application."""
    if not application_ids:
        return {}
    return dict(session.execute(select(ApplicationMessage.application_id, func.count())
                                .where(ApplicationMessage.application_id.in_(application_ids))
                                .group_by(ApplicationMessage.application_id)).all())


def reads_by(session: Session, application_ids: list[int], org_ids: list[int]) -> set[int]:
    """Applications among ``application_ids`` that one of ``org_ids`` has opened."""
    if not application_ids:
        return set()
    return set(session.scalars(select(ApplicationRead.application_id).where(
        ApplicationRead.application_id.in_(application_ids),
        ApplicationRead.organisation_id.in_(org_ids))))
