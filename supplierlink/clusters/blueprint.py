"""The clusters blueprint and the lookup every cluster page starts with: the cluster and the
acting organisation's role toward it (or a 404 / 403)."""

from __future__ import annotations

from flask import Blueprint, abort

from supplierlink.access import current_org
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.services import cluster_role
from supplierlink.db import get_session

bp = Blueprint("clusters", __name__, url_prefix="/clusters")


def load_cluster(cluster_id: int, manage: bool = False) -> tuple[Cluster, str]:
    """The cluster and ``manager`` / ``sponsor``; strangers get 404, sponsors asking to change
    something 403."""
    cluster = get_session().get(Cluster, cluster_id)
    role = cluster_role(cluster, current_org())
    if role is None:
        abort(404)
    if manage and role != "manager":
        abort(403)
    return cluster, role
