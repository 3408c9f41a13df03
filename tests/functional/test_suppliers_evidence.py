"""Who may download a certificate's evidence PDF, and how it is sent."""

from __future__ import annotations

import pytest

from supplierlink.db import utcnow
from supplierlink.requirements.models import Application
from tests.integration.test_suppliers_support import PDF, certify, open_requirement


@pytest.fixture
def evidence(app, session, make_org, make_user, reference_data):
    sme, buyer = make_org("sme"), make_org("lead_firm")
    req = open_requirement(app, session, buyer)
    session.add(Application(requirement_id=req.id, supplier_id=sme.id, message="Hola",
                            applied_at=utcnow()))
    cert = certify(app, session, sme, "iso-9001")
    other_buyer, other_sme = make_org("lead_firm"), make_org("sme")
    actors = {"owner": (make_user(sme, role="member"), sme), "buyer": (make_user(buyer), buyer),
              "other_buyer": (make_user(other_buyer), other_buyer),
              "other_sme": (make_user(other_sme), other_sme),
              "admin": (make_user(None, is_admin=True), None), "anonymous": (None, None)}
    return f"/supplier/certificates/{cert.id}/evidence", actors


@pytest.mark.parametrize("actor, status", [
    ("owner", 200), ("buyer", 200), ("admin", 200),
    ("other_buyer", 404), ("other_sme", 404), ("anonymous", 302),
])
def test_evidence_access_rule(client, login, evidence, actor, status):
    url, actors = evidence
    login(*actors[actor])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response.data == PDF
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert "cert.pdf" in response.headers["Content-Disposition"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    elif status == 302:
        assert "/login" in response.headers["Location"]
    else:
        assert PDF not in response.data
    response.close()


def test_a_withdrawn_application_no_longer_opens_the_evidence(client, login, session, evidence):
    url, actors = evidence
    application = session.query(Application).one()
    application.status = "withdrawn"
    login(*actors["buyer"])
    assert client.get(url).status_code == 404


def test_missing_file_or_certificate_answers_404(app, client, login, session, evidence):
    _url, actors = evidence
    login(*actors["owner"])
    assert client.get("/supplier/certificates/999999/evidence").status_code == 404
    no_file = certify(app, session, actors["owner"][1], "iso-14001", evidence=False)
    login(*actors["owner"])
    assert client.get(f"/supplier/certificates/{no_file.id}/evidence").status_code == 404
