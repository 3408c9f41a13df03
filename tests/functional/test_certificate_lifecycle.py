"""The certificate lifecycle: edit, renew (history kept), withdraw; a certificate already
expired on entry is flagged and cannot be verified as current; the administrator's queue has
filters, excludes expired ones by default, previews the evidence and decides in bulk."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from supplierlink.suppliers.models import Certification, CertificationStatusChange
from tests.functional.scenarios import make_sme

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _pdf():
    return (io.BytesIO(PDF), "certificado.pdf")


@pytest.fixture
def sme(app, session, make_org, make_user, reference_data):
    with app.app_context():
        org, user = make_sme(session, make_org, make_user, standards=())
    return org, user


def _declare(client, **fields):
    data = {"standard": "ISO 9001", "body": "SGS", "number": "CL-1",
            "issued_on": (date.today() - timedelta(days=300)).isoformat(),
            "expires_on": (date.today() + timedelta(days=400)).isoformat(), "evidence": _pdf()}
    data.update(fields)
    return client.post("/supplier/certificates/new", data=data,
                       content_type="multipart/form-data")


def _certs(session, org):
    session.expire_all()
    return session.scalars(select(Certification).where(Certification.organisation_id == org.id)
                           .order_by(Certification.id)).all()


def test_edit_renew_and_withdraw_keep_the_history(client, session, login, sme):
    org, user = sme
    client.set_cookie("lang", "en")
    login(user, org)
    assert _declare(client).status_code == 302
    [cert] = _certs(session, org)
    response = client.post(f"/supplier/certificates/{cert.id}/edit", data={
        "body": "Bureau Veritas", "number": "CL-2", "scope": "Mantención",
        "issued_on": cert.issued_on.isoformat(), "expires_on": cert.expires_on.isoformat()},
        content_type="multipart/form-data")
    assert response.status_code == 302
    [cert] = _certs(session, org)
    assert (cert.body, cert.number, cert.status) == ("Bureau Veritas", "CL-2", "self_declared")
    renewal = client.post(f"/supplier/certificates/{cert.id}/renew", data={
        "body": "Bureau Veritas", "number": "CL-3",
        "issued_on": date.today().isoformat(),
        "expires_on": (date.today() + timedelta(days=1095)).isoformat(), "evidence": _pdf()},
        content_type="multipart/form-data")
    assert renewal.status_code == 302
    old, new = _certs(session, org)
    assert old.status == "superseded" and old.superseded_by_id == new.id
    assert new.status == "self_declared" and new.standard_id == old.standard_id
    page = client.get("/supplier/certificates").get_data(as_text=True)
    assert "Replaced by a renewal" in page
    # the history cannot be changed again
    assert client.get(f"/supplier/certificates/{old.id}/edit").status_code == 404
    assert client.post(f"/supplier/certificates/{new.id}/withdraw",
                       data={"reason": "Ya no aplica"}).status_code == 302
    assert _certs(session, org)[1].status == "withdrawn"
    statuses = session.scalars(select(CertificationStatusChange.status).where(
        CertificationStatusChange.certification_id == old.id)
        .order_by(CertificationStatusChange.id)).all()
    assert statuses == ["self_declared", "self_declared", "superseded"]


def test_an_expired_certificate_is_flagged_and_cannot_be_verified(client, session, login,
                                                                  sme, make_user):
    org, user = sme
    client.set_cookie("lang", "en")
    login(user, org)
    response = _declare(client, issued_on="2020-01-01", expires_on="2023-01-01")
    assert response.status_code == 302
    [cert] = _certs(session, org)
    assert cert.status == "expired" and cert.expired_on_entry
    page = client.get("/supplier/certificates").get_data(as_text=True)
    assert "had already expired on 2023-01-01" in page
    admin = make_user(None, is_admin=True)
    login(admin)
    refused = client.post(f"/admin/certificates/{cert.id}",
                          data={"status": "verified", "reason": ""})
    assert refused.status_code == 422
    assert "cannot be verified as current" in refused.get_data(as_text=True)
    assert _certs(session, org)[0].status == "expired"


def test_the_queue_filters_previews_and_decides_in_bulk(app, client, session, login,
                                                        make_org, make_user, reference_data):
    today = date.today()
    with app.app_context():
        chile, _u = make_sme(session, make_org, make_user, "Chile Uno",
                             expires_on=today + timedelta(days=30))
        peru, _u = make_sme(session, make_org, make_user, "Peru Dos", country="PE",
                            tax_id="20100070970", region="PE-ARE",
                            standards=("iso-9001", "iso-14001"))
        lapsed, _u = make_sme(session, make_org, make_user, "Vencida Tres",
                              expires_on=today + timedelta(days=1))
        for cert in _certs(session, lapsed):
            cert.expires_on = today - timedelta(days=5)
    admin = make_user(None, is_admin=True)
    login(admin)
    client.set_cookie("lang", "en")
    page = client.get("/admin/certificates").get_data(as_text=True)
    assert "Chile Uno" in page and "Peru Dos" in page and "Vencida Tres" not in page
    assert "Vencida Tres" in client.get("/admin/certificates?expired=1").get_data(as_text=True)
    only_peru = client.get("/admin/certificates?country=PE").get_data(as_text=True)
    assert "Peru Dos" in only_peru and "Chile Uno" not in only_peru
    soon = client.get("/admin/certificates?expiring=1").get_data(as_text=True)
    assert "Chile Uno" in soon and "Peru Dos" not in soon
    env = client.get("/admin/certificates?standard=iso-14001").get_data(as_text=True)
    assert "Peru Dos" in env and "Chile Uno" not in env
    peru_ids = [c.id for c in _certs(session, peru)]
    # a reason is required for a bulk decision
    client.post("/admin/certificates/bulk", data={"cert_id": peru_ids, "status": "verified"})
    assert {c.status for c in _certs(session, peru)} == {"self_declared"}
    response = client.post("/admin/certificates/bulk", data={
        "cert_id": peru_ids, "status": "verified", "reason": "Revisados con SGS"})
    assert response.status_code == 302
    assert {c.status for c in _certs(session, peru)} == {"verified"}
    assert {c.status_reason for c in _certs(session, peru)} == {"Revisados con SGS"}


def test_the_evidence_preview_is_served_inline_to_administrators_only(
        client, session, login, sme, make_user, make_org):
    org, user = sme
    login(user, org)
    _declare(client)
    [cert] = _certs(session, org)
    login(make_user(None, is_admin=True))
    review = client.get(f"/admin/certificates/{cert.id}").get_data(as_text=True)
    assert f"/admin/certificates/{cert.id}/preview" in review
    preview = client.get(f"/admin/certificates/{cert.id}/preview")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    assert preview.headers["Content-Type"] == "application/pdf"
    assert "attachment" not in preview.headers.get("Content-Disposition", "")
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    preview.close()
    login(user, org)
    assert client.get(f"/admin/certificates/{cert.id}/preview").status_code == 403


def test_the_queue_counts_exactly_the_certificates_it_lists(app, session, make_org, make_user,
                                                             reference_data):
    """The queue's total is counted apart from its rows (from the certificates alone unless a
    filter reads the organisation): for every filter it is the number of rows listed."""
    from itertools import product

    from supplierlink.admin.queue import QueueFilters, queue_query
    from supplierlink.admin.services import verification_queue

    today = date.today()
    with app.app_context():
        make_sme(session, make_org, make_user, "Chile Uno", expires_on=today + timedelta(days=30))
        make_sme(session, make_org, make_user, "Peru Dos", country="PE", tax_id="20100070970",
                 region="PE-ARE", standards=("iso-9001", "iso-14001"))
        lapsed, _u = make_sme(session, make_org, make_user, "Vencida Tres",
                              expires_on=today + timedelta(days=1))
        for cert in _certs(session, lapsed):
            cert.expires_on = today - timedelta(days=5)
        verified, _u = make_sme(session, make_org, make_user, "Verificada Cuatro")
        for cert in _certs(session, verified):
            cert.status = "verified"
        session.flush()
        seen = set()
        for status, standard, country, soon, expired in product(
                ("self_declared", "verified", "expired", "all"), ("", "iso-14001"),
                ("", "PE", "CL"), (False, True), (False, True)):
            filters = QueueFilters(status=status, standard=standard, country=country,
                                   expiring_soon=soon, include_expired=expired)
            listed = len(session.execute(queue_query(filters, today)).all())
            page = verification_queue(session, 1, per_page=1, filters=filters)
            assert page.total == listed, filters
            seen.add(listed)
        assert len(seen) > 2  # the filters do tell the certificates apart
