"""``supplierlink clusters snapshot``: store this month's figures of every cluster (run it
daily, e.g. from cron), or rebuild the last months from the dates on record."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select


@click.group("clusters")
def clusters_group():
    """Cluster figures."""


@clusters_group.command("snapshot")
@click.option("--months", default=1, show_default=True, type=click.IntRange(1, 120),
              help="How many months back to rebuild (1: only the current month).")
@with_appcontext
def snapshot_command(months):
    from supplierlink.cli import transaction
    from supplierlink.clusters.history import backfill, refresh_cluster_snapshots
    from supplierlink.clusters.models import Cluster

    today = date.today()
    with transaction() as session:
        if months == 1:
            count = refresh_cluster_snapshots(session, today)
        else:
            clusters = list(session.scalars(select(Cluster).order_by(Cluster.id)))
            for cluster in clusters:
                backfill(session, cluster, months, today)
            count = len(clusters)
    click.echo(f"figures stored for {count} clusters")
