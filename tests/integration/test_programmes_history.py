"""The enrolment history is append-only (in the ORM and in the database itself), and two
managers changing the same milestone or enrolment at once never lose an update."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from supplierlink.db import get_db
from supplierlink.errors import ConflictError
from supplierlink.programmes.history import history
from supplierlink.programmes.models import EnrolmentEvent, HistoryIsAppendOnly, Milestone
from supplierlink.programmes.tracking import achieve_milestone, move_stage
from tests.integration.programme_scenario import build, enrol_accepted

TODAY = date.today()


@pytest.fixture
def enrolment(app, session, make_org, make_user, reference_data):
    with app.app_context():
        s = build(session, make_org, make_user, TODAY)
        enrolment = enrol_accepted(session, s, TODAY, requirement=s.requirement)
        session.flush()
        session.refresh(enrolment)  # as stored, so merging it elsewhere changes nothing
        enrolment.test_manager = s.manager
        return enrolment


def test_the_orm_refuses_to_change_or_delete_history(session, enrolment):
    entry = history(session, enrolment)[-1]
    for change in (lambda: setattr(entry, "reason", "rewritten"), lambda: session.delete(entry)):
        savepoint = session.begin_nested()
        change()
        with pytest.raises(HistoryIsAppendOnly):
            session.flush()
        savepoint.rollback()
    assert [e.reason for e in history(session, enrolment)] == [None, None]


def test_the_database_refuses_update_and_delete_of_history(session, enrolment):
    """Bulk statements bypass the ORM events: the database triggers stop them."""
    entry = history(session, enrolment)[-1]
    for statement in (
        update(EnrolmentEvent).where(EnrolmentEvent.id == entry.id).values(reason="x"),
        delete(EnrolmentEvent).where(EnrolmentEvent.id == entry.id),
        text(f"UPDATE enrolment_event SET kind = 'forged' WHERE id = {entry.id}"),
    ):
        savepoint = session.begin_nested()
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(statement)
        savepoint.rollback()
    assert session.scalar(select(EnrolmentEvent.kind).where(EnrolmentEvent.id == entry.id)) \
        == "enrolled"


def test_a_stale_version_from_the_form_is_a_conflict(app, session, enrolment):
    milestone = enrolment.milestones[0]
    read_version = milestone.version
    with app.app_context():
        achieve_milestone(session, milestone, enrolment, enrolment.test_manager, read_version,
                          TODAY, note="Visita realizada", today=TODAY)
        with pytest.raises(ConflictError) as caught:
            achieve_milestone(session, milestone, enrolment, enrolment.test_manager,
                              read_version, TODAY, note="Otra nota", today=TODAY)
        assert list(caught.value.errors) == [""]
    assert milestone.evidence_note == "Visita realizada"


def _two_sessions(app, session):
    """Two managers' sessions; in the test both share its connection, so the first one's
    flushed change is what the second one's UPDATE meets (as a commit would be)."""
    session.commit()  # the arranged rows are visible to the other sessions (test savepoint)
    factory = get_db(app).session_factory
    return factory(), factory()


def test_two_sessions_saving_the_same_milestone_second_one_gets_a_conflict(
        app, session, enrolment):
    """Both managers read version 1; the first save wins, the second is refused at flush
    (its UPDATE carries ``WHERE version = 1``) instead of overwriting the first."""
    first, second = _two_sessions(app, session)
    try:
        managers = first.merge(enrolment.test_manager), second.merge(enrolment.test_manager)
        enrolments = first.merge(enrolment), second.merge(enrolment)
        mine = first.get(Milestone, enrolment.milestones[0].id)
        theirs = second.get(Milestone, enrolment.milestones[0].id)
        assert mine.version == theirs.version == 1
        with app.app_context():
            achieve_milestone(first, mine, enrolments[0], managers[0], mine.version,
                              TODAY, note="Primero", today=TODAY)
            assert second.scalar(select(Milestone.evidence_note)
                                 .where(Milestone.id == mine.id)) == "Primero"
            with pytest.raises(ConflictError):
                achieve_milestone(second, theirs, enrolments[1], managers[1],
                                  theirs.version, TODAY, note="Segundo", today=TODAY)
    finally:
        second.close()
        first.close()


def test_two_sessions_moving_the_same_enrolment_second_one_gets_a_conflict(
        app, session, enrolment):
    first, second = _two_sessions(app, session)
    try:
        managers = first.merge(enrolment.test_manager), second.merge(enrolment.test_manager)
        mine, theirs = first.merge(enrolment), second.merge(enrolment)
        with app.app_context():
            move_stage(first, mine, managers[0], "aligned", mine.version, today=TODAY)
            with pytest.raises(ConflictError):
                move_stage(second, theirs, managers[1], "diagnosed", theirs.version,
                           today=TODAY, reason="x")
    finally:
        second.close()
        first.close()
