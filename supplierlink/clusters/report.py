"""The report to sponsors for a cluster (or one of its programmes) and a period: targets and
progress with the forecast, the funnel, KPI changes against the baseline and against the
comparison group, the cluster's figures at both ends of the period, the change in the network,
local content and the at-risk list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from programs.clusters import median_change_by_group
from programs.network import change_between
from supplierlink.catalogue.models import Standard
from supplierlink.clusters.figures import key_standards, overview_figures
from supplierlink.clusters.international import cluster_local_content
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.network import cluster_network, organisation_names
from supplierlink.clusters.overview import ordered_metrics, stage_names
from supplierlink.clusters.services import member_sme_ids
from supplierlink.clusters.wording import metric_name, show_value
from supplierlink.programmes.dashboard import overview
from supplierlink.programmes.kpis import comparison_export_rows
from supplierlink.programmes.models import Enrolment, Programme
from supplierlink.programmes.wording import METRIC_LABELS


@dataclass
class ProgrammeReport:
    programme: Programme
    data: dict
    #: KPI label -> median relative change of the enrolled and of the comparison group
    comparison: dict[str, tuple[float | None, float | None]]


def report_programmes(session: Session, cluster: Cluster) -> list[Programme]:
    """The operator's programmes with at least one member SME enrolled."""
    members = member_sme_ids(session, cluster)
    return list(session.scalars(select(Programme).where(
        Programme.operator_id == cluster.operator_id,
        Programme.id.in_(select(Enrolment.programme_id).where(
            Enrolment.supplier_id.in_(members)))).order_by(Programme.start_date)))


def programme_report(session: Session, programme: Programme, today: date) -> ProgrammeReport:
    data = overview(session, programme, today)
    rows = comparison_export_rows(session, programme, data["enrolments"])
    medians = median_change_by_group((r.metric, r.group, r.baseline, r.latest) for r in rows)
    comparison = {str(METRIC_LABELS.get(metric, metric)): (groups.get("enrolled"),
                                                          groups.get("comparison"))
                  for metric, groups in sorted(medians.items())}
    return ProgrammeReport(programme, data, comparison)


def cluster_report(session: Session, cluster: Cluster, start: date, end: date,
                   programme: Programme | None = None) -> dict:
    standards = key_standards(session, cluster)
    before = overview_figures(session, cluster, start, standards)
    after = overview_figures(session, cluster, end, standards)
    names = dict(session.execute(select(Standard.key, Standard.name)
                                 .where(Standard.key.in_(standards))).all()) if standards else {}
    stages = stage_names(session, cluster)
    figures = [(metric_name(m, names, stages), show_value(m, before.get(m)),
                show_value(m, after.get(m)))
               for _group, metrics in ordered_metrics(after, standards, stages)
               for m in metrics if m not in ("qualified", "near_miss")]
    network = cluster_network(session, cluster)
    change = change_between(network.nodes, network.edges, start, end)
    programmes = [programme] if programme is not None else report_programmes(session, cluster)
    local = [r for r in cluster_local_content(session, cluster) if start.year <= r.year <= end.year]
    names = organisation_names(session, {r.buyer_id for r in local} | set(change.new_bridges))
    return {
        "cluster": cluster, "new_bridge_names": [names.get(n, str(n)) for n in change.new_bridges], "start": start, "end": end, "figures": figures,
        "change": change, "programmes": [programme_report(session, p, end) for p in programmes],
        "local": local, "names": names,
    }
