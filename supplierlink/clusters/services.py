"""Clusters: creating one, who may see it (the operator that manages it, and lead firms that
accepted to sponsor it), sponsorship as an invitation the lead firm answers, and its members
(the SMEs of its territory and sectors, and the lead firms buying there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.catalogue.models import Category, Standard
from supplierlink.clusters.models import Cluster, ClusterSponsor
from supplierlink.errors import ServiceError
from supplierlink.geo import valid_region
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import (
    Requirement,
    RequirementCategory,
    RequirementRegion,
)
from supplierlink.suppliers.models import Capability


@dataclass
class ClusterData:
    name: str
    country: str
    regions: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    key_standards: list[str] = field(default_factory=list)
    description: str = ""


def _checked(session: Session, operator: Organisation, data: ClusterData) -> dict:
    """The cluster's fields cleaned, or a ServiceError naming every field that is wrong."""
    errors: dict[str, list] = {}
    if operator.kind != "programme_operator":
        errors[""] = [_l("Only programme operators manage clusters.")]
    name = (data.name or "").strip()
    if not name:
        errors["name"] = [_l("Give the cluster a name.")]
    country = (data.country or "").strip().upper()
    if len(country) != 2:
        errors["country"] = [_l("Choose the cluster's country.")]
    regions = sorted({r.strip().upper() for r in data.regions if r.strip()})
    if any(not valid_region(country, r) for r in regions):
        errors["regions"] = [_l("Regions must be ISO 3166-2 codes of the cluster's country.")]
    sectors = sorted({s.strip() for s in data.sectors if s.strip()})
    if not sectors:
        errors["sectors"] = [_l("Name at least one sector (a segment or family code).")]
    elif any(not (s.isdigit() and len(s) in (2, 4)) for s in sectors):
        errors["sectors"] = [_l("Sectors are segment (2 digits) or family (4 digits) codes.")]
    elif not session.scalar(select(exists().where(or_(
            *[Category.code.like(f"{s}%") for s in sectors])))):
        errors["sectors"] = [_l("No category of the taxonomy falls under these sectors.")]
    keys = sorted({k.strip() for k in data.key_standards if k.strip()})
    known = set(session.scalars(select(Standard.key).where(Standard.key.in_(keys)))) if keys \
        else set()
    if set(keys) - known:
        errors["key_standards"] = [_l("Unknown standards: %(keys)s",
                                      keys=", ".join(sorted(set(keys) - known)))]
    if errors:
        raise ServiceError(errors)
    return dict(name=name, country=country, regions=regions, sectors=sectors,
                key_standards=keys, description=(data.description or "").strip())


def create_cluster(session: Session, operator: Organisation, user: User | None,
                   data: ClusterData) -> Cluster:
    """A cluster managed by ``operator``; every field is checked before anything is written."""
    fields = _checked(session, operator, data)
    cluster = Cluster(operator_id=operator.id, created_by_id=user.id if user else None,
                      **fields)
    session.add(cluster)
    session.flush()
    return cluster


def update_cluster(session: Session, cluster: Cluster, user: User | None,
                   data: ClusterData) -> Cluster:
    """The managing operator's members change the name, territory, sectors, key standards or
    description; every field is checked first (nothing changes on an error), and the change is
    announced with the values before and after (the audit log keeps them)."""
    consent.require_cluster_manager(user, cluster)
    fields = _checked(session, cluster.operator, data)
    before = {key: getattr(cluster, key) for key in fields}
    changed = {key: value for key, value in fields.items() if before[key] != value}
    if not changed:
        return cluster
    for key, value in changed.items():
        setattr(cluster, key, value)
    session.flush()
    signals.cluster_changed.send(session, cluster_id=cluster.id,
                                 organisation_id=cluster.operator_id,
                                 user_id=user.id if user else None,
                                 changed={key: {"from": before[key], "to": value}
                                          for key, value in changed.items()})
    return cluster


def cluster_role(cluster: Cluster | None, org: Organisation | None) -> str | None:
    """``manager`` (the managing operator), ``sponsor`` (a lead firm that accepted) or None."""
    if cluster is None or org is None:
        return None
    if org.id == cluster.operator_id:
        return "manager"
    if org.id in cluster.accepted_sponsor_ids:
        return "sponsor"
    return None


def visible_clusters(session: Session, org: Organisation) -> list[Cluster]:
    """Clusters the organisation manages, or sponsors after accepting the invitation."""
    sponsored = select(ClusterSponsor.cluster_id).where(
        ClusterSponsor.organisation_id == org.id, ClusterSponsor.status == "accepted")
    return list(session.scalars(select(Cluster).where(or_(
        Cluster.operator_id == org.id, Cluster.id.in_(sponsored))).order_by(Cluster.name)))


def pending_invitations(session: Session, org: Organisation) -> list[ClusterSponsor]:
    return list(session.scalars(select(ClusterSponsor).where(
        ClusterSponsor.organisation_id == org.id, ClusterSponsor.status == "invited")
        .order_by(ClusterSponsor.id)))


def invite_sponsor(session: Session, cluster: Cluster, sponsor: Organisation | None,
                   user: User | None) -> ClusterSponsor:
    """Invite a lead firm to sponsor the cluster; it sees nothing until it accepts. A
    declined invitation may be sent again."""
    consent.require_cluster_manager(user, cluster)
    if sponsor is None or sponsor.kind != "lead_firm":
        raise ServiceError({"sponsor_id": _l("Sponsors must be lead firms.")})
    row = next((s for s in cluster.sponsors if s.organisation_id == sponsor.id), None)
    if row is not None and row.status == "ended":
        raise ServiceError({"sponsor_id": _l("This lead firm's sponsorship ended; it is kept "
                                             "as history.")})
    if row is not None and row.status != "declined":
        raise ServiceError({"sponsor_id": _l("This lead firm was invited already.")})
    if row is None:
        row = ClusterSponsor(organisation_id=sponsor.id)
        cluster.sponsors.append(row)
    row.status, row.invited_by_id = "invited", user.id if user else None
    row.invited_at, row.answered_at, row.answered_by_id = datetime.now(UTC), None, None
    session.flush()
    signals.cluster_sponsorship_invited.send(session, cluster_id=cluster.id,
                                             sponsor_id=sponsor.id,
                                             user_id=user.id if user else None)
    return row


def answer_invitation(session: Session, invitation: ClusterSponsor, org: Organisation,
                      user: User | None, accept: bool) -> ClusterSponsor:
    """The invited lead firm accepts or declines; nobody else may answer for it."""
    consent.require_party(user, org, [invitation.organisation_id],
                          _l("Only the invited lead firm answers its invitation."))
    if invitation.status != "invited":
        raise ServiceError({"": _l("This invitation was answered already.")})
    invitation.status = "accepted" if accept else "declined"
    invitation.answered_at, invitation.answered_by_id = datetime.now(UTC), user.id if user \
        else None
    session.flush()
    signals.cluster_sponsorship_answered.send(session, cluster_id=invitation.cluster_id,
                                              sponsor_id=org.id, accepted=accept,
                                              user_id=user.id if user else None)
    return invitation


def end_sponsorship(session: Session, sponsorship: ClusterSponsor, org: Organisation,
                    user: User | None) -> ClusterSponsor:
    """The cluster's managing operator or the sponsor itself ends an accepted sponsorship: the
    sponsor stops seeing the cluster; the row is kept (with who ended it and when)."""
    consent.require_party(user, org, (sponsorship.cluster.operator_id,
                                      sponsorship.organisation_id),
                          _l("Only the cluster's managers or the sponsor end a sponsorship."))
    if sponsorship.status != "accepted":
        raise ServiceError({"": _l("Only a current sponsorship can be ended.")})
    sponsorship.status, sponsorship.ended_at = "ended", datetime.now(UTC)
    sponsorship.ended_by_id = user.id if user else None
    session.flush()
    signals.cluster_sponsorship_ended.send(session, cluster_id=sponsorship.cluster_id,
                                           sponsor_id=sponsorship.organisation_id,
                                           organisation_id=org.id,
                                           user_id=user.id if user else None)
    return sponsorship


# ----------------------------------------------------------------------------- members


def _sector_filter(column, sectors):
    return or_(*[column.like(f"{s}%") for s in sectors])


def member_sme_query(cluster: Cluster):
    """SMEs based in the territory that work in one of the sectors."""
    in_sector = select(Capability.organisation_id).join(
        Category, Category.id == Capability.category_id).where(
        _sector_filter(Category.code, cluster.sectors))
    query = select(Organisation.id).where(
        Organisation.kind == "sme", Organisation.country == cluster.country,
        Organisation.id.in_(in_sector))
    if cluster.regions:
        query = query.where(Organisation.region.in_(cluster.regions))
    return query


def is_member(column, cluster: Cluster):
    """``column`` (an organisation id) names a member SME. Written ``column + 0`` so that
    SQLite does not pair it with the requirement in a two-column index lookup (one lookup per
    requirement and member: seconds on 10,000 members) but filters the requirement's rows."""
    return (column + 0).in_(member_sme_query(cluster))


def member_sme_ids(session: Session, cluster: Cluster) -> list[int]:
    return list(session.scalars(member_sme_query(cluster).order_by(Organisation.id)))


def cluster_requirement_query(cluster: Cluster):
    """Published requirements in the sectors to be delivered in the territory (or posted by a
    lead firm based there)."""
    in_sector = select(RequirementCategory.requirement_id).join(
        Category, Category.id == RequirementCategory.category_id).where(
        _sector_filter(Category.code, cluster.sectors))
    if cluster.regions:
        place = RequirementRegion.region_code.in_([*cluster.regions, cluster.country])
    else:
        place = or_(RequirementRegion.region_code == cluster.country,
                    RequirementRegion.region_code.like(f"{cluster.country}-%"))
    delivered = select(RequirementRegion.requirement_id).where(place)
    buyers = select(Organisation.id).where(Organisation.kind == "lead_firm",
                                           Organisation.country == cluster.country)
    if cluster.regions:
        buyers = buyers.where(Organisation.region.in_(cluster.regions))
    return select(Requirement.id).where(
        Requirement.status != "draft", Requirement.id.in_(in_sector),
        or_(Requirement.id.in_(delivered), Requirement.organisation_id.in_(buyers)))


def cluster_requirements(session: Session, cluster: Cluster) -> list[Requirement]:
    return list(session.scalars(select(Requirement).where(
        Requirement.id.in_(cluster_requirement_query(cluster))).order_by(Requirement.id)))


def lead_firm_ids(session: Session, cluster: Cluster) -> list[int]:
    return sorted(set(session.scalars(select(Requirement.organisation_id).where(
        Requirement.id.in_(cluster_requirement_query(cluster))))))


def clusters_of_supplier(session: Session, org: Organisation) -> list[Cluster]:
    """The clusters an SME belongs to (by territory and sectors)."""
    found = []
    for cluster in session.scalars(select(Cluster).where(Cluster.country == org.country)
                                   .order_by(Cluster.id)):
        if session.scalar(member_sme_query(cluster).where(Organisation.id == org.id)):
            found.append(cluster)
    return found
