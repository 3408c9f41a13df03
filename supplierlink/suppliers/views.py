"""The SME supplier's pages: opportunities, profile, certificates and applications."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supplierlink.access import current_org, ensure_owned, org_required
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.db import get_session
from supplierlink.downloads import announce_export
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors, choices
from supplierlink.messages.pages import read_by_buyer
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import lead_firm_choices
from supplierlink.paging import paginate_query, requested_page
from supplierlink.requirements.models import Application
from supplierlink.suppliers import applications as apps
from supplierlink.suppliers import services, sharing
from supplierlink.suppliers.forms import (
    ApplicationForm,
    CertificateForm,
    ExportForm,
    ProfileForm,
    ShareForm,
)
from supplierlink.suppliers.lifecycle import declare_with_expiry_check
from supplierlink.suppliers.lifecycle_views import expiry_note
from supplierlink.suppliers.models import Certification, ExportRecord
from supplierlink.suppliers.opportunity_search import OpportunityQuery
from supplierlink.suppliers.pages import (
    certificates_context,
    opportunities_context,
    profile_form_data,
    requirement_context,
)
from supplierlink.uploads import evidence_path

bp = Blueprint("suppliers", __name__, url_prefix="/supplier")
sme_required = org_required("sme")


def _status(form) -> int:
    return 422 if form.is_submitted() else 200


@bp.route("/opportunities")
@sme_required
def opportunities():
    context = opportunities_context(get_session(), current_org(), requested_page(),
                                    query=OpportunityQuery.from_args(request.args))
    return render_template("suppliers/opportunities.html", **context)


@bp.route("/profile", methods=["GET", "POST"])
@sme_required
def profile():
    session, org = get_session(), current_org()
    form = ProfileForm(data=None if request.method == "POST" else profile_form_data(session, org))
    if form.validate_on_submit():
        try:
            services.save_profile(session, org, form.profile_data(), form.employees.data,
                                  expected_version=form.expected_version())
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("Your profile is saved. Your opportunities are updated."), "success")
            return redirect(url_for("suppliers.profile"))
    return _profile_page(form, ExportForm(formdata=None), _status(form))


def _profile_page(form, export_form, status):
    session = get_session()
    return render_template("suppliers/profile.html", form=form, export_form=export_form,
                           exports=services.export_records(session, current_org()),
                           categories_url=_endpoint_url("catalogue.categories")), status


def _endpoint_url(endpoint: str) -> str | None:
    return url_for(endpoint) if endpoint in current_app.view_functions else None


@bp.route("/profile/exports", methods=["POST"])
@sme_required
def add_export():
    session, org = get_session(), current_org()
    export_form = ExportForm()
    if export_form.validate_on_submit():
        try:
            services.record_export(session, org, export_form.market.data, export_form.year.data,
                                   export_form.product_code.data, export_form.value_usd.data)
        except ServiceError as exc:
            apply_service_errors(export_form, exc.errors)
        else:
            flash(_("The export is added to your record."), "success")
            return redirect(url_for("suppliers.profile") + "#exports")
    form = ProfileForm(formdata=None, data=profile_form_data(session, org))
    return _profile_page(form, export_form, 422)


@bp.route("/profile/exports/<int:export_id>/delete", methods=["POST"])
@sme_required
def delete_export(export_id: int):
    session = get_session()
    record = ensure_owned(session.get(ExportRecord, export_id))
    services.remove_export(session, current_org(), record)
    flash(_("The export is removed from your record."), "success")
    return redirect(url_for("suppliers.profile") + "#exports")


@bp.route("/certificates")
@sme_required
def certificates():
    return render_template("suppliers/certificates.html",
                           **certificates_context(get_session(), current_org()))


@bp.route("/certificates/new", methods=["GET", "POST"])
@sme_required
def add_certificate():
    session, org = get_session(), current_org()
    form = CertificateForm()
    if form.validate_on_submit():
        try:
            cert, found = declare_with_expiry_check(
                session, org, current_user, form.standard.data, form.certification_data(),
                form.evidence.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            if cert.expired_on_entry:
                flash(expiry_note(cert), "warning")
                return redirect(url_for("suppliers.certificates"))
            flash(_("%(name)s is recorded (recognised from “%(typed)s” with %(confidence)s%% "
                    "confidence). An administrator will verify it.", name=cert.standard.name,
                    typed=form.standard.data, confidence=round(found.confidence * 100)),
                  "success")
            return redirect(url_for("suppliers.certificates"))
    return _certificate_form(form, _status(form))


def _certificate_form(form, status):
    return render_template("suppliers/certificate_form.html", form=form,
                           resolve_url=url_for("suppliers.resolve_standard")), status


@bp.errorhandler(413)
def _too_large(_error):
    if request.endpoint != "suppliers.add_certificate":
        return render_template("errors/error.html", title=_("File too large"),
                               text=_("The file is larger than allowed.")), 413
    form = CertificateForm(formdata=None)
    form.evidence.errors = [_("The file is larger than 10 MB. Upload a smaller PDF "
                              "(scan at a lower resolution or split it).")]
    return render_template("suppliers/certificate_form.html", form=form,
                           resolve_url=url_for("suppliers.resolve_standard")), 413


@bp.route("/certificates/<int:cert_id>/evidence")
@login_required
def certificate_evidence(cert_id: int):
    session = get_session()
    cert = session.get(Certification, cert_id)
    if cert is None or not services.can_see_evidence(session, current_user, cert):
        abort(404)
    path = evidence_path(cert.evidence_file)
    if path is None:
        abort(404)
    announce_export("certificate evidence", certification_id=cert.id,
                    supplier_id=cert.organisation_id)
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=cert.evidence_name or "evidence.pdf", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/standards/resolve")
@sme_required
def resolve_standard():
    """What a typed standard name resolves to, for the certificate form's live hint."""
    catalogue = standards_catalogue(get_session())
    text = request.args.get("q", "")[:200]
    found = catalogue.resolve(text)
    return jsonify(query=text, match=_resolution(found) if found else None,
                   suggestions=[_resolution(r) for r in catalogue.suggest(text, limit=3)])


def _resolution(found) -> dict:
    return {"key": found.key, "name": found.name, "confidence": found.confidence}


@bp.route("/applications")
@sme_required
def applications():
    page = paginate_query(get_session(), apps.applications_query(current_org()),
                          requested_page())
    return render_template("suppliers/applications.html", page=page,
                           status_labels=apps.STATUS_LABELS,
                           read_by_buyer=read_by_buyer(get_session(), page.items))


@bp.route("/requirements/<int:req_id>")
@sme_required
def requirement(req_id: int):
    return _requirement_page(req_id, ApplicationForm(formdata=None), 200)


def _requirement_page(req_id: int, form, status: int):
    context = requirement_context(get_session(), current_org(), req_id)
    if context is None:
        abort(404)
    return render_template("suppliers/requirement.html", form=form, **context), status


@bp.route("/requirements/<int:req_id>/apply", methods=["POST"])
@sme_required
def apply(req_id: int):
    session, org = get_session(), current_org()
    req = apps.visible_requirement(session, org, req_id)
    if req is None:
        abort(404)
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            apps.apply_to_requirement(session, org, current_user, req, form.message.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("Your application is sent. Follow its status here."), "success")
            return redirect(url_for("suppliers.applications"))
    return _requirement_page(req_id, form, 422)


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@sme_required
def withdraw(application_id: int):
    session = get_session()
    application = ensure_owned(session.get(Application, application_id), "supplier_id")
    try:
        apps.withdraw_application(session, application)
    except ServiceError as exc:
        for message in exc.errors.get("", []):
            flash(message, "error")
        return redirect(url_for("suppliers.applications")), 303
    flash(_("Your application is withdrawn."), "success")
    return redirect(url_for("suppliers.applications"))


def _share_form(form=None) -> ShareForm:
    form = form or ShareForm()
    form.buyer_id.choices = choices(lead_firm_choices(get_session()))
    return form


@bp.route("/sharing", methods=["GET", "POST"], endpoint="sharing")
@sme_required
def sharing_page():
    """Lead firms that see the SME's evidence because it chose so."""
    session, org = get_session(), current_org()
    form = _share_form()
    if form.validate_on_submit():
        try:
            sharing.share_profile(session, org, session.get(Organisation, form.buyer_id.data),
                                  current_user)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The lead firm now sees your profile and evidence."), "success")
            return redirect(url_for("suppliers.sharing"))
    return render_template("suppliers/sharing.html", form=form,
                           shares=sharing.shares_of(session, org)), _status(form)


@bp.route("/sharing/<int:buyer_id>/stop", methods=["POST"])
@sme_required
def stop_sharing(buyer_id: int):
    if not sharing.stop_sharing(get_session(), current_org(), buyer_id, current_user):
        abort(404)
    flash(_("The lead firm no longer sees your evidence (unless you applied to one of its "
            "requirements)."), "success")
    return redirect(url_for("suppliers.sharing"))
