"""Sponsorship is an invitation: the operator invites a lead firm, the firm accepts or declines
(``supplierlink.consent``); until it accepts, neither side sees anything of the other."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Programme, ProgrammeSponsor


def invite_sponsor(session: Session, programme: Programme, org: Organisation,
                   user: User | None) -> ProgrammeSponsor:
    """Invite a lead firm to sponsor; a firm that declined may be invited again."""
    if user is not None:
        consent.require_operator_user(user, programme)
    if org.kind != "lead_firm":
        raise ServiceError({"sponsor_ids": _l("Sponsors must be lead firms.")})
    link = consent.sponsor_link(programme, org)
    if link is not None and link.status in ("invited", "accepted"):
        return link
    if link is None:
        link = ProgrammeSponsor(organisation_id=org.id)
        programme.sponsors.append(link)
    link.status, link.answered_at, link.answered_by_id = "invited", None, None
    link.invited_by_id = user.id if user else None
    session.flush()
    signals.sponsorship_invited.send(session, programme_id=programme.id, sponsor_id=org.id,
                                     user_id=user.id if user else None)
    return link


def answer_sponsorship(session: Session, programme: Programme, org: Organisation,
                       user: User | None, accept: bool) -> ProgrammeSponsor:
    """The invited lead firm accepts or declines (an accepted firm may also withdraw)."""
    link = consent.sponsor_link(programme, org)
    if user is not None and not consent.is_member(user, org.id):
        link = None
    if link is None or (link.status == "declined"):
        raise consent.ConsentRefused({"": _l("There is no invitation to answer.")})
    link.status = "accepted" if accept else "declined"
    link.answered_by_id, link.answered_at = (user.id if user else None), utcnow()
    session.flush()
    signals.sponsorship_answered.send(session, programme_id=programme.id, sponsor_id=org.id,
                                      accepted=accept, user_id=user.id if user else None)
    return link


def sponsorship_invitations(session: Session, org: Organisation) -> list[ProgrammeSponsor]:
    """A lead firm's invitations waiting for an answer, and the sponsorships it accepted."""
    return list(session.scalars(select(ProgrammeSponsor).where(
        ProgrammeSponsor.organisation_id == org.id,
        ProgrammeSponsor.status.in_(("invited", "accepted"))).order_by(ProgrammeSponsor.id)))
