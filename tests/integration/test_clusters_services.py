"""Cluster services on small arranged data: members, figures and their monthly history,
sponsorship consent, awards and local content, demand signals and the drafted programme,
mentoring pairs agreed by both SMEs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from supplierlink.catalogue.models import Standard
from supplierlink.clusters.awards import record_past_award
from supplierlink.clusters.demand import cluster_demand, draft_programme
from supplierlink.clusters.figures import overview_figures, requirement_counts
from supplierlink.clusters.history import backfill, record_snapshot, trends
from supplierlink.clusters.international import cluster_exports, cluster_local_content
from supplierlink.clusters.mentors import answer_pair, mentor_suggestions, propose_pair
from supplierlink.clusters.models import AwardRecord, ClusterSnapshot
from supplierlink.clusters.network import cluster_network
from supplierlink.clusters.services import (
    answer_invitation,
    cluster_role,
    invite_sponsor,
    member_sme_ids,
    visible_clusters,
)
from supplierlink.errors import ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.programmes.models import Enrolment, EnrolmentEvent
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.services import (
    CertificationData,
    add_certification,
    add_export,
    set_certification_status,
)

TODAY = date.today()
GAP = {"kind": "missing_standard", "blocking": True, "remedy": "obtain_certificate",
       "params": {"standard": "iso-14001", "standard_name": "ISO 14001"}}


def certify(session, org, key, verified_by=None, issued=None):
    standard = session.scalar(select(Standard).where(Standard.key == key))
    cert = add_certification(session, org, CertificationData(
        standard=standard, issued_on=issued or TODAY - timedelta(days=100),
        expires_on=TODAY + timedelta(days=900)))
    if verified_by is not None:
        set_certification_status(session, cert, "verified", verified_by)
    return cert


def near_miss(session, requirement, supplier, gaps):
    session.add(MatchResult(requirement_id=requirement.id, supplier_id=supplier.id, score=0.5,
                            qualified=False, rank=1, contributions={}, gaps=gaps,
                            engine_version="test"))
    session.flush()


def open_requirement(session, world, title="Repuestos"):
    req = create_requirement(session, world.buyer, world.buyer_user, RequirementData(
        title=title, category_codes=["20101501"], regions=["CL-AN"]), today=TODAY)
    change_status(session, req, "open")
    return req


def test_members_are_smes_of_the_territory_and_sectors(app, session, make_cluster_world):
    world = make_cluster_world()
    inside = world.sme("CL-AN")
    other_region = world.sme("CL-RM")
    other_sector = world.sme("CL-AN", codes=("46181500",))
    assert member_sme_ids(session, world.cluster) == [inside.id]
    assert other_region.id not in member_sme_ids(session, world.cluster)
    assert other_sector.id not in member_sme_ids(session, world.cluster)


def test_figures_count_sizes_verified_and_self_declared_and_exporters(
        app, session, make_cluster_world, make_user):
    world = make_cluster_world()
    admin = make_user(None, is_admin=True)
    micro, small, medium = world.sme(employees=5), world.sme(employees=30), world.sme(
        employees=120)
    with app.app_context():
        certify(session, micro, "iso-9001", verified_by=admin)
        certify(session, small, "iso-9001")
        add_export(session, medium, "US", TODAY.year, None, 1000.0)
        figures = overview_figures(session, world.cluster, TODAY)
    assert figures["smes"] == 3
    assert (figures["size.micro"], figures["size.small"], figures["size.medium"]) == (1, 1, 1)
    assert figures["standard.iso-9001.verified"] == pytest.approx(1 / 3)
    assert figures["standard.iso-9001.self_declared"] == pytest.approx(1 / 3)
    assert figures["exporters"] == pytest.approx(1 / 3)
    assert figures["export_markets"] == 1


def test_a_member_counts_once_per_standard_and_outsiders_not_at_all(
        app, session, make_cluster_world, make_user):
    """A member with a verified and a self-declared certificate of a standard counts once,
    as verified; one with two self-declared ones once, as self-declared; a certificate or an
    export of an SME outside the cluster counts for nothing."""
    world = make_cluster_world()
    admin = make_user(None, is_admin=True)
    both, two_declared, outside = world.sme(), world.sme(), world.sme("CL-RM")
    with app.app_context():
        certify(session, both, "iso-9001", verified_by=admin)
        certify(session, both, "iso-9001")
        certify(session, two_declared, "iso-9001")
        certify(session, two_declared, "iso-9001", issued=TODAY - timedelta(days=10))
        certify(session, outside, "iso-9001", verified_by=admin)
        add_export(session, outside, "BR", TODAY.year, None, 1000.0)
        add_export(session, both, "US", TODAY.year - 1, None, 1000.0)
        add_export(session, both, "AR", TODAY.year - 3, None, 1000.0)  # too long ago
        figures = overview_figures(session, world.cluster, TODAY)
    assert figures["smes"] == 2
    assert figures["standard.iso-9001.verified"] == pytest.approx(1 / 2)
    assert figures["standard.iso-9001.self_declared"] == pytest.approx(1 / 2)
    assert (figures["exporters"], figures["export_markets"]) == (pytest.approx(1 / 2), 1)


def test_requirement_counts_count_the_members_qualified_and_near_miss(
        app, session, make_cluster_world):
    world = make_cluster_world()
    a, b, c, outside = world.sme(), world.sme("CL-AT"), world.sme(), world.sme("CL-RM")
    with app.app_context():
        first, second = open_requirement(session, world), open_requirement(session, world, "B")
        draft = create_requirement(session, world.buyer, world.buyer_user, RequirementData(
            title="Borrador", category_codes=["20101501"], regions=["CL-AN"]), today=TODAY)
        for req, org, qualified in ((first, a, True), (first, b, False), (first, c, False),
                                    (first, outside, True), (second, a, True),
                                    (second, outside, False), (draft, b, False)):
            session.add(MatchResult(requirement_id=req.id, supplier_id=org.id, score=0.5,
                                    qualified=qualified, rank=1, contributions={}, gaps=[],
                                    engine_version="test"))
        session.flush()
        counts = requirement_counts(session, world.cluster)
        figures = overview_figures(session, world.cluster, TODAY)
    assert [(row.requirement_id, row.qualified, row.near_miss) for row in counts] == [
        (first.id, 1, 2), (second.id, 1, 0)]
    assert counts[0].title == "Repuestos" and counts[0].buyer == world.buyer.legal_name
    assert (figures["qualified"], figures["near_miss"]) == (2, 2)
    assert (figures["open_requirements"], figures["lead_firms"]) == (2, 1)


def test_snapshots_store_one_row_per_metric_and_month_and_read_back_as_trends(
        app, session, make_cluster_world):
    world = make_cluster_world()
    world.sme()
    with app.app_context():
        record_snapshot(session, world.cluster, TODAY)
        record_snapshot(session, world.cluster, TODAY)  # the month's figures replaced
        assert backfill(session, world.cluster, 3, TODAY) == 3
    rows = session.scalars(select(ClusterSnapshot).where(
        ClusterSnapshot.cluster_id == world.cluster.id, ClusterSnapshot.metric == "smes"))
    assert len(list(rows)) == 3
    history = trends(session, world.cluster)
    # the SME registered today: not a member of the two months before
    assert [value for _m, value in history["smes"]] == [0.0, 0.0, 1.0]
    assert history["smes"][-1][0] == TODAY.replace(day=1)


def test_events_refresh_this_months_figures_after_the_commit(app, session, make_cluster_world,
                                                             make_user):
    world = make_cluster_world()
    admin = make_user(None, is_admin=True)
    with app.app_context():
        certify(session, world.sme(), "iso-9001", verified_by=admin)  # announces the change
    session.commit()
    month = session.scalars(select(ClusterSnapshot.value).where(
        ClusterSnapshot.cluster_id == world.cluster.id, ClusterSnapshot.metric == "smes",
        ClusterSnapshot.month == TODAY.replace(day=1))).all()
    assert month == [1.0]


def test_a_sponsor_sees_the_cluster_only_after_accepting(app, session, make_cluster_world):
    world = make_cluster_world()
    with app.app_context():
        invitation = invite_sponsor(session, world.cluster, world.buyer, world.manager)
        assert cluster_role(world.cluster, world.buyer) is None
        assert visible_clusters(session, world.buyer) == []
        with pytest.raises(ServiceError):
            answer_invitation(session, invitation, world.operator, world.manager, True)
        answer_invitation(session, invitation, world.buyer, world.buyer_user, True)
        assert cluster_role(world.cluster, world.buyer) == "sponsor"
        assert visible_clusters(session, world.buyer) == [world.cluster]
        with pytest.raises(ServiceError):
            invite_sponsor(session, world.cluster, world.buyer, world.manager)


def test_awards_are_recorded_and_give_local_content(app, session, make_cluster_world):
    from supplierlink.matches.services import rank_requirement
    from supplierlink.requirements.workflow import act_on_candidate

    world = make_cluster_world()
    local, national = world.sme("CL-AN"), world.sme("CL-AT")
    with app.app_context():
        req = open_requirement(session, world)
        rank_requirement(session, req)  # a candidate is a ranked supplier
        application = act_on_candidate(session, req, local, "award", world.buyer_user)
        record = session.scalar(select(AwardRecord).where(
            AwardRecord.application_id == application.id))
        assert (record.buyer_id, record.supplier_id, record.awarded_on) == (
            world.buyer.id, local.id, TODAY)
        record.value_usd = 300.0
        record_past_award(session, world.buyer.id, national.id, TODAY, 100.0)
        rows = cluster_local_content(session, world.cluster)
    assert len(rows) == 1
    assert rows[0].spend_share("region") == pytest.approx(0.75)
    assert rows[0].award_share("country") == pytest.approx(0.5)


def test_demand_signals_and_the_drafted_programme(app, session, make_cluster_world):
    world = make_cluster_world()
    a, b, c = world.sme(), world.sme(), world.sme()
    with app.app_context():
        first, second = open_requirement(session, world), open_requirement(session, world, "B")
        near_miss(session, first, a, [GAP])
        near_miss(session, second, b, [GAP])
        near_miss(session, first, c, [GAP, {**GAP, "params": {"standard": "iso-9001"}}])
        signals = cluster_demand(session, world.cluster)
        assert signals[0].key == "standard:iso-14001"
        assert signals[0].suppliers == {a.id, b.id}
        assert signals[0].requirements == {first.id, second.id}
        programme = draft_programme(session, world.cluster, "standard:iso-14001",
                                    world.manager, "ISO 14001 Norte", today=TODAY)
    enrolled = set(session.scalars(select(Enrolment.supplier_id).where(
        Enrolment.programme_id == programme.id)))
    assert enrolled == {a.id, b.id}
    assert programme.target_count == 2 and programme.target_kind == "standard"


def test_mentors_closed_the_gap_and_a_pair_starts_when_both_agree(
        app, session, make_cluster_world, make_user):
    world = make_cluster_world()
    admin = make_user(None, is_admin=True)
    mentee, mentor, unpublished = world.sme(), world.sme("CL-AT"), world.sme(published=False)
    with app.app_context():
        certify(session, mentor, "iso-14001", verified_by=admin)
        certify(session, unpublished, "iso-14001", verified_by=admin)
        found = mentor_suggestions(session, world.cluster, mentee, "iso-14001", TODAY)
        assert {s.mentor_id for s in found} == {mentor.id, unpublished.id}
        assert "other_region" in dict(next(s for s in found
                                           if s.mentor_id == mentor.id).reasons)
        shown = mentor_suggestions(session, world.cluster, mentee, "iso-14001", TODAY,
                                   published_only=True)
        assert [s.mentor_id for s in shown] == [mentor.id]
        pair = propose_pair(session, world.cluster, mentor, mentee, "iso-14001", world.manager)
        with pytest.raises(ServiceError):
            answer_pair(session, pair, world.operator, world.manager, True)
        answer_pair(session, pair, mentor, None, True)
        assert pair.status == "proposed"
        assert not [e for e in cluster_network(session, world.cluster).edges
                    if e.kind == "mentoring"]
        answer_pair(session, pair, mentee, None, True)
        assert pair.status == "active" and pair.started_on == TODAY
        edges = [e for e in cluster_network(session, world.cluster).edges
                 if e.kind == "mentoring"]
    assert [(e.source, e.target) for e in edges] == [(mentor.id, mentee.id)]


def test_a_started_pair_is_an_activity_of_the_mentees_programme(app, session,
                                                                make_cluster_world):
    from supplierlink.programmes.services import ProgrammeData, create_programme, enrol_supplier

    world = make_cluster_world()
    mentee, mentor = world.sme(), world.sme()
    with app.app_context():
        programme = create_programme(session, world.operator, world.manager, ProgrammeData(
            name="P", target_count=5, start_date=TODAY, end_date=TODAY + timedelta(days=300)))
        enrolment = enrol_supplier(session, programme, mentee, world.manager)
        pair = propose_pair(session, world.cluster, mentor, mentee, "iso-9001", world.manager)
        answer_pair(session, pair, mentee, None, True)
        answer_pair(session, pair, mentor, None, True)
    kinds = session.scalars(select(EnrolmentEvent.kind).where(
        EnrolmentEvent.enrolment_id == enrolment.id)).all()
    assert "mentoring_started" in kinds


def test_cluster_exports_aggregate_the_members_history(app, session, make_cluster_world):
    world = make_cluster_world()
    org = world.sme()
    with app.app_context():
        for year in (TODAY.year - 2, TODAY.year - 1, TODAY.year):
            add_export(session, org, "US", year, "7315", 100.0)
        add_export(session, org, "AR", TODAY.year - 2, "7315", 100.0)
        data = cluster_exports(session, world.cluster, TODAY)
    assert (data.exporters, data.markets, data.products) == (1, 2, 1)
    assert data.survival.rate_1 == pytest.approx(0.5)
    assert data.hhi_markets == pytest.approx((300 / 400) ** 2 + (100 / 400) ** 2)


def test_local_content_counts_lead_firms_that_awarded_to_members(app, session,
                                                                  make_cluster_world):
    world = make_cluster_world()  # the lead firm has no requirement in the cluster
    member = world.sme("CL-AN")
    with app.app_context():
        record_past_award(session, world.buyer.id, member.id, TODAY, 50.0)
        rows = cluster_local_content(session, world.cluster)
    assert [(r.buyer_id, r.awards["region"]) for r in rows] == [(world.buyer.id, 1)]


def test_the_snapshot_command_stores_this_month_and_rebuilds_past_months(runner, session,
                                                                        make_cluster_world):
    world = make_cluster_world()
    world.sme()
    session.commit()
    result = runner.invoke(args=["clusters", "snapshot"])
    assert result.exit_code == 0 and "figures stored for 1 clusters" in result.output
    result = runner.invoke(args=["clusters", "snapshot", "--months", "3"])
    assert result.exit_code == 0, result.output
    months = session.scalars(select(ClusterSnapshot.month).where(
        ClusterSnapshot.cluster_id == world.cluster.id, ClusterSnapshot.metric == "smes")).all()
    assert len(months) == 3 and max(months) == TODAY.replace(day=1)
