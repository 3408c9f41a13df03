"""The monthly history of every cluster's figures: stored by a daily job (and the
``supplierlink clusters snapshot`` command), refreshed after the events that change them
(``subscribers``), and read back as trends."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from supplierlink import jobs
from supplierlink.clusters.figures import overview_figures
from supplierlink.clusters.models import Cluster, ClusterSnapshot


def month_of(day: date) -> date:
    return day.replace(day=1)


def months_back(day: date, count: int) -> list[date]:
    """The first days of the ``count`` months up to the one of ``day``, oldest first."""
    months, current = [], month_of(day)
    for _ in range(count):
        months.append(current)
        current = (current.replace(year=current.year - 1, month=12) if current.month == 1
                   else current.replace(month=current.month - 1))
    return months[::-1]


def record_snapshot(session: Session, cluster: Cluster, as_of: date) -> dict[str, float]:
    """Store the figures of ``as_of`` as its month's (replacing that month's earlier ones).
    Past months are taken on their last day."""
    figures = overview_figures(session, cluster, as_of)
    month = month_of(as_of)
    session.execute(delete(ClusterSnapshot).where(ClusterSnapshot.cluster_id == cluster.id,
                                                  ClusterSnapshot.month == month))
    session.add_all(ClusterSnapshot(cluster_id=cluster.id, month=month, metric=metric,
                                    value=float(value)) for metric, value in figures.items())
    session.flush()
    return figures


def backfill(session: Session, cluster: Cluster, months: int, today: date) -> int:
    """Rebuild the last ``months`` months from the dates on record (each on its last day)."""
    done = 0
    for first in months_back(today, months):
        nxt = first.replace(year=first.year + 1, month=1) if first.month == 12 \
            else first.replace(month=first.month + 1)
        last = min(today, date.fromordinal(nxt.toordinal() - 1))
        record_snapshot(session, cluster, last)
        done += 1
    return done


@jobs.job
def refresh_cluster_snapshots(session: Session, today: date | None = None) -> int:
    """This month's figures of every cluster (the daily job; idempotent)."""
    today = today or date.today()
    clusters = list(session.scalars(select(Cluster).order_by(Cluster.id)))
    for cluster in clusters:
        record_snapshot(session, cluster, today)
    return len(clusters)


def trends(session: Session, cluster: Cluster) -> dict[str, list[tuple[date, float]]]:
    """Every stored metric's monthly values, oldest first."""
    found: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for metric, month, value in session.execute(
            select(ClusterSnapshot.metric, ClusterSnapshot.month, ClusterSnapshot.value)
            .where(ClusterSnapshot.cluster_id == cluster.id)
            .order_by(ClusterSnapshot.month)):
        found[metric].append((month, value))
    return dict(found)
