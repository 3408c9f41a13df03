"""A past month's cluster figures are those of the members of that month, rebuilt from hand-made
records with known answers: registration dates, certificates' entry, verification and status
changes, enrolments' acceptance and leaving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from supplierlink.catalogue.models import Standard
from supplierlink.clusters.demand import draft_programme
from supplierlink.clusters.figures import overview_figures
from supplierlink.clusters.history import backfill, trends
from supplierlink.matches.models import MatchResult
from supplierlink.programmes.models import Enrolment
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.models import Certification, CertificationStatusChange

TODAY = date.today()
#: the past day the figures are rebuilt for, and moments well before and after it
THEN = TODAY - timedelta(days=60)
BEFORE = datetime.combine(TODAY - timedelta(days=90), time(12), tzinfo=UTC)
AFTER = datetime.combine(TODAY - timedelta(days=30), time(12), tzinfo=UTC)


def registered(org, moment):
    org.created_at = moment
    return org


def certificate(session, org, status, entered, verified_at=None, changes=(),
                key="iso-9001"):
    standard = session.scalar(select(Standard).where(Standard.key == key))
    cert = Certification(organisation_id=org.id, standard_id=standard.id, status=status,
                         issued_on=TODAY - timedelta(days=400),
                         expires_on=TODAY + timedelta(days=400), created_at=entered,
                         verified_at=verified_at)
    session.add(cert)
    session.flush()
    for moment, new_status in changes:
        session.add(CertificationStatusChange(certification_id=cert.id, status=new_status,
                                              changed_at=moment))
    session.flush()
    return cert


def test_an_sme_registered_after_the_day_is_not_a_member_then(app, session,
                                                             make_cluster_world):
    world = make_cluster_world()
    early = registered(world.sme(employees=5), BEFORE)
    registered(world.sme(employees=30), AFTER)
    session.flush()
    with app.app_context():
        then = overview_figures(session, world.cluster, THEN)
        now = overview_figures(session, world.cluster, TODAY)
    assert (then["smes"], then["size.micro"], then["size.small"]) == (1, 1, 0)
    assert (now["smes"], now["size.micro"], now["size.small"]) == (2, 1, 1)
    assert early.created_at <= BEFORE


def test_certificates_count_with_the_status_they_had_then(app, session, make_cluster_world):
    world = make_cluster_world()
    smes = [registered(world.sme(), BEFORE) for _ in range(5)]
    with app.app_context():
        # entered before, verified after the day: self-declared then, verified now
        certificate(session, smes[0], "verified", BEFORE, verified_at=AFTER,
                    changes=[(BEFORE, "self_declared"), (AFTER, "verified")])
        # the same, with no status change on record: the verification date tells
        certificate(session, smes[1], "verified", BEFORE, verified_at=AFTER)
        # entered after the day: absent then
        certificate(session, smes[2], "verified", AFTER, verified_at=AFTER)
        # verified before the day, revoked after it: verified then, nothing now
        certificate(session, smes[3], "revoked", BEFORE, verified_at=BEFORE,
                    changes=[(BEFORE, "verified"), (AFTER, "revoked")])
        # rejected before the day: nothing then either
        certificate(session, smes[4], "rejected", BEFORE,
                    changes=[(BEFORE - timedelta(days=1), "self_declared"),
                             (BEFORE, "rejected")])
        then = overview_figures(session, world.cluster, THEN)
        now = overview_figures(session, world.cluster, TODAY)
    assert then["smes"] == 5
    assert then["standard.iso-9001.verified"] == pytest.approx(1 / 5)       # smes[3]
    assert then["standard.iso-9001.self_declared"] == pytest.approx(2 / 5)  # smes[0], [1]
    assert now["standard.iso-9001.verified"] == pytest.approx(3 / 5)        # [0], [1], [2]
    assert now["standard.iso-9001.self_declared"] == 0


def test_enrolments_count_when_they_were_active(app, session, make_cluster_world):
    world = make_cluster_world()
    accepted_before, accepted_after, left_between, left_before = (
        registered(world.sme(), BEFORE) for _ in range(4))
    with app.app_context():
        requirement = create_requirement(session, world.buyer, world.buyer_user, RequirementData(
            title="Repuestos", category_codes=["20101501"], regions=["CL-AN"]), today=TODAY)
        change_status(session, requirement, "open")
        gap = {"kind": "missing_standard", "blocking": True, "remedy": "obtain_certificate",
               "params": {"standard": "iso-14001", "standard_name": "ISO 14001"}}
        for org in (accepted_before, accepted_after, left_between, left_before):
            session.add(MatchResult(requirement_id=requirement.id, supplier_id=org.id,
                                    score=0.5, qualified=False, rank=1, contributions={},
                                    gaps=[gap], engine_version="test"))
        session.flush()
        programme = draft_programme(session, world.cluster, "standard:iso-14001",
                                    world.manager, "ISO 14001 Norte", today=TODAY)
        enrolments = {e.supplier_id: e for e in session.scalars(select(Enrolment).where(
            Enrolment.programme_id == programme.id))}
        history = {accepted_before.id: ("active", BEFORE.date(), None),
                   accepted_after.id: ("active", AFTER.date(), None),
                   left_between.id: ("left", BEFORE.date(), AFTER.date()),
                   left_before.id: ("left", BEFORE.date(), THEN - timedelta(days=1))}
        for supplier_id, (status, accepted, left) in history.items():
            enrolment = enrolments[supplier_id]
            enrolment.status, enrolment.enrolled_on, enrolment.left_on = status, accepted, left
            enrolment.stage_entered_on = accepted
        session.flush()
        then = overview_figures(session, world.cluster, THEN)
        now = overview_figures(session, world.cluster, TODAY)
    first_stage = programme.ladder.first.key
    assert then["enrolled"] == 2  # accepted_before and left_between
    assert then[f"stage.{first_stage}"] == 2
    assert now["enrolled"] == 2  # accepted_before and accepted_after


def test_the_backfilled_trend_follows_the_members_of_each_month(app, session,
                                                              make_cluster_world):
    world = make_cluster_world()
    registered(world.sme(), BEFORE)
    registered(world.sme(), AFTER)
    world.sme()  # registered today
    with app.app_context():
        backfill(session, world.cluster, 4, TODAY)
    points = dict(trends(session, world.cluster)["smes"])
    for month, value in points.items():
        last_day = min(TODAY, (month + timedelta(days=31)).replace(day=1) - timedelta(days=1))
        expected = sum(1 for moment in (BEFORE.date(), AFTER.date(), TODAY)
                       if moment <= last_day)
        assert value == expected, month
    assert points[TODAY.replace(day=1)] == 3


def test_a_requirement_closed_since_was_open_then(app, session, make_cluster_world):
    """Its closing is read from the status changes the audit trail keeps."""
    from supplierlink.audit.models import AuditEvent

    world = make_cluster_world()
    registered(world.sme(), BEFORE)
    published = BEFORE - timedelta(days=1)
    with app.app_context():
        closed_after, closed_before, still_open = (
            create_requirement(session, world.buyer, world.buyer_user, RequirementData(
                title=f"Repuestos {n}", category_codes=["20101501"], regions=["CL-AN"]),
                today=TODAY) for n in range(3))
        for requirement, closed_at in ((closed_after, AFTER), (closed_before, BEFORE),
                                       (still_open, None)):
            requirement.status, requirement.published_at = "open", published
            history = [(published, "draft", "open")]
            if closed_at is not None:
                requirement.status = "closed"
                history.append((closed_at, "open", "closed"))
            for moment, old, new in history:
                session.add(AuditEvent(event="requirement-status-changed", created_at=moment,
                                       details={"requirement_id": requirement.id,
                                                "old_status": old, "new_status": new}))
        session.flush()
        then = overview_figures(session, world.cluster, THEN)
        now = overview_figures(session, world.cluster, TODAY)
    assert then["open_requirements"] == 2  # closed_after and still_open
    assert now["open_requirements"] == 1   # still_open
