"""Sessions end on the server: a copied cookie stops working after signing out, changing or
resetting the password, and after the idle and absolute timeouts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import select, update

from supplierlink.auth.models import AccountToken, UserSession
from supplierlink.db import utcnow
from tests.factories import PASSWORD

NEW_PASSWORD = "a quiet harbour at dawn"


@pytest.fixture
def member(session, make_org, make_user):
    user = make_user(make_org(), email="rosa@example.org")
    session.commit()
    return user


def sign_in(client, email="rosa@example.org", password=PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get_cookie("session").value


def with_cookie(app, value):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def signed_in(client) -> bool:
    return client.get("/dashboard").status_code == 200


def test_a_copied_cookie_stops_working_after_signing_out(app, client, member):
    cookie = sign_in(client)
    copy = with_cookie(app, cookie)
    assert signed_in(copy)
    assert client.post("/logout").status_code == 302
    assert not signed_in(client)
    assert not signed_in(copy)


def test_signing_in_again_starts_a_new_server_session(app, client, session, member):
    first = sign_in(client)
    second = sign_in(app.test_client())
    rows = session.scalars(select(UserSession).where(UserSession.user_id == member.id)).all()
    assert len(rows) == 2 and first != second
    assert all(len(row.token_hash) == 64 for row in rows)  # only hashes are stored


def test_changing_the_password_signs_out_every_other_browser(app, client, session, member):
    cookie = sign_in(client)
    other = app.test_client()
    sign_in(other)
    stolen = with_cookie(app, cookie)
    bad = client.post("/account/password", data={"current": "not it at all", "password":
                                                  NEW_PASSWORD, "confirm": NEW_PASSWORD},
                      headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and "not your current password" in bad.get_data(as_text=True)
    assert signed_in(other)
    weak = client.post("/account/password", data={"current": PASSWORD, "password":
                                                   "password1234", "confirm": "password1234"},
                       headers={"Accept-Language": "en"})
    assert weak.status_code == 422 and "too common" in weak.get_data(as_text=True)
    done = client.post("/account/password", data={"current": PASSWORD, "password":
                                                   NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert signed_in(client)  # the browser that changed it stays signed in
    assert not signed_in(other) and signed_in(stolen)  # the copy is of the same browser
    client.post("/logout")
    assert not signed_in(stolen)
    assert client.post("/login", data={"email": member.email, "password": PASSWORD}
                       ).status_code == 422
    sign_in(client, password=NEW_PASSWORD)


def reset_link(outbox) -> str:
    text = outbox()[-1].get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", text).group(1)


def test_a_reset_link_works_once_ends_every_session_and_is_asked_for_alike(
        app, client, session, member, outbox):
    elsewhere = app.test_client()
    sign_in(elsewhere)
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert outbox() == []
    known = client.post("/password/forgot", data={"email": "ROSA@example.org"})
    assert (unknown.status_code, known.status_code) == (302, 302)
    assert [m["To"] for m in outbox()] == ["rosa@example.org"]
    link = reset_link(outbox)
    assert client.get(link).status_code == 200
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 422
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
                       ).status_code == 302
    assert not signed_in(elsewhere)
    assert client.get(link).status_code == 404
    assert client.post(link, data={"password": "another long phrase here",
                                   "confirm": "another long phrase here"}).status_code == 404
    sign_in(client, password=NEW_PASSWORD)


def test_a_reset_link_expires_after_an_hour_and_a_newer_one_replaces_it(
        client, session, member, outbox):
    client.post("/password/forgot", data={"email": member.email})
    first = reset_link(outbox)
    client.post("/password/forgot", data={"email": member.email})
    second = reset_link(outbox)
    assert client.get(first).status_code == 404  # replaced by the newer link
    row = session.scalars(select(AccountToken).where(AccountToken.used_at.is_(None))).one()
    assert timedelta(minutes=59) < row.expires_at.replace(tzinfo=None) - \
        row.created_at.replace(tzinfo=None) <= timedelta(hours=1)
    session.execute(update(AccountToken).where(AccountToken.id == row.id)
                    .values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    assert client.get(second).status_code == 404


def age_session(session, user, **ago):
    session.execute(update(UserSession).where(UserSession.user_id == user.id).values(
        **{column: utcnow() - delta for column, delta in ago.items()}))
    session.commit()


def test_an_idle_session_ends_after_30_minutes(client, session, member):
    sign_in(client)
    age_session(session, member, last_seen_at=timedelta(minutes=29))
    assert signed_in(client)
    age_session(session, member, last_seen_at=timedelta(minutes=31))
    assert not signed_in(client)
    session.expire_all()
    assert session.scalars(select(UserSession)).one().ended_at is not None


def test_a_session_ends_12_hours_after_signing_in_however_busy(client, session, member):
    sign_in(client)
    age_session(session, member, created_at=timedelta(hours=11, minutes=59))
    assert signed_in(client)
    age_session(session, member, created_at=timedelta(hours=12, minutes=1))
    assert not signed_in(client)


def test_the_timeouts_are_settings(app, client, session, member):
    sign_in(client)
    age_session(session, member, last_seen_at=timedelta(minutes=6))
    app.config["SESSION_IDLE_MINUTES"] = 5
    try:
        assert not signed_in(client)
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 30


def test_a_remember_cookie_names_the_server_session_and_dies_with_it(app, client, session,
                                                                       member):
    sign_in(client)
    token = session_token(app, client.get_cookie("session").value)
    with app.test_request_context():
        # Flask-Login's remember cookie carries get_id(): the user *and* the session token
        remember = encode_cookie(f"{member.id}:{token}")
        old_form = encode_cookie(str(member.id))  # a cookie naming only the user
    remembered = app.test_client()
    remembered.set_cookie("remember_token", remember)
    assert signed_in(remembered)
    bare = app.test_client()
    bare.set_cookie("remember_token", old_form)
    assert not signed_in(bare)
    client.post("/logout")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert not signed_in(fresh)


def session_token(app, cookie_value) -> str:
    """The server-side session's token inside a signed Flask session cookie."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie_value)["_user_id"].split(":", 1)[1]


def test_sign_in_with_an_unknown_email_checks_a_password_hash_too(client, member, monkeypatch):
    from supplierlink.auth import passwords

    calls = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda stored, given: calls.append(stored.split("$")[0]) or real(stored,
                                                                                         given))
    for email in ("rosa@example.org", "nobody@example.org"):
        response = client.post("/login", data={"email": email, "password": "wrong password!"},
                               headers={"Accept-Language": "en"})
        assert response.status_code == 422
        assert "Wrong e-mail or password" in response.get_data(as_text=True)
    assert len(calls) == 2 and calls[0] == calls[1]  # one check each, of the same method


def test_a_person_sees_where_they_are_signed_in_and_signs_out_the_others(
        app, client, session, member, make_user):
    sign_in(client)
    laptop = app.test_client()
    sign_in(laptop)
    phone = app.test_client()
    sign_in(phone)
    stranger = make_user(None, email="zoe@example.org")
    session.commit()
    sign_in(app.test_client(), email="zoe@example.org")
    page = client.get("/account/sessions", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and text.count("This browser") == 1
    assert text.count("/end\"") == 2  # a sign-out button for each other browser
    rows = session.scalars(select(UserSession).order_by(UserSession.id)).all()
    laptop_row, zoe_row = rows[1], rows[3]
    assert zoe_row.user_id == stranger.id
    assert client.post(f"/account/sessions/{zoe_row.id}/end").status_code == 404
    assert signed_in(laptop)
    assert client.post(f"/account/sessions/{laptop_row.id}/end").status_code == 302
    assert not signed_in(laptop) and signed_in(phone)
    assert client.post("/account/sessions/end-others").status_code == 302
    assert not signed_in(phone) and signed_in(client)


def test_password_fields_offer_to_show_what_was_typed(client):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'aria-controls="password"' in page and ">Show</button>" in page
    assert "js/passwords.js" in page
    script = client.get("/static/js/passwords.js")
    assert script.status_code == 200 and b"show-password" in script.data
    script.close()


def test_the_header_is_each_users_own(app, session, make_org, make_user):
    """The header is kept once drawn: each user still sees their own organisation, links and
    sign-out token, and a visitor no token at all."""
    firm = make_org("lead_firm", legal_name="Minera Cordillera SA")
    sme = make_org("sme", legal_name="Maestranza Andes Ltda")
    make_user(firm, email="buyer@example.org")
    make_user(sme, email="seller@example.org")
    session.commit()

    def header(client):
        page = client.get("/directory/").get_data(as_text=True)
        return page[page.index('<header class="site-header">'):page.index("</header>")]

    buyer, seller, visitor = app.test_client(), app.test_client(), app.test_client()
    for client in (buyer, seller, visitor):
        client.set_cookie("lang", "en")
    sign_in(buyer, "buyer@example.org")
    sign_in(seller, "seller@example.org")
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    first, second, third = header(buyer), header(seller), header(visitor)
    assert "Minera Cordillera SA" in first and "My requirements" in first
    assert "Maestranza Andes Ltda" in second and "My requirements" not in second
    assert "Opportunities" in second and "Opportunities" not in first
    assert token.findall(first) and token.findall(second)
    assert token.findall(first) != token.findall(second)
    assert not token.findall(third) and "Sign in" in third


def test_the_list_of_sessions_shows_live_ones_a_page_at_a_time(app, client, session, member):
    """Sessions that timed out stay in the table unended; the list leaves them out in the
    database and shows the live ones 25 a page, this browser among them."""
    from supplierlink.auth.sessions import start_session

    sign_in(client)
    now = utcnow()
    for n in range(30):
        start_session(session, member, ip=f"198.51.100.{n}")
    for n, (seen, started) in enumerate(((45, 60), (31, 40), (5, 13 * 60))):
        start_session(session, member, ip=f"203.0.113.{n}")
        session.execute(update(UserSession).where(UserSession.ip == f"203.0.113.{n}").values(
            last_seen_at=now - timedelta(minutes=seen), created_at=now - timedelta(minutes=started)))
    session.commit()
    pages = [client.get(f"/account/sessions?page={n}", headers={"Accept-Language": "en"})
             .get_data(as_text=True) for n in (1, 2)]
    assert [page.count("<tr>") - 1 for page in pages] == [25, 6]  # 31 live, the header row aside
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    assert sum(page.count("This browser") for page in pages) == 1
    assert not any("203.0.113." in page for page in pages)
    assert all("Sign out every other browser" in page for page in pages)
