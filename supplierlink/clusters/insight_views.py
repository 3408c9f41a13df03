"""Internationalisation and local content, demand signals (and drafting a programme from
one), peer mentors and mentoring pairs, and an SME's own cluster page."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from supplierlink.access import current_org, org_required
from supplierlink.catalogue.models import Standard
from supplierlink.clusters.blueprint import bp, load_cluster
from supplierlink.clusters.demand import (
    cluster_demand,
    draft_programme,
    near_misses,
    signal_label,
)
from supplierlink.clusters.forms import AnswerForm, DraftForm, EndForm, PairForm
from supplierlink.clusters.international import (
    cluster_exports,
    cluster_local_content,
    sme_exports,
)
from supplierlink.clusters.mentors import (
    answer_pair,
    cluster_pairs,
    end_pair,
    mentor_suggestions,
    pairs_of,
    propose_pair,
    standard_gaps,
)
from supplierlink.clusters.models import MentoringPair
from supplierlink.clusters.network import organisation_names
from supplierlink.clusters.services import clusters_of_supplier, member_sme_ids
from supplierlink.clusters.wording import PAIR_STATUS_LABELS, ZONE_LABELS, mentor_reason
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.organisations.models import Organisation


@bp.route("/<int:cluster_id>/international")
@org_required()
def international(cluster_id: int):
    cluster, role = load_cluster(cluster_id)
    session = get_session()
    content = cluster_local_content(session, cluster)
    return render_template("clusters/international.html", cluster=cluster, role=role,
                           exports=cluster_exports(session, cluster, date.today()),
                           local=content, zones=ZONE_LABELS,
                           buyers=organisation_names(session, {r.buyer_id for r in content}))


@bp.route("/<int:cluster_id>/demand")
@org_required()
def demand(cluster_id: int):
    cluster, role = load_cluster(cluster_id)
    session = get_session()
    signals = cluster_demand(session, cluster, limit=20)
    names = dict(session.execute(select(Standard.key, Standard.name)).all())
    return render_template("clusters/demand.html", cluster=cluster, role=role,
                           signals=[(s, signal_label(session, s.key, names)) for s in signals])


@bp.route("/<int:cluster_id>/demand/draft", methods=["GET", "POST"])
@org_required()
def draft(cluster_id: int):
    cluster, _role = load_cluster(cluster_id, manage=True)
    session = get_session()
    key = request.values.get("key", "")
    signal = next((s for s in cluster_demand(session, cluster) if s.key == key), None)
    if signal is None:
        abort(404)
    label = signal_label(session, key)
    form = DraftForm()
    if request.method == "GET":
        form.name.data = _("%(what)s for %(cluster)s", what=label, cluster=cluster.name)
    if form.validate_on_submit():
        try:
            programme = draft_programme(session, cluster, key, current_user, form.name.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The programme is drafted with %(n)s suppliers.", n=len(signal.suppliers)),
                  "success")
            return redirect(url_for("programmes.show", programme_id=programme.id))
    suppliers = list(session.scalars(select(Organisation).where(
        Organisation.id.in_(signal.suppliers)).order_by(Organisation.legal_name)))
    return render_template("clusters/draft.html", cluster=cluster, signal=signal, label=label,
                           key=key, form=form, suppliers=suppliers), \
        422 if form.is_submitted() else 200


@bp.route("/<int:cluster_id>/mentors")
@org_required()
def mentors(cluster_id: int):
    cluster, role = load_cluster(cluster_id, manage=True)
    session = get_session()
    members = member_sme_ids(session, cluster)
    supplier = session.get(Organisation, request.args.get("supplier_id", type=int) or 0)
    if supplier is not None and supplier.id not in members:
        abort(404)
    gaps = standard_gaps(session, cluster, supplier) if supplier else []
    gap = request.args.get("gap") or (gaps[0] if gaps else None)
    suggestions = mentor_suggestions(session, cluster, supplier, gap, date.today()) \
        if supplier and gap else []
    return render_template(
        "clusters/mentors.html", cluster=cluster, role=role, supplier=supplier, gaps=gaps,
        gap=gap, suggestions=suggestions, reason=mentor_reason, pair_form=PairForm(),
        names=organisation_names(session, [s.mentor_id for s in suggestions]),
        with_gaps=_members_with_gaps(session, cluster), pairs=cluster_pairs(session, cluster),
        pair_labels=PAIR_STATUS_LABELS)


def _members_with_gaps(session, cluster) -> list[Organisation]:
    ids = {row.supplier_id for row in near_misses(session, cluster)}
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(ids))
                                .order_by(Organisation.legal_name))) if ids else []


@bp.route("/<int:cluster_id>/pairs", methods=["POST"])
@org_required()
def propose(cluster_id: int):
    cluster, _role = load_cluster(cluster_id, manage=True)
    session = get_session()
    form = PairForm()
    if form.validate_on_submit():
        try:
            propose_pair(session, cluster, session.get(Organisation, _int(form.mentor_id.data)),
                         session.get(Organisation, _int(form.mentee_id.data)), form.gap.data,
                         current_user, form.note.data or "")
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The pair is recorded; it starts once both SMEs agree."), "success")
            return redirect(url_for("clusters.mentors", cluster_id=cluster.id))
    return render_template("clusters/pair_error.html", cluster=cluster, form=form), 422


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@bp.route("/pairs/<int:pair_id>", methods=["POST"])
@org_required("sme")
def answer_pair_view(pair_id: int):
    session = get_session()
    pair = session.get(MentoringPair, pair_id)
    org = current_org()
    if pair is None or org.id not in (pair.mentor_id, pair.mentee_id):
        abort(404)
    form = AnswerForm()
    if not form.validate_on_submit() or form.answer.data not in ("accept", "decline"):
        abort(400)
    try:
        answer_pair(session, pair, org, current_user, form.answer.data == "accept")
    except ServiceError:
        abort(409)
    flash(_("Thank you: your answer is recorded."), "success")
    return redirect(url_for("clusters.mine"))


@bp.route("/pairs/<int:pair_id>/end", methods=["POST"])
@org_required("programme_operator", "sme")
def end_pair_view(pair_id: int):
    """The cluster's managing operator or either SME of the pair ends an active pair."""
    session = get_session()
    pair = session.get(MentoringPair, pair_id)
    org = current_org()
    if pair is None or org.id not in (pair.cluster.operator_id, pair.mentor_id, pair.mentee_id):
        abort(404)
    if not EndForm().validate_on_submit():
        abort(400)
    try:
        end_pair(session, pair, org, current_user)
    except ServiceError:
        abort(409)
    flash(_("The mentoring pair has ended; it is kept in the cluster's history."), "success")
    if org.id == pair.cluster.operator_id:
        return redirect(url_for("clusters.mentors", cluster_id=pair.cluster_id))
    return redirect(url_for("clusters.mine"))


@bp.route("/mine")
@org_required("sme")
def mine():
    """An SME's own figures in its clusters, its mentor suggestions and its mentoring pairs."""
    session = get_session()
    org = current_org()
    today = date.today()
    sections = []
    for cluster in clusters_of_supplier(session, org):
        gaps = standard_gaps(session, cluster, org)
        sections.append((cluster, [(gap, mentor_suggestions(session, cluster, org, gap, today,
                                                            limit=3, published_only=True))
                                   for gap in gaps[:3]]))
    ids = {s.mentor_id for _c, items in sections for _g, found in items for s in found}
    return render_template("clusters/mine.html", org=org, sections=sections,
                           exports=sme_exports(session, [org], today)[0],
                           pairs=pairs_of(session, org), pair_labels=PAIR_STATUS_LABELS,
                           answer_form=AnswerForm(), reason=mentor_reason,
                           names=organisation_names(session, ids),
                           standards=dict(session.execute(
                               select(Standard.key, Standard.name)).all()))
