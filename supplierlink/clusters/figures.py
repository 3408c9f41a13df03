"""The overview figures of a cluster on a given day, as a flat ``{metric: value}`` mapping
(what the monthly history stores), worked out with a few aggregate queries so that a cluster
of ten thousand SMEs answers quickly.

Metric names: ``smes``, ``size.<class>``, ``standard.<key>.verified`` and
``standard.<key>.self_declared`` (shares of SMEs), ``exporters`` (share), ``export_markets``,
``lead_firms``, ``open_requirements``, ``qualified`` and ``near_miss`` (member SMEs over the
open requirements), ``enrolled`` and ``stage.<key>`` (enrolments in the operator's programmes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import String, and_, case, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from programs.clusters import CertificateRecord, open_on, standards_held_on
from supplierlink.audit.models import AuditEvent
from supplierlink.catalogue.models import Standard
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.services import (
    cluster_requirement_query,
    is_member,
    member_sme_query,
)
from supplierlink.matches.models import MatchResult
from supplierlink.organisations.models import SIZE_CLASSES, Organisation
from supplierlink.programmes.models import Enrolment, EnrolmentEvent, Programme
from supplierlink.requirements.models import Requirement, RequirementStandard
from supplierlink.suppliers.models import (
    Certification,
    CertificationStatusChange,
    ExportRecord,
)

MAX_KEY_STANDARDS = 6


@dataclass
class RequirementCounts:
    requirement_id: int
    title: str
    buyer: str
    qualified: int
    near_miss: int


def end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=UTC)


def key_standards(session: Session, cluster: Cluster) -> list[str]:
    """The cluster's chosen standards, or else those its requirements most often demand."""
    if cluster.key_standards:
        return list(cluster.key_standards)
    rows = session.execute(
        select(Standard.key, func.count()).join(
            RequirementStandard, RequirementStandard.standard_id == Standard.id)
        .where(RequirementStandard.requirement_id.in_(cluster_requirement_query(cluster)))
        .group_by(Standard.key).order_by(func.count().desc(), Standard.key)
        .limit(MAX_KEY_STANDARDS)).all()
    return [key for key, _n in rows]


def members_on(cluster: Cluster, as_of: date):
    """The member SMEs of ``as_of``: those of the territory and sectors that were registered
    by the end of that day. (Territory and sectors are matched on today's profiles: the app
    keeps no history of a profile's region or categories.)"""
    return member_sme_query(cluster).where(Organisation.created_at <= end_of(as_of))


def overview_figures(session: Session, cluster: Cluster, as_of: date,
                     standards: list[str] | None = None,
                     counts: list[RequirementCounts] | None = None) -> dict[str, float]:
    """Every figure of the overview on ``as_of`` for the members of that day; for past days,
    rebuilt from the history on record (SMEs' registration dates, certificates' entry,
    status changes, issue and expiry dates, export years, publication dates, enrolments'
    acceptance, leaving and stage-move dates). Match counts exist only for the current
    day. The members' sizes, exports and (for the current day) standards are counted in one
    statement over one list of the members (``member_counts``)."""
    members = members_on(cluster, as_of).with_only_columns(
        Organisation.id, Organisation.employees).cte("members")
    ids = select(members.c.id)
    keys = standards if standards is not None else key_standards(session, cluster)
    today = as_of >= date.today()
    counted = member_counts(session, [_sizes(members), _exports(ids, as_of)]
                            + ([_standards(ids, keys, as_of)] if today and keys else []))
    figures = {"smes": float(sum(n for (part, _label), (n, _m) in counted.items()
                                 if part == "size"))}
    figures.update({f"size.{s}": float(counted.get(("size", s), (0, 0))[0])
                    for s in SIZE_CLASSES})
    n = int(figures["smes"])
    exporters, markets = counted.get(("exports", None), (0, 0))
    figures.update({"exporters": exporters / n if n else 0.0, "export_markets": float(markets)})
    if today:
        figures.update(_standard_shares(counted, keys, n))
    else:
        figures.update(_standards_then(session, ids, keys, as_of, n))
    figures.update(_requirements(session, cluster, as_of, counts))
    figures.update(_enrolments(session, cluster, ids, as_of))
    return figures


def member_counts(session: Session, parts: list) -> dict[tuple[str, str | None],
                                                         tuple[int, int]]:
    """``parts``: statements of ``(part, label, count, count)`` rows over the same members;
    run as one statement, so that the database works out the members once (the members of
    a cluster of ten thousand SMEs take a few milliseconds each time)."""
    return {(part, label): (first, second) for part, label, first, second
            in session.execute(union_all(*parts))}


def _sizes(members):
    """Members by size class (micro ≤10, small ≤50, medium ≤250)."""
    employees = members.c.employees
    size = case((employees.is_(None), None), (employees <= 10, "micro"),
                (employees <= 50, "small"), (employees <= 250, "medium"), else_="large")
    return select(literal("size", String), size, func.count(), literal(0)).group_by(size)


def _exports(ids, as_of):
    """Exporters (an exporter exported in the year of the day or the year before) and the
    markets they served."""
    return select(literal("exports", String), null(),
                  func.count(func.distinct(ExportRecord.organisation_id)),
                  func.count(func.distinct(ExportRecord.market))).where(
        ExportRecord.organisation_id.in_(ids),
        ExportRecord.year.in_((as_of.year - 1, as_of.year)))


def _standards(ids, keys, as_of):
    """Per standard, members holding an unexpired verified or self-declared certificate, and
    those among them holding a verified one (verified by the end of the day)."""
    verified = and_(Certification.status == "verified",
                    or_(Certification.verified_at.is_(None),
                        Certification.verified_at <= end_of(as_of)))
    holder = Certification.organisation_id
    return (select(literal("standard", String), Standard.key, func.count(func.distinct(holder)),
                   func.count(func.distinct(case((verified, holder)))))
            .join(Standard, Standard.id == Certification.standard_id)
            .where(holder.in_(ids), Standard.key.in_(keys),
                   Certification.status.in_(("verified", "self_declared")),
                   or_(Certification.issued_on.is_(None), Certification.issued_on <= as_of),
                   or_(Certification.expires_on.is_(None), Certification.expires_on >= as_of))
            .group_by(Standard.key))


def _standard_shares(counted, keys, n) -> dict[str, float]:
    """Shares of members with a verified certificate of each standard, and of members whose
    certificates of it are all self-declared."""
    out = {}
    for key in keys:
        holders, verified = counted.get(("standard", key), (0, 0))
        out[f"standard.{key}.verified"] = verified / n if n else 0.0
        out[f"standard.{key}.self_declared"] = (holders - verified) / n if n else 0.0
    return out


def _standards_then(session, ids, keys, as_of, n) -> dict[str, float]:
    """The same shares on a past day, from each certificate's status history
    (``programs.clusters.standards_held_on``)."""
    if not keys:
        return {}
    moment = end_of(as_of)
    found = (select(Certification.id).join(Standard, Standard.id == Certification.standard_id)
             .where(Certification.organisation_id.in_(ids), Standard.key.in_(keys),
                    Certification.created_at <= moment,
                    or_(Certification.issued_on.is_(None), Certification.issued_on <= as_of),
                    or_(Certification.expires_on.is_(None), Certification.expires_on >= as_of)))
    changes: dict[int, list] = defaultdict(list)
    for cert_id, status, at in session.execute(
            select(CertificationStatusChange.certification_id, CertificationStatusChange.status,
                   CertificationStatusChange.changed_at)
            .where(CertificationStatusChange.certification_id.in_(found))):
        changes[cert_id].append((_utc(at), status))
    records = [CertificateRecord(holder, key, status, _utc(created), _utc(verified), issued,
                                 expires, tuple(changes.get(cert_id, ())))
               for cert_id, holder, key, status, created, verified, issued, expires
               in session.execute(
                   select(Certification.id, Certification.organisation_id, Standard.key,
                          Certification.status, Certification.created_at,
                          Certification.verified_at, Certification.issued_on,
                          Certification.expires_on)
                   .join(Standard, Standard.id == Certification.standard_id)
                   .where(Certification.id.in_(found)))]
    counts = standards_held_on(records, as_of, moment)
    return {f"standard.{key}.{status}": counts.get((key, flag), 0) / n if n else 0.0
            for key in keys for status, flag in (("verified", True), ("self_declared", False))}


def _open_then(session, query, moment) -> list[tuple[int, int]]:
    """``(requirement, buyer)`` of the rows of ``query`` that were open at ``moment``, from
    the status changes the audit trail keeps (``programs.clusters.open_on``)."""
    rows = session.execute(query).all()
    ids = {row[0] for row in rows}
    changes: dict[int, list] = defaultdict(list)
    for at, details in session.execute(
            select(AuditEvent.created_at, AuditEvent.details)
            .where(AuditEvent.event == "requirement-status-changed")):
        requirement_id = (details or {}).get("requirement_id")
        if requirement_id in ids:
            changes[requirement_id].append((_utc(at), details.get("new_status")))
    return [(req_id, buyer) for req_id, buyer, published_at in rows
            if open_on(_utc(published_at), changes.get(req_id, ()), moment)]


def _utc(moment: datetime | None) -> datetime | None:
    """Stored moments are UTC; SQLite hands them back without their zone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _requirements(session, cluster, as_of, counts) -> dict[str, float]:
    published = end_of(as_of)
    open_now = as_of >= date.today()
    query = select(Requirement.id, Requirement.organisation_id).where(
        Requirement.id.in_(cluster_requirement_query(cluster)),
        Requirement.published_at <= published)
    if open_now:
        query = query.where(Requirement.status == "open")
        rows = session.execute(query).all()
    else:
        rows = _open_then(session, query.add_columns(Requirement.published_at).where(
            Requirement.status.in_(("open", "closed", "awarded"))), published)
    out = {"lead_firms": float(len({buyer for _r, buyer in rows})),
           "open_requirements": float(len(rows))}
    if open_now:
        if counts is None:
            counts = requirement_counts(session, cluster)
        out["qualified"] = float(sum(c.qualified for c in counts))
        out["near_miss"] = float(sum(c.near_miss for c in counts))
    return out


def _enrolments(session, cluster, ids, as_of) -> dict[str, float]:
    """Enrolments that were active on the day (accepted by then, not left by then) in the
    operator's programmes, by the stage they were at."""
    rows = session.execute(
        select(Enrolment.id, Enrolment.stage_key, Enrolment.stage_entered_on, Programme.stages)
        .join(Programme, Programme.id == Enrolment.programme_id)
        .where(Programme.operator_id == cluster.operator_id, Enrolment.supplier_id.in_(ids),
               Enrolment.status.in_(("active", "left")), Enrolment.enrolled_on <= as_of,
               or_(Enrolment.left_on.is_(None), Enrolment.left_on > as_of))).all()
    stages: Counter = Counter()
    past = [eid for eid, _k, entered, _s in rows if entered > as_of]
    moved = _stage_on(session, past, as_of) if past else {}
    for eid, key, entered, ladder in rows:
        if entered > as_of:
            key = moved.get(eid) or (ladder[0][0] if ladder else "registered")
        stages[key] += 1
    out = {"enrolled": float(len(rows))}
    out.update({f"stage.{key}": float(count) for key, count in stages.items()})
    return out


def _stage_on(session, enrolment_ids, as_of) -> dict[int, str]:
    """The stage each enrolment was at on ``as_of``, from its stage moves."""
    found: dict[int, tuple[str, str]] = {}
    events = session.execute(select(EnrolmentEvent.enrolment_id, EnrolmentEvent.details).where(
        EnrolmentEvent.enrolment_id.in_(enrolment_ids), EnrolmentEvent.kind == "stage_moved")
        .order_by(EnrolmentEvent.id))
    for eid, details in events:
        on = details.get("on")
        if on and on <= as_of.isoformat() and (eid not in found or on >= found[eid][0]):
            found[eid] = (on, details.get("to"))
    return {eid: to for eid, (_on, to) in found.items()}


def requirement_counts(session: Session, cluster: Cluster,
                       limit: int | None = None) -> list[RequirementCounts]:
    """Qualified and near-miss member SMEs for each open requirement of the cluster, most
    near misses first. The ranked pairs are counted by the database, a requirement and a
    status at a time in the order of ``ix_match_result_counts``, which holds the supplier too:
    the count reads that index alone. (The requirements are named by their ids: PostgreSQL
    then knows how many pairs it counts and groups them without sorting.)"""
    reqs = session.execute(
        select(Requirement.id, Requirement.title, Organisation.legal_name)
        .join(Organisation, Organisation.id == Requirement.organisation_id)
        .where(Requirement.id.in_(cluster_requirement_query(cluster)),
               Requirement.status == "open")).all()
    counts: dict[int, dict[bool, int]] = defaultdict(dict)
    for req_id, qualified, n in session.execute(
            select(MatchResult.requirement_id, MatchResult.qualified, func.count())
            .where(MatchResult.requirement_id.in_([r for r, _t, _b in reqs]),
                   is_member(MatchResult.supplier_id, cluster))
            .group_by(MatchResult.requirement_id, MatchResult.qualified)):
        counts[req_id][qualified] = n
    rows = [RequirementCounts(r, title, buyer, counts[r].get(True, 0), counts[r].get(False, 0))
            for r, title, buyer in reqs]
    rows.sort(key=lambda row: (-row.near_miss, -row.qualified, row.requirement_id))
    return rows[:limit] if limit else rows
