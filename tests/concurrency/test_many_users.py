"""Many users on the same records at once, through real servers: gunicorn with two worker
processes of four threads each, on a SQLite file and on a PostgreSQL database of the test's
own. Each round fires every scenario's requests together (award vs reject of one application,
a shortlist twice, an application twice, feedback twice, two users saving one profile, SMEs
uploading certificates, two buyers editing one requirement, two managers logging one
milestone, one registration sent twice) and then checks: no 5xx, exact counts, consistent states, and every change in the
records that keep the history."""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage

from supplierlink import create_app, migrate
from supplierlink.auth.models import User
from supplierlink.db import get_db
from supplierlink.matches.models import EngineChange
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import EnrolmentEvent, Milestone
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement
from supplierlink.suppliers.models import (
    Certification,
    CertificationStatusChange,
    SupplierProfile,
)
from tests.concurrency.harness import Answer, Browser, gunicorn
from tests.concurrency.world import (
    PASSWORD,
    World,
    build_world,
    registration_fields,
    requirement_fields,
)
from tests.conftest import PG_URL

ROUNDS = 3
CERTIFYING = 3  # SMEs uploading a certificate at the same moment, per round
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'many-users.sqlite3'}"
        return
    url = make_url(PG_URL)
    name = f"{url.database}_concurrency"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@dataclass
class Call:
    scenario: str
    browser: Browser
    path: str
    data: dict
    answer: Answer | None = None


def fire(calls: list[Call]) -> None:
    """Send every call at the same moment, each from its own thread and connection."""
    barrier = threading.Barrier(len(calls))

    def send(call: Call) -> None:
        barrier.wait()
        call.answer = call.browser.send("POST", call.path, call.data, keep_cookies=False)

    threads = [threading.Thread(target=send, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def pdf() -> FileStorage:
    return FileStorage(io.BytesIO(b"%PDF-1.4\n% certificate\n%%EOF\n"), filename="iso.pdf",
                       content_type="application/pdf")


def certificate_fields() -> dict:
    return {"standard": "ISO 9001:2015", "body": "SGS", "number": "CL-1",
            "issued_on": (date.today() - timedelta(days=30)).isoformat(),
            "expires_on": (date.today() + timedelta(days=700)).isoformat(), "evidence": pdf()}


def changes_of(session, org_id: int) -> int:
    return session.scalar(select(func.count()).select_from(EngineChange).where(
        EngineChange.kind == "supplier", EngineChange.organisation_id == org_id))


def test_many_users_at_once(database_url, tmp_path):
    migrate.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": "arrange",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "REDIS_URL": None,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    world = build_world(app, ROUNDS, CERTIFYING)
    started = time.monotonic()
    try:
        with gunicorn(database_url, tmp_path) as server:
            browsers = _sign_in(server.port, world)
            answers: list[Call] = []
            for number, this_round in enumerate(world.rounds):
                answers += _play_round(app, world, this_round, browsers, number)
            log = server.log_text()
    finally:
        get_db(app).engine.dispose()
    statuses = Counter(call.answer.status // 100 * 100 for call in answers)
    print(f"\n[{database_url.split(':')[0]}] {len(answers)} concurrent requests in {ROUNDS} "
          f"rounds of {len(answers) // ROUNDS}: {statuses[200] + statuses[300]} done, "
          f"{statuses[400]} refused as conflicts or impossible, {statuses[500]} server errors; "
          f"{log.count('running it again')} attempts run again; "
          f"{time.monotonic() - started:.1f} s")
    assert statuses[500] == 0
    assert "Traceback" not in log, log[-4000:]


def _sign_in(port: int, world: World) -> dict[str, Browser]:
    emails = [*world.buyers, *world.managers, world.applier[1]]
    for this_round in world.rounds:
        emails += this_round.profile_users + [email for _id, email in this_round.certifying]
    browsers = {}
    for email in emails:
        browsers[email] = Browser(port)
        browsers[email].sign_in(email, PASSWORD)
    return browsers


def _play_round(app, world: World, r, browsers, number: int) -> list[Call]:
    b1, b2 = (browsers[email] for email in world.buyers)
    applier_id, applier_email = world.applier
    with app.app_context():
        session = get_db(app).session_factory()
        profile_version = session.get(SupplierProfile, r.profiled).version
        edit_version = session.get(Requirement, r.edit_req).version
        milestone = session.get(Milestone, r.milestone)
        milestone_version, enrolment_id = milestone.version, milestone.enrolment_id
        changes_before = {org: changes_of(session, org)
                          for org in [r.profiled, *(sme for sme, _e in r.certifying)]}
        session.close()
    award = f"/requirements/{r.award_req}/candidates/{world.applicant}/action"
    shortlist = f"/requirements/{r.shortlist_req}/candidates/{world.ranked}/action"
    feedback = f"/requirements/{r.shortlist_req}/candidates/{world.ranked}/feedback"
    apply = f"/supplier/requirements/{r.apply_req}/apply"
    profile = {"category_codes": "20101501", "regions": "CL-AN", "capacity": "120",
               "capacity_unit": "t_month", "version": str(profile_version)}
    edit = {**requirement_fields(f"edit {number}"), "version": str(edit_version)}
    p1, p2 = (browsers[email] for email in r.profile_users)
    m1, m2 = (browsers[email] for email in world.managers)
    logged = {"version": str(milestone_version), "achieved_on": date.today().isoformat()}
    registration = registration_fields(number)
    calls = [
        Call("award", b1, award, {"action": "award", "confirm": "1"}),
        Call("reject", b2, award, {"action": "reject", "reason": "Not this time"}),
        Call("shortlist", b1, shortlist, {"action": "shortlist"}),
        Call("shortlist", b2, shortlist, {"action": "shortlist"}),
        Call("feedback", b1, feedback, {"value": "1"}),
        Call("feedback", b1, feedback, {"value": "1"}),
        Call("apply", browsers[applier_email], apply, {"message": "Ready to start."}),
        Call("apply", browsers[applier_email], apply, {"message": "Ready to start."}),
        Call("profile", p1, "/supplier/profile", {**profile, "capabilities_text": "saved by 1"}),
        Call("profile", p2, "/supplier/profile", {**profile, "capabilities_text": "saved by 2"}),
        Call("edit", b1, f"/requirements/{r.edit_req}/edit", {**edit, "title": "edit by 1"}),
        Call("edit", b2, f"/requirements/{r.edit_req}/edit", {**edit, "title": "edit by 2"}),
        Call("milestone", m1, f"/programmes/milestones/{r.milestone}",
             {**logged, "note": "logged by 1"}),
        Call("milestone", m2, f"/programmes/milestones/{r.milestone}",
             {**logged, "note": "logged by 2"}),
        *(Call("register", Browser(b1.port), "/register", registration) for _ in range(2)),
        *(Call("certificate", browsers[email], "/supplier/certificates/new",
               certificate_fields()) for _sme, email in r.certifying),
    ]
    fire(calls)
    errors = [f"{c.scenario} {c.path}: {c.answer.status}" for c in calls if c.answer.status >= 500]
    assert not errors, errors
    with app.app_context():
        session = get_db(app).session_factory()
        try:
            _check_round(session, world, r, calls, profile_version, edit_version, changes_before)
            _check_milestone(session, r, calls, milestone_version, enrolment_id)
            _check_registration(session, calls, registration)
        finally:
            session.close()
    return calls


def _statuses(calls, *scenarios) -> list[int]:
    return sorted(c.answer.status for c in calls if c.scenario in scenarios)


def _winner(calls, scenario: str) -> Call:
    return next(c for c in calls if c.scenario == scenario and c.answer.status == 302)


def _loser(calls, scenario: str) -> Call:
    return next(c for c in calls if c.scenario == scenario and c.answer.status != 302)


def _check_round(session, world, r, calls, profile_version, edit_version, changes_before):
    # award vs reject: exactly one wins; the requirement has exactly its awarded applications
    assert _statuses(calls, "award", "reject") == [302, 422]
    requirement = session.get(Requirement, r.award_req)
    applications = session.scalars(select(Application).where(
        Application.requirement_id == r.award_req)).all()
    awarded = [a for a in applications if a.status == "awarded"]
    assert len(applications) == 1
    if _statuses(calls, "award") == [302]:
        assert requirement.status == "awarded" and len(awarded) == 1
    else:
        assert requirement.status == "open" and not awarded
        assert applications[0].status == "rejected"
        assert applications[0].status_reason == "Not this time"
    # the same action, application or feedback twice: both answer as the first did, one row
    assert _statuses(calls, "shortlist") == [302, 302]
    shortlisted = session.scalars(select(Application.status).where(
        Application.requirement_id == r.shortlist_req)).all()
    assert shortlisted == ["shortlisted"]
    assert _statuses(calls, "feedback") == [302, 302]
    assert session.scalars(select(BuyerFeedback.value).where(
        BuyerFeedback.requirement_id == r.shortlist_req)).all() == [1]
    assert _statuses(calls, "apply") == [302, 302]
    assert session.scalars(select(Application.message).where(
        Application.requirement_id == r.apply_req)).all() == ["Ready to start."]
    # two users saving one profile: one is saved, the other is told; nothing lost silently
    assert _statuses(calls, "profile") == [302, 422]
    assert "Someone else saved this profile" in _loser(calls, "profile").answer.text
    profile = session.get(SupplierProfile, r.profiled)
    assert profile.version == profile_version + 1
    assert profile.capabilities_text == _winner(calls, "profile").data["capabilities_text"]
    assert changes_of(session, r.profiled) == changes_before[r.profiled] + 1
    # two buyers editing one requirement: the same
    assert _statuses(calls, "edit") == [302, 422]
    assert "Someone else changed this requirement" in _loser(calls, "edit").answer.text
    edited = session.get(Requirement, r.edit_req)
    assert edited.version == edit_version + 1
    assert edited.title == _winner(calls, "edit").data["title"]
    # certificates of different SMEs at once: every one stored, with its history
    assert _statuses(calls, "certificate") == [302] * len(r.certifying)
    for sme, _email in r.certifying:
        certificates = session.scalars(select(Certification.id).where(
            Certification.organisation_id == sme)).all()
        assert len(certificates) == 1
        assert session.scalars(select(CertificationStatusChange.status).where(
            CertificationStatusChange.certification_id == certificates[0])).all() == [
            "self_declared"]
        assert changes_of(session, sme) == changes_before[sme] + 1


def _check_milestone(session, r, calls, milestone_version, enrolment_id):
    """Two managers logging one milestone: one is logged, in the enrolment's history once."""
    assert _statuses(calls, "milestone") == [302, 422]
    assert "Someone else changed this" in _loser(calls, "milestone").answer.text
    milestone = session.get(Milestone, r.milestone)
    assert milestone.achieved_on == date.today() and milestone.version == milestone_version + 1
    assert milestone.evidence_note == _winner(calls, "milestone").data["note"]
    logged = [e for e in session.scalars(select(EnrolmentEvent).where(
        EnrolmentEvent.enrolment_id == enrolment_id, EnrolmentEvent.kind == "milestone_achieved"))]
    assert [(e.details["milestone_id"], e.details["note"]) for e in logged] == [
        (r.milestone, milestone.evidence_note)]


def _check_registration(session, calls, registration):
    """A registration sent twice: one account and one organisation. The first is asked to
    confirm by e-mail (200); the second gets the same answer (the address already has an
    account) or, when it is checked while the first is writing, is told the organisation is
    already registered (422)."""
    statuses = _statuses(calls, "register")
    assert statuses in ([200, 200], [200, 422])
    if statuses == [200, 422]:
        refused = next(c for c in calls if c.scenario == "register" and c.answer.status == 422)
        assert "already" in refused.answer.text
    assert session.scalar(select(func.count()).select_from(User).where(
        User.email == registration["email"])) == 1
    assert session.scalar(select(func.count()).select_from(Organisation).where(
        Organisation.legal_name == registration["legal_name"])) == 1
