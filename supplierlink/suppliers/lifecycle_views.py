"""The SME's certificate actions after declaring one: edit, renew, withdraw."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supplierlink.access import current_org, ensure_owned, org_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.suppliers import lifecycle
from supplierlink.suppliers.forms import CertificateForm
from supplierlink.suppliers.models import Certification

bp = Blueprint("certificates", __name__, url_prefix="/supplier/certificates")


class CertificateEditForm(CertificateForm):
    standard = None  # the standard stays; a different one is a new certificate


def _certificate(cert_id: int) -> Certification:
    cert = ensure_owned(get_session().get(Certification, cert_id))
    if cert.status not in lifecycle.LIVE:
        abort(404)
    return cert


def _form_page(form, cert, mode: str, status: int):
    return render_template("suppliers/certificate_change.html", form=form, cert=cert,
                           mode=mode), status


@bp.route("/<int:cert_id>/edit", methods=["GET", "POST"])
@org_required("sme")
def edit(cert_id: int):
    cert = _certificate(cert_id)
    form = CertificateEditForm(obj=None if request.method == "POST" else cert)
    if form.validate_on_submit():
        try:
            lifecycle.edit_certification(get_session(), cert, current_org(), current_user,
                                         form.certification_data(), form.evidence.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(expiry_note(cert) or _("%(name)s is updated. An administrator will check "
                                          "it again.", name=cert.standard.name), "success")
            return redirect(url_for("suppliers.certificates"))
    return _form_page(form, cert, "edit", 422 if form.is_submitted() else 200)


@bp.route("/<int:cert_id>/renew", methods=["GET", "POST"])
@org_required("sme")
def renew(cert_id: int):
    cert = _certificate(cert_id)
    form = CertificateEditForm()
    if form.validate_on_submit():
        try:
            new, _found = lifecycle.renew_certification(
                get_session(), cert, current_org(), current_user, form.certification_data(),
                form.evidence.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(expiry_note(new) or _("%(name)s is renewed; the previous certificate is "
                                         "kept in its history.", name=new.standard.name),
                  "success")
            return redirect(url_for("suppliers.certificates"))
    return _form_page(form, cert, "renew", 422 if form.is_submitted() else 200)


@bp.route("/<int:cert_id>/withdraw", methods=["POST"])
@org_required("sme")
def withdraw(cert_id: int):
    cert = _certificate(cert_id)
    lifecycle.withdraw_certification(get_session(), cert, current_org(), current_user,
                                     request.form.get("reason", ""))
    flash(_("%(name)s is withdrawn: buyers no longer see it.", name=cert.standard.name),
          "success")
    return redirect(url_for("suppliers.certificates"))


def expiry_note(cert: Certification) -> str | None:
    if cert.expired_on_entry:
        return _("Careful: %(name)s had already expired on %(date)s. It is recorded as "
                 "expired and counts as missing until you renew it.", name=cert.standard.name,
                 date=cert.expires_on.isoformat())
    return None
