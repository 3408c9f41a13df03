"""The cluster's supplier network read from the database: its organisations and their dated
ties (awards, applications, shortlists, programmes, cohorts, sponsorships, mentoring), handed
to the pure ``programs.network`` functions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from programs.network import (
    Edge,
    NetworkChange,
    NetworkSummary,
    Node,
    build_graph,
    change_between,
    layout,
    summarise,
)
from supplierlink.clusters import cache
from supplierlink.clusters.models import AwardRecord, Cluster, ClusterSponsor, MentoringPair
from supplierlink.clusters.services import lead_firm_ids, member_sme_ids
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Enrolment, Programme, ProgrammeSponsor
from supplierlink.requirements.models import Application, Requirement


@dataclass
class ClusterNetwork:
    nodes: list[Node]
    edges: list[Edge]

    @property
    def by_id(self) -> dict[int, Node]:
        return {n.id: n for n in self.nodes}


def cluster_network(session: Session, cluster: Cluster) -> ClusterNetwork:
    smes = set(member_sme_ids(session, cluster))
    firms = set(lead_firm_ids(session, cluster)) | set(cluster.accepted_sponsor_ids)
    edges: list[Edge] = []
    operators = {cluster.operator_id}
    for buyer, supplier, on in session.execute(
            select(AwardRecord.buyer_id, AwardRecord.supplier_id, AwardRecord.awarded_on)
            .where(AwardRecord.supplier_id.in_(smes))):
        firms.add(buyer)
        edges.append(Edge(buyer, supplier, "award", on))
    for supplier, buyer, status, created, updated in session.execute(
            select(Application.supplier_id, Requirement.organisation_id, Application.status,
                   Application.created_at, Application.updated_at)
            .join(Requirement, Requirement.id == Application.requirement_id)
            .where(Application.supplier_id.in_(smes))):
        firms.add(buyer)
        edges.append(Edge(supplier, buyer, "application", created.date()))
        if status in ("shortlisted", "invited"):
            edges.append(Edge(supplier, buyer, "shortlist", updated.date()))
    cohorts: dict[int, list[tuple[int, date]]] = defaultdict(list)
    programmes: dict[int, tuple[int, date]] = {}  # id -> (operator, start)
    for supplier, enrolled_on, cohort_id, programme_id, operator, start in session.execute(
            select(Enrolment.supplier_id, Enrolment.enrolled_on, Enrolment.cohort_id,
                   Programme.id, Programme.operator_id, Programme.start_date)
            .join(Programme, Programme.id == Enrolment.programme_id)
            .where(Enrolment.supplier_id.in_(smes))):
        operators.add(operator)
        programmes[programme_id] = (operator, start)
        edges.append(Edge(supplier, operator, "programme", enrolled_on))
        if cohort_id is not None:
            cohorts[cohort_id].append((supplier, enrolled_on))
    for members in cohorts.values():
        for (a, on_a), (b, on_b) in combinations(sorted(members), 2):
            edges.append(Edge(a, b, "cohort", max(on_a, on_b)))
    for programme_id, sponsor in session.execute(
            select(ProgrammeSponsor.programme_id, ProgrammeSponsor.organisation_id)
            .where(ProgrammeSponsor.programme_id.in_(list(programmes)),
                   ProgrammeSponsor.status == "accepted")):
        firms.add(sponsor)
        operator, start = programmes[programme_id]
        edges.append(Edge(sponsor, operator, "sponsorship", start))
    for sponsor, answered_at, status, ended_at in session.execute(
            select(ClusterSponsor.organisation_id, ClusterSponsor.answered_at,
                   ClusterSponsor.status, ClusterSponsor.ended_at).where(
                ClusterSponsor.cluster_id == cluster.id,
                ClusterSponsor.status.in_(("accepted", "ended")))):
        ended = ended_at.date() if status == "ended" and ended_at else None
        if ended is not None:
            firms.add(sponsor)  # an earlier sponsor stays in the network of its dates
        edges.append(Edge(sponsor, cluster.operator_id, "sponsorship", answered_at.date(),
                          ended))
    for mentor, mentee, on, ended in session.execute(
            select(MentoringPair.mentor_id, MentoringPair.mentee_id, MentoringPair.started_on,
                   MentoringPair.ended_on)
            .where(MentoringPair.status.in_(("active", "ended")),
                   MentoringPair.started_on.is_not(None), MentoringPair.mentor_id.in_(smes),
                   MentoringPair.mentee_id.in_(smes))):
        edges.append(Edge(mentor, mentee, "mentoring", on, ended))
    ids = smes | firms | operators
    nodes = [Node(org_id, name, kind, region) for org_id, name, kind, region in session.execute(
        select(Organisation.id, Organisation.legal_name, Organisation.kind, Organisation.region)
        .where(Organisation.id.in_(ids)).order_by(Organisation.id))]
    return ClusterNetwork(nodes, edges)


@dataclass
class NetworkView:
    network: ClusterNetwork
    summary: NetworkSummary
    positions: dict[int, tuple[float, float]]
    graph: object
    drawn: object = None  # the static picture's markup, once drawn (``picture.svg_markup``)
    data: bytes | None = None  # the interactive picture's elements as JSON, once written


def invalidate_network_cache() -> None:
    cache.invalidate()


def network_view(session: Session, cluster: Cluster, until: date | None = None,
                 with_layout: bool = True) -> NetworkView:
    """The cluster's network of ``until`` (None: today's, without the ties that ended), its
    summary and, with ``with_layout``, the positions of the picture; kept between requests
    (``clusters.cache``)."""
    key = ("view", cache.fingerprint(session, cluster), until, date.today())

    def compute() -> NetworkView:
        network = cluster_network(session, cluster)
        graph = build_graph(network.nodes, network.edges, until=until)
        return NetworkView(network, summarise(graph), {}, graph)

    view = cache.cached(key, compute)
    if with_layout and not view.positions and view.graph.number_of_nodes():
        view.positions = layout(view.graph, groups=view.summary.communities)
    return view


def network_change(session: Session, cluster: Cluster, view: NetworkView, start: date,
                   end: date) -> NetworkChange:
    """What changed between two dates (``programs.network.change_between``), cached with the
    view it was worked out from."""
    key = ("change", cache.fingerprint(session, cluster), start, end, date.today())
    return cache.cached(key, lambda: change_between(view.network.nodes, view.network.edges, start,
                                               end, current=(view.graph, view.summary)))


def community_labels(view: NetworkView) -> dict[int, str]:
    """A community named after its commonest region and its best-connected organisation."""
    names = {}
    by_id = view.network.by_id
    for index, group in enumerate(view.summary.communities):
        if len(group) < 2:
            continue
        hub = max(group, key=lambda n: (view.graph.degree(n), -n))
        names[index] = by_id[hub].name
    return names


def organisation_names(session: Session, ids) -> dict[int, str]:
    ids = list(ids)
    if not ids:
        return {}
    return dict(session.execute(select(Organisation.id, Organisation.legal_name)
                                .where(Organisation.id.in_(ids))).all())
