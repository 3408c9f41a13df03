"""Platform administration: the certificate verification queue and each decision."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from supplierlink.access import admin_required, verifier_required
from supplierlink.admin.forms import ReviewForm, VerifierForm
from supplierlink.admin.pages import queue_html
from supplierlink.admin.queue import QueueFilters, decide_many
from supplierlink.admin.services import (
    DECISIONS,
    appoint_verifier,
    review_certification,
    status_history,
    verification_queue,
    verifiers,
)
from supplierlink.catalogue.models import Standard
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.geo import country_choices
from supplierlink.labels import CERTIFICATION_STATUS_LABELS
from supplierlink.organisations.models import Organisation
from supplierlink.paging import requested_page
from supplierlink.suppliers.models import Certification
from supplierlink.suppliers.pages import certificate_view
from supplierlink.suppliers.services import can_see_evidence
from supplierlink.uploads import evidence_path

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/certificates")
@verifier_required
def certificates():
    filters = QueueFilters.from_args(request.args)
    session = get_session()
    queue = verification_queue(session, requested_page(), filters=filters)
    return render_template(
        "admin/certificates.html", filters=filters, queue=queue,
        queue_html=queue_html(queue, filters),
        standards=session.execute(select(Standard.key, Standard.name).order_by(Standard.name)
                                  ).all(),
        countries=country_choices(str(get_locale() or "es")),
        status_labels=CERTIFICATION_STATUS_LABELS)


@bp.route("/certificates/bulk", methods=["POST"])
@admin_required
def bulk():
    """One decision, with its reason, for every ticked certificate."""
    ids = [int(v) for v in request.form.getlist("cert_id") if v.isdigit()]
    status = request.form.get("status", "")
    if status not in DECISIONS:
        abort(400)
    try:
        done, refused = decide_many(get_session(), ids, status, current_user,
                                    request.form.get("reason", ""))
    except ServiceError as exc:
        for messages in exc.errors.values():
            for message in messages:
                flash(message, "error")
        return redirect(url_for("admin.certificates", **request.args)), 303
    if done:
        flash(ngettext("%(num)s certificate: %(status)s.", "%(num)s certificates: %(status)s.",
                       len(done), status=CERTIFICATION_STATUS_LABELS[status]), "success")
    for cert, messages in refused:
        flash(f"{cert.standard.name} (#{cert.id}): {' '.join(messages)}", "error")
    return redirect(url_for("admin.certificates", **request.args))


@bp.route("/certificates/<int:cert_id>/preview")
@admin_required
def certificate_preview(cert_id: int):
    """The evidence PDF shown inside the review page (served by the app, never cached)."""
    session = get_session()
    cert = session.get(Certification, cert_id)
    if cert is None or not can_see_evidence(session, current_user, cert):
        abort(404)
    path = evidence_path(cert.evidence_file)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/pdf", as_attachment=False,
                         download_name=cert.evidence_name or "evidence.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    # this one response may be framed, by this site only
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    return response


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
