"""Notices sent when things happen: applications, their status, messages, invitations."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.db import utcnow
from supplierlink.notifications.services import notify_organisation
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement

EXCERPT = 300


def _names(session: Session, application_id: int):
    application = session.get(Application, application_id)
    req = session.get(Requirement, application.requirement_id)
    supplier = session.get(Organisation, application.supplier_id)
    return application, req, supplier


@signals.application_submitted.connect
def _on_application_submitted(session: Session, application_id: int, **_):
    application, req, supplier = _names(session, application_id)
    notify_organisation(session, req.organisation_id, "application_received",
                        f"application:{application.id}",
                        {"supplier": supplier.display_name, "title": req.title},
                        f"/requirements/{req.id}/applications/{application.id}")


@signals.application_status_changed.connect
def _on_application_status_changed(session: Session, application_id: int, new_status: str,
                                   **_):
    if new_status in ("submitted", "withdrawn"):  # the SME's own doing
        return
    application, req, _supplier = _names(session, application_id)
    notify_organisation(session, application.supplier_id, "application_status",
                        f"status:{application.id}:{new_status}:{utcnow():%Y%m%d%H%M%S%f}",
                        {"title": req.title, "status": new_status,
                         "reason": application.status_reason or ""},
                        f"/supplier/applications/{application.id}")


@signals.application_message_posted.connect
def _on_message(session: Session, message_id: int, application_id: int, requirement_id: int,
                supplier_id: int, buyer_id: int, from_organisation_id: int, **_):
    from supplierlink.messages.models import ApplicationMessage

    message = session.get(ApplicationMessage, message_id)
    req = session.get(Requirement, requirement_id)
    sender = session.get(Organisation, from_organisation_id)
    to_buyer = from_organisation_id == supplier_id
    link = (f"/requirements/{requirement_id}/applications/{application_id}" if to_buyer
            else f"/supplier/applications/{application_id}")
    notify_organisation(session, buyer_id if to_buyer else supplier_id, "message",
                        f"message:{message_id}",
                        {"sender": sender.display_name, "title": req.title,
                         "excerpt": message.body[:EXCERPT]}, link)


@signals.sponsorship_invited.connect
def _on_sponsorship_invited(session: Session, programme_id: int, sponsor_id: int, **_):
    from supplierlink.programmes.models import Programme

    programme = session.get(Programme, programme_id)
    notify_organisation(session, sponsor_id, "invitation",
                        f"sponsorship:{programme_id}:{sponsor_id}",
                        {"what": "sponsorship", "programme": programme.name,
                         "operator": programme.operator.display_name},
                        # where it is answered: the programme itself opens to its sponsors
                        # only once they accept
                        "/programmes/invitations")


@signals.enrolment_offered.connect
def _on_enrolment_offered(session: Session, enrolment_id: int, programme_id: int,
                          supplier_id: int, by: str = "programme", **_):
    from supplierlink.programmes.models import Programme

    programme = session.get(Programme, programme_id)
    supplier = session.get(Organisation, supplier_id)
    if by == "supplier":
        notify_organisation(session, programme.operator_id, "invitation",
                            f"enrolment:{enrolment_id}",
                            {"what": "enrolment_request", "programme": programme.name,
                             "supplier": supplier.display_name},
                            f"/programmes/enrolments/{enrolment_id}")
    else:
        notify_organisation(session, supplier_id, "invitation", f"enrolment:{enrolment_id}",
                            {"what": "enrolment", "programme": programme.name},
                            "/programmes/my-plan")
