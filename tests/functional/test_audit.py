"""The audit log: every domain event is recorded with who, when, from where and what; refused
sign-ins too; administrators filter, page and export it; nobody can change it."""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager

import pytest
from blinker import ANY
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from supplierlink import signals
from supplierlink.audit.models import AuditEvent
from tests.factories import PASSWORD


def events(session, name=None):
    session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if name:
        query = query.where(AuditEvent.event == name)
    return session.scalars(query).all()


@contextmanager
def only_the_audit_log_listening():
    """Other features' receivers need the real facts of each event: set them aside."""
    others = []
    for signal in signals.all_signals().values():
        for receiver in list(signal.receivers_for(ANY)):
            if not receiver.__name__.startswith("audit_"):
                signal.disconnect(receiver)
                others.append((signal, receiver))
    try:
        yield
    finally:
        for signal, receiver in others:
            signal.connect(receiver)


def test_sign_ins_are_recorded_with_the_address_even_when_refused(client, session, make_org,
                                                                   make_user):
    user = make_user(make_org(), email="iris@example.org")
    session.commit()
    env = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.post("/login", data={"email": "iris@example.org", "password": "not the one!"},
                       environ_base=env).status_code == 422
    assert client.post("/login", data={"email": "ghost@example.org", "password": "whatever it is"},
                       environ_base=env).status_code == 422
    assert client.post("/login", data={"email": "iris@example.org", "password": PASSWORD},
                       environ_base=env).status_code == 302
    rows = events(session, "sign-in-attempted")
    assert [(r.user_id, r.user_email, r.ip, r.details["success"]) for r in rows] == [
        (user.id, "iris@example.org", "203.0.113.7", False),
        (None, "ghost@example.org", "203.0.113.7", False),
        (user.id, "iris@example.org", "203.0.113.7", True)]
    assert all(r.created_at is not None for r in rows)
    assert "password" not in str([r.details for r in rows])


def test_every_declared_event_is_recorded_with_the_signed_in_user(app, client, session, make_org,
                                                                  make_user, login):
    org = make_org()
    user = make_user(org)
    login(user, org)
    names = sorted(signals.all_signals())
    assert {"certificate-status-changed", "award-made", "membership-changed", "data-exported",
            "sponsorship-answered", "enrolment-answered", "sign-in-attempted"} <= set(names)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.4"}), \
            only_the_audit_log_listening():
        from flask_login import login_user

        login_user(user)
        for name, signal in signals.all_signals().items():
            signal.send(session, requirement_id=41, note=f"<{name}>")
    session.commit()
    rows = {r.event: r for r in events(session)}
    assert set(names) <= set(rows)
    for name in names:
        row = rows[name]
        assert (row.user_id, row.user_email, row.organisation_id, row.ip) == (
            user.id, user.email, org.id, "198.51.100.4")
        assert row.details == {"requirement_id": 41, "note": f"<{name}>"}


def test_the_acting_user_named_by_an_event_is_who_acted(session, make_org, make_user):
    owner = make_user(make_org())
    admin = make_user(None, is_admin=True)
    signals.membership_changed.send(session, user_id=owner.id, organisation_id=7, role="owner",
                                    change="role", by_user_id=admin.id)
    row = events(session, "membership-changed")[-1]
    assert (row.user_id, row.user_email, row.organisation_id) == (admin.id, admin.email, 7)
    assert row.details["user_id"] == owner.id


def test_registration_and_administrator_appointment_are_membership_changes(session, make_org,
                                                                           make_user):
    org = make_org()
    user = make_user(org, role="owner")
    admin = make_user(None, is_admin=True)
    rows = events(session, "membership-changed")
    assert {(r.details["user_id"], r.details["role"], r.details["organisation_id"])
            for r in rows} >= {(user.id, "owner", org.id), (admin.id, "admin", None)}


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(event="nothing happened"),
    delete(AuditEvent),
])
def test_the_database_refuses_to_change_or_remove_an_entry(session, statement):
    signals.data_exported.send(session, what="test", user_id=None, organisation_id=None, rows=0)
    session.flush()
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(statement)
    assert events(session, "data-exported")[-1].details["what"] == "test"


def test_administrators_filter_page_and_export_the_log(app, client, session, make_org,
                                                      make_user, login):
    admin = make_user(None, is_admin=True, email="root@example.org")
    for index in range(30):
        signals.sign_in_attempted.send(session, user_id=None, email=f"=cmd{index}@example.org",
                                       success=False)
    signals.award_made.send(session, requirement_id=5, user_id=admin.id)
    login(admin)
    page = client.get("/admin/audit?event=sign-in-attempted", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "30 entries" in text and "award-made" not in text.split(
        "<tbody>")[1]
    assert "Page 1 of 2" in text and "page=2" in text
    second = client.get("/admin/audit?event=sign-in-attempted&page=2").get_data(as_text=True)
    assert second.count("<tr>") == 1 + 5  # the header row and the last 5
    only = client.get("/admin/audit?user=root@").get_data(as_text=True)
    assert "award-made" in only and "cmd1@" not in only
    exported = client.get("/admin/audit/export.csv?event=sign-in-attempted")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert exported.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "time (UTC)", "event"] and len(rows) == 31
    assert all(row[4].startswith("'=cmd") for row in rows[1:])  # no formula runs
    export_row = events(session, "data-exported")[-1]
    assert (export_row.user_id, export_row.details["what"], export_row.details["rows"]) == (
        admin.id, "audit log", 30)


def test_a_bad_filter_shows_nothing_rather_than_everything(client, session, make_user, login):
    login(make_user(None, is_admin=True))
    signals.award_made.send(session, requirement_id=5, user_id=None)
    session.commit()
    for query in ("organisation=99999999999999999999&since=yesterday", "user=%00",
                  "ip=1.2.3.4%00", "event=no-such-event"):
        page = client.get(f"/admin/audit?{query}", headers={"Accept-Language": "en"})
        assert page.status_code == 200 and "0 entries" in page.get_data(as_text=True), query
        assert client.get(f"/admin/audit/export.csv?{query}").data.count(b"\r\n") == 1


def test_there_is_no_way_to_edit_the_log(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert {r.endpoint for r in rules} == {"audit.index", "audit.export"}
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


def test_refusals_are_recorded_even_though_the_request_fails(client, session, make_org,
                                                             make_user, login):
    org, other = make_org("sme"), make_org("sme")
    user = make_user(org)
    login(user, org)
    assert client.get("/admin/audit").status_code == 403
    assert client.get(f"/organisations/{other.id}/edit").status_code == 404
    rows = events(session, "access-denied")
    assert [(r.user_id, r.details["path"], r.details["status"]) for r in rows] == [
        (user.id, "/admin/audit", 403), (user.id, f"/organisations/{other.id}/edit", 404)]


def test_password_changes_are_recorded_and_the_owner_is_told_by_e_mail(client, session,
                                                                      make_org, make_user,
                                                                      login, outbox):
    org = make_org()
    user = make_user(org)
    login(user, org)
    client.set_cookie("lang", "en")  # the e-mail is written in the language of the request
    new = "a quiet harbour at dawn"
    assert client.post("/account/password", data={"current": PASSWORD, "password": new,
                                                  "confirm": new},
                       headers={"Accept-Language": "en"}).status_code == 302
    row = events(session, "account-changed")[-1]
    assert (row.user_id, row.details["change"]) == (user.id, "password changed")
    message = outbox()[-1]
    assert message["To"] == user.email and "password" in message["Subject"].lower()
