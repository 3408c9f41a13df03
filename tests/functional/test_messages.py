"""A thread per application: the SME's message reaches the buyer on the candidate card and in
the application; the buyer answers; each side sees that the other read it."""

from __future__ import annotations

import pytest

from supplierlink.messages.models import ApplicationMessage
from tests.functional.scenarios import build_market


@pytest.fixture
def market(app, session, make_org, make_user, reference_data):
    m = build_market(app, session, make_org, make_user)
    session.commit()  # ranking runs after the commit
    return m


def test_the_buyer_reads_the_message_and_answers(client, session, login, market):
    client.set_cookie("lang", "en")
    req, application = market.requirement, market.application
    login(market.buyer_user, market.buyer)
    page = client.get(f"/requirements/{req.id}").get_data(as_text=True)
    assert "Hemos mantenido correas en Escondida" in page
    thread_url = f"/requirements/{req.id}/applications/{application.id}"
    assert thread_url in page
    # before the buyer opens it, the SME sees no read receipt
    login(market.sme_user, market.sme)
    assert "Read by the buyer" not in client.get("/supplier/applications").get_data(as_text=True)

    login(market.buyer_user, market.buyer)
    thread = client.get(thread_url).get_data(as_text=True)
    assert "Hemos mantenido correas en Escondida" in thread
    response = client.post(thread_url + "/reply", data={"body": "¿Pueden empezar en marzo?"})
    assert response.status_code == 302

    login(market.sme_user, market.sme)
    assert "Read by the buyer" in client.get("/supplier/applications").get_data(as_text=True)
    mine = client.get(f"/supplier/applications/{application.id}").get_data(as_text=True)
    assert "¿Pueden empezar en marzo?" in mine and "Read by Minera Norte SA" in mine
    assert client.post(f"/supplier/applications/{application.id}/reply",
                       data={"body": "Sí, desde el 1 de marzo."}).status_code == 302
    login(market.buyer_user, market.buyer)
    assert "Sí, desde el 1 de marzo." in client.get(thread_url).get_data(as_text=True)


def test_an_empty_message_is_refused_and_nothing_stored(client, session, login, market):
    client.set_cookie("lang", "en")
    login(market.sme_user, market.sme)
    response = client.post(f"/supplier/applications/{market.application.id}/reply",
                           data={"body": "   "})
    assert response.status_code == 422 and "Write a message first" in response.get_data(
        as_text=True)
    assert session.query(ApplicationMessage).count() == 0


def test_other_organisations_cannot_read_the_thread(client, session, login, market, make_org,
                                                    make_user):
    other_buyer = make_org("lead_firm")
    other_sme = make_org("sme")
    req, application = market.requirement, market.application
    login(make_user(other_buyer), other_buyer)
    assert client.get(f"/requirements/{req.id}/applications/{application.id}").status_code == 404
    login(make_user(other_sme), other_sme)
    assert client.get(f"/supplier/applications/{application.id}").status_code == 404
    assert client.post(f"/supplier/applications/{application.id}/reply",
                       data={"body": "hola"}).status_code == 404
