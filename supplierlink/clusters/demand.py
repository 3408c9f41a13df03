"""Demand signals: which standard or capability, closed, would qualify the most near-miss SMEs
of the cluster for its open requirements; and drafting a programme for exactly those SMEs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from programs.clusters import DemandSignal, NearMiss, demand_signals
from supplierlink.auth.models import User
from supplierlink.catalogue.models import Standard
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.services import cluster_requirement_query, is_member
from supplierlink.errors import ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Programme
from supplierlink.programmes.services import ProgrammeData, create_programme, enrol_supplier
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.opportunities import action_for


def unlock_key(gap: dict) -> str:
    """What closes a blocking gap, as a key: ``standard:iso-14001``, ``region:CL-AN``,
    ``capacity``, or ``other:<gap kind>`` when no single action closes it."""
    action = action_for(gap)
    if action is None:
        return f"other:{gap.get('kind')}"
    if action.kind == "standard":
        return f"standard:{action.value}"
    if action.kind == "region":
        return "region:" + ",".join(sorted(action.value))
    return "capacity"


@dataclass
class NearMissRow:
    requirement_id: int
    supplier_id: int
    buyer_id: int
    gaps: list[dict]


def near_misses(session: Session, cluster: Cluster) -> list[NearMissRow]:
    rows = session.execute(
        select(MatchResult.requirement_id, MatchResult.supplier_id, Requirement.organisation_id,
               MatchResult.gaps)
        .join(Requirement, Requirement.id == MatchResult.requirement_id)
        .where(MatchResult.qualified.is_(False), Requirement.status == "open",
               Requirement.id.in_(cluster_requirement_query(cluster)),
               is_member(MatchResult.supplier_id, cluster)))
    return [NearMissRow(r, s, b, list(g or [])) for r, s, b, g in rows]


def cluster_demand(session: Session, cluster: Cluster,
                   limit: int | None = None) -> list[DemandSignal]:
    misses = [NearMiss(row.supplier_id, row.requirement_id, row.buyer_id,
                       frozenset(unlock_key(g) for g in row.gaps if g.get("blocking")))
              for row in near_misses(session, cluster)]
    return demand_signals(misses, limit)


def signal_label(session: Session, key: str, names: dict[str, str] | None = None) -> str:
    kind, _, value = key.partition(":")
    if kind == "standard":
        if names is None:
            names = dict(session.execute(select(Standard.key, Standard.name)).all())
        return names.get(value, value)
    if kind == "region":
        return str(_l("Serving %(regions)s", regions=value.replace(",", ", ")))
    if kind == "capacity":
        return str(_l("More capacity"))
    return value


def draft_programme(session: Session, cluster: Cluster, key: str, user: User | None,
                    name: str, today: date | None = None) -> Programme:
    """A programme of the cluster's operator aimed at ``key`` with exactly the near-miss SMEs
    that ``key`` alone would qualify, each enrolled with the gaps of those requirements."""
    today = today or date.today()
    signal = next((s for s in cluster_demand(session, cluster) if s.key == key), None)
    if signal is None:
        raise ServiceError({"key": _l("Nothing in the cluster's demand matches this.")})
    kind, _, value = key.partition(":")
    standard = session.scalar(select(Standard).where(Standard.key == value)) \
        if kind == "standard" else None
    months = (standard.typical_months if standard and standard.typical_months else 12)
    programme = create_programme(session, cluster.operator, user, ProgrammeData(
        name=name, target_count=len(signal.suppliers), start_date=today,
        end_date=today + timedelta(days=max(months, 6) * 31),
        target_kind="standard" if standard else "stage",
        target_standard_key=standard.key if standard else None,
        target_stage_key="certified",
        description=str(_l("Drafted from the demand of cluster %(name)s.", name=cluster.name))))
    rows = [r for r in near_misses(session, cluster) if r.supplier_id in signal.suppliers
            and r.requirement_id in signal.requirements]
    suppliers = {o.id: o for o in session.scalars(select(Organisation).where(
        Organisation.id.in_(signal.suppliers)))}
    for row in sorted(rows, key=lambda r: (r.supplier_id, r.requirement_id)):
        blocking = [g for g in row.gaps if g.get("blocking")]
        if {unlock_key(g) for g in blocking} != {key}:
            continue
        # offered with the gaps only: tying the place to a lead firm's requirement needs that
        # firm to sponsor the programme (supplierlink.consent), which a draft has not asked yet
        enrol_supplier(session, programme, suppliers[row.supplier_id], user,
                       gaps=blocking, today=today)
    return programme
