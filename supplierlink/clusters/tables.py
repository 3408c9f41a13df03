"""Every table of the cluster pages as ``(header, rows)``: what the exports write."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from supplierlink.clusters.demand import cluster_demand, signal_label
from supplierlink.clusters.figures import requirement_counts
from supplierlink.clusters.international import cluster_exports, cluster_local_content
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.network import network_view, organisation_names
from supplierlink.clusters.overview import cluster_overview
from supplierlink.clusters.wording import ZONE_LABELS

TABLES = ("figures", "trends", "requirements", "ties", "bridges", "exports", "local_content",
          "demand")


def table_rows(session: Session, cluster: Cluster, table: str, today: date):
    """``(header, rows)`` of one table, or None for an unknown name."""
    if table == "figures":
        data = cluster_overview(session, cluster, today)
        return (("group", "metric", "name", "value", "value_before", "month_before"),
                [[group, r.metric, r.name, r.value, r.before,
                  r.since.isoformat() if r.since else None]
                 for group, rows in data["groups"] for r in rows])
    if table == "trends":
        data = cluster_overview(session, cluster, today)
        return (("month", "metric", "value"),
                [[m.isoformat(), metric, v] for metric, points in sorted(data["history"].items())
                 for m, v in points])
    if table == "requirements":
        return (("requirement_id", "title", "lead_firm", "qualified", "near_miss"),
                [[r.requirement_id, r.title, r.buyer, r.qualified, r.near_miss]
                 for r in requirement_counts(session, cluster)])
    if table in ("ties", "bridges"):
        view = network_view(session, cluster, with_layout=False)
        names = {n.id: n.name for n in view.network.nodes}
        if table == "bridges":
            return (("organisation_id", "organisation", "betweenness", "communities_reached"),
                    [[b.node, names.get(b.node), round(b.betweenness, 6), b.communities]
                     for b in view.summary.bridges])
        return (("source_id", "source", "target_id", "target", "kind", "first_on", "ended_on"),
                [[e.source, names.get(e.source), e.target, names.get(e.target), e.kind,
                  e.on, e.ended] for e in sorted(view.network.edges,
                                                    key=lambda e: (e.on, e.source, e.target))])
    if table == "exports":
        data = cluster_exports(session, cluster, today)
        return (("organisation_id", "organisation", "markets", "products", "hhi_markets",
                 "hhi_products", "survival_1y", "survival_2y", "share_exported",
                 "over_30_percent"),
                [[r.organisation_id, r.name, r.profile.markets, r.profile.products,
                  r.profile.hhi_markets, r.profile.hhi_products, r.profile.survival.rate_1,
                  r.profile.survival.rate_2, r.share, r.world_class] for r in data.smes])
    if table == "local_content":
        rows = cluster_local_content(session, cluster)
        names = organisation_names(session, {r.buyer_id for r in rows})
        header = ["lead_firm_id", "lead_firm", "year"]
        for zone in ZONE_LABELS:
            header += [f"awards_{zone}", f"award_share_{zone}", f"spend_{zone}",
                       f"spend_share_{zone}"]
        return header, [[r.buyer_id, names.get(r.buyer_id), r.year]
                        + [v for zone in ZONE_LABELS for v in (
                            r.awards[zone], r.award_share(zone), r.spend[zone],
                            r.spend_share(zone))] for r in rows]
    if table == "demand":
        signals = cluster_demand(session, cluster)
        return (("key", "name", "suppliers", "requirements", "lead_firms", "supplier_ids"),
                [[s.key, signal_label(session, s.key), len(s.suppliers), len(s.requirements),
                  len(s.lead_firms), " ".join(map(str, sorted(s.suppliers)))] for s in signals])
    return None
