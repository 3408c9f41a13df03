"""Internationalisation of a cluster's SMEs (export markets and products, concentration,
survival, share of sales exported) and local content of its lead firms' awards (GRI 204-1),
read from the export record, KPI observations and awards, computed by ``programs.clusters``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from programs.clusters import (
    Award,
    ExportProfile,
    ExportRecord,
    LocalContent,
    Survival,
    export_profile,
    hhi,
    local_content,
    meets_export_threshold,
    share_exported,
)
from supplierlink.clusters.models import AwardRecord, Cluster
from supplierlink.clusters.services import lead_firm_ids, member_sme_query
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import KpiObservation
from supplierlink.suppliers.models import ExportRecord as ExportRow


@dataclass
class SmeExports:
    organisation_id: int
    name: str
    profile: ExportProfile
    share: float | None

    @property
    def world_class(self) -> bool:
        return meets_export_threshold(self.share)


@dataclass
class ClusterExports:
    smes: list[SmeExports]
    exporters: int
    markets: int
    products: int
    hhi_markets: float | None
    hhi_products: float | None
    survival: Survival
    with_sales: int
    above_threshold: int


def _records(session: Session, ids) -> dict[int, list[ExportRecord]]:
    found: dict[int, list[ExportRecord]] = defaultdict(list)
    for org, market, product, year, value in session.execute(
            select(ExportRow.organisation_id, ExportRow.market, ExportRow.product_code,
                   ExportRow.year, ExportRow.value_usd).where(ExportRow.organisation_id.in_(ids))):
        found[org].append(ExportRecord(market, year, product, value))
    return found


def _export_shares(session: Session, ids) -> dict[int, float | None]:
    """Latest export sales over latest sales, per SME, from its KPI observations."""
    latest: dict[tuple[int, str], tuple[date, float]] = {}
    for org, metric, value, on in session.execute(
            select(KpiObservation.supplier_id, KpiObservation.metric, KpiObservation.value,
                   KpiObservation.observed_on).where(
                KpiObservation.supplier_id.in_(ids),
                KpiObservation.metric.in_(("sales", "export_sales")))):
        if (org, metric) not in latest or on >= latest[(org, metric)][0]:
            latest[(org, metric)] = (on, value)
    orgs = {org for org, _m in latest}
    return {org: share_exported(latest.get((org, "export_sales"), (None, None))[1],
                                latest.get((org, "sales"), (None, None))[1]) for org in orgs}


def sme_exports(session: Session, orgs: list[Organisation], today: date) -> list[SmeExports]:
    ids = [o.id for o in orgs]
    records, shares = _records(session, ids), _export_shares(session, ids)
    return [SmeExports(o.id, o.display_name, export_profile(records.get(o.id, []), today.year),
                       shares.get(o.id)) for o in orgs]


def cluster_exports(session: Session, cluster: Cluster, today: date) -> ClusterExports:
    members = list(session.scalars(select(Organisation).where(
        Organisation.id.in_(member_sme_query(cluster))).order_by(Organisation.legal_name)))
    rows = sme_exports(session, members, today)
    records = _records(session, [m.id for m in members])
    by_market: dict[str, float] = defaultdict(float)
    by_product: dict[str, float] = defaultdict(float)
    survival = Survival(0, 0, 0, 0, 0)
    for recs in records.values():
        for r in recs:
            by_market[r.market] += r.value or 0.0
            by_product[r.product or "?"] += r.value or 0.0
    for row in rows:
        survival = survival + row.profile.survival
    exporters = [r for r in rows if r.profile.markets]
    shares = [r for r in rows if r.share is not None]
    return ClusterExports(
        smes=exporters, exporters=len(exporters), markets=len(by_market),
        products=len({p for p in by_product if p != "?"}), hhi_markets=hhi(by_market),
        hhi_products=hhi(by_product), survival=survival, with_sales=len(shares),
        above_threshold=sum(1 for r in shares if r.world_class))


def cluster_local_content(session: Session, cluster: Cluster) -> list[LocalContent]:
    """Per lead firm of the cluster and year: where its awards and awarded spend went (all its
    awards, in the cluster or not), seen from the region of the lead firm's operation (its
    registered region). The cluster's lead firms: those with requirements in it, those that
    awarded to its SMEs, and its sponsors."""
    buyer, supplier = aliased(Organisation), aliased(Organisation)
    buyers = set(lead_firm_ids(session, cluster)) | cluster.accepted_sponsor_ids | set(
        session.scalars(select(AwardRecord.buyer_id).where(
            AwardRecord.supplier_id.in_(member_sme_query(cluster))).distinct()))
    rows = session.execute(
        select(AwardRecord.buyer_id, AwardRecord.supplier_id, AwardRecord.awarded_on,
               AwardRecord.value_usd, buyer.country, buyer.region, supplier.country,
               supplier.region)
        .join(buyer, buyer.id == AwardRecord.buyer_id)
        .join(supplier, supplier.id == AwardRecord.supplier_id)
        .where(AwardRecord.buyer_id.in_(buyers)))
    return local_content(Award(b, s, on.year, value, bc, br, sc, sr)
                         for b, s, on, value, bc, br, sc, sr in rows)
