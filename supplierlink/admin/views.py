"""Platform administration: the certificate verification queue and each decision."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supplierlink.admin.forms import ReviewForm, VerifierForm
from supplierlink.admin.services import (
    appoint_verifier,
    review_certification,
    status_history,
    verification_queue,
    verifiers,
)
from supplierlink.auth.access import admin_required, verifier_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.labels import CERTIFICATION_STATUS_LABELS
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Certification
from supplierlink.suppliers.pages import certificate_view
from supplierlink.suppliers.paging import requested_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/certificates")
@verifier_required
def certificates():
    return render_template("admin/certificates.html",
                           queue=verification_queue(get_session(), requested_page()))


@bp.route("/certificates/<int:cert_id>", methods=["GET", "POST"])
@verifier_required
def certificate(cert_id: int):
    session = get_session()
    cert = session.get(Certification, cert_id) or abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            review_certification(session, cert, form.status.data, current_user, form.reason.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("%(status)s: %(name)s of %(org)s.",
                    status=CERTIFICATION_STATUS_LABELS[cert.status], name=cert.standard.name,
                    org=session.get(Organisation, cert.organisation_id).display_name), "success")
            return redirect(url_for("admin.certificates"))
    return render_template(
        "admin/certificate.html", form=form, view=certificate_view(cert, date.today()),
        org=session.get(Organisation, cert.organisation_id),
        history=status_history(session, cert), status_labels=CERTIFICATION_STATUS_LABELS,
    ), 422 if form.is_submitted() else 200


@bp.route("/verifiers", methods=["GET", "POST"], endpoint="verifiers")
@admin_required
def verifiers_page():
    session = get_session()
    form = VerifierForm()
    if form.validate_on_submit():
        try:
            user = appoint_verifier(session, current_user, form.email.data,
                                    form.appoint.data == "1")
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("%(email)s is a verifier.", email=user.email) if user.is_verifier
                  else _("%(email)s is no longer a verifier.", email=user.email), "success")
            return redirect(url_for("admin.verifiers"))
    return render_template("admin/verifiers.html", form=form, verifiers=verifiers(session)), \
        422 if form.is_submitted() else 200
