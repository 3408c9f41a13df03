"""The administrators' verification queue and decisions; the supplier sees the outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from supplierlink.matches.models import MatchResult
from supplierlink.suppliers.models import Certification, CertificationStatusChange
from tests.integration.test_suppliers_support import (
    certify,
    fill_profile,
    open_requirement,
    supplier_state,
)


@pytest.fixture
def sme(make_org, reference_data):
    return make_org("sme", legal_name="Correas del Norte SpA")


@pytest.fixture
def admin(client, login, make_user):
    client.set_cookie("lang", "en")
    user = make_user(None, is_admin=True, name="Ada Admin")
    login(user)
    return user


def test_queue_is_oldest_first_paginated_with_evidence_links(app, client, session, sme, admin):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    certs = []
    for i in range(app.config["PER_PAGE"] + 1):
        cert = certify(app, session, sme, "iso-9001")
        cert.created_at = start + timedelta(hours=app.config["PER_PAGE"] + 1 - i)  # newest first
        certs.append(cert)
    certify(app, session, sme, "iso-14001").status = "verified"  # not waiting
    session.commit()
    first = client.get("/admin/certificates").data.decode()
    assert first.count("/evidence") == app.config["PER_PAGE"]
    assert f"/admin/certificates/{certs[-1].id}\"" in first  # the oldest
    assert f"/admin/certificates/{certs[0].id}\"" not in first  # the newest is on page 2
    second = client.get("/admin/certificates?page=2").data.decode()
    assert f"/admin/certificates/{certs[0].id}\"" in second and "Page 2 of 2" in second
    assert "Verification queue" in client.get("/dashboard").data.decode()


def test_empty_queue_says_so(client, admin):
    assert b"Nothing waiting for review" in client.get("/admin/certificates").data


def test_verifying_records_who_and_when_and_re_ranks(app, client, session, make_org, sme, admin):
    fill_profile(app, session, sme)
    cert = certify(app, session, sme, "iso-9001")
    req = open_requirement(app, session, make_org("lead_firm"), preferred=["iso-9001"])
    session.commit()
    response = client.post(f"/admin/certificates/{cert.id}", data={"status": "verified"})
    assert response.status_code == 302
    session.refresh(cert)
    assert cert.status == "verified" and cert.verified_by_id == admin.id
    history = session.scalars(select(CertificationStatusChange).where(
        CertificationStatusChange.certification_id == cert.id)
        .order_by(CertificationStatusChange.id)).all()
    assert [h.status for h in history] == ["self_declared", "verified"]
    assert history[-1].changed_by_id == admin.id and history[-1].changed_at is not None
    stored = session.scalar(select(MatchResult).where(MatchResult.requirement_id == req.id,
                                                      MatchResult.supplier_id == sme.id))
    assert stored is not None and stored.qualified
    page = client.get(f"/admin/certificates/{cert.id}").data.decode()
    assert "Ada Admin" in page


def test_rejecting_needs_a_reason_and_the_supplier_sees_it(app, client, login, session,
                                                           make_user, sme, admin):
    cert = certify(app, session, sme, "iso-14001")
    session.commit()
    before = supplier_state(session, sme)
    refused = client.post(f"/admin/certificates/{cert.id}", data={"status": "rejected"})
    assert refused.status_code == 422 and b"Say why, so the supplier can fix it." in refused.data
    assert supplier_state(session, sme) == before
    done = client.post(f"/admin/certificates/{cert.id}",
                       data={"status": "rejected", "reason": "The PDF names another company"})
    assert done.status_code == 302
    assert session.scalar(select(Certification.status).where(Certification.id == cert.id)) == "rejected"
    login(make_user(sme), sme)
    page = client.get("/supplier/certificates").data.decode()
    assert "Reason: The PDF names another company" in page and "Rejected" in page


def test_unknown_certificate_is_404(client, admin):
    assert client.get("/admin/certificates/999999").status_code == 404
