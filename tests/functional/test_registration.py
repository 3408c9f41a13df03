"""Registration, sign-in and sign-out through the HTTP interface."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from sqlalchemy import func, select

from supplierlink import create_app, migrate
from supplierlink.auth.models import Membership, User
from supplierlink.db import get_db
from supplierlink.organisations.models import Organisation
from tests.factories import PASSWORD, valid_rut

REDIS_URL = os.environ.get("SUPPLIERLINK_TEST_REDIS_URL")


def form(**overrides):
    data = {
        "kind": "sme", "legal_name": "Correas del Norte SpA", "country": "CL",
        "tax_id": valid_rut(9001), "region": "CL-AN", "employees": "18",
        "name": "Ana Pérez", "email": "ana@correas.example", "password": PASSWORD,
        "confirm": PASSWORD,
    }
    data.update(overrides)
    return data


def counts(session):
    return tuple(session.scalar(select(func.count()).select_from(m))
                 for m in (Organisation, User, Membership))


def confirmation_link(outbox) -> str:
    text = outbox()[-1].get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/register/confirm/\S+)", text).group(1)


def test_registering_creates_the_organisation_and_its_owner_who_confirms_by_e_mail(
        client, session, outbox):
    response = client.post("/register", data=form(), headers={"Accept-Language": "en"})
    assert response.status_code == 200 and "Check your e-mail" in response.get_data(as_text=True)
    org = session.scalar(select(Organisation).where(Organisation.legal_name == "Correas del Norte SpA"))
    assert org.kind == "sme" and org.size_class == "small" and org.tax_id.endswith(valid_rut(9001)[-1])
    membership = session.scalar(select(Membership).where(Membership.organisation_id == org.id))
    assert membership.role == "owner" and membership.user.email == "ana@correas.example"
    assert client.get("/dashboard").status_code == 302  # not signed in before confirming
    refused = client.post("/login", data={"email": "ana@correas.example", "password": PASSWORD},
                          headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and "Confirm your e-mail" in refused.get_data(as_text=True)
    link = confirmation_link(outbox)
    assert client.get(link).status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/dashboard")
    page = client.get("/dashboard")
    assert page.status_code == 200 and b"Correas del Norte" in page.data
    client.post("/logout")
    assert client.post(link).status_code == 404  # single use


@pytest.mark.parametrize("overrides, field_message", [
    ({"tax_id": "76.086.428-4"}, "check digit"),
    ({"password": "short", "confirm": "short"}, "at least 12"),
    ({"password": "passwordpassword", "confirm": "passwordpassword"}, "too common"),
    ({"confirm": "something else entirely"}, "do not match"),
    ({"legal_name": "", "email": ""}, "This field is required"),
    ({"region": "PE-ARE"}, "not in the chosen country"),
    ({"employees": "-3"}, "Give a number between 0 and"),
])
def test_bad_registration_input_re_renders_with_messages_and_writes_nothing(
        client, session, overrides, field_message):
    before = counts(session)
    response = client.post("/register", data=form(**overrides),
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True)
    assert b'value="Ana P' in response.data or overrides.get("legal_name") == ""  # input kept
    assert counts(session) == before


@pytest.mark.parametrize("queue", ["in-process"] + (["redis"] if REDIS_URL else []))
def test_a_new_sme_is_in_the_directory_as_soon_as_it_registers(empty_database, tmp_path, queue):
    """On a database of its own with real commits (SQLite and PostgreSQL), jobs in this process
    or on the Redis queue: the registration itself indexes the SME, as far as it publishes."""
    migrate.upgrade(empty_database)
    config = {"TESTING": True, "DATABASE_URL": empty_database, "SECRET_KEY": "registration",
              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
              "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "MAIL_URL": f"file://{tmp_path}"}
    if queue == "redis":
        config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=f"registration-{uuid.uuid4().hex[:10]}")
    app = create_app(config)
    client = app.test_client()
    try:
        described = "Fundición de piezas de acero para molinos"
        assert client.post("/register", data=form(description=described, published="y"),
                           headers={"Accept-Language": "en"}).status_code == 200
        assert client.post("/register", data=form(
            legal_name="Fundiciones Ocultas SpA", description=described, tax_id=valid_rut(9003),
            email="oculta@fundicion.example"), headers={"Accept-Language": "en"}).status_code == 200
        found = client.get("/directory/?q=fundicion+molinos").get_data(as_text=True)
        assert "Correas del Norte SpA" in found  # by the words of its description
        assert "Fundiciones Ocultas" not in found  # it did not choose to be shown
        assert "Correas del Norte SpA" in client.get("/directory/?q=correas").get_data(
            as_text=True)  # by its name
    finally:
        get_db(app).engine.dispose()


def test_duplicate_tax_id_is_refused_even_written_differently(client, session, make_org):
    make_org(tax_id="76.086.428-5")
    before = counts(session)
    response = client.post("/register", data=form(tax_id="760864285"),
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "already registered" in response.get_data(as_text=True)
    assert counts(session) == before


def test_a_known_email_gets_the_same_answer_nothing_is_created_and_its_owner_is_told(
        client, session, make_user, outbox):
    make_user(email="ana@correas.example")
    session.commit()
    before = counts(session)
    known = client.post("/register", data=form(), headers={"Accept-Language": "en"})
    assert counts(session) == before
    assert "already has an account" in outbox()[-1].get_body(("plain",)).get_content()
    new = client.post("/register", data=form(email="eva@correas.example", tax_id=valid_rut(9002)),
                      headers={"Accept-Language": "en"})
    assert (known.status_code, new.status_code) == (200, 200)
    same = known.get_data(as_text=True).replace("ana@", "eva@")
    assert same == new.get_data(as_text=True)


def test_sign_in_and_out(client, session, make_org, make_user):
    user = make_user(make_org(), email="luis@example.org")
    session.commit()
    bad = client.post("/login", data={"email": "luis@example.org", "password": "wrong password!"},
                      headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and "Wrong e-mail or password" in bad.get_data(as_text=True)
    ok = client.post("/login?next=/organisations/1", data={"email": "LUIS@example.org",
                                                           "password": PASSWORD})
    assert ok.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/dashboard").status_code == 302
    assert user.id


def test_sign_in_ignores_an_offsite_next(client, session, make_org, make_user):
    make_user(make_org(), email="eva@example.org")
    session.commit()
    response = client.post("/login?next=https://evil.example/", data={
        "email": "eva@example.org", "password": PASSWORD})
    assert response.headers["Location"].endswith("/dashboard")


def test_forms_refuse_a_post_without_a_csrf_token(app, client, session):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        before = counts(session)
        response = client.post("/register", data=form())
        assert response.status_code == 400
        assert counts(session) == before
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_owner_edits_the_profile_and_bad_input_changes_nothing(client, session, make_org,
                                                               make_user, login):
    org = make_org(legal_name="Vieja SpA", employees=5)
    login(make_user(org), org)
    good = client.post(f"/organisations/{org.id}/edit", data={
        "legal_name": "Nueva SpA", "country": "CL", "tax_id": org.tax_id, "region": "CL-AT",
        "town": " Copiapó ", "employees": "60"})
    assert good.status_code == 302
    session.expire_all()
    assert (org.legal_name, org.region, org.town, org.size_class) == (
        "Nueva SpA", "CL-AT", "Copiapó", "medium")
    assert "Copiapó" in client.get(good.headers["Location"]).get_data(as_text=True)
    for bad_fields in ({"tax_id": "1-1"}, {"tax_id": org.tax_id, "town": "x" * 121}):
        bad = client.post(f"/organisations/{org.id}/edit", data={
            "legal_name": "Otra SpA", "country": "CL", "employees": "60", **bad_fields})
        assert bad.status_code == 422
        session.expire_all()
        assert (org.legal_name, org.town) == ("Nueva SpA", "Copiapó")
