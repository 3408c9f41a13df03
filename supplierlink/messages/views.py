"""The application thread, seen by the buyer (from its requirement) and by the SME."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supplierlink.access import current_org, org_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.labels import APPLICATION_STATUS_LABELS, SUPPLIER_APPLICATION_STATUS_LABELS
from supplierlink.messages import services
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement

bp = Blueprint("messages", __name__)


def _application(application_id: int, req_id: int | None = None) -> Application:
    """The application, if the acting organisation is one of its two parties; else 404."""
    session = get_session()
    application = session.get(Application, application_id)
    if not services.is_party(session, application, current_org()):
        abort(404)
    if req_id is not None and application.requirement_id != req_id:
        abort(404)
    return application


def _page(application: Application, side: str, errors: list | None = None, body: str = ""):
    session, org = get_session(), current_org()
    services.mark_read(session, application, org)
    supplier_id, buyer_id = services.parties(session, application)
    other = buyer_id if side == "sme" else supplier_id
    labels = SUPPLIER_APPLICATION_STATUS_LABELS if side == "sme" else APPLICATION_STATUS_LABELS
    entries = services.thread(session, application)
    other_read = services.read_at(session, application.id, other)
    mine = [e.at for e in entries if e.organisation_id == org.id]
    return render_template(
        "messages/thread.html", application=application, side=side, entries=entries,
        req=session.get(Requirement, application.requirement_id),
        supplier=session.get(Organisation, supplier_id),
        buyer=session.get(Organisation, buyer_id), status_label=labels[application.status],
        read_by_other=bool(mine and other_read and other_read >= max(mine)),
        errors=errors or [], body=body, own_id=org.id,
    ), 422 if errors else 200


def _reply(application: Application, side: str, endpoint: str, **url_args):
    try:
        services.post_message(get_session(), application, current_org(), current_user,
                              request.form.get("body", ""))
    except ServiceError as exc:
        return _page(application, side, [str(m) for ms in exc.errors.values() for m in ms],
                     request.form.get("body", ""))
    flash(_("Your message is sent."), "success")
    return redirect(url_for(endpoint, application_id=application.id, **url_args))


@bp.route("/requirements/<int:req_id>/applications/<int:application_id>")
@org_required("lead_firm")
def buyer_thread(req_id: int, application_id: int):
    return _page(_application(application_id, req_id), "buyer")


@bp.route("/requirements/<int:req_id>/applications/<int:application_id>/reply",
          methods=["POST"])
@org_required("lead_firm")
def buyer_reply(req_id: int, application_id: int):
    return _reply(_application(application_id, req_id), "buyer", "messages.buyer_thread",
                  req_id=req_id)


@bp.route("/supplier/applications/<int:application_id>")
@org_required("sme")
def supplier_thread(application_id: int):
    return _page(_application(application_id), "sme")


@bp.route("/supplier/applications/<int:application_id>/reply", methods=["POST"])
@org_required("sme")
def supplier_reply(application_id: int):
    return _reply(_application(application_id), "sme", "messages.supplier_thread")
