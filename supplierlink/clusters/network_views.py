"""The supplier network page: the picture (interactive, with a static fallback), bridges,
communities, isolated groups, the change between two dates, and the ties as a table."""

from __future__ import annotations

import json
from datetime import date, timedelta

from flask import Response, render_template, request

from supplierlink.access import org_required
from supplierlink.clusters.blueprint import bp, load_cluster
from supplierlink.clusters.forms import PeriodForm
from supplierlink.clusters.network import community_labels, network_change, network_view
from supplierlink.clusters.picture import SIZE, colour, elements, svg_markup
from supplierlink.clusters.wording import EDGE_KIND_LABELS
from supplierlink.db import get_session

TIES_SHOWN = 200


@bp.route("/<int:cluster_id>/network")
@org_required()
def network(cluster_id: int):
    cluster, role = load_cluster(cluster_id)
    today = date.today()
    form = PeriodForm(request.args)
    start = form.start.data if form.validate() and form.start.data else today - timedelta(
        days=365)
    end = form.end.data if form.end.data else today
    if end < start:
        start, end = end, start
    form.start.data, form.end.data = start, end
    session = get_session()
    view = network_view(session, cluster)
    change = network_change(session, cluster, view, start, end)
    names = {n.id: n.name for n in view.network.nodes}
    ties = sorted(view.network.edges, key=lambda e: (e.on, e.source, e.target), reverse=True)
    return render_template(
        "clusters/network.html", cluster=cluster, role=role, view=view,
        summary=view.summary, picture_markup=svg_markup(view), picture_size=SIZE, change=change, names=names, form=form,
        community_names=community_labels(view), kind_labels=EDGE_KIND_LABELS,
        colour=colour, ties=ties[:TIES_SHOWN], tie_count=len(ties),
        community_count=sum(1 for c in view.summary.communities if len(c) > 1),
        lone_count=sum(1 for g in view.summary.isolated_groups if len(g) == 1),
        isolated=[sorted(g) for g in view.summary.isolated_groups if len(g) > 1][:10])


@bp.route("/<int:cluster_id>/network.json")
@org_required()
def network_data(cluster_id: int):
    cluster, _role = load_cluster(cluster_id)
    view = network_view(get_session(), cluster)
    if view.data is None:  # written once per view, which is kept between requests
        view.data = json.dumps(elements(view), separators=(",", ":")).encode()
    return Response(view.data, mimetype="application/json")
