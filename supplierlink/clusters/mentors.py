"""Peer mentors: for an SME with a gap (a standard it lacks), the SMEs of the cluster that
closed the same gap recently, ranked by ``programs.clusters.suggest_mentors``; and mentoring
pairs, recorded by the manager and started only once both SMEs agreed."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from programs.comparison import size_class_for
from programs.peers import RECENT_DAYS, MentorSuggestion, Peer, suggest_mentors
from supplierlink import consent, signals
from supplierlink.auth.models import User
from supplierlink.catalogue.models import Category, Standard
from supplierlink.clusters.demand import near_misses, unlock_key
from supplierlink.clusters.models import Cluster, MentoringPair
from supplierlink.clusters.network import network_view
from supplierlink.clusters.services import member_sme_query
from supplierlink.directory.publication import publicly
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.history import log_event
from supplierlink.programmes.models import Enrolment, Programme
from supplierlink.suppliers.models import Capability, Certification


def _peers(session: Session, cluster: Cluster) -> dict[int, Peer]:
    view = network_view(session, cluster, with_layout=False)
    bridges = {b.node for b in view.summary.bridges}
    sectors: dict[int, set[str]] = defaultdict(set)
    for org, code in session.execute(
            select(Capability.organisation_id, Category.code)
            .join(Category, Category.id == Capability.category_id)
            .where(Capability.organisation_id.in_(member_sme_query(cluster)))):
        sectors[org].add(code[:4])
    records: dict[int, float] = {}
    for enrolment in session.scalars(select(Enrolment).where(
            Enrolment.supplier_id.in_(member_sme_query(cluster)))):
        ladder = enrolment.programme.ladder
        share = ladder.index(enrolment.stage_key) / max(len(ladder.stages) - 1, 1)
        records[enrolment.supplier_id] = max(records.get(enrolment.supplier_id, 0.0), share)
    return {org.id: Peer(org.id, org.region,
                         size_class_for(org.employees) if org.employees is not None else None,
                         frozenset(sectors.get(org.id, ())),
                         # an organisation without ties belongs to no community yet
                         view.summary.community_of.get(org.id)
                         if org.id in view.graph and view.graph.degree(org.id) else None,
                         org.id in bridges,
                         records.get(org.id))
            for org in session.scalars(select(Organisation).where(
                Organisation.id.in_(member_sme_query(cluster))))}


def closers(session: Session, cluster: Cluster, standard_key: str,
            today: date) -> dict[int, date]:
    """Member SMEs holding a verified, unexpired certificate of the standard obtained in the
    last three years: id -> the day they obtained it."""
    since = today - timedelta(days=RECENT_DAYS)
    found = {}
    for org, issued, verified_at in session.execute(
            select(Certification.organisation_id, Certification.issued_on,
                   Certification.verified_at)
            .join(Standard, Standard.id == Certification.standard_id)
            .where(Standard.key == standard_key, Certification.status == "verified",
                   Certification.organisation_id.in_(member_sme_query(cluster)),
                   or_(Certification.expires_on.is_(None), Certification.expires_on >= today))):
        day = issued or (verified_at.date() if verified_at else None)
        if day and since <= day <= today:
            found[org] = max(found.get(org, day), day)
    return found


def mentor_suggestions(session: Session, cluster: Cluster, mentee: Organisation,
                       standard_key: str, today: date, limit: int = 5,
                       published_only: bool = False) -> list[MentorSuggestion]:
    peers = _peers(session, cluster)
    if mentee.id not in peers:
        return []
    found = closers(session, cluster, standard_key, today)
    if mentee.id in found:
        return []  # it has no such gap
    if published_only:
        # shown to other SMEs: only those that publish themselves and their certificates
        shown = set(session.scalars(select(Organisation.id).where(
            Organisation.id.in_(list(found)), publicly("certificates"))))
        found = {k: v for k, v in found.items() if k in shown}
    return suggest_mentors(peers[mentee.id], found, peers, today, limit)


def propose_pair(session: Session, cluster: Cluster, mentor: Organisation | None,
                 mentee: Organisation | None, standard_key: str, user: User | None,
                 note: str = "") -> MentoringPair:
    """The manager records a pair; it starts once both SMEs agree."""
    consent.require_cluster_manager(user, cluster)
    members = set(session.scalars(member_sme_query(cluster)))
    if mentor is None or mentee is None or mentor.id not in members or mentee.id not in members:
        raise ServiceError({"": _l("Both SMEs must belong to the cluster.")})
    if mentor.id == mentee.id:
        raise ServiceError({"mentor_id": _l("An SME cannot mentor itself.")})
    if session.scalar(select(Standard.id).where(Standard.key == standard_key)) is None:
        raise ServiceError({"gap": _l("Choose the standard the pair works on.")})
    existing = session.scalar(select(MentoringPair).where(
        MentoringPair.mentor_id == mentor.id, MentoringPair.mentee_id == mentee.id,
        MentoringPair.gap_key == standard_key))
    if existing is not None and existing.status != "declined":
        raise ServiceError({"": _l("This pair was recorded already.")})
    if existing is None:
        existing = MentoringPair(cluster_id=cluster.id, mentor_id=mentor.id,
                                 mentee_id=mentee.id, gap_key=standard_key)
        session.add(existing)
    existing.status, existing.note = "proposed", (note or "").strip()
    existing.mentor_agreed_at = existing.mentee_agreed_at = None
    existing.created_by_id = user.id if user else None
    session.flush()
    _announce(session, existing, user)
    return existing


def answer_pair(session: Session, pair: MentoringPair, org: Organisation, user: User | None,
                accept: bool, today: date | None = None) -> MentoringPair:
    """One of the two SMEs agrees or declines; with both agreed the pair starts, becomes a tie
    of the network and an activity in their programmes' history."""
    consent.require_party(user, org, (pair.mentor_id, pair.mentee_id),
                          _l("Only the two SMEs of the pair answer."))
    if pair.status != "proposed":
        raise ServiceError({"": _l("This pair was answered already.")})
    if not accept:
        pair.status = "declined"
    else:
        now = datetime.now(UTC)
        if org.id == pair.mentor_id:
            pair.mentor_agreed_at = now
        else:
            pair.mentee_agreed_at = now
        if pair.mentor_agreed_at and pair.mentee_agreed_at:
            pair.status, pair.started_on = "active", today or date.today()
            _log_activity(session, pair, user)
    session.flush()
    _announce(session, pair, user)
    return pair


def end_pair(session: Session, pair: MentoringPair, org: Organisation, user: User | None,
             today: date | None = None) -> MentoringPair:
    """The cluster's managing operator or either SME ends an active pair. The row is kept with
    its dates: the tie is no longer current, but the network as of a day between its start
    and its end still holds it; the programmes' history notes the end."""
    consent.require_party(user, org, (pair.cluster.operator_id, pair.mentor_id, pair.mentee_id),
                          _l("Only the cluster's managers or the pair's two SMEs end a pair."))
    if pair.status != "active":
        raise ServiceError({"": _l("Only an active pair can be ended.")})
    today = today or date.today()
    pair.status, pair.ended_on = "ended", max(today, pair.started_on or today)
    pair.ended_at, pair.ended_by_id = datetime.now(UTC), user.id if user else None
    _log_activity(session, pair, user, "mentoring_ended", pair.ended_on)
    session.flush()
    _announce(session, pair, user)
    return pair


def _log_activity(session: Session, pair: MentoringPair, user: User | None,
                  kind: str = "mentoring_started", on: date | None = None) -> None:
    enrolments = session.scalars(select(Enrolment).join(Programme).where(
        Programme.operator_id == pair.cluster.operator_id,
        Enrolment.supplier_id.in_((pair.mentor_id, pair.mentee_id))))
    for enrolment in enrolments:
        role = "mentor" if enrolment.supplier_id == pair.mentor_id else "mentee"
        log_event(session, enrolment, kind, user, role=role,
                  mentor=pair.mentor.display_name, mentee=pair.mentee.display_name,
                  standard=pair.gap_key, on=on or pair.started_on)


def _announce(session, pair, user) -> None:
    signals.mentoring_pair_changed.send(session, pair_id=pair.id, cluster_id=pair.cluster_id,
                                        mentor_id=pair.mentor_id, mentee_id=pair.mentee_id,
                                        status=pair.status, user_id=user.id if user else None)


def pairs_of(session: Session, org: Organisation) -> list[MentoringPair]:
    return list(session.scalars(select(MentoringPair).where(or_(
        MentoringPair.mentor_id == org.id, MentoringPair.mentee_id == org.id))
        .order_by(MentoringPair.id.desc())))


def cluster_pairs(session: Session, cluster: Cluster) -> list[MentoringPair]:
    return list(session.scalars(select(MentoringPair).where(
        MentoringPair.cluster_id == cluster.id).order_by(MentoringPair.id.desc())))


def standard_gaps(session: Session, cluster: Cluster, org: Organisation) -> list[str]:
    """The standards the SME lacks for the cluster's open requirements (from its near-miss
    gaps), most frequent first."""
    counts: dict[str, int] = defaultdict(int)
    for row in near_misses(session, cluster):
        if row.supplier_id == org.id:
            for gap in row.gaps:
                key = unlock_key(gap)
                if gap.get("blocking") and key.startswith("standard:"):
                    counts[key.split(":", 1)[1]] += 1
    return sorted(counts, key=lambda k: (-counts[k], k))
