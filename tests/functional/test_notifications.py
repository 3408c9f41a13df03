"""Notifications in the app (the bell) and by e-mail, read from an SMTP server the tests run:
each kind switchable per user, in the user's language, with a plain-text part and an
unsubscribe link; the daily run sends digests and warnings once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from supplierlink.notifications.daily import run_daily
from supplierlink.notifications.models import Notification
from supplierlink.notifications.services import preferences, set_preference
from supplierlink.programmes.services import ProgrammeData, create_programme, enrol_supplier
from tests.functional.mail_sink import start_sink
from tests.functional.scenarios import build_market, make_sme


@pytest.fixture
def mailbox(app):
    controller, sink = start_sink()
    previous = app.config["MAIL_URL"]
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{controller.port}"
    yield sink
    app.config["MAIL_URL"] = previous
    controller.stop()


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _notices(session, user, kind=None):
    session.expire_all()
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return session.scalars(query).all()


def test_applying_and_answering_tell_the_other_side(app, client, session, login, mailbox,
                                                    make_org, make_user, reference_data):
    market = build_market(app, session, make_org, make_user, apply=False)
    market.sme_user.locale = "es"
    session.commit()
    login(market.sme_user, market.sme)
    client.post(f"/supplier/requirements/{market.requirement.id}/apply",
                data={"message": "Tenemos experiencia en correas."})
    [mail] = mailbox.to(market.buyer_user.email)
    assert "Maestranza Alfa applied to “Correas para Escondida”" in mail["Subject"]
    text = _text(mail)
    assert "/notifications/unsubscribe/" in text and mail["List-Unsubscribe"]
    # the buyer's bell shows one unread notice
    login(market.buyer_user, market.buyer)
    client.set_cookie("lang", "en")
    page = client.get("/requirements/").get_data(as_text=True)
    assert 'class="count">1<' in page
    [application] = [n for n in _notices(session, market.buyer_user)]
    thread = application.link
    client.post(thread + "/reply", data={"body": "¿Cuándo pueden empezar?"})
    [answer] = mailbox.to(market.sme_user.email)
    # the SME reads it in Spanish, its language
    assert "Nuevo mensaje de Minera Norte SA" in answer["Subject"]
    assert "¿Cuándo pueden empezar?" in _text(answer)


def test_status_changes_reach_the_sme_and_preferences_are_kept(
        app, client, session, login, mailbox, make_org, make_user, reference_data):
    market = build_market(app, session, make_org, make_user)
    session.commit()
    login(market.buyer_user, market.buyer)
    action = f"/requirements/{market.requirement.id}/candidates/{market.sme.id}/action"
    client.post(action, data={"action": "shortlist"})
    assert "Shortlisted" in mailbox.to(market.sme_user.email)[0]["Subject"]
    assert len(_notices(session, market.sme_user, "application_status")) == 1
    # no e-mail but still in the app; then nothing at all
    set_preference(session, market.sme_user.id, "application_status", email=False)
    session.commit()
    client.post(action, data={"action": "reject", "reason": "Sin ISO 14001"})
    assert len(mailbox.to(market.sme_user.email)) == 1
    assert len(_notices(session, market.sme_user, "application_status")) == 2
    login(market.sme_user, market.sme)
    client.post("/notifications/settings", data={})  # every box unticked
    login(market.buyer_user, market.buyer)
    client.post(action, data={"action": "invite"})
    assert len(_notices(session, market.sme_user, "application_status")) == 2


def test_the_unsubscribe_link_stops_that_kind_of_e_mail(app, client, session, login, mailbox,
                                                        make_org, make_user, reference_data):
    market = build_market(app, session, make_org, make_user, apply=False)
    session.commit()
    login(market.sme_user, market.sme)
    client.post(f"/supplier/requirements/{market.requirement.id}/apply",
                data={"message": "Podemos."})
    [mail] = mailbox.to(market.buyer_user.email)
    link = next(w for w in _text(mail).split() if "/notifications/unsubscribe/" in w)
    path = link.split("127.0.0.1:5000", 1)[1]
    login(None)
    assert "Stop these e-mails" in client.get(path).get_data(as_text=True)
    assert client.post(path).status_code == 200
    assert client.get("/notifications/unsubscribe/forged").status_code == 404
    session.expire_all()
    assert preferences(session, market.buyer_user.id)["application_received"] == (True, False)


def test_the_daily_run_sends_digests_and_warnings_once(app, session, mailbox, make_org,
                                                        make_user, reference_data):
    today = date.today()
    with app.app_context():
        operator = make_org("programme_operator")
        manager = make_user(operator, locale="en")
        market = build_market(app, session, make_org, make_user, apply=False)
        expiring, expiring_user = make_sme(session, make_org, make_user, "Talleres Beta",
                                           expires_on=today + timedelta(days=45))
        programme = create_programme(session, operator, manager, ProgrammeData(
            name="Proveedores de clase mundial", target_count=10, start_date=today,
            end_date=today + timedelta(days=365)))
        enrolment = enrol_supplier(session, programme, expiring, manager, today=today)
        milestone = enrolment.milestones[0]
        milestone.due_on = today - timedelta(days=3)
        session.commit()  # ranks the requirement
        report = run_daily(session, today)
        session.commit()
    assert report.digests >= 1 and report.expiry_warnings == 2 and report.milestones >= 1
    [digest] = [m for m in mailbox.to(market.sme_user.email)]
    assert "Correas para Escondida" in _text(digest) and "you qualify" in _text(digest)
    assert any("ISO 9001 of Talleres Beta expires in 45 days" in m["Subject"]
               for m in mailbox.to(manager.email))
    assert any("expires in 45 days" in m["Subject"] for m in mailbox.to(expiring_user.email))
    assert any("Milestone overdue" in m["Subject"] for m in mailbox.to(manager.email))
    sent = len(mailbox.messages)
    with app.app_context():
        again = run_daily(session, today)
        session.commit()
    assert (again.digests, again.expiry_warnings, again.milestones) == (0, 0, 0)
    assert len(mailbox.messages) == sent
    # 30 days before expiry comes the second warning
    with app.app_context():
        later = run_daily(session, today + timedelta(days=16))
        session.commit()
    assert later.expiry_warnings == 2


def test_the_notify_command_is_idempotent(app, runner, session, make_org, make_user,
                                          reference_data):
    with app.app_context():
        build_market(app, session, make_org, make_user, apply=False)
        session.commit()
    first = runner.invoke(args=["notify"])
    assert first.exit_code == 0 and "digests: 1" in first.output
    second = runner.invoke(args=["notify"])
    assert "digests: 0, certificate warnings: 0, milestone reminders: 0" in second.output


def test_the_bell_lists_and_opens_notices(app, client, session, login, make_org, make_user,
                                          reference_data):
    market = build_market(app, session, make_org, make_user)
    session.commit()
    login(market.buyer_user, market.buyer)
    client.set_cookie("lang", "en")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Maestranza Alfa applied" in page
    [notice] = _notices(session, market.buyer_user)
    opened = client.get(f"/notifications/{notice.id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(notice.link)
    assert _notices(session, market.buyer_user)[0].read_at is not None
    login(market.sme_user, market.sme)
    assert client.get(f"/notifications/{notice.id}").status_code == 404


def test_invitations_reach_the_invited_party(app, session, mailbox, make_org, make_user,
                                             reference_data):
    from supplierlink import signals

    today = date.today()
    with app.app_context():
        operator = make_org("programme_operator", legal_name="Programa Norte")
        manager = make_user(operator, locale="en")
        firm = make_org("lead_firm", legal_name="Minera Norte SA")
        firm_user = make_user(firm, locale="en")
        sme, sme_user = make_sme(session, make_org, make_user)
        programme = create_programme(session, operator, manager, ProgrammeData(
            name="Proveedores de clase mundial", target_count=10, start_date=today,
            end_date=today + timedelta(days=365)))
        signals.sponsorship_invited.send(session, programme_id=programme.id,
                                         sponsor_id=firm.id, user_id=manager.id)
        signals.enrolment_offered.send(session, enrolment_id=99, programme_id=programme.id,
                                       supplier_id=sme.id, user_id=manager.id, by="programme")
        signals.enrolment_offered.send(session, enrolment_id=98, programme_id=programme.id,
                                       supplier_id=sme.id, user_id=sme_user.id, by="supplier")
        session.commit()
    assert "Programa Norte invites you to sponsor" in mailbox.to(firm_user.email)[0]["Subject"]
    assert "offers you enrolment" in mailbox.to(sme_user.email)[0]["Subject"]
    assert "Maestranza Alfa asks to join" in mailbox.to(manager.email)[0]["Subject"]


def test_the_bell_is_read_with_the_session_and_again_after_this_requests_changes(
        app, client, session, login, make_org, make_user, reference_data):
    from supplierlink.auth.sessions import load_session_user, start_session
    from supplierlink.notifications.services import bell_count, notify

    market = build_market(app, session, make_org, make_user)
    session.commit()
    login(market.buyer_user, market.buyer)
    client.set_cookie("lang", "en")
    assert 'class="count">1<' in client.get("/requirements/").get_data(as_text=True)
    [notice] = _notices(session, market.buyer_user)
    client.get(f"/notifications/{notice.id}")  # read: the next page's session says so
    assert 'class="count">' not in client.get("/requirements/").get_data(as_text=True)
    with app.test_request_context():
        token = start_session(session, market.buyer_user)
        session.commit()
        user = load_session_user(session, f"{market.buyer_user.id}:{token}")
        assert user.session_extras == {"unread_notifications": 0}
        assert bell_count(session, user) == 0
        # a notice this request records counts on the page it draws, flushed or not
        notify(session, user, "application_received", "bell-test-1", {"supplier": "X",
                                                                        "title": "Y"})
        assert bell_count(session, user) == 1
        session.rollback()
        user = load_session_user(session, f"{market.buyer_user.id}:{token}")
        user.session_extras["unread_notifications"] = 0
        session.info.clear()  # nothing flushed: the pending notice alone says so
        assert bell_count(session, user) == 0
        session.add(type(notice)(user_id=user.id, kind="application_received", key="bell-2",
                                 params={"supplier": "X", "title": "Y"}))
        assert bell_count(session, user) == 1
        session.rollback()


def test_a_kind_switched_off_counts_for_its_own_user_only(app, session, make_org, make_user,
                                                          reference_data):
    """The bell read with the session counts the user's own switched-off kinds out, and no
    one else's (both users have live sessions)."""
    from supplierlink.auth.sessions import load_session_user, start_session
    from supplierlink.notifications.services import bell_count, set_preference

    firm = make_org("lead_firm", legal_name="Minera Sur SA")
    rosa, ana = make_user(firm, email="rosa@example.org"), make_user(firm, email="ana@example.org")
    session.flush()
    for user in (rosa, ana):
        session.add(Notification(user_id=user.id, kind="message", key=f"m-{user.id}",
                                 params={"sender": "X", "title": "Y"}))
    set_preference(session, ana.id, "message", in_app=False)
    with app.test_request_context():
        tokens = {user.id: start_session(session, user) for user in (rosa, ana)}
        session.commit()
        found = {user.id: load_session_user(session, f"{user.id}:{tokens[user.id]}")
                 for user in (rosa, ana)}
        assert found[rosa.id].session_extras == {"unread_notifications": 1}
        assert found[ana.id].session_extras == {"unread_notifications": 0}
        assert bell_count(session, found[rosa.id]) == 1
