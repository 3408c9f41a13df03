"""The lead firm's pages: its requirements, the form to post one, the ranked candidates."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from supplierlink.access import current_org, ensure_owned, org_required
from supplierlink.db import get_session
from supplierlink.downloads import announce_export
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.matches.services import stale_requirement_ids
from supplierlink.matches.wording import criteria_definitions
from supplierlink.messages.pages import add_message_counts
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.services import sponsors_a_programme
from supplierlink.requirements.candidates import (
    Filters,
    candidate_pages,
    draw_cards,
    requirement_details,
    result_breakdown,
    size_labels,
    status_buttons,
)
from supplierlink.requirements.dashboard import GROUPS, requirement_summaries, summary_html
from supplierlink.requirements.export import shortlist_csv
from supplierlink.requirements.forms import (
    CandidateActionForm,
    FeedbackForm,
    RequirementForm,
    StatusForm,
)
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import post_requirement, set_status, update_requirement
from supplierlink.requirements.wording import action_done, needs_confirmation, status_done
from supplierlink.requirements.workflow import act_on_candidate, is_candidate, record_feedback
from supplierlink.urls import page_arg

bp = Blueprint("requirements", __name__, url_prefix="/requirements")


#: a requirement with what every page of it shows, in one query rather than four
WITH_DETAILS = [joinedload(Requirement.categories), joinedload(Requirement.standards),
                joinedload(Requirement.regions)]


def _own_requirement(req_id: int) -> Requirement:
    """The acting lead firm's requirement; anyone else (SMEs included) gets 404."""
    return ensure_owned(get_session().get(Requirement, req_id, options=WITH_DETAILS))


def _candidate(req: Requirement, supplier_id: int) -> Organisation:
    supplier = get_session().get(Organisation, supplier_id)
    if not is_candidate(get_session(), req, supplier):
        abort(404)
    return supplier


@bp.route("/")
@org_required("lead_firm")
def index():
    pages = {key: max(1, request.args.get(arg, 1, type=int) or 1)
             for key, (_statuses, arg) in GROUPS.items()}
    groups = requirement_summaries(get_session(), current_org(), pages)
    return render_template("requirements/index.html", groups_html=summary_html(groups))


@bp.route("/new", methods=["GET", "POST"])
@org_required("lead_firm")
def new():
    form = RequirementForm()
    if form.validate_on_submit():
        try:
            req = post_requirement(get_session(), current_org(), current_user,
                                   form.requirement_data(get_session()),
                                   publish=request.form.get("publish") == "1")
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The requirement is published.") if req.status == "open"
                  else _("The draft is saved."), "success")
            return redirect(url_for("requirements.show", req_id=req.id))
    status = 422 if form.is_submitted() else 200
    return render_template("requirements/form.html", form=form, req=None), status


@bp.route("/<int:req_id>/edit", methods=["GET", "POST"])
@org_required()
def edit(req_id: int):
    req = _own_requirement(req_id)
    form = RequirementForm.for_requirement(req)
    if form.validate_on_submit():
        try:
            update_requirement(get_session(), req, form.requirement_data(get_session()),
                               form.expected_version())
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The requirement is saved and the candidates are ranked again."), "success")
            return redirect(url_for("requirements.show", req_id=req.id))
    status = 422 if form.is_submitted() else 200
    return render_template("requirements/form.html", form=form, req=req), status


def _filters() -> Filters:
    return Filters(region=request.args.get("region", ""), size=request.args.get("size", ""),
                   verified_only=request.args.get("verified") == "1")


def render_show(req: Requirement, errors: list | None = None, status: int = 200):
    """The requirement page; errors of a refused action are shown at the top (422)."""
    session, filters = get_session(), _filters()
    breakdown = result_breakdown(session, req)
    page, near_page = candidate_pages(session, req, current_user.id, filters,
                                      page_arg(),
                                      page_arg("near_page"), totals=breakdown.totals)
    qualified_total, near_total = breakdown.totals
    add_message_counts(session, page.items + near_page.items)
    draw_cards(page.items + near_page.items, req)
    return render_template(
        "requirements/show.html", req=req, page=page, near_page=near_page, filters=filters,
        query=filters.query(), options={"regions": breakdown.regions},
        size_labels=size_labels(),
        qualified_total=qualified_total, near_total=near_total,
        details=requirement_details(req, str(get_locale() or "en")),
        transitions=status_buttons(req), errors=errors or [],
        can_enrol=sponsors_a_programme(session, current_org()),
        criteria=criteria_definitions(),
        updating=req.id in stale_requirement_ids(session, [req.id]),
    ), status


def _refused(req: Requirement, form) -> tuple:
    messages = [str(m) for field_errors in form.errors.values() for m in field_errors]
    messages += [str(m) for m in form.form_errors]
    return render_show(req, messages, 422)


@bp.route("/<int:req_id>")
@org_required()
def show(req_id: int):
    return render_show(_own_requirement(req_id))


@bp.route("/<int:req_id>/status", methods=["POST"])
@org_required()
def status(req_id: int):
    req = _own_requirement(req_id)
    form = StatusForm()
    if form.validate_on_submit() and needs_confirmation("close", form.status.data, req):
        return render_template("requirements/confirm.html", req=req, what="close",
                               action_url=url_for("requirements.status", req_id=req.id),
                               fields={"status": form.status.data, "version": form.version.data})
    if form.is_submitted() and not form.errors:
        try:
            set_status(get_session(), req, form.status.data, form.version.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(status_done(req), "success")
            return redirect(url_for("requirements.show", req_id=req.id))
    return _refused(req, form)


@bp.route("/<int:req_id>/candidates/<int:supplier_id>/action", methods=["POST"])
@org_required()
def candidate_action(req_id: int, supplier_id: int):
    req = _own_requirement(req_id)
    supplier = _candidate(req, supplier_id)
    form = CandidateActionForm()
    if form.validate_on_submit() and needs_confirmation("award", form.action.data, req):
        return render_template(
            "requirements/confirm.html", req=req, what="award", supplier=supplier,
            action_url=url_for("requirements.candidate_action", req_id=req.id,
                               supplier_id=supplier.id, **_filters().query()),
            # the override reason of a near miss goes with the confirmation
            fields={"action": "award", **({"override_reason": form.override_reason.data}
                                          if form.override_reason.data else {})})
    if form.is_submitted() and not form.errors:
        try:
            act_on_candidate(get_session(), req, supplier, form.action.data, current_user,
                             form.reason.data, override_reason=form.override_reason.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(action_done(form.action.data, supplier.display_name), "success")
            return redirect(url_for("requirements.show", req_id=req.id, **_filters().query()))
    return _refused(req, form)


@bp.route("/<int:req_id>/candidates/<int:supplier_id>/feedback", methods=["POST"])
@org_required()
def feedback(req_id: int, supplier_id: int):
    req = _own_requirement(req_id)
    supplier = _candidate(req, supplier_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        record_feedback(get_session(), req, supplier, current_user, int(form.value.data))
        flash(_("Thank you: your feedback improves the ranking."), "success")
        return redirect(url_for("requirements.show", req_id=req.id, **_filters().query()))
    return _refused(req, form)


@bp.route("/<int:req_id>/shortlist.xlsx")
@org_required()
def export_shortlist_xlsx(req_id: int):
    from supplierlink.exports.xlsx import xlsx_response
    from supplierlink.requirements.export import shortlist_header, shortlist_rows

    req = _own_requirement(req_id)
    return xlsx_response(f"shortlist-{req.id}.xlsx", shortlist_header(),
                         shortlist_rows(get_session(), req), title="shortlist")


@bp.route("/<int:req_id>/shortlist.csv")
@org_required()
def export_shortlist(req_id: int):
    req = _own_requirement(req_id)
    data = shortlist_csv(get_session(), req)
    announce_export("shortlist", rows=data.count(b"\r\n") - 1, requirement_id=req.id)
    return Response(data, mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="shortlist-{req.id}.csv"'})
