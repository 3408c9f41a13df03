"""Cluster pages: the list, creating a cluster, the overview ("is the cluster upgrading?"),
exports, the definitions of every figure, and sponsorship invitations.

Who sees what: the managing operator's members manage; members of lead firms that accepted
to sponsor read (403 on pages that change something); everyone else gets 404.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from supplierlink.access import current_org, org_required
from supplierlink.clusters import cache, insight_views, network_views, report_views  # noqa: F401
from supplierlink.clusters.blueprint import bp, load_cluster
from supplierlink.clusters.figures import requirement_counts
from supplierlink.clusters.forms import (
    AnswerForm,
    ClusterForm,
    EndForm,
    InviteForm,
    join_codes,
    split_codes,
)
from supplierlink.clusters.models import ClusterSponsor
from supplierlink.clusters.overview import cluster_overview
from supplierlink.clusters.services import (
    ClusterData,
    answer_invitation,
    create_cluster,
    end_sponsorship,
    invite_sponsor,
    pending_invitations,
    update_cluster,
    visible_clusters,
)
from supplierlink.clusters.tables import TABLES, table_rows
from supplierlink.clusters.wording import DEFINITIONS, SPONSOR_STATUS_LABELS
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.exports.tables import FORMATS, table_response
from supplierlink.forms import apply_service_errors, choices
from supplierlink.geo import country_choices
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import lead_firm_choices

__all__ = ["bp"]

REQUIREMENTS_SHOWN = 25


@bp.route("/")
@org_required("programme_operator", "lead_firm")
def index():
    org = current_org()
    session = get_session()
    return render_template("clusters/index.html", clusters=visible_clusters(session, org),
                           invitations=pending_invitations(session, org),
                           can_create=org.kind == "programme_operator", answer_form=AnswerForm())


@bp.route("/new", methods=["GET", "POST"])
@org_required("programme_operator")
def new():
    form = ClusterForm()
    form.country.choices = choices(country_choices(str(get_locale() or "es")))
    if form.validate_on_submit():
        try:
            cluster = create_cluster(get_session(), current_org(), current_user, _data(form))
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The cluster is created."), "success")
            return redirect(url_for("clusters.show", cluster_id=cluster.id))
    return render_template("clusters/new.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/<int:cluster_id>/edit", methods=["GET", "POST"])
@org_required()
def edit(cluster_id: int):
    """The managing operator changes the cluster's name, territory, sectors and standards."""
    cluster, _role = load_cluster(cluster_id, manage=True)
    form = ClusterForm(data=None if request.method == "POST" else {
        "name": cluster.name, "country": cluster.country,
        "regions": join_codes(cluster.regions), "sectors": join_codes(cluster.sectors),
        "key_standards": join_codes(cluster.key_standards),
        "description": cluster.description})
    form.country.choices = choices(country_choices(str(get_locale() or "es")))
    if form.validate_on_submit():
        try:
            update_cluster(get_session(), cluster, current_user, _data(form))
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The cluster is saved."), "success")
            return redirect(url_for("clusters.show", cluster_id=cluster.id))
    return render_template("clusters/edit.html", form=form, cluster=cluster), \
        422 if form.is_submitted() else 200


def _data(form: ClusterForm) -> ClusterData:
    return ClusterData(name=form.name.data, country=form.country.data,
                       regions=split_codes(form.regions.data),
                       sectors=split_codes(form.sectors.data),
                       key_standards=split_codes(form.key_standards.data),
                       description=form.description.data or "")


@bp.route("/<int:cluster_id>")
@org_required()
def show(cluster_id: int):
    cluster, role = load_cluster(cluster_id)
    invite = InviteForm()
    invite.sponsor_id.choices = lead_firm_choices(get_session())
    return _show(cluster, role, invite)


def _show(cluster, role, invite_form, status=200):
    session = get_session()
    today = date.today()
    key = (cache.fingerprint(session, cluster), today, str(get_locale()))
    counts = cache.cached(("counts", *key), lambda: requirement_counts(session, cluster))
    overview = cache.cached(("overview", *key),
                            lambda: cluster_overview(session, cluster, today, counts))
    return render_template("clusters/show.html", cluster=cluster, role=role,
                           requirements=counts[:REQUIREMENTS_SHOWN],
                           current_org_id=current_org().id,
                           invite_form=invite_form, sponsor_labels=SPONSOR_STATUS_LABELS,
                           **overview), status


@bp.route("/<int:cluster_id>/export/<table>.<fmt>")
@org_required()
def export(cluster_id: int, table: str, fmt: str):
    cluster, _role = load_cluster(cluster_id)
    if table not in TABLES or fmt not in FORMATS:
        abort(404)
    header, rows = table_rows(get_session(), cluster, table, date.today())
    return table_response(f"cluster-{cluster.id}-{table}", fmt, header, rows)


@bp.route("/definitions")
@org_required()
def definitions():
    return render_template("clusters/definitions.html", definitions=DEFINITIONS)


@bp.route("/<int:cluster_id>/sponsors", methods=["POST"])
@org_required()
def invite(cluster_id: int):
    cluster, _role = load_cluster(cluster_id, manage=True)
    session = get_session()
    form = InviteForm()
    form.sponsor_id.choices = lead_firm_choices(session)
    if form.validate_on_submit():
        try:
            invite_sponsor(session, cluster, session.get(Organisation, form.sponsor_id.data),
                           current_user)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The lead firm is invited; it sees the cluster once it accepts."), "success")
            return redirect(url_for("clusters.show", cluster_id=cluster.id))
    return _show(cluster, "manager", form, 422)


@bp.route("/invitations/<int:invitation_id>", methods=["POST"])
@org_required("lead_firm")
def answer(invitation_id: int):
    session = get_session()
    invitation = session.get(ClusterSponsor, invitation_id)
    org = current_org()
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    form = AnswerForm()
    if not form.validate_on_submit() or form.answer.data not in ("accept", "decline"):
        abort(400)
    try:
        answer_invitation(session, invitation, org, current_user, form.answer.data == "accept")
    except ServiceError:
        abort(409)
    flash(_("Thank you: your answer is recorded."), "success")
    return redirect(url_for("clusters.index"))


@bp.route("/<int:cluster_id>/sponsors/<int:sponsorship_id>/end", methods=["POST"])
@org_required("programme_operator", "lead_firm")
def end_sponsor(cluster_id: int, sponsorship_id: int):
    """The managing operator, or the sponsor itself, ends an accepted sponsorship."""
    cluster, role = load_cluster(cluster_id)
    org = current_org()
    session = get_session()
    sponsorship = session.get(ClusterSponsor, sponsorship_id)
    if sponsorship is None or sponsorship.cluster_id != cluster.id or (
            role == "sponsor" and sponsorship.organisation_id != org.id):
        abort(404)
    if not EndForm().validate_on_submit():
        abort(400)
    try:
        end_sponsorship(session, sponsorship, org, current_user)
    except ServiceError:
        abort(409)
    flash(_("The sponsorship has ended; it is kept in the cluster's history."), "success")
    if role == "sponsor":
        return redirect(url_for("clusters.index"))
    return redirect(url_for("clusters.show", cluster_id=cluster.id))
