"""Requests that lose a race: run again (a bounded number of times) when the database refused
them for a reason another attempt does not meet, the conflict message when the user must
resolve it, and error pages that work even when the database session is broken."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from supplierlink import transactions
from supplierlink.requirements import services as requirement_services
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement
from supplierlink.requirements.services import post_requirement
from supplierlink.requirements.workflow import record_feedback
from tests.integration.test_requirements_services import build_scenario, requirement_data


class PostgresUniqueViolation(Exception):
    sqlstate = "23505"


class PostgresDeadlock(Exception):
    sqlstate = "40P01"


RACES = {
    "sqlite unique": lambda: IntegrityError("INSERT", {}, Exception(
        "UNIQUE constraint failed: buyer_feedback.requirement_id")),
    "postgresql unique": lambda: IntegrityError("INSERT", {}, PostgresUniqueViolation("dup")),
    "postgresql deadlock": lambda: OperationalError("UPDATE", {}, PostgresDeadlock("deadlock")),
    "sqlite busy": lambda: OperationalError("BEGIN", {}, Exception("database is locked")),
    "stale version": lambda: StaleDataError("expected to update 1 row; 0 were matched"),
}


@pytest.fixture
def posted(app, client, login, session, make_org, make_user, reference_data):
    scenario = build_scenario(app, session, make_org, make_user)
    client.set_cookie("lang", "en")
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data(),
                               publish=True)
        session.flush()
    login(scenario["user"], scenario["buyer"])
    return req, scenario


@pytest.fixture
def error_pages(app, monkeypatch):
    """Errors answered by the error pages, as in production, instead of raised to the test."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def _feedback_url(req, supplier) -> str:
    return f"/requirements/{req.id}/candidates/{supplier.id}/feedback"


def _feedback_rows(session, req) -> list[int]:
    session.expire_all()
    return session.scalars(select(BuyerFeedback.value).where(
        BuyerFeedback.requirement_id == req.id)).all()


def _failing(monkeypatch, failures: int, error, real=record_feedback) -> list:
    """Make the feedback view's service do its work, then fail ``failures`` times."""
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        result = real(*args, **kwargs)
        if len(calls) <= failures:
            raise error()
        return result

    monkeypatch.setattr("supplierlink.requirements.views.record_feedback", flaky)
    return calls


@pytest.mark.parametrize("race", sorted(RACES))
def test_a_request_that_lost_a_race_runs_again_and_answers_as_the_first_did(
        client, session, posted, monkeypatch, race):
    req, scenario = posted
    calls = _failing(monkeypatch, 1, RACES[race])
    response = client.post(_feedback_url(req, scenario["near"]), data={"value": "1"})
    assert response.status_code == 302 and len(calls) == 2
    assert _feedback_rows(session, req) == [1]  # the failed attempt's row was not kept


def test_attempts_are_bounded_and_a_database_that_stays_busy_answers_503(
        client, session, posted, monkeypatch, error_pages):
    req, scenario = posted
    calls = _failing(monkeypatch, 99, RACES["sqlite busy"])
    response = client.post(_feedback_url(req, scenario["near"]), data={"value": "1"})
    assert response.status_code == 503 and len(calls) == transactions.MAX_ATTEMPTS
    assert "Many people are changing the same records" in response.get_data(as_text=True)
    assert _feedback_rows(session, req) == []


def test_a_conflict_that_stays_is_the_users_to_resolve_409(client, posted, monkeypatch,
                                                            error_pages):
    req, scenario = posted
    _failing(monkeypatch, 99, RACES["stale version"])
    response = client.post(_feedback_url(req, scenario["near"]), data={"value": "1"})
    assert response.status_code == 409
    assert "Someone else changed this while you were working" in response.get_data(as_text=True)


def test_an_error_that_is_no_race_is_not_run_again(client, session, posted, monkeypatch,
                                                   error_pages):
    req, scenario = posted
    calls = _failing(monkeypatch, 99, lambda: RuntimeError("a bug"))
    response = client.post(_feedback_url(req, scenario["near"]), data={"value": "1"})
    assert response.status_code == 500 and len(calls) == 1
    assert _feedback_rows(session, req) == []


def test_messages_flashed_by_a_failed_attempt_are_shown_once(client, posted, monkeypatch):
    req, scenario = posted
    _failing(monkeypatch, 1, RACES["postgresql unique"])
    client.post(_feedback_url(req, scenario["near"]), data={"value": "1"})
    page = client.get(f"/requirements/{req.id}").get_data(as_text=True)
    assert page.count("your feedback improves the ranking") == 1


def test_an_edit_that_loses_at_the_flush_shows_the_conflict_not_a_500(
        app, client, session, posted, monkeypatch):
    req, _scenario = posted
    real_lock = requirement_services.lock

    def lock_then_someone_saves(db_session, record):
        real_lock(db_session, record)
        # another user's save lands between this user's check and write
        db_session.execute(update(Requirement).where(Requirement.id == record.id)
                           .values(version=Requirement.version + 1)
                           .execution_options(synchronize_session=False))

    monkeypatch.setattr(requirement_services, "lock", lock_then_someone_saves)
    form = client.get(f"/requirements/{req.id}/edit").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{req.version}"' in form
    response = client.post(f"/requirements/{req.id}/edit", data={
        "title": "Renamed", "category_codes": "20101501", "regions": "CL-AN",
        "version": str(req.version)})
    assert response.status_code == 422
    assert "Someone else changed this requirement" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Requirement, req.id).title == "Continuous miner overhaul"


def test_the_error_page_keeps_the_layout_when_the_session_is_broken(
        client, session, posted, monkeypatch, error_pages):
    req, scenario = posted

    def break_the_session(db_session, *args, **kwargs):
        db_session.add(BuyerFeedback(requirement_id=req.id, supplier_id=scenario["near"].id,
                                     value=7))  # breaks the check constraint
        with contextlib.suppress(IntegrityError):  # swallowed: the session needs a rollback
            db_session.flush()
        raise RuntimeError("a bug after a failed flush")

    monkeypatch.setattr("supplierlink.requirements.views.record_feedback", break_the_session)
    response = client.post(_feedback_url(req, scenario["near"]), data={"value": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page and "Sign out" in page  # the layout, signed in
    assert session.scalar(select(func.count()).select_from(BuyerFeedback)) == 0


def test_the_error_page_is_drawn_without_the_layout_when_the_database_is_unreadable(
        client, posted, monkeypatch, error_pages):
    def unreachable():
        raise OperationalError("SELECT", {}, Exception("could not connect to server"))

    monkeypatch.setattr("supplierlink.templating.current_membership", unreachable)
    response = client.get("/requirements/999999")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Not found" in page and "Back to the start" in page and "Sign out" not in page


def test_an_application_sent_twice_answers_as_the_first_did(client, session, login, posted,
                                                             make_user):
    req, scenario = posted
    supplier = scenario["qualified"]
    login(make_user(supplier), supplier)
    url = f"/supplier/requirements/{req.id}/apply"
    assert client.post(url, data={"message": "We can do it."}).status_code == 302
    assert client.post(url, data={"message": "We can do it."}).status_code == 302
    other = client.post(url, data={"message": "Another message"})
    assert other.status_code == 422
    assert "You have already applied" in other.get_data(as_text=True)
    session.expire_all()
    assert session.scalars(select(Application.message).where(
        Application.requirement_id == req.id)).all() == ["We can do it."]
