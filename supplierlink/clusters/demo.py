"""The demo's clusters: the north of Chile and the south of Peru, with sponsors, awards over
three years, export histories, mentoring pairs and twelve months of figures, built through the
services (loaded at the end of the demo)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.auth.models import Membership, User
from supplierlink.clusters.awards import record_award_value, record_past_award
from supplierlink.clusters.history import backfill
from supplierlink.clusters.mentors import (
    answer_pair,
    mentor_suggestions,
    propose_pair,
    standard_gaps,
)
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.services import (
    ClusterData,
    answer_invitation,
    create_cluster,
    invite_sponsor,
    member_sme_ids,
)
from supplierlink.matches.models import MatchResult
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.workflow import act_on_candidate
from supplierlink.suppliers.services import add_export

SEED = 14
SECTORS = ["20", "23", "24", "26", "41", "46", "72", "73", "76", "77", "78", "81", "86", "90",
           "92"]
CLUSTERS = [
    ("Minería del Norte de Chile", "CL", ["CL-AN", "CL-AT", "CL-TA"],
     "Proveedores de la gran minería del cobre en Antofagasta, Atacama y Tarapacá."),
    ("Minería del Sur del Perú", "PE", ["PE-ARE", "PE-MOQ", "PE-TAC"],
     "Proveedores de las operaciones de cobre de Arequipa, Moquegua y Tacna."),
]
MARKETS = ["US", "CA", "AU", "AR", "BO", "EC", "BR", "MX"]
MENTORING_PAIRS = 6


def _first_user(session: Session, org: Organisation) -> User | None:
    return session.scalar(select(User).join(Membership).where(
        Membership.organisation_id == org.id).order_by(User.id))


def load_clusters(session: Session, operator: Organisation, lead_firms: list[Organisation],
                  today: date) -> list[Cluster]:
    rng = random.Random(SEED)
    manager = _first_user(session, operator)
    clusters = [create_cluster(session, operator, manager, ClusterData(
        name=name, country=country, regions=regions, sectors=SECTORS,
        key_standards=["iso-9001", "iso-14001", "iso-45001"], description=text))
        for name, country, regions, text in CLUSTERS]
    by_country = {c.country: c for c in clusters}
    for firm in lead_firms:
        invitation = invite_sponsor(session, by_country[firm.country], firm, manager)
        if firm.region in ("CL-AN", "PE-ARE"):  # the others have not answered yet
            answer_invitation(session, invitation, firm, _first_user(session, firm), True)
    _awards(session, rng, lead_firms, today)
    _exports(session, rng, clusters, today)
    for cluster in clusters:
        _mentoring(session, cluster, manager, today)
        backfill(session, cluster, 12, today)
    return clusters


def _awards(session, rng, lead_firms, today) -> None:
    """The closed requirements awarded on the platform, and three years of each lead firm's
    earlier awards: mostly to suppliers of its own region, some elsewhere in the country and
    a few abroad, local buying growing year after year."""
    for req in session.scalars(select(Requirement).where(Requirement.status == "closed")
                               .order_by(Requirement.id)):
        match = session.scalar(select(MatchResult).where(
            MatchResult.requirement_id == req.id, MatchResult.qualified.is_(True))
            .order_by(MatchResult.rank))
        if match is None:
            continue
        buyer = session.get(Organisation, req.organisation_id)
        application = act_on_candidate(session, req, session.get(Organisation, match.supplier_id),
                                       "award", _first_user(session, buyer), today=today)
        record_award_value(session, application.id, round(rng.uniform(8e4, 9e5), -3),
                           today - timedelta(days=10))
    smes = list(session.scalars(select(Organisation).where(Organisation.kind == "sme")
                                .order_by(Organisation.id)))
    for firm in lead_firms:
        own = [s for s in smes if s.region == firm.region]
        country = [s for s in smes if s.country == firm.country and s.region != firm.region]
        abroad = [s for s in smes if s.country != firm.country]
        for years_ago in (2, 1, 0):
            local_share = 0.35 + 0.12 * (2 - years_ago)
            for _ in range(14):
                roll = rng.random()
                pool = own if roll < local_share else country if roll < 0.85 else abroad
                day = today - timedelta(days=365 * years_ago + rng.randint(15, 340))
                record_past_award(session, firm.id, rng.choice(pool).id, day,
                                  None if rng.random() < 0.1 else round(rng.uniform(2e4, 6e5), -3))


def _exports(session, rng, clusters, today) -> None:
    """Export histories: some markets kept for years, some left after one."""
    for cluster in clusters:
        members = member_sme_ids(session, cluster)
        for org_id in rng.sample(members, min(18, len(members))):
            org = session.get(Organisation, org_id)
            product = None
            for market in rng.sample(MARKETS, rng.randint(1, 3)):
                entry = today.year - rng.randint(1, 4)
                last = entry + (0 if rng.random() < 0.4 else rng.randint(1, 3))
                for year in range(entry, min(last, today.year) + 1):
                    add_export(session, org, market, year, product,
                               round(rng.uniform(1.5e4, 4e5), -3))


def _mentoring(session, cluster, manager, today) -> None:
    """Mentoring pairs the manager recorded from the suggestions, agreed by both SMEs."""
    made = 0
    for mentee_id in sorted({m.supplier_id for m in session.scalars(select(MatchResult).where(
            MatchResult.qualified.is_(False),
            MatchResult.supplier_id.in_(member_sme_ids(session, cluster))))}):
        mentee = session.get(Organisation, mentee_id)
        for gap in standard_gaps(session, cluster, mentee)[:1]:
            found = mentor_suggestions(session, cluster, mentee, gap, today, limit=1)
            if not found:
                continue
            mentor = session.get(Organisation, found[0].mentor_id)
            pair = propose_pair(session, cluster, mentor, mentee, gap, manager,
                                "Visitas mensuales y revisión del sistema de gestión.")
            started = today - timedelta(days=30 * (made + 1))
            answer_pair(session, pair, mentor, None, True, today=started)
            answer_pair(session, pair, mentee, None, True, today=started)
            made += 1
        if made >= MENTORING_PAIRS:
            return
